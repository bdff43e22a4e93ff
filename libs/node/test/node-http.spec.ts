import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startNatsServer, type RunningNatsServer } from '@liandong/harness';
import { ConfigError, createNodeApp, loadNodeConfig, type NodeConfig } from '../src';

const ADMIN_PASSWORD = 'first-boot-pw-26';
const DEMO_PASSWORD = 'demo-password-1';
const SECRET = 'test-secret-that-is-at-least-32-chars';

/** Routes open without a token. Every other route in the OpenAPI document must answer 401 without one. */
const PUBLIC_ROUTES = ['GET /health', 'GET /metrics', 'POST /auth/login', 'GET /public/cases/{caseNumber}', 'POST /public/cases/{caseNumber}/rating'];

describe('node over HTTP (SQLite + real nats-server)', () => {
  let nats: RunningNatsServer;
  let dir: string;
  let config: NodeConfig;
  let app: INestApplication;
  const logs: string[] = [];

  const http = () => request(app.getHttpServer());
  const login = async (username: string, password: string): Promise<string> => {
    const res = await http().post('/auth/login').send({ username, password }).expect(200);
    return res.body.accessToken as string;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    dir = mkdtempSync(join(tmpdir(), 'liandong-http-'));
    config = loadNodeConfig(
      {
        NODE_ID: 'jiekou',
        REGION_CODE: '440117001',
        PARENT_ID: 'conghua',
        CITY_ID: 'gz-city',
        JWT_SECRET: SECRET,
        DATA_DIR: dir,
        NATS_URL: nats.url,
        ADMIN_PASSWORD,
        SEED_DEMO: 'true',
        DEMO_PASSWORD,
        LOG_LEVEL: 'info',
      },
      'township',
    );
    app = await createNodeApp(config, { logStream: { write: (line: string) => void logs.push(line) } });
    await waitFor(async () => (await http().get('/health')).body.checks.nats.status === 'up');
  });

  afterAll(async () => {
    await app?.close();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the database and NATS up on /health without a token', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      node: { id: 'jiekou', name: 'jiekou', tier: 'township', regionCode: '440117001', parentId: 'conghua' },
      checks: { database: { status: 'up', detail: 'sqlite' }, nats: { status: 'up', detail: `127.0.0.1:${nats.port}` } },
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('logs in a demo user and returns who they are', async () => {
    const res = await http().post('/auth/login').send({ username: 'clerk', password: DEMO_PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800, user: { username: 'clerk', roles: ['window_clerk'], nodeId: 'jiekou' } });
    const me = await http().get('/auth/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toEqual({ id: res.body.user.id, username: 'clerk', roles: ['window_clerk'], nodeId: 'jiekou', station: null });
  });

  it('created the first admin from the environment', async () => {
    const token = await login('admin', ADMIN_PASSWORD);
    const me = await http().get('/auth/me').set('authorization', `Bearer ${token}`).expect(200);
    expect(me.body.roles).toEqual(['admin']);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrongPassword = await http().post('/auth/login').send({ username: 'clerk', password: 'nope-nope' }).expect(401);
    const unknownUser = await http().post('/auth/login').send({ username: 'nobody', password: 'nope-nope' }).expect(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.body.message).toBe('用户名或密码错误 (invalid username or password)');
  });

  it.each([
    [{ username: 'clerk' }, 'password'],
    [{ username: 'clerk', password: 42 }, 'password'],
    [{ username: '', password: 'x' }, 'username'],
    [{ username: 'clerk', password: 'x', extra: true }, 'extra'],
  ])('refuses login body %j with a 400 naming %s', async (body, field) => {
    const res = await http().post('/auth/login').send(body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it.each(['{bad json', '"a string"', '[1,2]', 'null'])('answers malformed body %s with a 400, never a 500', async (raw) => {
    const res = await http().post('/auth/login').set('content-type', 'application/json').send(raw);
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('guards every route in the OpenAPI document except the public ones', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(expect.arrayContaining([...PUBLIC_ROUTES, 'GET /auth/me', 'GET /users', 'POST /users']));
    for (const route of routes.filter((r) => !PUBLIC_ROUTES.includes(r))) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await request(app.getHttpServer())[method.toLowerCase() as 'get' | 'post'](path).send({});
      expect(`${route} → ${res.status}`).toBe(`${route} → 401`);
    }
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const res = await http().get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
  });

  it('refuses tokens that this node did not issue', async () => {
    const foreign = new JwtService({ secret: SECRET });
    const otherNode = await foreign.signAsync({ sub: 'x', username: 'admin', roles: ['admin'], node: 'wenquan' }, { issuer: 'wenquan' });
    await http().get('/users').set('authorization', `Bearer ${otherNode}`).expect(401);
    const wrongSecret = await new JwtService({ secret: 'another-secret-another-secret-1234' }).signAsync(
      { sub: 'x', username: 'admin', roles: ['admin'], node: 'jiekou' },
      { issuer: 'jiekou' },
    );
    await http().get('/users').set('authorization', `Bearer ${wrongSecret}`).expect(401);
  });

  it('lets only admins manage users, validates input and stores nothing invalid', async () => {
    const clerk = await login('clerk', DEMO_PASSWORD);
    await http().get('/users').set('authorization', `Bearer ${clerk}`).expect(403);

    const admin = await login('admin', ADMIN_PASSWORD);
    const auth = { authorization: `Bearer ${admin}` };
    const before = (await http().get('/users').set(auth).expect(200)).body;
    expect(before.total).toBe(5);
    expect(JSON.stringify(before)).not.toContain('passwordHash');

    const bad = await http().post('/users').set(auth).send({ username: 'clerk2', displayName: '王小明', password: 'long-enough-pw', roles: ['mayor'] }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'roles', reason: 'each value in roles must be one of the following values: admin, window_clerk, approver, village_assistant, supervisor' }]);
    await http().get('/users?limit=500').set(auth).expect(400);

    const created = await http().post('/users').set(auth).send({ username: 'clerk2', displayName: '王小明', password: 'long-enough-pw', roles: ['window_clerk'] }).expect(201);
    expect(created.body).toMatchObject({ username: 'clerk2', displayName: '王小明', roles: ['window_clerk'], active: true });
    await http().post('/users').set(auth).send({ username: 'clerk2', displayName: '重复', password: 'long-enough-pw', roles: ['approver'] }).expect(409);

    const rows = await app.get(DataSource).query(`SELECT username, roles, password_hash FROM users WHERE username = 'clerk2'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].roles).toBe('window_clerk');
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    await login('clerk2', 'long-enough-pw');
  });

  it('writes JSON logs with a request id, echoes it, and never logs passwords or tokens', async () => {
    const res = await http().get('/auth/me').set('x-request-id', 'req-test-0001').expect(401);
    expect(res.headers['x-request-id']).toBe('req-test-0001');
    const generated = await http().get('/auth/me').expect(401);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const entries = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((e) => e['requestId'] === 'req-test-0001')).toMatchObject({ node: 'jiekou', tier: 'township', res: { statusCode: 401 } });
    const all = logs.join('\n');
    expect(all).not.toContain(DEMO_PASSWORD);
    expect(all).not.toContain(ADMIN_PASSWORD);
    expect(all).not.toContain('Bearer ');
  });

  it('masks identity and phone numbers in log lines', async () => {
    // 440106199001011230 is a well-formed resident id number; 13812345678 a mainland mobile number.
    await http().get('/catalogue/items/440106199001011230?phone=13812345678').expect(401);
    const all = logs.join('\n');
    expect(all).not.toContain('440106199001011230');
    expect(all).not.toContain('13812345678');
    expect(all).toContain('4401**********1230');
    expect(all).toContain('138****5678');
  });

  it('keeps serving when NATS goes away and reports it as degraded', async () => {
    await nats.stop();
    await waitFor(async () => (await http().get('/health')).body.checks.nats.status !== 'up');
    const res = await http().get('/health').expect(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.checks.database.status).toBe('up');
    await login('clerk', DEMO_PASSWORD);
  });
});

describe('first boot', () => {
  it('refuses to start without ADMIN_PASSWORD when the node has no user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liandong-first-'));
    const config = loadNodeConfig(
      { NODE_ID: 'gz-city', REGION_CODE: '440100', JWT_SECRET: SECRET, DATA_DIR: dir, NATS_URL: 'nats://127.0.0.1:1', LOG_LEVEL: 'silent' },
      'city',
    );
    const error = await createNodeApp(config).then(
      (app) => app.close().then(() => null),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([{ variable: 'ADMIN_PASSWORD', reason: 'is required at first boot: this node has no user yet' }]);
    rmSync(dir, { recursive: true, force: true });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}
