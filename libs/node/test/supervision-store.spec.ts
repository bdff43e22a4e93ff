import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { binaryBody, eachDatabase, ManualClock, sampleItem } from '@liandong/harness';
import { createNodeApp, loadNodeConfig } from '../src';

const PASSWORD = 'supervision-test-pw';
const PERSON = { kind: 'person', name: '赵六', idNumber: '440106199001011235', phone: '13812345678' };

/** One storage contract for supervision and statistics, run unchanged on SQLite and PostgreSQL (STYLE.md 13). */
eachDatabase('supervision suite', (backend) => {
  describe(`supervision and statistics storage (${backend.name})`, () => {
    const clock = new ManualClock('2026-03-02T01:00:00Z'); // Monday 09:00 in China
    let dir: string;
    let app: INestApplication;
    let token: string;
    const get = (url: string) => request(app.getHttpServer()).get(url).set('authorization', `Bearer ${token}`);
    const post = (url: string, body: object = {}) => request(app.getHttpServer()).post(url).set('authorization', `Bearer ${token}`).send(body);
    const checkedNow = async (): Promise<void> => {
      const at = clock.now().toISOString();
      for (let i = 0; i < 200 && (await get('/supervision/status').expect(200)).body.lastCheck?.at !== at; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await get('/supervision/status').expect(200)).body.lastCheck.at).toBe(at);
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'liandong-supervision-'));
      const env: Record<string, string> = {
        NODE_ID: 'gz-city',
        REGION_CODE: '440100',
        JWT_SECRET: 'supervision-test-secret-at-least-32-chars',
        DATA_DIR: dir,
        NATS_URL: 'nats://127.0.0.1:1',
        ADMIN_PASSWORD: PASSWORD,
        LOG_LEVEL: 'silent',
        SUPERVISION_INTERVAL_SECONDS: '1',
        ...(await backend.nodeEnv()),
      };
      app = await createNodeApp(loadNodeConfig(env, 'city'), { clock });
      token = (await request(app.getHttpServer()).post('/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).body.accessToken;
      await post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
      await post('/departments', { code: 'SRSJ', name: '市人力资源和社会保障局' }).expect(201);
      for (const [implCode, department] of [['A1', 'SCJGJ'], ['B1', 'SRSJ']]) {
        await post('/catalogue/items', sampleItem({ implCode, handlingDepartment: department, exerciseLevel: '3', materials: [] })).expect(201);
        await post(`/catalogue/items/${implCode}/publish`).expect(200);
      }
    });

    afterAll(async () => {
      await app?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('issues cards for its own cases once, counts them by node, department and month, and reports statistics', async () => {
      const a = (await post('/cases', { implCode: 'A1', applicant: PERSON, outcome: 'accept' }).expect(201)).body;
      const b = (await post('/cases', { implCode: 'B1', applicant: PERSON, outcome: 'accept', channel: 'online' }).expect(201)).body;
      expect([a.dueDate, b.dueDate]).toEqual(['2026-03-05', '2026-03-05']);
      await post('/cases', { implCode: 'B1', applicant: PERSON, outcome: 'refuse', reason: '不符合受理条件', legalBasis: '《行政许可法》第三十二条' }).expect(201);

      clock.set('2026-03-04');
      await checkedNow();
      expect((await get('/supervision/cards').expect(200)).body.total).toBe(2);
      clock.set('2026-03-06');
      await checkedNow();
      await post(`/cases/${a.caseId}/approve`, { reason: '符合法定条件' }).expect(200);
      await post(`/cases/${a.caseId}/issue`, { method: 'window' }).expect(200);
      clock.set('2026-03-24'); // 15 working days after 03-02 end on 03-23
      await checkedNow();

      const cards = (await get('/supervision/cards?limit=200').expect(200)).body;
      expect(cards.items.map((c: { caseId: string; kind: string }) => `${c.caseId === a.caseId ? 'a' : 'b'}:${c.kind}`).sort()).toEqual(['a:notice', 'a:yellow', 'b:notice', 'b:red', 'b:yellow']);
      expect((await get('/supervision/cards?kind=red&department=SRSJ&from=2026-03-24&to=2026-03-24').expect(200)).body.items).toMatchObject([
        { caseId: b.caseId, kind: 'red', kindName: '红牌', node: 'gz-city', dueDate: '2026-03-23', issuedOn: '2026-03-24', workingDaysLeft: -1 },
      ]);
      expect((await get('/supervision/cards/summary?groupBy=department').expect(200)).body.rows).toEqual([
        { key: 'SCJGJ', notice: 1, yellow: 1, red: 0, promise_overdue: 0, follow_up_overdue: 0, total: 2 },
        { key: 'SRSJ', notice: 1, yellow: 1, red: 1, promise_overdue: 0, follow_up_overdue: 0, total: 3 },
      ]);
      expect((await get('/supervision/cards/summary?groupBy=month&node=gz-city').expect(200)).body.rows).toEqual([
        { key: '2026-03', notice: 2, yellow: 2, red: 1, promise_overdue: 0, follow_up_overdue: 0, total: 5 },
      ]);
      const live = (await get('/supervision/warnings').expect(200)).body;
      expect(live.items.map((w: { caseId: string; level: string }) => [w.caseId, w.level])).toEqual([[b.caseId, 'red']]);
      expect((await get('/supervision/warnings?level=yellow').expect(200)).body.total).toBe(1);

      const stats = (await get('/statistics?from=2026-03-01&to=2026-03-31&groupBy=department').expect(200)).body;
      expect(stats.total).toMatchObject({ received: 3, accepted: 2, refused: 1, concluded: 1, onTime: 0, onTimeRate: 0, avgWorkingDays: 4, online: 1, onlineShare: 0.3333 });
      expect(stats.rows.map((r: { key: string; received: number }) => [r.key, r.received])).toEqual([
        ['SCJGJ', 1],
        ['SRSJ', 2],
      ]);
      expect((await get('/statistics?from=2026-03-01&to=2026-03-31&tier=city&implCode=B1').expect(200)).body.total).toMatchObject({ received: 2, refused: 1 });
      const csv = await get('/statistics/export?format=csv&from=2026-03-01&to=2026-03-31').buffer(true).parse(binaryBody).expect(200);
      expect((csv.body as Buffer).toString('utf8').split('\r\n')[1]).toMatch(/^total,合计,3,2,1,0,/);

      // Stored rows match what the API said (the cards are unique per case and kind).
      const rows = (await app.get(DataSource).query('SELECT case_id, kind FROM supervision_cards ORDER BY case_id, kind')) as unknown[];
      expect(rows).toHaveLength(5);
    });
  });
});
