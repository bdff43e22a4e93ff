import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_TOPOLOGY, DEMO_USERS } from '../src';

/** The launcher behind `npm start` (`npm test` builds it before jest runs). */
const START = resolve(__dirname, '../dist/start.js');
const READY = '联动本地联邦已启动';
const PASSWORD = 'start-test-demo-pw';

interface Launch {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function launch(env: Record<string, string>): Launch {
  const child = spawn(process.execPath, [START], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(run: Launch, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`launcher did not print "${text}":\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A base port with `count` free ports after it. */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free port range');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((r) => {
    const server = createServer();
    server.once('error', () => r(false));
    server.listen(port, '127.0.0.1', () => server.close(() => r(true)));
  });
}

async function loginId(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  const me = await fetch(`${url}/auth/me`, { headers: { authorization: `Bearer ${body.accessToken}` } });
  expect(me.status).toBe(200);
  return body.user.id;
}

describe('npm start: the local federation', () => {
  let dataDir: string;
  let base: number;
  let env: Record<string, string>;
  const urls = (): string[] => DEMO_TOPOLOGY.map((_, i) => `http://127.0.0.1:${base + 1 + i}`);
  let running: Launch | null = null;

  beforeAll(async () => {
    if (!existsSync(START)) throw new Error(`${START} is missing: run "npm run build" first (npm test does)`);
    dataDir = mkdtempSync(join(tmpdir(), 'liandong-start-'));
    base = await freePorts(DEMO_TOPOLOGY.length + 1);
    env = { LIANDONG_DATA_DIR: dataDir, LIANDONG_NATS_PORT: String(base), LIANDONG_HTTP_BASE_PORT: String(base + 1), LIANDONG_DEMO_PASSWORD: PASSWORD };
  });

  afterAll(async () => {
    if (running !== null && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      await running.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const firstIds: Record<string, string> = {};

  it('brings up NATS and four nodes, each healthy with docs and demo logins', async () => {
    running = launch(env);
    await waitForOutput(running, READY, 120000);
    expect(running.output()).toContain(`nats://127.0.0.1:${base}`);
    for (const user of DEMO_USERS) expect(running.output()).toContain(user.username);

    for (const [i, url] of urls().entries()) {
      const node = DEMO_TOPOLOGY[i]!;
      expect(running.output()).toContain(url);
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string; node: { id: string; tier: string }; checks: Record<string, { status: string }> };
      expect(health).toMatchObject({ status: 'ok', node: { id: node.id, tier: node.tier }, checks: { database: { status: 'up' }, nats: { status: 'up' } } });
      const docs = await fetch(`${url}/api/docs-json`);
      expect(docs.status).toBe(200);
      expect(((await docs.json()) as { paths: object }).paths).toHaveProperty(['/auth/login']);
      for (const user of DEMO_USERS) firstIds[`${node.id}/${user.username}`] = await loginId(url, user.username);
    }
    expect(existsSync(join(dataDir, 'jiekou', 'jiekou.sqlite'))).toBe(true);
    // NATS runs with one user per node: passwords kept 0600, only their hashes in the server config, in no output or log.
    const credentialsFile = join(dataDir, 'nats', 'credentials.json');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    const auth = readFileSync(join(dataDir, 'nats', 'auth.conf'), 'utf8');
    for (const node of DEMO_TOPOLOGY) {
      const { password } = (JSON.parse(readFileSync(credentialsFile, 'utf8')) as Record<string, { password: string }>)[node.id]!;
      expect(auth).toContain(`user: "${node.id}"`);
      for (const text of [auth, running.output(), readFileSync(join(dataDir, 'logs', `${node.id}.log`), 'utf8')]) expect(text).not.toContain(password);
    }
  });

  it('replicates the demo catalogue from the city and the district to the townships', async () => {
    const township = urls()[2]!;
    const login = await fetch(`${township}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password: PASSWORD }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const owners = async (): Promise<Set<string>> => {
      const res = await fetch(`${township}/catalogue/items?limit=200`, { headers: { authorization: `Bearer ${token}` } });
      return new Set(((await res.json()) as { items: Array<{ ownerNode: string }> }).items.map((i) => i.ownerNode));
    };
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline && (await owners()).size < 2) await new Promise((r) => setTimeout(r, 300));
    expect([...(await owners())].sort()).toEqual(['conghua', 'gz-city']);
    const decidable = await fetch(`${township}/catalogue/decidable`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await decidable.json()) as { total: number }).total).toBeGreaterThan(0);
  });

  it('stops everything cleanly on Ctrl-C (SIGINT)', async () => {
    const run = running!;
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('已停止');
    for (const port of [base, base + 1, base + 2, base + 3, base + 4]) expect(await isFree(port)).toBe(true);
  });

  it('reuses the data on a second start', async () => {
    const secrets = readFileSync(join(dataDir, 'secrets.json'), 'utf8');
    const natsCredentials = readFileSync(join(dataDir, 'nats', 'credentials.json'), 'utf8');
    running = launch(env);
    await waitForOutput(running, READY, 120000);
    for (const [i, url] of urls().entries()) {
      const node = DEMO_TOPOLOGY[i]!;
      for (const user of DEMO_USERS) expect(await loginId(url, user.username)).toBe(firstIds[`${node.id}/${user.username}`]);
    }
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toBe(secrets);
    expect(readFileSync(join(dataDir, 'nats', 'credentials.json'), 'utf8')).toBe(natsCredentials);
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
  });
});
