import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { sampleItem, ShiftedClock, TEST_EPOCH } from '@liandong/harness';
import { foldCase, ROLES, validateServiceItemContent, type CaseEvent } from '@liandong/shared';
import { createNodeApp, loadNodeConfig, routeDeclarations, type RouteDeclaration } from '@liandong/node';

const PASSWORD = 'Fuzz-test-pw-2026';
const PERSON = { kind: 'person', name: '周八', idNumber: '440106199001011235', phone: '13812345678' };
/** Inputs per route and node (a fixed seed keeps CI repeatable); FUZZ_RUNS and FUZZ_SEED run a longer or another search. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);

/** Strings that break careless code: SQL and HTML fragments, Chinese and emoji, control characters, a huge one. */
const NASTY = [
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(1)>',
  '政务服务中心综合受理窗口',
  '😀🚀👨‍👩‍👧‍👦',
  '\u0000\u0001\u001f',
  '../../../etc/passwd',
  '${7*7}{{7*7}}',
  '%00%ff',
  ' ',
  '',
  'x'.repeat(100_000),
];
const nastyString = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

/** Valid bodies to mutate, so the fuzz reaches past the first check of the routes that matter most. */
const TEMPLATES: Record<string, Record<string, unknown>> = {
  'POST /catalogue/items': sampleItem({ implCode: 'FUZZ2' }),
  'PUT /catalogue/items/:implCode': sampleItem({ implCode: 'FUZZ1' }),
  'POST /cases': { implCode: 'FUZZ1', applicant: PERSON, outcome: 'accept' },
  'POST /cases/drafts': { id: '0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a77', implCode: 'FUZZ1', applicant: PERSON, station: '石坑村政务服务工作站' },
  'POST /delegations': { implCode: 'FUZZ1', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2026-01-01' },
  'POST /departments': { code: 'FUZZDEPT', name: '模糊测试局' },
  'POST /users': { username: 'fuzzed', displayName: '模糊', password: PASSWORD, roles: ['window_clerk'] },
  'POST /auth/login': { username: 'admin', password: 'Wrong-password-1' },
  'POST /supervision/notices': { caseId: '00000000-0000-4000-8000-000000000000', message: '督办' },
  'PUT /calendar/years/:year': { year: 2027, holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], makeUpWorkdays: [], source: '国办发明电' },
};

/**
 * The security issue, must show 3: property-based fuzzing (fast-check) of every route of the node, the bodies built
 * from the OpenAPI schemas and from valid examples, the values wrong types, huge strings, Chinese text and emoji, SQL
 * and HTML fragments. No answer is a 5xx, what is stored afterwards is still valid, and a stored fragment comes back
 * verbatim in JSON and escaped in a printed notice.
 */
describe('fuzzing every endpoint', () => {
  let dir: string;
  const nodes: Array<{ app: INestApplication; token: string; tier: string }> = [];
  let caseId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-fuzz-'));
    for (const [tier, env] of [
      ['city', { NODE_ID: 'gz-city', REGION_CODE: '440100' }],
      ['township', { NODE_ID: 'jiekou', REGION_CODE: '440117001', PARENT_ID: 'conghua', CITY_ID: 'gz-city' }],
    ] as const) {
      const config = loadNodeConfig({ ...env, JWT_SECRET: 'fuzz-test-secret-at-least-32-characters', DATA_DIR: join(dir, tier), NATS_URL: 'nats://127.0.0.1:1', ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LOGIN_MAX_FAILURES: '100' }, tier);
      const app = await createNodeApp(config, { clock: new ShiftedClock(TEST_EPOCH) });
      const token = (await request(app.getHttpServer()).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
      nodes.push({ app, token, tier });
    }
    const city = nodes[0] as (typeof nodes)[number];
    const post = (url: string, body: object = {}) => request(city.app.getHttpServer()).post(url).set('authorization', `Bearer ${city.token}`).send(body);
    await post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
    await post('/catalogue/items', sampleItem({ implCode: 'FUZZ1', exerciseLevel: '3', name: `<script>alert("x")</script>' OR 1=1; -- 政务😀` })).expect(201);
    await post('/catalogue/items/FUZZ1/publish').expect(200);
    caseId = (await post('/cases', { implCode: 'FUZZ1', applicant: { ...PERSON, name: '<b>周八</b>' }, outcome: 'accept', received: ['个体工商户设立登记申请书', '经营者身份证明'] }).expect(201)).body.caseId;
  });

  afterAll(async () => {
    for (const node of nodes) await node.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers no request with a 5xx', async () => {
    const failures: string[] = [];
    for (const node of nodes) {
      const server = node.app.getHttpServer();
      const doc = (await request(server).get('/api/docs-json').expect(200)).body as OpenApi;
      for (const route of routeDeclarations(node.app)) {
        const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
        const bodyKeys = [...new Set([...schemaKeys(doc, operation), ...Object.keys(TEMPLATES[`${route.method} ${route.path}`] ?? {})])];
        const queryKeys = (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const input = fc.record({
          params: fc.array(fc.oneof(fc.constantFrom(caseId, 'FUZZ1', '2026', 'acceptance', 'SCJGJ'), nastyString), { minLength: 4, maxLength: 4 }),
          query: fc.dictionary(fc.constantFrom('x', ...queryKeys), nastyValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))), { maxKeys: 4 }),
          body: bodyOf(TEMPLATES[`${route.method} ${route.path}`], bodyKeys),
        });
        await fc.assert(
          fc.asyncProperty(input, async ({ params, query, body }) => {
            let i = 0;
            const url = route.path.replace(/:(\w+)/g, () => encodeURIComponent(String(params[i++ % params.length]) || '-'));
            const res = await send(server, route, node.token, url, query, body);
            // every 5xx is listed below with its input (the run goes on, so one report shows them all)
            if (res.status >= 500) failures.push(`${node.tier} ${route.method} ${url.slice(0, 120)} → ${res.status} query ${JSON.stringify(query).slice(0, 200)} body ${JSON.stringify(body).slice(0, 200)}`);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('refuses hostile shapes on every route at bounded cost, no 5xx, and audits every refused write', async () => {
    // depth 10,000; 1 MB of nesting; 100,000 elements; over the size limit; deep and long query strings (ADR 0015)
    const BODIES: Array<[string, string]> = [
      ['depth 10,000', `{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
      ['1 MB nested', `${'['.repeat(500_000)}${']'.repeat(500_000)}`],
      ['100,000 elements', `{"roles":[${Array.from({ length: 100_000 }, () => '0').join(',')}]}`],
      ['2 MB', `{"name":"${'政'.repeat(700_000)}"}`],
    ];
    // (a request line over 16 KB never reaches the app: Node answers 431, with the JSON error body, unaudited)
    const QUERIES = [`a${'[b]'.repeat(1000)}=1`, Array.from({ length: 1500 }, () => 'offset=1').join('&'), `limit=${'9'.repeat(1000)}&offset=-1`, `a=${'x'.repeat(20_000)}`];
    const failures: string[] = [];
    for (const node of nodes) {
      const server = node.app.getHttpServer();
      const db = node.app.get(DataSource);
      const audited = async (): Promise<Map<string, number>> => counts(((await db.query('SELECT method, route, status FROM audit_log')) as Array<Record<string, unknown>>).map((r) => `${String(r['method'])} ${String(r['route'])} ${String(r['status'])}`));
      const before = await audited();
      const expected: string[] = [];
      for (const route of routeDeclarations(node.app)) {
        const url = route.path.replace(/:(\w+)/g, (_, name: string) => ({ caseId, implCode: 'FUZZ1', year: '2026', kind: 'acceptance' })[name] ?? 'x1');
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
        const write = method !== 'get';
        const attempts: Array<[string, () => request.Test]> = [
          ...BODIES.flatMap(([what, body]): Array<[string, () => request.Test]> => [
            [what, () => request(server)[method](url).set('authorization', `Bearer ${node.token}`).set('content-type', 'application/json').send(body)],
            [`${what} without a token`, () => request(server)[method](url).set('content-type', 'application/json').send(body)],
          ]),
          ...QUERIES.map((query): [string, () => request.Test] => [`query ${query.slice(0, 30)}`, () => request(server)[method](`${url}?${query}`).set('authorization', `Bearer ${node.token}`)]),
        ];
        for (const [what, attempt] of attempts) {
          const res = await attempt();
          if (res.status >= 500) failures.push(`${node.tier} ${route.method} ${url} ${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          // a hostile body to a write route is refused (before validation: 400 or 413; 2 MB is within the import's 20 MB)
          if (write && BODIES.some(([name]) => what.startsWith(name)) && !(res.status >= 400 && res.status < 500)) failures.push(`${node.tier} ${route.method} ${url} ${what} → ${res.status}, not refused`);
          if (res.status >= 400 && typeof res.body?.code !== 'string') failures.push(`${node.tier} ${route.method} ${url} ${what} → ${res.status} without a code`);
          if (write && res.status !== 431) expected.push(`${route.method} ${route.path} ${res.status}`);
        }
      }
      // every write request, refused or not, reaches the audit log (written after the response)
      const want = counts(expected);
      let missing: string[] = [];
      const deadline = Date.now() + 20_000;
      do {
        const after = await audited();
        missing = [...want].filter(([key, n]) => (after.get(key) ?? 0) - (before.get(key) ?? 0) < n).map(([key, n]) => `${key} ×${n - ((after.get(key) ?? 0) - (before.get(key) ?? 0))}`);
        if (missing.length > 0) await new Promise((r) => setTimeout(r, 100));
      } while (missing.length > 0 && Date.now() < deadline);
      for (const entry of missing) failures.push(`${node.tier} not in the audit log: ${entry}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('stored nothing invalid', async () => {
    for (const node of nodes) {
      const db = node.app.get(DataSource);
      for (const row of (await db.query('SELECT impl_code, content FROM service_items')) as Array<{ impl_code: string; content: string }>) {
        const content = typeof row.content === 'string' ? JSON.parse(row.content) : row.content;
        expect([row.impl_code, validateServiceItemContent(content).ok]).toEqual([row.impl_code, true]);
      }
      for (const row of (await db.query('SELECT username, roles FROM users')) as Array<{ username: string; roles: string }>) {
        expect(row.username).toMatch(/^[A-Za-z0-9._-]{2,64}$/);
        for (const role of row.roles.split(',')) expect(ROLES).toContain(role);
      }
      for (const row of (await db.query('SELECT code FROM departments')) as Array<{ code: string }>) expect(row.code).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
      for (const row of (await db.query('SELECT case_id, state FROM cases')) as Array<{ case_id: string; state: string }>) {
        const events = ((await db.query('SELECT event_id, case_id, type, origin, hlc, actor, payload FROM case_events WHERE case_id = ?', [row.case_id])) as Array<Record<string, string>>).map(
          (e) => ({ id: e['event_id'], aggregate: e['case_id'], type: e['type'], origin: e['origin'], hlc: e['hlc'], actor: e['actor'], payload: JSON.parse(e['payload'] as string) }) as unknown as CaseEvent,
        );
        expect(JSON.parse(row.state)).toEqual(JSON.parse(JSON.stringify(foldCase(row.case_id, events))));
      }
    }
  });

  it('returns SQL and HTML fragments verbatim as data and escapes them in printed notices', async () => {
    const city = nodes[0] as (typeof nodes)[number];
    const get = (url: string) => request(city.app.getHttpServer()).get(url).set('authorization', `Bearer ${city.token}`);
    expect((await get('/catalogue/items/FUZZ1').expect(200)).body.content.name).toBe(`<script>alert("x")</script>' OR 1=1; -- 政务😀`);
    expect((await get(`/cases/${caseId}`).expect(200)).body.applicant.name).toBe('<b>周八</b>');
    const notice = (await get(`/cases/${caseId}/notices/acceptance`).expect(200)).text;
    expect(notice).not.toContain('<script>alert');
    expect(notice).not.toContain('<b>周八</b>');
    expect(notice).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; OR 1=1; -- 政务😀');
    expect(notice).toContain('&lt;b&gt;周八&lt;/b&gt;');
  });
});

function counts(keys: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  return map;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } | undefined> | undefined>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

function schemaKeys(doc: OpenApi, operation: NonNullable<NonNullable<OpenApi['paths'][string]>[string]> | undefined): string[] {
  const ref = operation?.requestBody?.content?.['application/json']?.schema?.$ref;
  if (ref === undefined) return [];
  return Object.keys(doc.components?.schemas?.[ref.split('/').pop() as string]?.properties ?? {});
}

/** A body: a valid example with fields replaced, removed or added; the known fields with odd values; or not an object at all. */
function bodyOf(template: Record<string, unknown> | undefined, keys: readonly string[]): fc.Arbitrary<unknown> {
  const named = keys.length === 0 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...keys), nastyValue, { maxKeys: keys.length });
  const mutated =
    template === undefined
      ? named
      : fc.tuple(named, fc.subarray(Object.keys(template), { maxLength: 2 }), fc.dictionary(nastyString, nastyValue, { maxKeys: 1 })).map(([changes, removed, extra]) => {
          const body: Record<string, unknown> = { ...template, ...changes, ...extra };
          for (const key of removed) delete body[key];
          return body;
        });
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 2, arbitrary: named }, { weight: 1, arbitrary: nastyValue });
}

function send(server: unknown, route: RouteDeclaration, token: string, url: string, query: Record<string, string>, body: unknown) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
  const req = request(server as Parameters<typeof request>[0])[method](url).query(query).set('authorization', `Bearer ${token}`);
  if (method === 'get') return req;
  // anything but an object goes as raw JSON text (a string, a number, null, an array of odd things)
  const raw = typeof body !== 'object' || body === null || Array.isArray(body);
  return raw ? req.set('content-type', 'application/json').send(JSON.stringify(body) ?? 'null') : req.send(body as object);
}
