import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Tier } from '@liandong/shared';
import { TIER_NAMES_ZH } from '@liandong/shared';
import { ConfigError, describeDatabase, loadNodeConfig, type NodeConfig } from './config/node-config';
import { HttpErrorFilter } from './http/http-error.filter';
import { XLSX_MIME } from './catalogue/transfer/catalogue-transfer';
import { jsonBodyParser, queryLimits, rawBodyParser, validationPipe } from './http/validation';
import { answerClientErrors, methodNotAllowed, refuseConnect, RouteTable } from './http/route-table';
import { completeContract } from './http/openapi-contract';
import { HttpMetrics } from './metrics/http-metrics';
import { serveWebApp } from './http/web-app';
import { NodeModule, type NodeModuleOptions } from './node.module';
import { AuditRecorder } from './audit/audit-recorder';
import { routeDeclarations, undeclaredRoutes } from './access/route-declarations';

/** Exit code for a configuration error (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * Builds and initialises the node (migrations run, first admin and demo users seeded) without listening.
 * Tests call this; `bootstrapNode` adds listening and signal handling.
 */
export async function createNodeApp(config: NodeConfig, options: NodeModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(NodeModule.forRoot(config, options), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // First, so every request is counted, also those refused before a route matched.
  app.use(app.get(HttpMetrics).handle);
  // The API routes exist once the app is initialised: the 405 answers and the audit log of early refusals read them.
  let routes: RouteTable | null = null;
  // Every write request goes to the audit log once answered (allowed or refused, also before routing).
  app.use(app.get(AuditRecorder).middleware((method, path) => routes?.patternOf(method, path) ?? null));
  // TRACE, CONNECT and any method a path does not offer: 405 with Allow.
  app.use(methodNotAllowed(() => routes));
  refuseConnect(app.getHttpServer());
  answerClientErrors(app.getHttpServer());
  // Limits before validation (ADR 0015): query parameters, then JSON depth, array and object size, body size, on the raw bytes.
  const limits = { maxDepth: config.httpLimits.jsonMaxDepth, maxArray: config.httpLimits.jsonMaxArray };
  app.use(queryLimits(limits.maxArray));
  // Catalogue imports may be large (a 20 MB JSON list of up to 20,000 items); every other body stays under 1 MB.
  app.use('/catalogue/import', jsonBodyParser({ ...limits, limit: '20mb', maxArray: Math.max(limits.maxArray, 20_000) }), rawBodyParser(XLSX_MIME, '10mb'));
  app.use(jsonBodyParser({ ...limits, limit: '1mb' }));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.disable('x-powered-by');
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  // The staff web app and the village offline intake (apps/web), built by `npm run build`.
  if (!serveWebApp(app)) app.get(Logger).warn('web app not built (apps/web/dist missing): serving the API only; run npm run build');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`联动 Liandong — ${config.nodeName}`)
      .setDescription(`${TIER_NAMES_ZH[config.tier]}级节点 ${config.nodeId} (${config.regionCode}) 的接口`)
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  completeContract(document, app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  try {
    await app.init();
    // Every route declares who may call it (@Roles or @Public): a node with an undeclared route does not start.
    const declared = routeDeclarations(app);
    const undeclared = undeclaredRoutes(declared);
    if (undeclared.length > 0) throw new Error(`routes without @Roles(...) or @Public(): ${undeclared.map((r) => `${r.method} ${r.path} (${r.handler})`).join(', ')}`);
    routes = new RouteTable(declared);
  } catch (error) {
    // A failed init (bad database, missing first admin) must not leave the NATS link or the database open.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/**
 * The entry point of every app: validates the environment for `tier`, starts the node, and shuts it down
 * cleanly on SIGTERM / SIGINT. A bad configuration stops the boot with the variable's name and the reason.
 */
export async function bootstrapNode(tier: Tier, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: NodeConfig;
  try {
    config = loadNodeConfig(env, tier);
  } catch (error) {
    exitOnBootError(error);
  }
  let app: NestExpressApplication;
  try {
    app = await createNodeApp(config);
  } catch (error) {
    exitOnBootError(error);
  }
  const logger = app.get(Logger);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1);
    closing = true;
    logger.log(`${signal} received, shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  try {
    await app.listen(config.httpPort, config.httpHost);
  } catch (error) {
    exitOnBootError(error);
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.httpPort;
  logger.log(`node ${config.nodeId} (${tier}) listening on ${config.httpHost}:${port}; database ${describeDatabase(config.database)}; NATS ${config.natsServers.join(',')}${config.natsCredentials === null ? ' (no credentials)' : ` as ${config.natsCredentials.user}`}`);
}

function exitOnBootError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`配置错误，节点未启动 (configuration error, node not started):\n${error.problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`节点启动失败 (boot failed): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
