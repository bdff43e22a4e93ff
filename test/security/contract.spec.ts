import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import Ajv, { type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import request from 'supertest';
import { sampleItem, ShiftedClock, TEST_EPOCH } from '@liandong/harness';
import { ROLES, type Tier } from '@liandong/shared';
import { createNodeApp, loadNodeConfig } from '@liandong/node';

const PASSWORD = 'Contract-test-pw-2026';
const SEED = 20261202;
const PERSON = { kind: 'person', name: '周八', idNumber: '440106199001011235', phone: '13812345678' };

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  allOf?: Schema[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * Valid bodies for operations whose rules the schema cannot hold (the catalogue item is checked by libs/shared's
 * validator, documented as an object; a calendar year's dates must fall in that year): sampled bodies would be
 * refused for reasons the document names only in words.
 */
const TEMPLATES: Record<string, unknown> = {
  CatalogueController_create: sampleItem({ implCode: 'CONTRACT2' }),
  CatalogueController_update: sampleItem({ implCode: 'CONTRACT1' }),
  ReferenceController_putYear: { year: 2027, holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], makeUpWorkdays: [], source: '国办发明电' },
  CatalogueTransferController_import: { format: 'liandong-catalogue', formatVersion: 1, node: 'gz-city', exportedAt: '2026-03-02T00:00:00.000Z', items: [] },
  CasesController_accept: { implCode: 'CONTRACT1', applicant: PERSON, outcome: 'accept', received: ['个体工商户设立登记申请书', '经营者身份证明'] },
  // the password rule (two kinds of characters, not the user name) is in the description, not a pattern
  UsersController_create: { username: 'contract.new', displayName: '新用户', password: PASSWORD, roles: ['window_clerk'] },
  AuthController_changePassword: { currentPassword: PASSWORD, newPassword: 'Contract-new-pw-2027' },
  // the target's region code must be a township's (9 digits) or a district's (6), by its kind
  // centre staff name the village station a draft comes from (a village assistant's is their own)
  CasesController_draft: { id: '0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a77', implCode: 'CONTRACT1', applicant: PERSON, station: '石坑村政务服务工作站' },
  DelegationController_grant: { implCode: 'CONTRACT1', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2026-01-01' },
};

/** Query parameters a tier requires (documented in words): the city and a district name the township. */
const QUERY_TEMPLATES: Record<string, Record<string, string>> = {
  DelegationController_decidable: { township: '440117001' },
};

/** Changing the password ends the token's session: that operation runs last on each node. */
const LAST = 'AuthController_changePassword';

/**
 * Issue 12, must show 5 (contract half): on a city, a district and a township node, every operation of
 * `/api/docs-json` is called with requests generated from its schema, valid and invalid (a required field missing,
 * a wrong type, a value outside a documented range, an unknown field), with and without a token. Every answer's
 * status is one the document lists for the operation, its body validates against the documented schema, a valid
 * request is not refused as invalid, and an invalid one never succeeds.
 */
describe('the OpenAPI document is the contract', () => {
  let dir: string;
  const nodes: Array<{ tier: Tier; app: INestApplication; token: string; doc: OpenApi; ids: Record<string, string> }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-contract-'));
    for (const [tier, env] of [
      ['city', { NODE_ID: 'gz-city', REGION_CODE: '440100' }],
      ['district', { NODE_ID: 'conghua', REGION_CODE: '440117', PARENT_ID: 'gz-city' }],
      ['township', { NODE_ID: 'jiekou', REGION_CODE: '440117001', PARENT_ID: 'conghua', CITY_ID: 'gz-city' }],
    ] as const) {
      const config = loadNodeConfig({ ...env, JWT_SECRET: 'contract-test-secret-at-least-32-characters', DATA_DIR: join(dir, tier), NATS_URL: 'nats://127.0.0.1:1', ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', LOGIN_MAX_FAILURES: '100' }, tier);
      const app = await createNodeApp(config, { clock: new ShiftedClock(TEST_EPOCH) });
      const server = app.getHttpServer() as Parameters<typeof request>[0];
      const admin = (await request(server).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
      // one user with every staff role, so that the guard lets the request reach the validation
      await request(server)
        .post('/users')
        .set('authorization', `Bearer ${admin}`)
        .send({ username: 'contract.all', displayName: '契约测试', password: PASSWORD, roles: ROLES.filter((r) => r !== 'village_assistant') })
        .expect(201);
      const token = (await request(server).post('/auth/login').send({ username: 'contract.all', password: PASSWORD }).expect(200)).body.accessToken as string;
      const post = (url: string, body: object = {}) => request(server).post(url).set('authorization', `Bearer ${token}`).send(body);
      const ids: Record<string, string> = { year: '2027', kind: 'acceptance', version: '1' };
      if (tier !== 'township') {
        await post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
        ids['code'] = 'SCJGJ';
        await post('/catalogue/items', sampleItem({ implCode: 'CONTRACT1', exerciseLevel: tier === 'city' ? '3' : '4' })).expect(201);
        await post('/catalogue/items/CONTRACT1/publish').expect(200);
        ids['implCode'] = 'CONTRACT1';
        const accepted = await post('/cases', TEMPLATES['CasesController_accept'] as object).expect(201);
        ids['caseId'] = accepted.body.caseId as string;
        ids['caseNumber'] = accepted.body.caseNumber as string;
      }
      const doc = (await request(server).get('/api/docs-json').expect(200)).body as OpenApi;
      nodes.push({ tier, app, token, doc, ids });
    }
  }, 120_000);

  afterAll(async () => {
    for (const node of nodes) await node.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('types paging parameters as bounded integers and documents every operation’s error answers with the error body', () => {
    for (const { doc } of nodes) {
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          for (const p of operation.parameters ?? []) {
            if (p.name === 'offset' || p.name === 'limit') expect([path, p.name, p.schema?.type, typeof p.schema?.minimum, typeof p.schema?.maximum]).toEqual([path, p.name, 'integer', 'number', 'number']);
          }
          const names = (operation.parameters ?? []).map((p) => `${p.in}:${p.name}`);
          expect([path, method, names]).toEqual([path, method, [...new Set(names)]]);
          const statuses = Object.keys(operation.responses);
          expect([method, path, statuses.includes('400')]).toEqual([method, path, true]);
          if (operation.operationId !== 'HealthController_check' && operation.operationId !== 'MetricsController_scrape' && !path.startsWith('/public') && path !== '/auth/login') {
            expect([method, path, statuses.includes('401')]).toEqual([method, path, true]);
          }
          if (path.includes('{')) expect([method, path, statuses.includes('404')]).toEqual([method, path, true]);
          for (const status of statuses.filter((s) => Number(s) >= 400)) {
            expect(operation.responses[status]?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
          }
        }
      }
      // constraints the server checks are in the schema
      expect(doc.components.schemas['CreateUserDto']?.properties?.['roles']).toMatchObject({ minItems: 1, uniqueItems: true });
      expect(doc.components.schemas['CreateUserDto']?.properties?.['username']).toMatchObject({ pattern: '^[A-Za-z0-9._-]{2,64}$' });
      expect(doc.components.schemas['LoginDto']?.properties?.['username']).toMatchObject({ minLength: 1, maxLength: 64 });
      // no example names a real (demo) account
      const examples = JSON.stringify(doc).match(/"example":"[^"]*"/g) ?? [];
      for (const name of ['admin', 'clerk', 'approver', 'assistant', 'supervisor']) expect(examples).not.toContain(`"example":"${name}"`);
      expect(JSON.stringify(doc)).not.toContain('"#/components/schemas/Object"');
    }
  });

  it('answers every operation, on every tier, as documented, with valid and invalid requests, with and without a token', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const node of nodes) {
      const server = node.app.getHttpServer() as Parameters<typeof request>[0];
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
      const validators = new Map<string, ValidateFunction>();
      const validatorFor = (schema: Schema): ValidateFunction => {
        const key = JSON.stringify(schema);
        let validate = validators.get(key);
        if (validate === undefined) {
          validate = ajv.compile({ ...schema, components: node.doc.components });
          validators.set(key, validate);
        }
        return validate;
      };
      const operations = Object.entries(node.doc.paths)
        .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })))
        .sort((a, b) => Number(a.operation.operationId === LAST) - Number(b.operation.operationId === LAST));
      {
        for (const { path, method, operation } of operations) {
          const where = `${node.tier} ${method.toUpperCase()} ${path}`;
          const call = async (what: string, input: RequestInput, token: string | null, expectation: (status: number) => string | null): Promise<number> => {
            calls++;
            const res = await send(server, method, input, token);
            const documented = operation.responses[String(res.status)];
            if (documented === undefined) {
              failures.push(`${where} ${what}: ${res.status} not documented (${Object.keys(operation.responses).join(',')}) ${JSON.stringify(res.body).slice(0, 200)}`);
              return res.status;
            }
            if (res.status >= 400 && !(res.headers['content-type'] ?? '').startsWith('application/json')) failures.push(`${where} ${what}: ${res.status} answered as ${res.headers['content-type']}, not JSON`);
            const schema = documented.content?.['application/json']?.schema;
            if (schema !== undefined && (res.headers['content-type'] ?? '').startsWith('application/json')) {
              const validate = validatorFor(schema);
              if (!validate(res.body)) failures.push(`${where} ${what}: ${res.status} body does not match its schema: ${ajv.errorsText(validate.errors)} ${JSON.stringify(res.body).slice(0, 200)}`);
            }
            const problem = expectation(res.status);
            if (problem !== null) failures.push(`${where} ${what}: ${problem} ${JSON.stringify(res.body).slice(0, 300)}`);
            return res.status;
          };
          const valid = validRequest(node.doc, path, operation, node.ids);
          const sendValid = async (): Promise<number> => {
            const status = await call('valid', valid, node.token, (s) => (s === 400 ? 'a valid request got 400' : s >= 500 ? `got ${s}` : null));
            const isPublic = operation.responses['401'] === undefined;
            await call('no token', valid, null, (s) => (!isPublic && s !== 401 ? `got ${s} instead of 401` : s >= 500 ? `got ${s}` : null));
            return status;
          };
          // the password change ends the session: its invalid requests go first
          const validStatus = operation.operationId === LAST ? null : await sendValid();
          for (const [what, input] of invalidRequests(node.doc, operation, valid)) {
            // invalid: 400, unless the guard refused the valid request already (403 on a tier that does not offer the route)
            const expected = validStatus === 403 ? [400, 403] : [400];
            await call(what, input, node.token, (s) => (expected.includes(s) ? null : `an invalid request got ${s}, not ${expected.join(' or ')}`));
          }
          if (validStatus === null) await sendValid();
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(400);
  }, 120_000);
});

interface RequestInput {
  url: string;
  query: Record<string, unknown>;
  body: unknown;
}

function send(server: Parameters<typeof request>[0], method: string, input: RequestInput, token: string | null) {
  const agent = request(server);
  const req = (agent as unknown as Record<string, (url: string) => request.Test>)[method]?.(input.url);
  if (req === undefined) throw new Error(`method ${method}`);
  req.query(input.query as Record<string, string>);
  if (token !== null) req.set('authorization', `Bearer ${token}`);
  return input.body === undefined ? req : req.set('content-type', 'application/json').send(JSON.stringify(input.body));
}

function resolve(doc: OpenApi, schema: Schema | undefined): Schema {
  if (schema === undefined) return {};
  if (schema.$ref !== undefined) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop() as string]);
  if (schema.allOf?.length === 1) return resolve(doc, schema.allOf[0]);
  return schema;
}

function bodySchema(doc: OpenApi, operation: Operation): Schema | null {
  const schema = operation.requestBody?.content['application/json']?.schema;
  return schema === undefined ? null : resolve(doc, schema);
}

/** A value the schema allows: its example when the example keeps the constraints, else the smallest it takes. */
function sample(doc: OpenApi, raw: Schema | undefined, seed = SEED): unknown {
  const schema = resolve(doc, raw);
  if (schema.enum !== undefined) return schema.enum[0];
  if (schema['default'] !== undefined) return schema['default'];
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
      return typeof schema['example'] === 'number' && schema['example'] >= min ? schema['example'] : min;
    }
    case 'boolean':
      return false;
    case 'string': {
      const example = schema['example'];
      if (typeof example === 'string' && keeps(schema, example)) return example;
      if (schema['format'] === 'uuid') return '0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a77';
      if (schema['format'] === 'date') return '2026-03-02';
      if (typeof schema['pattern'] === 'string') {
        const pattern = new RegExp(schema['pattern'] as string);
        return fc.sample(fc.stringMatching(pattern).filter((s) => keeps(schema, s)), { numRuns: 1, seed })[0];
      }
      return '契约'.padEnd(Math.max(2, Number(schema['minLength'] ?? 2)), '测').slice(0, Number(schema['maxLength'] ?? 100));
    }
    case 'array': {
      const items = resolve(doc, schema.items);
      const count = Number(schema['minItems'] ?? 0);
      if (items.enum !== undefined) return items.enum.slice(0, Math.max(count, 1));
      return Array.from({ length: count }, (_, i) => sample(doc, items, seed + i));
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(doc, schema.properties?.[key], seed);
      return out;
    }
  }
}

function keeps(schema: Schema, value: string): boolean {
  const min = Number(schema['minLength'] ?? 0);
  const max = Number(schema['maxLength'] ?? Infinity);
  const pattern = typeof schema['pattern'] === 'string' ? new RegExp(schema['pattern'] as string) : null;
  return value.length >= min && value.length <= max && (pattern === null || pattern.test(value));
}

function validRequest(doc: OpenApi, path: string, operation: Operation, ids: Record<string, string>): RequestInput {
  const params = operation.parameters ?? [];
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? String(sample(doc, params.find((p) => p.name === name)?.schema))));
  const query: Record<string, unknown> = {};
  for (const p of params) if (p.in === 'query' && p.required === true) query[p.name] = sample(doc, p.schema);
  Object.assign(query, QUERY_TEMPLATES[operation.operationId] ?? {});
  const template = TEMPLATES[operation.operationId];
  const schema = bodySchema(doc, operation);
  const body = template !== undefined ? structuredClone(template) : schema === null ? undefined : sample(doc, schema);
  return { url, query, body };
}

/** A value of the wrong type for `schema`. */
function wrongType(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'maybe';
    case 'array':
      return 'not-an-array';
    default:
      return 'not-an-object';
  }
}

/** A value outside a documented range of `schema`, or undefined when it documents none. */
function outOfRange(schema: Schema): unknown {
  if (schema.enum !== undefined) return '__not_in_enum__';
  if (typeof schema['maximum'] === 'number') return (schema['maximum'] as number) + 1;
  if (typeof schema['minimum'] === 'number') return (schema['minimum'] as number) - 1;
  if (typeof schema['maxLength'] === 'number') return 'x'.repeat((schema['maxLength'] as number) + 1);
  if (typeof schema['minLength'] === 'number' && (schema['minLength'] as number) > 0) return '';
  if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'] as string).test('\u0000!')) return '\u0000!';
  if (typeof schema['maxItems'] === 'number') return Array.from({ length: (schema['maxItems'] as number) + 1 }, () => 'x');
  return undefined;
}

function invalidRequests(doc: OpenApi, operation: Operation, valid: RequestInput): Array<[string, RequestInput]> {
  const out: Array<[string, RequestInput]> = [];
  const schema = bodySchema(doc, operation);
  const body = valid.body as Record<string, unknown> | undefined;
  if (schema !== null && schema.properties !== undefined && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const required = schema.required ?? [];
    if (required[0] !== undefined) {
      const missing = { ...body };
      delete missing[required[0]];
      out.push([`body without ${required[0]}`, { ...valid, body: missing }]);
    }
    for (const [key, property] of Object.entries(schema.properties)) {
      const resolved = resolve(doc, property);
      out.push([`body ${key} of a wrong type`, { ...valid, body: { ...body, [key]: wrongType(resolved) } }]);
      const outside = outOfRange(resolved);
      if (outside !== undefined) out.push([`body ${key} out of range`, { ...valid, body: { ...body, [key]: outside } }]);
    }
    out.push(['body with an unknown field', { ...valid, body: { ...body, unknownField: 1 } }]);
  }
  for (const p of operation.parameters ?? []) {
    if (p.in !== 'query' || p.schema === undefined) continue;
    const resolved = resolve(doc, p.schema);
    if (resolved.type !== 'string') out.push([`query ${p.name} of a wrong type`, { ...valid, query: { ...valid.query, [p.name]: wrongType(resolved) } }]);
    const outside = outOfRange(resolved);
    if (outside !== undefined && !Array.isArray(outside)) out.push([`query ${p.name} out of range`, { ...valid, query: { ...valid.query, [p.name]: outside } }]);
  }
  if ((operation.parameters ?? []).some((p) => p.in === 'query')) out.push(['query with an unknown parameter', { ...valid, query: { ...valid.query, unknownParameter: '1' } }]);
  return out;
}
