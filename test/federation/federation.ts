import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ShiftedClock, startNatsServer, startTcpProxy, TEST_EPOCH, type RunningNatsServer, type TcpProxy } from '@liandong/harness';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DEMO_TOPOLOGY } from '@liandong/federation';
import { createNodeApp, loadNodeConfig, type Clock, type SyncOptions } from '@liandong/node';
import { districtOf } from '@liandong/shared';
import { generateNatsPassword, hashNatsPassword, natsAuthorizationConfig, nodeInboxPrefix, type FederationNode } from '@liandong/sync';

export const PASSWORD = 'federation-test-pw';

/**
 * The clock of a test node unless its spec brings one: real speed, from a fixed Monday in March 2026 (`TEST_EPOCH`),
 * so acceptance dates and deadlines stay inside the built-in holiday calendar whatever day the tests run.
 */
export const TEST_CLOCK = new ShiftedClock(TEST_EPOCH);

/** Today in China Standard Time by `TEST_CLOCK`, moved by `days`. */
export function testDay(days = 0): string {
  return new Date(TEST_CLOCK.now().getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export interface NodeSpec {
  readonly id: string;
  readonly tier: 'city' | 'district' | 'township';
  readonly regionCode: string;
  readonly parentId?: string;
  readonly cityId?: string;
  /** More environment for the node (settings a test needs, e.g. short intervals). */
  readonly env?: Readonly<Record<string, string>>;
  /** The node's clock (a test that moves time); `TEST_CLOCK` when absent. */
  readonly clock?: Clock;
  /** Listen on a free port of 127.0.0.1 (a browser test needs a real URL); in-process requests only when absent. */
  readonly listen?: boolean;
  /** Replication options of the node (e.g. a newer payload codec: an upgraded node). */
  readonly sync?: SyncOptions;
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

/** A node of the demo topology (`demo/topology.json`, the one `npm start` runs) as a test node. */
function demoNode(id: string): NodeSpec {
  const node = DEMO_TOPOLOGY.find((n) => n.id === id);
  const city = DEMO_TOPOLOGY.find((n) => n.tier === 'city');
  if (node === undefined || city === undefined) throw new Error(`demo/topology.json has no node ${id} or no city`);
  return {
    id: node.id,
    tier: node.tier,
    regionCode: node.regionCode,
    ...(node.parentId === null ? {} : { parentId: node.parentId }),
    ...(node.tier === 'township' ? { cityId: city.id } : {}),
  };
}

/** The nodes of the standard test federation (the demo topology): the city, one district and two of its townships. */
export const STANDARD_NODES = {
  city: demoNode('gz-city'),
  district: demoNode('conghua'),
  jiekou: demoNode('jiekou'),
  wenquan: demoNode('wenquan'),
} as const satisfies Record<string, NodeSpec>;

export interface StandardOptions {
  /** Settings every node gets (env, clock). */
  readonly env?: Readonly<Record<string, string>>;
  readonly clock?: Clock;
  /** Which townships start, in this order. @default ['jiekou', 'wenquan'] */
  readonly townships?: ReadonlyArray<'jiekou' | 'wenquan'>;
  /** Whether the district node runs (without it, the topology still names it). @default true */
  readonly district?: boolean;
}

/** The standard federation and its nodes; a node that was not started throws when read. */
export interface StandardFederation {
  readonly fed: Federation;
  readonly city: FedNode;
  readonly district: FedNode;
  readonly jiekou: FedNode;
  readonly wenquan: FedNode;
}

/** bcrypt cost of the test credentials: the lowest bcrypt allows, since tests make many (production uses 11). */
const TEST_BCRYPT_COST = 4;

/**
 * A federation on one machine (DESIGN.md §6): a real nats-server for the test file with per-node credentials and
 * the permissions of the topology (ADR 0012), nodes with their own SQLite files, each behind its own TCP proxy so a
 * test can cut and restore one node's link. The server starts with the first node; each node added rewrites the
 * authorization config and the topology file (FEDERATION_TOPOLOGY of every node) and reloads the server.
 */
export class Federation {
  readonly nodes = new Map<string, FedNode>();
  private server: RunningNatsServer | null = null;
  private readonly specs: NodeSpec[] = [];
  private readonly credentials = new Map<string, { password: string; passwordHash: string }>();
  readonly authFile: string;
  readonly topologyFile: string;

  private constructor(
    readonly dir: string,
    private readonly storeDir: string,
  ) {
    this.authFile = join(dir, 'nats-auth.conf');
    this.topologyFile = join(dir, 'topology.json');
  }

  static async start(): Promise<Federation> {
    const dir = mkdtempSync(join(tmpdir(), 'liandong-fed-'));
    return new Federation(dir, join(dir, 'nats'));
  }

  /**
   * The four-node federation most specs use (`STANDARD_NODES`), started in topology order: city gz-city (440100),
   * district conghua (440117), townships jiekou (440117001) and wenquan (440117100).
   */
  static async standard(options: StandardOptions = {}): Promise<StandardFederation> {
    const fed = await Federation.start();
    const shared = { ...(options.env === undefined ? {} : { env: options.env }), ...(options.clock === undefined ? {} : { clock: options.clock }) };
    try {
      await fed.add({ ...STANDARD_NODES.city, ...shared });
      if (options.district ?? true) await fed.add({ ...STANDARD_NODES.district, ...shared });
      for (const township of options.townships ?? ['jiekou', 'wenquan']) await fed.add({ ...STANDARD_NODES[township], ...shared });
    } catch (error) {
      // The caller never gets `fed` to stop: stop what started here.
      await fed.stop();
      throw error;
    }
    return {
      fed,
      get city() {
        return fed.node(STANDARD_NODES.city.id);
      },
      get district() {
        return fed.node(STANDARD_NODES.district.id);
      },
      get jiekou() {
        return fed.node(STANDARD_NODES.jiekou.id);
      },
      get wenquan() {
        return fed.node(STANDARD_NODES.wenquan.id);
      },
    };
  }

  /** The test's nats-server (started by the first `add`). */
  get nats(): RunningNatsServer {
    if (this.server === null) throw new Error('nats-server starts with the first node: call add() first');
    return this.server;
  }

  /**
   * The topology the server and the nodes see: the nodes added so far, and a district for a township whose district
   * the test does not run (so its credentials and permissions are those it would have in a full federation).
   */
  topology(): FederationNode[] {
    const nodes: FederationNode[] = this.specs.map((s) => ({ id: s.id, tier: s.tier, regionCode: s.regionCode, parentId: s.parentId ?? null }));
    const city = nodes.find((n) => n.tier === 'city');
    for (const township of nodes.filter((n) => n.tier === 'township')) {
      if (township.parentId !== null && !nodes.some((n) => n.id === township.parentId)) {
        nodes.push({ id: township.parentId, tier: 'district', regionCode: districtOf(township.regionCode), parentId: city?.id ?? null });
      }
    }
    return nodes;
  }

  /** The NATS user and password of a node of the topology. */
  credentialsOf(id: string): { user: string; password: string } {
    const credential = this.credentials.get(id);
    if (credential === undefined) throw new Error(`no NATS credentials for ${id}`);
    return { user: id, password: credential.password };
  }

  /** A NATS connection with a node's credentials (its permissions, its inbox prefix), straight to the server. */
  connect(id: string): Promise<NatsConnection> {
    const { user, password } = this.credentialsOf(id);
    return connect({ servers: this.nats.url, user, pass: password, inboxPrefix: nodeInboxPrefix(id), name: `test-as-${id}` });
  }

  async add(spec: NodeSpec): Promise<FedNode> {
    this.specs.push(spec);
    await this.authorize();
    const proxy = await startTcpProxy({ targetPort: this.nats.port });
    const node = await this.boot(spec, proxy);
    this.nodes.set(spec.id, node);
    return node;
  }

  /** Closes a node's app (its database and outbox stay) and boots it again on the same files, with `changes` to its spec. */
  async restart(id: string, changes: Partial<Pick<NodeSpec, 'env' | 'sync'>> = {}): Promise<FedNode> {
    const old = this.node(id);
    await old.app.close();
    const node = await this.boot({ ...old.spec, ...changes }, old.proxy);
    this.nodes.set(id, node);
    return node;
  }

  /** Stops nats-server and starts it again on the same port with the same file store. */
  async restartNats(pauseMs = 500): Promise<void> {
    const port = this.nats.port;
    await this.nats.stop();
    await new Promise((r) => setTimeout(r, pauseMs));
    this.server = await this.startServer(port);
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
    await this.server?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Writes the credentials, the authorization config and the topology file; starts or reloads the server. */
  private async authorize(): Promise<void> {
    const nodes = this.topology();
    for (const node of nodes) {
      if (!this.credentials.has(node.id)) {
        const password = generateNatsPassword();
        this.credentials.set(node.id, { password, passwordHash: await hashNatsPassword(password, TEST_BCRYPT_COST) });
      }
    }
    const users = nodes.map((n) => ({ user: n.id, passwordHash: (this.credentials.get(n.id) as { passwordHash: string }).passwordHash }));
    writeFileSync(this.authFile, natsAuthorizationConfig(nodes, users), { mode: 0o600 });
    writeFileSync(this.topologyFile, JSON.stringify({ nodes }, null, 2));
    if (this.server === null) this.server = await this.startServer();
    else await this.server.reload();
  }

  private startServer(port?: number): Promise<RunningNatsServer> {
    return startNatsServer({ storeDir: this.storeDir, configFile: this.authFile, ...(port === undefined ? {} : { port }) });
  }

  private async boot(spec: NodeSpec, proxy: TcpProxy): Promise<FedNode> {
    const env: Record<string, string> = {
      NODE_ID: spec.id,
      REGION_CODE: spec.regionCode,
      JWT_SECRET: 'federation-test-secret-at-least-32-chars',
      DATA_DIR: join(this.dir, spec.id),
      NATS_URL: proxy.url,
      NATS_USER: spec.id,
      NATS_PASSWORD: this.credentialsOf(spec.id).password,
      FEDERATION_TOPOLOGY: this.topologyFile,
      ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'silent',
    };
    if (spec.parentId !== undefined) env['PARENT_ID'] = spec.parentId;
    if (spec.cityId !== undefined) env['CITY_ID'] = spec.cityId;
    Object.assign(env, spec.env);
    const app = await createNodeApp(loadNodeConfig(env, spec.tier), { clock: spec.clock ?? TEST_CLOCK, ...(spec.sync === undefined ? {} : { sync: spec.sync }) });
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
