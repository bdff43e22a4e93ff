import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startNatsServer, startTcpProxy, type RunningNatsServer, type TcpProxy } from '@liandong/harness';
import { createNodeApp, loadNodeConfig, type Clock } from '@liandong/node';

export const PASSWORD = 'federation-test-pw';

export interface NodeSpec {
  readonly id: string;
  readonly tier: 'city' | 'district' | 'township';
  readonly regionCode: string;
  readonly parentId?: string;
  readonly cityId?: string;
  /** More environment for the node (settings a test needs, e.g. short intervals). */
  readonly env?: Readonly<Record<string, string>>;
  /** The node's clock (a test that moves time); the system clock when absent. */
  readonly clock?: Clock;
  /** Listen on a free port of 127.0.0.1 (a browser test needs a real URL); in-process requests only when absent. */
  readonly listen?: boolean;
}

/** One node of a test federation: its app, its admin token, and the proxy that carries its NATS link. */
export interface FedNode {
  readonly spec: NodeSpec;
  readonly app: INestApplication;
  readonly proxy: TcpProxy;
  readonly token: string;
  readonly db: DataSource;
  /** `http://127.0.0.1:<port>` when the spec asked to listen, else null. */
  readonly url: string | null;
  /** Authenticated HTTP calls as this node's admin. */
  get(url: string): request.Test;
  post(url: string, body?: object): request.Test;
  put(url: string, body: object): request.Test;
  close(): Promise<void>;
}

/**
 * A federation on one machine (DESIGN.md §6): a real nats-server for the test file, nodes with their own SQLite
 * files, each behind its own TCP proxy so a test can cut and restore one node's link.
 */
export class Federation {
  readonly nodes = new Map<string, FedNode>();

  private constructor(
    readonly nats: RunningNatsServer,
    readonly dir: string,
    private readonly storeDir: string,
  ) {}

  static async start(): Promise<Federation> {
    const dir = mkdtempSync(join(tmpdir(), 'liandong-fed-'));
    const storeDir = join(dir, 'nats');
    const nats = await startNatsServer({ storeDir });
    return new Federation(nats, dir, storeDir);
  }

  async add(spec: NodeSpec): Promise<FedNode> {
    const proxy = await startTcpProxy({ targetPort: this.nats.port });
    const node = await this.boot(spec, proxy);
    this.nodes.set(spec.id, node);
    return node;
  }

  /** Closes a node's app (its database and outbox stay) and boots it again on the same files. */
  async restart(id: string): Promise<FedNode> {
    const old = this.node(id);
    await old.app.close();
    const node = await this.boot(old.spec, old.proxy);
    this.nodes.set(id, node);
    return node;
  }

  /** Stops nats-server and starts it again on the same port with the same file store. */
  async restartNats(pauseMs = 500): Promise<void> {
    const port = this.nats.port;
    await this.nats.stop();
    await new Promise((r) => setTimeout(r, pauseMs));
    (this as { nats: RunningNatsServer }).nats = await startNatsServer({ port, storeDir: this.storeDir });
  }

  node(id: string): FedNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  async stop(): Promise<void> {
    for (const node of this.nodes.values()) {
      await node.close();
      await node.proxy.close();
    }
    await this.nats.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async boot(spec: NodeSpec, proxy: TcpProxy): Promise<FedNode> {
    const env: Record<string, string> = {
      NODE_ID: spec.id,
      REGION_CODE: spec.regionCode,
      JWT_SECRET: 'federation-test-secret-at-least-32-chars',
      DATA_DIR: join(this.dir, spec.id),
      NATS_URL: proxy.url,
      ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'silent',
    };
    if (spec.parentId !== undefined) env['PARENT_ID'] = spec.parentId;
    if (spec.cityId !== undefined) env['CITY_ID'] = spec.cityId;
    Object.assign(env, spec.env);
    const app = await createNodeApp(loadNodeConfig(env, spec.tier), spec.clock === undefined ? {} : { clock: spec.clock });
    let url: string | null = null;
    if (spec.listen === true) {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    }
    const server = app.getHttpServer();
    const token = (await request(server).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
    const auth = { authorization: `Bearer ${token}` };
    return {
      spec,
      app,
      proxy,
      token,
      db: app.get(DataSource),
      url,
      get: (url) => request(server).get(url).set(auth),
      post: (url, body) => request(server).post(url).set(auth).send(body ?? {}),
      put: (url, body) => request(server).put(url).set(auth).send(body),
      close: () => app.close(),
    };
  }
}

/** Polls `check` until it returns true (or throws after `timeoutMs`, with the last value it saw). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms`);
}

/** The catalogue state a user sees: every item with version, status and content, in code order. */
export async function catalogueState(node: FedNode, filter: (scope: string) => boolean = () => true): Promise<unknown[]> {
  const rows = (await node.db.query('SELECT impl_code, version, status, scope, owner_node, content FROM service_items ORDER BY impl_code')) as Array<Record<string, unknown>>;
  return rows.filter((r) => filter(String(r['scope']))).map((r) => ({ ...r, content: typeof r['content'] === 'string' ? JSON.parse(r['content']) : r['content'] }));
}

export async function delegationState(node: FedNode): Promise<unknown[]> {
  return node.db.query('SELECT id, impl_code, mode, target_kind, target_region, effective_from, status, version, owner_node FROM delegations ORDER BY id');
}
