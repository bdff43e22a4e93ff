import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ManualClock } from '@liandong/harness';
import { createNodeApp, loadNodeConfig, routeDeclarations } from '@liandong/node';

const PASSWORD = 'Sessions-test-pw-2026';
const SECRET = 'sessions-test-secret-at-least-32-chars';
const ENDED = '会话已结束（密码已修改或管理员结束了会话），请重新登录 (session ended)';

/**
 * Issue 12, must show 3: sessions that can be ended. The guard checks every token against the user as the node
 * holds it now: an unknown user, a disabled one, a token without expiry and a token of an ended session (结束会话,
 * password change) get 401 at once, on every route.
 */
describe('sessions that can be ended', () => {
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  let dir: string;
  let city: INestApplication;
  let admin: string;
  let adminId: string;

  const server = () => city.getHttpServer();
  const login = (username: string, password: string) => request(server()).post('/auth/login').send({ username, password });
  const as = (token: string) => ({
    get: (url: string) => request(server()).get(url).set('authorization', `Bearer ${token}`),
    post: (url: string, body: object = {}) => request(server()).post(url).set('authorization', `Bearer ${token}`).send(body),
  });
  const createUser = async (username: string): Promise<string> =>
    (await as(admin).post('/users', { username, displayName: username, password: PASSWORD, roles: ['window_clerk'] }).expect(201)).body.id as string;
  const tokenOf = async (username: string, password = PASSWORD): Promise<string> => (await login(username, password).expect(200)).body.accessToken as string;
  /** The audit entries of `route` by `actor` (the walk over every route left refused entries of the ended user too). */
  const auditOf = async (route: string, actor: string) =>
    ((await as(admin).get(`/audit?limit=200&route=${encodeURIComponent(route)}`).expect(200)).body.items as Array<Record<string, unknown>>).filter((e) => e['route'] === route && e['actor'] === actor);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-sessions-'));
    const config = loadNodeConfig(
      { NODE_ID: 'gz-city', REGION_CODE: '440100', JWT_SECRET: SECRET, DATA_DIR: join(dir, 'city'), NATS_URL: 'nats://127.0.0.1:1', ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' },
      'city',
    );
    city = await createNodeApp(config, { clock });
    const body = (await login('admin', PASSWORD).expect(200)).body as { accessToken: string; user: { id: string } };
    admin = body.accessToken;
    adminId = body.user.id;
  });

  afterAll(async () => {
    await city?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a well-signed token of a user this node does not have, and one without expiry, with 401", async () => {
    const jwt = city.get(JwtService);
    const unknown = await jwt.signAsync({ sub: '00000000-0000-4000-8000-000000000001', username: 'ghost', roles: ['admin'], node: 'gz-city', sv: 0 });
    expect((await as(unknown).get('/users').expect(401)).body).toMatchObject({ code: 'SESSION_ENDED', message: '账户不存在，请重新登录 (unknown user)' });
    // the node's own key and issuer, every claim right, but no `exp`: it would never expire
    const forever = await new JwtService({ secret: SECRET }).signAsync({ sub: adminId, username: 'admin', roles: ['admin'], node: 'gz-city', sv: 0 }, { issuer: 'gz-city', algorithm: 'HS256' });
    expect(JSON.parse(Buffer.from(forever.split('.')[1] as string, 'base64url').toString('utf8'))).not.toHaveProperty('exp');
    expect((await as(forever).get('/users').expect(401)).body).toMatchObject({ code: 'TOKEN_INVALID', message: '登录已失效，请重新登录 (token without expiry)' });
    // the same claims with an expiry pass
    await as(await jwt.signAsync({ sub: adminId, username: 'admin', roles: ['admin'], node: 'gz-city', sv: 0 })).get('/users').expect(200);
  });

  it("停用 refuses the user's token at once and their logins; 启用 lets them log in again; an admin cannot disable themself", async () => {
    const id = await createUser('leaver');
    const token = await tokenOf('leaver');
    await as(token).get('/cases').expect(200);
    const disabled = await as(admin).post(`/users/${id}/disable`).expect(200);
    expect(disabled.body).toMatchObject({ id, username: 'leaver', active: false, lock: null });
    expect((await as(token).get('/cases').expect(401)).body).toMatchObject({ code: 'ACCOUNT_DISABLED', message: '账户已停用，请联系管理员 (account disabled)' });
    // a disabled account's login answers exactly like a wrong password
    expect((await login('leaver', PASSWORD).expect(401)).body.message).toBe('用户名或密码错误 (invalid username or password)');
    expect((await city.get(DataSource).query(`SELECT active FROM users WHERE id = '${id}'`))[0].active).toBeFalsy();

    const self = await as(admin).post(`/users/${adminId}/disable`).expect(409);
    expect(self.body).toMatchObject({ code: 'CANNOT_DISABLE_SELF', message: '不能停用自己的账户 (an admin cannot disable their own account)' });
    expect((await city.get(DataSource).query(`SELECT active FROM users WHERE id = '${adminId}'`))[0].active).toBeTruthy();
    await as(admin).post('/users/00000000-0000-4000-8000-000000000009/disable').expect(404);
    await as(admin).get('/auth/me').expect(200);

    expect((await as(admin).post(`/users/${id}/enable`).expect(200)).body.active).toBe(true);
    await as(token).get('/cases').expect(401); // the old token stays ended
    await as(await tokenOf('leaver')).get('/cases').expect(200);
  });

  it('结束会话 ends every token of the user on every route; a new login works', async () => {
    const id = await createUser('clerk-ended');
    const first = await tokenOf('clerk-ended');
    const second = await tokenOf('clerk-ended');
    await as(first).get('/auth/me').expect(200);
    await as(admin).post(`/users/${id}/end-sessions`).expect(200);
    for (const token of [first, second]) expect((await as(token).get('/auth/me').expect(401)).body).toMatchObject({ code: 'SESSION_ENDED', message: ENDED });
    // every route that needs a login, walked from the routes' own declarations
    const routes = routeDeclarations(city).filter((r) => !r.isPublic);
    expect(routes.length).toBeGreaterThan(40);
    const answers = new Map<string, number>();
    for (const route of routes) {
      const url = route.path.replace(/:(\w+)/g, 'x');
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      answers.set(`${route.method} ${route.path}`, (await request(server())[method](url).set('authorization', `Bearer ${first}`).send({})).status);
    }
    expect([...answers].filter(([, status]) => status !== 401)).toEqual([]);
    await as(await tokenOf('clerk-ended')).get('/auth/me').expect(200);
  });

  it('修改密码 checks the current password and the rules, ends the old tokens and answers with a new one', async () => {
    await createUser('changer');
    const old = await tokenOf('changer');
    const other = await tokenOf('changer');
    const wrong = await as(old).post('/auth/password', { currentPassword: 'Not-the-password-1', newPassword: 'Brand-new-pw-2026' }).expect(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', reason: 'is not the current password' }]);
    const weak = await as(old).post('/auth/password', { currentPassword: PASSWORD, newPassword: 'short-1' }).expect(400);
    expect(weak.body.errors).toEqual([{ field: 'newPassword', reason: 'must be at least 10 characters' }]);
    const same = await as(old).post('/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD }).expect(400);
    expect(same.body.errors).toEqual([{ field: 'newPassword', reason: 'must differ from the current password' }]);
    await as(old).get('/auth/me').expect(200); // refusals changed nothing

    const changed = await as(old).post('/auth/password', { currentPassword: PASSWORD, newPassword: 'Brand-new-pw-2026' }).expect(200);
    expect(changed.body.user.username).toBe('changer');
    for (const token of [old, other]) expect((await as(token).get('/auth/me').expect(401)).body.message).toBe(ENDED);
    await as(changed.body.accessToken as string).get('/auth/me').expect(200);
    await login('changer', PASSWORD).expect(401);
    await login('changer', 'Brand-new-pw-2026').expect(200);
  });

  it('audits 停用, 启用, 结束会话 and 修改密码, with no password in the log', async () => {
    let entries: Array<Record<string, unknown>> = [];
    const changes = async () => await auditOf('/auth/password', 'changer');
    for (let i = 0; i < 500 && (entries = await changes()).filter((e) => e['status'] === 200).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(entries.map((e) => e['status']).sort()).toEqual([200, 400, 400, 400]);
    expect(entries.every((e) => e['actor'] === 'changer' && e['summary'] === '{"currentPassword":"***","newPassword":"***"}')).toBe(true);
    expect((await auditOf('/users/:id/disable', 'admin')).map((e) => [e['actor'], e['status']]).sort()).toEqual([
      ['admin', 200],
      ['admin', 404],
      ['admin', 409],
    ]);
    expect((await auditOf('/users/:id/enable', 'admin')).length).toBe(1);
    expect((await auditOf('/users/:id/end-sessions', 'admin')).length).toBe(1);
  });
});
