import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eachDatabase, sampleItem, type DatabaseBackend } from '@liandong/harness';
import { CatalogueRepository, createNodeApp, loadNodeConfig, type Clock } from '../src';

const PASSWORD = 'catalogue-test-pw';
/** 2026-03-02 10:00 in China. */
const clock: Clock & { set(iso: string): void } = {
  at: new Date('2026-03-02T02:00:00Z'),
  now() {
    return new Date(this.at);
  },
  set(iso: string) {
    this.at = new Date(iso);
  },
} as Clock & { at: Date; set(iso: string): void };

interface Node {
  app: INestApplication;
  admin: string;
  clerk: string;
}

async function startNode(dir: string, backend: DatabaseBackend, env: Record<string, string>, tier: 'city' | 'district' | 'township'): Promise<Node> {
  const config = loadNodeConfig(
    { ...(await backend.nodeEnv()), JWT_SECRET: 'catalogue-test-secret-at-least-32-chars', DATA_DIR: join(dir, env['NODE_ID'] ?? 'x'), NATS_URL: 'nats://127.0.0.1:1', ADMIN_PASSWORD: PASSWORD, SEED_DEMO: 'false', LOG_LEVEL: 'silent', ...env },
    tier,
  );
  const app = await createNodeApp(config, { clock });
  const admin = (await request(app.getHttpServer()).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken as string;
  await request(app.getHttpServer())
    .post('/users')
    .set('authorization', `Bearer ${admin}`)
    .send({ username: 'clerk', displayName: '窗口', password: PASSWORD, roles: ['window_clerk'] })
    .expect(201);
  const clerk = (await request(app.getHttpServer()).post('/auth/login').send({ username: 'clerk', password: PASSWORD }).expect(200)).body.accessToken as string;
  return { app, admin, clerk };
}

eachDatabase('catalogue suite', (backend) => {
describe(`catalogue, delegation and reference data over HTTP (${backend.name})`, () => {
  let dir: string;
  let city: Node;
  let district: Node;
  let township: Node;

  const as = (node: Node, token: 'admin' | 'clerk' = 'admin') => {
    const server = node.app.getHttpServer();
    const auth = { authorization: `Bearer ${node[token]}` };
    return {
      get: (url: string) => request(server).get(url).set(auth),
      post: (url: string, body?: object) => request(server).post(url).set(auth).send(body ?? {}),
      put: (url: string, body: object) => request(server).put(url).set(auth).send(body),
    };
  };
  const fieldsOf = (res: request.Response): string[] => (res.body.errors as Array<{ field: string }>).map((e) => e.field);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-catalogue-'));
    city = await startNode(dir, backend, { NODE_ID: 'gz-city', REGION_CODE: '440100' }, 'city');
    district = await startNode(dir, backend, { NODE_ID: 'conghua', REGION_CODE: '440117', PARENT_ID: 'gz-city' }, 'district');
    township = await startNode(dir, backend, { NODE_ID: 'jiekou', REGION_CODE: '440117001', PARENT_ID: 'conghua', CITY_ID: 'gz-city' }, 'township');
    for (const [node, code, name] of [
      [city, 'SCJGJ', '市市场监督管理局'],
      [city, 'SZJJ', '市住房和城乡建设局'],
      [district, 'QSCJGJ', '区市场监督管理局'],
    ] as const) {
      await as(node).post('/departments', { code, name }).expect(201);
    }
  });

  afterAll(async () => {
    for (const node of [city, district, township]) await node?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('item lifecycle at the city', () => {
    const code = '114401170069401450000201001000';

    it('creates a draft, edits it in place, publishes, and versions every later change', async () => {
      const created = await as(city).post('/catalogue/items', sampleItem()).expect(201);
      expect(created.body).toMatchObject({ implCode: code, version: 1, status: 'draft', statusName: '草稿', scope: 'all', ownerNode: 'gz-city' });

      await as(city).put(`/catalogue/items/${code}`, sampleItem({ promisedLimitDays: 5 })).expect(200);
      expect((await as(city).get(`/catalogue/items/${code}/versions`).expect(200)).body).toHaveLength(1);

      const published = await as(city).post(`/catalogue/items/${code}/publish`).expect(200);
      expect(published.body).toMatchObject({ version: 2, status: 'published' });

      const changed = await as(city).put(`/catalogue/items/${code}`, sampleItem({ promisedLimitDays: 2, name: '个体工商户设立登记（新）' })).expect(200);
      expect(changed.body).toMatchObject({ version: 3, status: 'published', content: { promisedLimitDays: 2 } });

      const old = await as(city).get(`/catalogue/items/${code}/versions/2`).expect(200);
      expect(old.body).toMatchObject({ version: 2, status: 'published', change: 'published', actor: 'admin', content: { promisedLimitDays: 5, name: '个体工商户设立登记' } });

      const same = await as(city).put(`/catalogue/items/${code}`, sampleItem({ promisedLimitDays: 2, name: '个体工商户设立登记（新）' })).expect(200);
      expect(same.body.version).toBe(3);

      await as(city).post(`/catalogue/items/${code}/suspend`).expect(200);
      await as(city).post(`/catalogue/items/${code}/resume`).expect(200);
      const cancelled = await as(city).post(`/catalogue/items/${code}/cancel`).expect(200);
      expect(cancelled.body).toMatchObject({ version: 6, status: 'cancelled', statusName: '已取消' });

      const versions = (await as(city).get(`/catalogue/items/${code}/versions`).expect(200)).body as Array<{ version: number; change: string }>;
      expect(versions.map((v) => `${v.version}:${v.change}`)).toEqual(['1:updated', '2:published', '3:updated', '4:suspended', '5:resumed', '6:cancelled']);
    });

    it('never changes a cancelled item and refuses impossible transitions with 409', async () => {
      await as(city).put(`/catalogue/items/${code}`, sampleItem()).expect(409);
      await as(city).post(`/catalogue/items/${code}/publish`).expect(409);
      await as(city).post(`/catalogue/items/${code}/resume`).expect(409);
      expect((await as(city).get(`/catalogue/items/${code}`).expect(200)).body.version).toBe(6);
    });

    it('refuses a second item with the same implCode', async () => {
      await as(city).post('/catalogue/items', sampleItem()).expect(409);
    });
  });

  describe('bad input', () => {
    it('names every invalid field with its reason and saves nothing', async () => {
      const res = await as(city)
        .post('/catalogue/items', sampleItem({ implCode: 'NEW1', name: '', statutoryLimitDays: -1, materials: [{ name: '身份证' }], handlingForms: ['9'] }))
        .expect(400);
      expect(fieldsOf(res)).toEqual(expect.arrayContaining(['name', 'statutoryLimitDays', 'materials[0].required', 'handlingForms[0]']));
      expect(res.body.message).toContain('statutoryLimitDays: must be from 0 to 720 (got -1)');
      await as(city).get('/catalogue/items/NEW1').expect(404);
    });

    it('refuses an unknown department and a path that disagrees with the body', async () => {
      const res = await as(city).post('/catalogue/items', sampleItem({ implCode: 'NEW2', handlingDepartment: 'NOPE', coDepartments: ['SZJJ', 'GONE'] })).expect(400);
      expect(res.body.errors).toEqual([
        { field: 'handlingDepartment', reason: 'is not an active department of this node (NOPE)' },
        { field: 'coDepartments[1]', reason: 'is not an active department of this node (GONE)' },
      ]);
      await as(city).post('/catalogue/items', sampleItem({ implCode: 'NEW2' })).expect(201);
      const mismatch = await as(city).put('/catalogue/items/NEW2', sampleItem({ implCode: 'OTHER' })).expect(400);
      expect(mismatch.body.errors).toEqual([{ field: 'implCode', reason: 'must equal the item being changed (NEW2)' }]);
    });

    it.each(['[]', '"text"', '{"baseCode":'])('answers body %s with a 400', async (raw) => {
      const res = await request(city.app.getHttpServer()).post('/catalogue/items').set('authorization', `Bearer ${city.admin}`).set('content-type', 'application/json').send(raw);
      expect(res.status).toBe(400);
    });

    it('answers an unknown code with 404 and a bad version number with 400', async () => {
      await as(city).get('/catalogue/items/NOSUCHCODE').expect(404);
      await as(city).put('/catalogue/items/NOSUCHCODE', sampleItem({ implCode: 'NOSUCHCODE' })).expect(404);
      await as(city).post('/catalogue/items/NOSUCHCODE/publish').expect(404);
      const res = await as(city).get('/catalogue/items/NEW2/versions/latest').expect(400);
      expect(fieldsOf(res)).toEqual(['version']);
    });

    it('lets a window clerk read but not write', async () => {
      await as(city, 'clerk').get('/catalogue/items').expect(200);
      await as(city, 'clerk').post('/catalogue/items', sampleItem({ implCode: 'CLERK1' })).expect(403);
      await as(city, 'clerk').post('/catalogue/items/NEW2/publish').expect(403);
    });
  });

  describe('ownership across tiers', () => {
    it('gives district items the district scope', async () => {
      const res = await as(district).post('/catalogue/items', sampleItem({ implCode: 'D1', handlingDepartment: 'QSCJGJ' })).expect(201);
      expect(res.body).toMatchObject({ scope: '440117', ownerNode: 'conghua' });
    });

    it("answers 403 when a district writes a city item it holds (as replicated)", async () => {
      const replicated = await city.app.get(CatalogueRepository).find('NEW2');
      await district.app.get(CatalogueRepository).save(replicated!, {
        implCode: 'NEW2', version: replicated!.version, status: replicated!.status, change: 'created', content: replicated!.content, actor: 'admin', changedAt: replicated!.updatedAt,
      }, { manager: district.app.get(DataSource).manager });
      await as(district).get('/catalogue/items/NEW2').expect(200);
      const res = await as(district).put('/catalogue/items/NEW2', sampleItem({ implCode: 'NEW2', handlingDepartment: 'QSCJGJ' })).expect(403);
      expect(res.body.message).toContain('gz-city');
      await as(district).post('/catalogue/items/NEW2/suspend').expect(403);
    });

    it('does not let a township own items', async () => {
      await as(township).post('/departments', { code: 'SHSWB', name: '社会事务办' }).expect(201);
      await as(township).post('/catalogue/items', sampleItem({ implCode: 'T1', handlingDepartment: 'SHSWB' })).expect(403);
    });
  });

  describe('window search', () => {
    beforeAll(async () => {
      const items = [
        sampleItem({ implCode: 'S1', baseCode: '000101001000', name: '住房公积金提取', itemType: '05', handlingDepartment: 'SZJJ' }),
        sampleItem({ implCode: 'S2', baseCode: '000101002000', name: '住房公积金缴存基数调整', itemType: '20', handlingDepartment: 'SZJJ' }),
        sampleItem({ implCode: 'S3', baseCode: '000301001000', name: '建设工程规划许可', itemType: '01', handlingDepartment: 'SCJGJ' }),
      ];
      for (const item of items) await as(city).post('/catalogue/items', item).expect(201);
    });

    it('finds by Chinese name substring, code, type and department, paginated', async () => {
      const byName = await as(city).get(`/catalogue/items?q=${encodeURIComponent('公积金')}`).expect(200);
      expect(byName.body.items.map((i: { implCode: string }) => i.implCode)).toEqual(['S1', 'S2']);
      expect((await as(city).get('/catalogue/items?code=000301001000').expect(200)).body.items.map((i: { implCode: string }) => i.implCode)).toEqual(['S3']);
      expect((await as(city).get('/catalogue/items?itemType=05').expect(200)).body.total).toBe(1);
      expect((await as(city).get('/catalogue/items?department=SZJJ').expect(200)).body.total).toBe(2);
      const page = await as(city).get('/catalogue/items?limit=2&offset=1').expect(200);
      expect(page.body).toMatchObject({ offset: 1, limit: 2 });
      expect(page.body.items).toHaveLength(2);
      expect(page.body.total).toBe(5);
      await as(city).get('/catalogue/items?limit=0').expect(400);
      await as(city).get('/catalogue/items?status=deleted').expect(400);
    });

    it('treats LIKE wildcards in a search as plain text', async () => {
      expect((await as(city).get('/catalogue/items?q=%25').expect(200)).body.total).toBe(0);
    });
  });

  describe('delegation', () => {
    let grantId: string;

    beforeAll(async () => {
      await as(city).post('/catalogue/items/S1/publish').expect(200);
      await as(city).post('/catalogue/items', sampleItem({ implCode: 'IMM5', name: '生育登记', caseKind: 'immediate', promisedLimitDays: 0, exerciseLevel: '5' })).expect(201);
      await as(city).post('/catalogue/items/IMM5/publish').expect(200);
    });

    it('grants an item to one township and shows it in that township’s "may decide" view only', async () => {
      const res = await as(city).post('/delegations', { implCode: 'S1', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2026-03-01' }).expect(201);
      expect(res.body).toMatchObject({ implCode: 'S1', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, status: 'active', version: 1 });
      grantId = res.body.id;

      const mine = await as(city).get('/catalogue/decidable?township=440117001').expect(200);
      expect(mine.body.items.map((i: { implCode: string }) => i.implCode).sort()).toEqual(['IMM5', 'S1']);
      const other = await as(city).get('/catalogue/decidable?township=440117100').expect(200);
      expect(other.body.items.map((i: { implCode: string }) => i.implCode)).toEqual(['IMM5']);
    });

    it('does not count a delegation before its effective date', async () => {
      await as(city).post('/delegations', { implCode: 'S1', mode: 'devolved', target: { kind: 'township', regionCode: '440117100' }, effectiveFrom: '2026-04-01' }).expect(201);
      expect((await as(city).get('/catalogue/decidable?township=440117100').expect(200)).body.total).toBe(1);
      clock.set('2026-04-01T01:00:00Z');
      expect((await as(city).get('/catalogue/decidable?township=440117100').expect(200)).body.total).toBe(2);
      clock.set('2026-03-02T02:00:00Z');
    });

    it('refuses duplicates, drafts, bad targets and other owners', async () => {
      await as(city).post('/delegations', { implCode: 'S1', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2026-03-01' }).expect(409);
      await as(city).post('/delegations', { implCode: 'S2', mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2026-03-01' }).expect(409);
      const bad = await as(city).post('/delegations', { implCode: 'S1', mode: 'moved', target: { kind: 'township', regionCode: '440117' }, effectiveFrom: '2026-02-30' }).expect(400);
      expect(fieldsOf(bad)).toEqual(['mode']);
      const target = await as(city).post('/delegations', { implCode: 'S1', mode: 'entrusted', target: { kind: 'township', regionCode: '440117' }, effectiveFrom: '2026-02-30' }).expect(400);
      expect(target.body.errors).toEqual([
        { field: 'target.regionCode', reason: 'must be the 9-digit region code of a township' },
        { field: 'effectiveFrom', reason: 'day must be from 01 to 28 in 2026-02, got 30' },
      ]);
      const outside = await as(city).post('/delegations', { implCode: 'S1', mode: 'entrusted', target: { kind: 'district', regionCode: '450117' }, effectiveFrom: '2026-03-01' }).expect(400);
      expect(outside.body.errors).toEqual([{ field: 'target.regionCode', reason: "450117 is not within this node's region 440100" }]);
      await as(district).post('/catalogue/items/D1/publish').expect(200);
      const foreign = await as(district).post('/delegations', { implCode: 'D1', mode: 'devolved', target: { kind: 'township', regionCode: '440118001' }, effectiveFrom: '2026-03-01' }).expect(400);
      expect(foreign.body.errors[0].field).toBe('target.regionCode');
      await as(district).post('/delegations', { implCode: 'D1', mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2026-03-01' }).expect(400);
      await as(district).post('/delegations', { implCode: 'NEW2', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2026-03-01' }).expect(403);
      await as(city, 'clerk').post('/delegations', { implCode: 'S1', mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2026-03-01' }).expect(403);
    });

    it('revokes, keeps the history, and drops the item from the view', async () => {
      const revoked = await as(city).post(`/delegations/${grantId}/revoke`).expect(200);
      expect(revoked.body).toMatchObject({ status: 'revoked', version: 2 });
      expect(revoked.body.revokedAt).toBe('2026-03-02T02:00:00.000Z');
      const history = await as(city).get(`/delegations/${grantId}/versions`).expect(200);
      expect(history.body.map((v: { change: string; delegation: { status: string } }) => `${v.change}:${v.delegation.status}`)).toEqual(['granted:active', 'revoked:revoked']);
      expect((await as(city).get('/catalogue/decidable?township=440117001').expect(200)).body.items.map((i: { implCode: string }) => i.implCode)).toEqual(['IMM5']);
      await as(city).post(`/delegations/${grantId}/revoke`).expect(409);
      expect((await as(city).get('/delegations?implCode=S1&status=revoked').expect(200)).body).toHaveLength(1);
    });

    it('needs a township on a city node and defaults to itself on a township', async () => {
      const res = await as(city).get('/catalogue/decidable').expect(400);
      expect(fieldsOf(res)).toEqual(['township']);
      await as(township).get('/catalogue/decidable').expect(200);
    });
  });

  describe('holiday calendar', () => {
    it('computes due dates in working days with the official notices', async () => {
      const res = await as(city, 'clerk').get('/calendar/due-date?from=2026-02-13&days=3').expect(200);
      expect(res.body).toEqual({ from: '2026-02-13', days: 3, due: '2026-02-25' });
      expect((await as(township).get('/calendar/years').expect(200)).body.map((y: { year: number }) => y.year)).toEqual([2024, 2025, 2026]);
    });

    it('refuses a deadline past the data instead of guessing', async () => {
      const res = await as(city).get('/calendar/due-date?from=2026-12-28&days=10').expect(400);
      expect(res.body.errors).toEqual([{ field: 'days', reason: 'no calendar data for 2027 (calendar covers 2024–2026)' }]);
    });

    it('lets a city admin add the next year, and nobody else', async () => {
      const year2027 = { year: 2027, holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], makeUpWorkdays: [], source: '测试数据' };
      await as(district).put('/calendar/years/2027', year2027).expect(403);
      await as(city, 'clerk').put('/calendar/years/2027', year2027).expect(403);
      const gap = await as(city).put('/calendar/years/2029', { ...year2027, year: 2029, holidays: [{ name: '元旦', from: '2029-01-01', to: '2029-01-01' }] }).expect(400);
      expect(gap.body.errors[0].reason).toContain('contiguous');
      const bad = await as(city).put('/calendar/years/2027', { ...year2027, makeUpWorkdays: ['2027-01-04'] }).expect(400);
      expect(fieldsOf(bad)).toEqual(['makeUpWorkdays[0]']);
      await as(city).put('/calendar/years/2027', year2027).expect(200);
      expect((await as(city).get('/calendar/due-date?from=2026-12-28&days=10').expect(200)).body.due).toBe('2027-01-12');
    });
  });
});
});
