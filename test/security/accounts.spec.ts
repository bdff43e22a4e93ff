import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { eachDatabase, ManualClock, sampleItem } from '@liandong/harness';
import { CasesService, createNodeApp, hashQueryCode, loadNodeConfig, loginDelaySeconds } from '@liandong/node';

const PASSWORD = 'Accounts-test-pw-2026';
const SECRET = 'accounts-test-secret-at-least-32-chars';
const ID_NUMBER = '440106199001011235';
const PHONE = '13812345678';
const PERSON = { kind: 'person', name: '孙七', idNumber: ID_NUMBER, phone: PHONE };
const LOGIN_FAILED = '用户名或密码错误 (invalid username or password)';

/**
 * The security issue, must show 4, on SQLite and PostgreSQL (and issue 12, must show 4): login throttling per
 * address that cannot lock staff out, account locks only from many addresses, token expiry, password
 * rules, village stations, the append-only audit log, and logs that hold no full identity
 * number, phone number, password, query code, token or secret.
 */
eachDatabase('accounts suite', (backend) => {
  describe(`accounts, audit and logs (${backend.name})`, () => {
    const clock = new ManualClock('2026-03-02T01:00:00Z');
    const logs: string[] = [];
    let dir: string;
    let city: INestApplication;
    let township: INestApplication;
    let admin: string;
    const secrets: string[] = [PASSWORD, SECRET];

    const boot = async (tier: 'city' | 'township', env: Record<string, string>): Promise<INestApplication> => {
      const database = await backend.nodeEnv();
      const config = loadNodeConfig(
        {
          ...env,
          JWT_SECRET: SECRET,
          JWT_TTL_SECONDS: '600',
          DATA_DIR: join(dir, env['NODE_ID'] as string),
          NATS_URL: 'nats://127.0.0.1:1',
          ADMIN_PASSWORD: PASSWORD,
          LOG_LEVEL: 'debug',
          TRUST_PROXY: 'loopback',
          ...database,
        },
        tier,
      );
      return createNodeApp(config, { clock, logStream: { write: (line: string) => void logs.push(line) } });
    };
    const login = (app: INestApplication, username: string, password: string) => request(app.getHttpServer()).post('/auth/login').send({ username, password });
    const as = (app: INestApplication, token: string) => ({
      get: (url: string) => request(app.getHttpServer()).get(url).set('authorization', `Bearer ${token}`),
      post: (url: string, body: object = {}) => request(app.getHttpServer()).post(url).set('authorization', `Bearer ${token}`).send(body),
    });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'liandong-accounts-'));
      city = await boot('city', { NODE_ID: 'gz-city', REGION_CODE: '440100' });
      township = await boot('township', { NODE_ID: 'jiekou', REGION_CODE: '440117001', PARENT_ID: 'conghua', CITY_ID: 'gz-city' });
      admin = (await login(city, 'admin', PASSWORD).expect(200)).body.accessToken;
      secrets.push(admin);
    });

    afterAll(async () => {
      await city?.close();
      await township?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses weak passwords and an assistant without a station, naming the field', async () => {
      const create = (body: object) => as(city, admin).post('/users', { username: 'clerk9', displayName: '窗口九', roles: ['window_clerk'], ...body });
      for (const [password, reason] of [
        ['short-1', 'must be at least 10 characters'],
        ['onlyletterslong', 'must mix at least two of: lower-case letters, upper-case letters, digits, other characters'],
        ['Clerk9-is-me!', 'must not contain the user name'],
        ['Paaaaassword1', 'must not repeat one character four times in a row'],
        ['Password123', 'is a well-known password'],
      ]) {
        expect((await create({ password }).expect(400)).body.errors).toEqual([{ field: 'password', reason }]);
      }
      const noStation = await as(city, admin).post('/users', { username: 'helper1', displayName: '代办员', password: PASSWORD, roles: ['village_assistant'] }).expect(400);
      expect(noStation.body.errors).toEqual([{ field: 'station', reason: 'a village assistant needs the village station (村/居 政务服务工作站) they work for' }]);
      await create({ password: 'Window-nine-2026' }).expect(201);
      expect((await app(city).query(`SELECT username FROM users ORDER BY username`)).map((r: { username: string }) => r.username)).toEqual(['admin', 'clerk9']);
    });

    it('slows only the address that fails (growing delays, Retry-After): 100 wrong passwords from one address leave the user free elsewhere', async () => {
      const from = (address: string) => (username: string, password: string) => login(city, username, password).set('x-forwarded-for', address);
      const attacker = from('203.0.113.50');
      for (let i = 0; i < 3; i++) expect((await attacker('clerk9', 'Wrong-password-1').expect(401)).body.message).toBe(LOGIN_FAILED);
      const waiting = await attacker('clerk9', 'Wrong-password-1').expect(429);
      expect([waiting.headers['retry-after'], waiting.body.code, waiting.body.message]).toEqual(['2', 'LOGIN_THROTTLED', '登录失败次数过多，请 2 秒后再试 (too many failed logins from this address; retry in 2 s)']);
      await attacker('clerk9', 'Window-nine-2026').expect(429); // even the right password waits there
      clock.advance(2_000);
      await attacker('clerk9', 'Wrong-password-1').expect(401);
      expect((await attacker('clerk9', 'Wrong-password-1').expect(429)).headers['retry-after']).toBe('4');
      clock.advance(4_000);
      await attacker('clerk9', 'Wrong-password-1').expect(401);
      expect((await attacker('clerk9', 'Wrong-password-1').expect(429)).headers['retry-after']).toBe('8');
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) statuses.push((await attacker('clerk9', `Wrong-password-${i}`)).status);
      expect(statuses.every((s) => s === 429)).toBe(true);
      // the user, at their own window, is not slowed at all
      await from('198.51.100.7')('clerk9', 'Window-nine-2026').expect(200);
      await login(city, 'clerk9', 'Window-nine-2026').expect(200);
      // an unknown name answers exactly the same, so the throttle tells nothing about who exists
      const prober = from('203.0.113.51');
      for (let i = 0; i < 3; i++) expect((await prober('nobody', 'Wrong-password-1').expect(401)).body.message).toBe(LOGIN_FAILED);
      const probed = await prober('nobody', 'Wrong-password-1').expect(429);
      expect([probed.headers['retry-after'], probed.body.message]).toEqual([waiting.headers['retry-after'], waiting.body.message]);
      // the delays double up to LOGIN_LOCKOUT_SECONDS
      expect([1, 2, 3, 4, 5, 12, 13, 100].map((n) => loginDelaySeconds(n, 3, 900))).toEqual([0, 0, 2, 4, 8, 900, 900, 900]);
    });

    it('locks the account only when many addresses fail on it; the admin sees 锁定 in the list and the audit log, and unlocks it', async () => {
      clock.advance(16 * 60_000); // a fresh window
      const attempt = (i: number, username: string, password = 'Wrong-password-1') => login(city, username, password).set('x-forwarded-for', `192.0.2.${i}`);
      for (let i = 1; i < 10; i++) await attempt(i, 'clerk9').expect(401);
      await login(city, 'clerk9', 'Window-nine-2026').expect(200); // nine addresses: not yet
      const locked = await attempt(10, 'clerk9').expect(429);
      expect(locked.body.message).toBe('该账户登录失败次数过多，已临时锁定，请 15 分钟后再试或联系管理员解锁 (account locked after failed logins from many addresses; try again in 15 min)');
      expect([locked.headers['retry-after'], locked.body.code]).toEqual(['900', 'ACCOUNT_LOCKED']);
      const rightPassword = await attempt(11, 'clerk9', 'Window-nine-2026').expect(429);
      expect(rightPassword.body.message).toBe(locked.body.message);
      // an unknown name locks the same way, with the same answer
      for (let i = 1; i < 10; i++) await attempt(i, 'nobody2').expect(401);
      expect((await attempt(10, 'nobody2').expect(429)).body.message).toBe(locked.body.message);

      const users = (await as(city, admin).get('/users').expect(200)).body.items as Array<{ id: string; username: string; lock: { since: string; until: string; addresses: number } | null }>;
      const clerk9 = users.find((u) => u.username === 'clerk9');
      expect(clerk9?.lock).toEqual({ since: clock.now().toISOString(), until: new Date(clock.now().getTime() + 900_000).toISOString(), addresses: 10 });
      expect(users.find((u) => u.username === 'admin')?.lock).toBeNull();
      let lockEntry: Record<string, unknown> | undefined;
      for (let i = 0; i < 100 && lockEntry === undefined; i++) {
        lockEntry = ((await as(city, admin).get('/audit?actor=clerk9&limit=200').expect(200)).body.items as Array<Record<string, unknown>>).find((e) => e['method'] === 'LOCK');
      }
      expect(lockEntry).toMatchObject({ actor: 'clerk9', route: '/auth/login', status: 429, node: 'gz-city' });
      expect(String(lockEntry?.['summary'])).toContain('"addresses":10');

      expect((await as(city, admin).post(`/users/${clerk9?.id}/unlock`).expect(200)).body.lock).toBeNull();
      await as(city, admin).post('/users/00000000-0000-4000-8000-000000000009/unlock').expect(404);
      await attempt(10, 'clerk9', 'Window-nine-2026').expect(200);
      expect((await app(city).query(`SELECT COUNT(*) AS n FROM account_lock WHERE username = 'clerk9'`))[0].n).toBe(backend.name === 'SQLite' ? 0 : '0');
    });

    it('issues tokens that expire after JWT_TTL_SECONDS, and refuses an expired one', async () => {
      const token = (await login(city, 'clerk9', 'Window-nine-2026').expect(200)).body.accessToken as string;
      secrets.push(token);
      const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as { iat: number; exp: number; iss: string };
      expect([claims.exp - claims.iat, claims.iss]).toEqual([600, 'gz-city']);
      await as(city, token).get('/auth/me').expect(200);
      // the same claims, signed with the node's own key, but past their expiry
      const jwt = city.get(JwtService);
      const { sub, sv } = claims as unknown as { sub: string; sv: number };
      const expired = await jwt.signAsync({ sub, sv, username: 'clerk9', roles: ['window_clerk'], node: 'gz-city', iat: claims.iat - 601 }, { expiresIn: 600 });
      expect((await as(city, expired).get('/auth/me').expect(401)).body.message).toBe('登录已失效，请重新登录 (invalid or expired token)');
      const stillValid = await jwt.signAsync({ sub, sv, username: 'clerk9', roles: ['window_clerk'], node: 'gz-city', iat: claims.iat - 590 }, { expiresIn: 600 });
      await as(city, stillValid).get('/auth/me').expect(200);
    });

    it('lets a village assistant take drafts only for their own station, and see only those', async () => {
      const townAdmin = (await login(township, 'admin', PASSWORD).expect(200)).body.accessToken as string;
      secrets.push(townAdmin);
      for (const [username, station] of [['helper1', '石坑村政务服务工作站'], ['helper2', '龙岗村政务服务工作站']]) {
        await as(township, townAdmin).post('/users', { username, displayName: username, password: PASSWORD, roles: ['village_assistant'], station }).expect(201);
      }
      const helper1 = (await login(township, 'helper1', PASSWORD).expect(200)).body;
      expect(helper1.user.station).toBe('石坑村政务服务工作站');
      const helper2 = (await login(township, 'helper2', PASSWORD).expect(200)).body.accessToken as string;
      // no catalogue item at this township: the station is checked first
      const draft = { id: '0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a99', implCode: 'NOSUCH', applicant: PERSON };
      expect((await as(township, helper1.accessToken).post('/cases/drafts', { ...draft, station: '龙岗村政务服务工作站' }).expect(403)).body.message).toContain('只能为本工作站');
      await as(township, helper1.accessToken).post('/cases/drafts', draft).expect(404);
      expect((await as(township, townAdmin).post('/cases/drafts', draft).expect(400)).body.errors).toEqual([{ field: 'station', reason: 'name the village station the draft comes from' }]);
      await as(township, helper2).get('/cases').expect(403);
      expect((await as(township, helper2).get('/cases/drafts').expect(200)).body.total).toBe(0);
    });

    it('audits every write with actor, node, time and a masked summary, and nothing can change the log', async () => {
      await as(city, admin).post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
      await as(city, admin).post('/catalogue/items', sampleItem({ implCode: 'AUD1', exerciseLevel: '3', materials: [] })).expect(201);
      await as(city, admin).post('/catalogue/items/AUD1/publish').expect(200);
      const accepted = await as(city, admin).post('/cases', { implCode: 'AUD1', applicant: PERSON, outcome: 'accept' }).expect(201);
      secrets.push(accepted.body.queryCode);
      await request(city.getHttpServer()).get(`/public/cases/${accepted.body.caseNumber}?code=${accepted.body.queryCode}`).expect(200);
      await as(city, admin).post(`/cases/${accepted.body.caseId}/approve`, { reason: '符合条件' }).expect(200);
      await as(city, admin).post(`/cases/${accepted.body.caseId}/issue`, { method: 'window' }).expect(200);
      await request(city.getHttpServer()).post(`/public/cases/${accepted.body.caseNumber}/rating`).send({ code: accepted.body.queryCode, score: 1 }).expect(200);

      const entries = async () => (await as(city, admin).get('/audit?limit=200').expect(200)).body.items as Array<Record<string, unknown>>;
      let list: Array<Record<string, unknown>> = [];
      for (let i = 0; i < 500 && !(list = await entries()).some((e) => e['route'] === '/public/cases/:caseNumber/rating'); i++) await new Promise((r) => setTimeout(r, 20));
      const acceptance = list.find((e) => e['route'] === '/cases' && e['method'] === 'POST');
      expect(acceptance).toMatchObject({ actor: 'admin', roles: 'admin', node: 'gz-city', status: 201 });
      expect(String(acceptance?.['summary'])).toContain('4401**********1235');
      expect(String(acceptance?.['summary'])).toContain('138****5678');
      expect(list.find((e) => e['route'] === '/cases/:caseId/approve')).toMatchObject({ actor: 'admin', target: JSON.stringify({ caseId: accepted.body.caseId }), status: 200 });
      expect(list.find((e) => e['route'] === '/public/cases/:caseNumber/rating')).toMatchObject({ actor: 'anonymous', summary: '{"code":"***","score":1}' });
      const logins = ((await as(city, admin).get('/audit?route=/auth/login&limit=200').expect(200)).body.items as Array<Record<string, unknown>>).filter((e) => e['method'] === 'POST');
      const failedLogins = logins.filter((e) => e['actor'] === 'clerk9' && e['status'] === 401);
      expect(failedLogins.length).toBe(14);
      expect(failedLogins.every((e) => String(e['summary']) === '{"username":"clerk9","password":"***"}')).toBe(true);
      expect(logins.filter((e) => e['status'] === 429).length).toBe(108);
      expect(list.some((e) => e['route'] === '/users' && e['status'] === 400)).toBe(true);
      expect((await as(city, admin).get('/audit?actor=clerk9&route=/auth').expect(200)).body.total).toBeGreaterThanOrEqual(9);

      const db = app(city);
      await expect(db.query(`UPDATE audit_log SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      expect((await entries()).length).toBe(list.length);
      // the case's events carry their actor to every node that holds the case
      expect((await as(city, admin).get(`/cases/${accepted.body.caseId}`).expect(200)).body.timeline.map((t: { actor: string }) => t.actor)).toEqual(['admin', 'admin', 'admin', 'admin', 'admin', 'applicant']);
    });

    it('reveals nothing of a case without its query code, and rate-limits the public query per address', async () => {
      const server = city.getHttpServer();
      const { caseNumber } = (await as(city, admin).get('/cases?limit=1').expect(200)).body.items[0] as { caseNumber: string };
      const wrongCode = await request(server).get(`/public/cases/${caseNumber}?code=00000000`).expect(404);
      const noCase = await request(server).get('/public/cases/440100-20260302-9999?code=00000000').expect(404);
      expect(wrongCode.body).toEqual(noCase.body);
      expect(JSON.stringify(wrongCode.body)).not.toMatch(/周|孙七|4401|1381/);
      clock.advance(61_000); // a fresh minute
      const answers: number[] = [];
      for (let i = 0; i < 21; i++) answers.push((await request(server).get(`/public/cases/${caseNumber}?code=00000000`)).status);
      expect(answers.slice(0, 20).every((s) => s === 404)).toBe(true);
      expect(answers[20]).toBe(429);
      // behind the (trusted, loopback) reverse proxy every applicant has their own limit
      await request(server).get(`/public/cases/${caseNumber}?code=00000000`).set('x-forwarded-for', '203.0.113.7').expect(404);
      await request(server).get(`/public/cases/${caseNumber}?code=00000000`).expect(429);
      clock.advance(61_000);
      await request(server).get(`/public/cases/${caseNumber}?code=00000000`).expect(404);
    });

    it('locks a case\'s public query after 10 wrong codes, like an unknown case; the window gives a new code; old 8-digit codes still work', async () => {
      const server = city.getHttpServer();
      const query = (caseNumber: string, code: string, address: string) => request(server).get(`/public/cases/${caseNumber}?code=${encodeURIComponent(code)}`).set('x-forwarded-for', address);
      const accepted = await as(city, admin).post('/cases', { implCode: 'AUD1', applicant: PERSON, outcome: 'accept' }).expect(201);
      const { caseId, caseNumber, queryCode } = accepted.body as { caseId: string; caseNumber: string; queryCode: string };
      secrets.push(queryCode, queryCode.replaceAll('-', ''));
      expect(queryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      for (const code of [queryCode, queryCode.toLowerCase(), queryCode.replaceAll('-', ''), queryCode.replaceAll('-', ' ')]) await query(caseNumber, code, '198.51.100.200').expect(200);
      expect((await query(caseNumber, 'ABCD-EFGH-JKM0', '198.51.100.200').expect(400)).body.errors).toEqual([{ field: 'code', reason: 'code must be the 12-character query code (e.g. ABCD-EFGH-JKMN) or an older 8-digit one' }]);

      const unknown = await query('440100-20260302-9998', 'ABCD-EFGH-JKMN', '198.51.100.201').expect(404);
      // ten wrong codes, each from another address (the per-address limit is not what stops them)
      for (let i = 0; i < 10; i++) expect((await query(caseNumber, 'ABCD-EFGH-JKMN', `198.51.100.${i}`).expect(404)).body).toEqual(unknown.body);
      // the eleventh, with the right code, is answered exactly like a case that does not exist; so is the rating
      expect((await query(caseNumber, queryCode, '198.51.100.77').expect(404)).body).toEqual(unknown.body);
      expect((await request(server).post(`/public/cases/${caseNumber}/rating`).set('x-forwarded-for', '198.51.100.78').send({ code: queryCode, score: 1 }).expect(404)).body).toEqual(unknown.body);
      // an unknown number is counted the same way (nine more: ten with the one above)
      for (let i = 0; i < 9; i++) await query('440100-20260302-9998', 'ABCD-EFGH-JKMN', `198.51.100.${20 + i}`).expect(404);
      const rows = (await app(city).query(`SELECT case_number, failures, locked_until FROM query_attempts WHERE case_number IN ('${caseNumber}', '440100-20260302-9998') ORDER BY case_number`)) as Array<{ case_number: string; failures: number; locked_until: string | null }>;
      expect(rows.map((r) => [r.case_number, Number(r.failures), r.locked_until !== null])).toEqual([
        [caseNumber, 10, true],
        ['440100-20260302-9998', 10, true],
      ]);
      clock.advance(59 * 60_000);
      await query(caseNumber, queryCode, '198.51.100.79').expect(404); // a right code does not end the lock early

      // the accepting window gives a new code: it works at once, the old one no longer
      await as(city, admin).post('/cases/00000000-0000-4000-8000-000000000000/query-code').expect(404);
      const reissued = await as(city, admin).post(`/cases/${caseId}/query-code`).expect(200);
      const newCode = reissued.body.queryCode as string;
      secrets.push(newCode);
      expect(reissued.body).toEqual({ caseId, caseNumber, queryCode: newCode });
      expect(newCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(newCode).not.toBe(queryCode);
      const timeline = (await query(caseNumber, newCode, '198.51.100.80').expect(200)).body.timeline as Array<{ eventName: string }>;
      expect(timeline.map((t) => t.eventName)).toContain('重新生成查询码');
      await query(caseNumber, queryCode, '198.51.100.81').expect(404);
      // a case without a number yet (补正) has nothing to query: 409, no event
      const pending = await as(city, admin).post('/cases', { implCode: 'AUD1', applicant: PERSON, outcome: 'supplement', missing: ['营业执照'] }).expect(201);
      secrets.push(pending.body.queryCode);
      await as(city, admin).post(`/cases/${pending.body.caseId}/query-code`).expect(409);
      expect((await as(city, admin).get(`/cases/${pending.body.caseId}`).expect(200)).body.timeline).toHaveLength(2);

      // a case accepted before the 12-character codes holds the hash of an 8-digit code: it still opens the case
      await city.get(CasesService).act(caseId, 'case.query_code_reissued', { queryCodeHash: hashQueryCode('12345678') }, { id: 'x', username: 'admin', roles: ['admin'], nodeId: 'gz-city', station: null });
      await query(caseNumber, '12345678', '198.51.100.82').expect(200);
      // the unknown number's lock ends after its hour
      clock.advance(2 * 60_000);
      await query('440100-20260302-9998', 'ABCD-EFGH-JKMN', '198.51.100.83').expect(404);
      expect(Number((await app(city).query(`SELECT failures FROM query_attempts WHERE case_number = '440100-20260302-9998'`))[0].failures)).toBe(1);
    });

    it('keeps every secret and every full identity or phone number out of the logs', async () => {
      // request URLs are logged: personal data put in one is masked there
      await as(city, admin).get(`/cases?applicant=${ID_NUMBER}&phone=${PHONE}`).expect(400);
      const text = logs.join('');
      expect(logs.length).toBeGreaterThan(40);
      expect(text).toContain('applicant=4401**********1235&phone=138****5678');
      expect(text).toContain('code=***');
      for (const value of [ID_NUMBER, PHONE, ...secrets]) expect(text.includes(value) ? value : null).toBeNull();
      // no 18-character resident id with a valid form anywhere
      expect(text.match(/(?<!\d)\d{17}[\dX](?!\d)/g)).toBeNull();
    });
  });

  function app(node: INestApplication): DataSource {
    return node.get(DataSource);
  }
});
