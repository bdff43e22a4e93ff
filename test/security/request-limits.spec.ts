import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ShiftedClock, TEST_EPOCH } from '@liandong/harness';
import { createNodeApp, loadNodeConfig } from '@liandong/node';
import { eventually } from '../federation/federation';

const PASSWORD = 'Limits-test-pw-2026';
const SECRET = 'limits-test-secret-at-least-32-characters';

/** `depth` nested arrays around `inner`: `[[[…inner…]]]`, built as text (no recursion anywhere). */
const nested = (depth: number, inner = '1'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const arrayOf = (length: number): string => `[${Array.from({ length }, () => '"admin"').join(',')}]`;

interface AuditRow {
  actor: string;
  roles: string;
  method: string;
  route: string;
  status: number;
  summary: string;
}

/**
 * Issue 12, request limits (ADR 0015): JSON depth, array length, body size and query parameters are checked on the raw
 * request before anything parses or validates it; each refusal is a 4xx with a stable code, a Chinese message and
 * `errors: [{ field, reason }]`, stores nothing, and still reaches the audit log (with the actor of a verified token).
 * Methods a path does not offer get 405 with Allow.
 */
describe('request limits before validation', () => {
  let dir: string;
  let app: INestApplication;
  let server: Parameters<typeof request>[0];
  let db: DataSource;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-limits-'));
    const config = loadNodeConfig(
      { NODE_ID: 'gz-city', REGION_CODE: '440100', JWT_SECRET: SECRET, DATA_DIR: dir, NATS_URL: 'nats://127.0.0.1:1', ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', HTTP_JSON_MAX_DEPTH: '32', HTTP_JSON_MAX_ARRAY: '1000' },
      'city',
    );
    app = await createNodeApp(config, { clock: new ShiftedClock(TEST_EPOCH) });
    server = app.getHttpServer() as Parameters<typeof request>[0];
    db = app.get(DataSource);
    token = (await request(server).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (url: string, text: string, bearer: string | null = token) => {
    const req = request(server).post(url).set('content-type', 'application/json');
    return (bearer === null ? req : req.set('authorization', `Bearer ${bearer}`)).send(text);
  };
  const audit = async (route: string, count: number): Promise<AuditRow[]> => {
    let rows: AuditRow[] = [];
    await eventually(async () => {
      rows = (await db.query('SELECT actor, roles, method, route, status, summary FROM audit_log WHERE route = ? ORDER BY at, id', [route])) as AuditRow[];
      return rows.length >= count;
    }, 10_000, `${count} audit entries for ${route}`);
    return rows;
  };
  const departments = async (): Promise<number> => Number(((await db.query('SELECT COUNT(*) AS n FROM departments')) as Array<{ n: number }>)[0]?.n);

  it('refuses a body nested deeper than HTTP_JSON_MAX_DEPTH, even 10,000 levels to the public login, with 400 JSON_TOO_DEEP', async () => {
    for (const depth of [33, 2_500, 10_000]) {
      const res = await post('/auth/login', `{"username":${nested(depth - 1, '"admin"')},"password":"x"}`, null).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'JSON_TOO_DEEP',
        message: '请求内容嵌套层数过多 (JSON nested deeper than 32 levels)',
        errors: [{ field: 'body', reason: 'JSON nested deeper than 32 levels' }],
      });
    }
    // 1 MB of nesting: refused on the raw bytes, never parsed
    expect((await post('/auth/login', nested(500_000), null).expect(400)).body.code).toBe('JSON_TOO_DEEP');
  });

  it('lets 32 levels through to the validation, which names the field', async () => {
    const res = await post('/auth/login', `{"username":${nested(31, '"admin"')},"password":"x"}`, null).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'username' }] });
  });

  it('refuses an array longer than HTTP_JSON_MAX_ARRAY with 400 ARRAY_TOO_LONG and stores nothing', async () => {
    const users = Number(((await db.query('SELECT COUNT(*) AS n FROM users')) as Array<{ n: number }>)[0]?.n);
    const body = (roles: string) => `{"username":"limits01","displayName":"限制","password":"${PASSWORD}","roles":${roles}}`;
    const res = await post('/users', body(arrayOf(1001))).expect(400);
    expect(res.body).toMatchObject({ code: 'ARRAY_TOO_LONG', message: '请求内容中的列表过长 (array longer than 1000 elements)', errors: [{ field: 'body', reason: 'array longer than 1000 elements' }] });
    expect((await post('/users', body(arrayOf(100_000))).expect(400)).body.code).toBe('ARRAY_TOO_LONG');
    // 1,000 elements pass the limit and reach the validation (the roles are not unique)
    expect((await post('/users', body(arrayOf(1000))).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'roles' }] });
    expect(Number(((await db.query('SELECT COUNT(*) AS n FROM users')) as Array<{ n: number }>)[0]?.n)).toBe(users);
  });

  it('refuses an object with more than HTTP_JSON_MAX_ARRAY members with 400 OBJECT_TOO_LARGE, and lists at most 100 field errors', async () => {
    const members = (n: number) => Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',');
    const res = await post('/auth/login', `{${members(80_000)}}`, null).expect(400);
    expect(res.body).toMatchObject({ code: 'OBJECT_TOO_LARGE', message: '请求内容中的字段过多 (object with more than 1000 members)', errors: [{ field: 'body', reason: 'object with more than 1000 members' }] });
    // within the limit, 50 fee items of 999 unknown fields each: one answer of 100 entries, the last counting the rest
    const fees = await post('/cases/0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a77/fees', `{"items":[${Array.from({ length: 50 }, () => `{${members(999)}}`).join(',')}]}`).expect(400);
    expect(fees.body.code).toBe('VALIDATION_FAILED');
    expect(fees.body.errors).toHaveLength(100);
    expect(fees.body.errors[99]).toEqual({ field: 'body', reason: expect.stringMatching(/^and \d+ more problems$/) });
  });

  it('allows the catalogue import longer lists (20,000) and 20 MB', async () => {
    const items = `[${Array.from({ length: 1500 }, () => '{}').join(',')}]`;
    const res = await post('/catalogue/import?dryRun=true', `{"format":"liandong-catalogue","formatVersion":1,"node":"x","exportedAt":"2026-03-02T00:00:00Z","items":${items}}`);
    expect(res.body.code).not.toBe('ARRAY_TOO_LONG');
    expect(res.status).toBeLessThan(500);
    expect((await post('/catalogue/import?dryRun=true', `{"items":[${Array.from({ length: 20_001 }, () => '0').join(',')}]}`).expect(400)).body.code).toBe('ARRAY_TOO_LONG');
  });

  it('refuses a body over 1 MB with 413 BODY_TOO_LARGE, and a malformed one with 400 MALFORMED_JSON; stores nothing', async () => {
    const before = await departments();
    const big = await post('/departments', `{"code":"BIG","name":"${'x'.repeat(1024 * 1024)}"}`).expect(413);
    expect(big.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      code: 'BODY_TOO_LARGE',
      message: '请求内容过大 (request body larger than 1mb)',
      errors: [{ field: 'body', reason: 'request body larger than 1mb' }],
    });
    const bad = await post('/departments', '{"code":"BAD",').expect(400);
    expect(bad.body).toMatchObject({ code: 'MALFORMED_JSON', errors: [{ field: 'body', reason: 'malformed JSON' }] });
    expect((await post('/departments', `{"code":"DEEP","name":${nested(40, '"x"')}}`).expect(400)).body.code).toBe('JSON_TOO_DEEP');
    expect(await departments()).toBe(before);
    // within the limits the same route works
    await post('/departments', '{"code":"LIMITS","name":"限制测试局"}').expect(201);
    expect(await departments()).toBe(before + 1);
  });

  it('refuses a non-UTF-8 JSON body with 415', async () => {
    const res = await request(server).post('/departments').set('authorization', `Bearer ${token}`).set('content-type', 'application/json; charset=utf-16le').send(Buffer.from('{"code":"U16","name":"x"}', 'utf16le'));
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('bounds query strings: more than 1,000 parameters is 400 ARRAY_TOO_LONG; bracket keys stay flat and are refused as unknown', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `actor=a${i}`).join('&');
    const res = await request(server).get(`/audit?${many}`).set('authorization', `Bearer ${token}`).expect(400);
    expect(res.body).toMatchObject({ code: 'ARRAY_TOO_LONG', errors: [{ field: 'query', reason: 'more than 1000 query parameters' }] });
    const deep = `${'a'}${'[b]'.repeat(2000)}=1`;
    const flat = await request(server).get(`/audit?${deep}`).set('authorization', `Bearer ${token}`).expect(400);
    expect(flat.body.code).toBe('VALIDATION_FAILED');
    // repeated keys make an array, which the validation refuses for a single-valued parameter
    expect((await request(server).get('/audit?limit=1&limit=2').set('authorization', `Bearer ${token}`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await request(server).get('/audit?limit=2').set('authorization', `Bearer ${token}`).expect(200);
  });

  it('gives every error answer a stable code', async () => {
    expect((await request(server).get('/users').expect(401)).body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    expect((await request(server).get('/users/x/y/z').set('authorization', `Bearer ${token}`).expect(404)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await request(server).get('/catalogue/items/NOPE').set('authorization', `Bearer ${token}`).expect(404)).body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await request(server).get('/users?limit=0').set('authorization', `Bearer ${token}`).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'limit' }] });
  });

  it('answers TRACE, PROPFIND, CONNECT and a method a path does not offer with 405, Allow and a JSON body', async () => {
    // raw requests (supertest cannot send CONNECT): the app listens on a free port
    await app.listen(0, '127.0.0.1');
    const address = (app.getHttpServer() as { address(): AddressInfo | string | null }).address();
    if (address === null || typeof address !== 'object') throw new Error('not listening');
    const raw = (method: string, path: string) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: address.port, method, path }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> }));
        });
        // a CONNECT answer's body arrives as `head` and on the socket, which the server closes
        req.on('connect', (res, socket, head) => {
          let text = head.toString();
          socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
          socket.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> }));
          socket.on('end', () => socket.destroy());
        });
        req.on('error', reject);
        req.end();
      });
    const trace = await raw('TRACE', '/users');
    expect(trace.status).toBe(405);
    expect(trace.headers['allow']).toBe('GET, HEAD, POST');
    expect(trace.body).toMatchObject({ statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('不支持此请求方法') });
    expect((await raw('TRACE', '/no/such/path')).status).toBe(405);
    expect((await raw('PROPFIND', '/cases')).status).toBe(405);
    const login = await raw('GET', '/auth/login');
    expect([login.status, login.headers['allow']]).toEqual([405, 'POST']);
    const options = await request(server).options('/users').expect(204);
    expect(options.headers['allow']).toBe('GET, HEAD, POST, OPTIONS');
    await request(server).options('/no/such/path').expect(404);
    const connect = await raw('CONNECT', 'gz-city:443');
    expect([connect.status, connect.body['code']]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });

  it('writes every refused write to the audit log: route pattern, status, a bounded summary, the actor of a verified token only', async () => {
    const caseRoute = '/cases/:caseId/approve';
    await post('/cases/0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a77/approve', nested(10_000)).expect(400);
    const forged = new JwtService({ secret: 'another-secret-at-least-32-characters-long' }).sign({ sub: 'x', username: 'mallory', roles: ['admin'], node: 'gz-city', sv: 1 }, { issuer: 'gz-city', expiresIn: 600 });
    await post('/cases/0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a77/approve', nested(40), forged).expect(400);
    await post('/cases/0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a77/approve', `{"note":"${'x'.repeat(2 * 1024 * 1024)}"}`, null).expect(413);
    const rows = await audit(caseRoute, 3);
    expect(rows.map((r) => [r.actor, r.method, r.status])).toEqual([
      ['admin', 'POST', 400],
      ['anonymous', 'POST', 400],
      ['anonymous', 'POST', 413],
    ]);
    expect(rows[0]?.roles).toBe('admin');
    expect(rows[0]?.summary).toMatch(/^<refused before validation: JSON_TOO_DEEP, JSON nested deeper than 32 levels; \d+ bytes>$/);
    expect(rows[2]?.summary).toContain('BODY_TOO_LARGE');
    for (const row of rows) expect(row.summary.length).toBeLessThanOrEqual(2000);

    // a wide body within the limits is summarised, bounded and masked
    await post('/departments', `{"code":"WIDE","name":"x","extra":[${Array.from({ length: 999 }, () => '{"idNumber":"440106199001011235","password":"p"}').join(',')}]}`).expect(400);
    const wide = (await audit('/departments', 1)).find((r) => r.summary.includes('extra'));
    expect(wide?.summary.length).toBeLessThanOrEqual(2000);
    expect(wide?.summary).not.toContain('440106199001011235');
    expect(wide?.summary).not.toContain('"p"');
  });
});
