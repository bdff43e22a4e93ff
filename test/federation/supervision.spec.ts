import request from 'supertest';
import { ManualClock, sampleItem } from '@liandong/harness';
import { eventually, Federation, type FedNode } from './federation';

const PERSON = { kind: 'person', name: '李四', idNumber: '440106199001011235', phone: '13812345678' };

interface Card {
  caseId: string;
  kind: string;
  node: string;
  department: string;
  dueDate: string;
  issuedOn: string;
}

/**
 * 电子监察 across three tiers (the supervision issue, must show 1 and 4): every node shares one controlled clock; the
 * responsible node's scheduler issues each card once, in working days with the 2025 国庆节/中秋节 holiday, and the cards
 * reach the district and the city; a 督办 from the city reaches the township and its answer comes back.
 */
describe('supervision across three tiers', () => {
  // Thursday 2025-09-25, 09:00 China time.
  const clock = new ManualClock('2025-09-25T01:00:00Z');
  const env = { SUPERVISION_INTERVAL_SECONDS: '1' };
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  let jiekou: FedNode;
  let wenquan: FedNode;
  let localCase: string;
  let upCase: string;

  const cards = async (node: FedNode, caseId: string): Promise<Card[]> => {
    const res = await node.get('/supervision/cards?limit=200').expect(200);
    return (res.body.items as Card[]).filter((c) => c.caseId === caseId);
  };
  const kinds = async (node: FedNode, caseId: string): Promise<string[]> => (await cards(node, caseId)).map((c) => c.kind).sort();
  /** Moves every node's clock to `day` (09:00) and waits until `node`'s scheduler has run at that time. */
  const dayAt = async (day: string, ...nodes: FedNode[]): Promise<void> => {
    clock.set(day);
    const at = clock.now().toISOString();
    for (const node of nodes) {
      await eventually(async () => (await node.get('/supervision/status').expect(200)).body.lastCheck?.at === at, 20000, `${node.spec.id} checked at ${at}`);
    }
  };

  beforeAll(async () => {
    ({ fed, city, district, jiekou, wenquan } = await Federation.standard({ clock, env }));
    await city.post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
    await city.post('/departments', { code: 'SGHZYJ', name: '市规划和自然资源局' }).expect(201);
    // 3 promised and 15 statutory working days
    for (const item of [sampleItem({ implCode: 'DEV1' }), sampleItem({ implCode: 'UP1', name: '建设工程规划许可', handlingDepartment: 'SGHZYJ', exerciseLevel: '3' })]) {
      await city.post('/catalogue/items', item).expect(201);
      await city.post(`/catalogue/items/${String(item['implCode'])}/publish`).expect(200);
    }
    await city.post('/delegations', { implCode: 'DEV1', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2025-01-01' }).expect(201);
    await eventually(async () => (await jiekou.get('/catalogue/decidable').expect(200)).body.total === 1, 30000, 'delegation at jiekou');
    await eventually(async () => (await wenquan.get('/catalogue/items/UP1')).status === 200, 30000, 'catalogue at wenquan');

    const local = await jiekou.post('/cases', { implCode: 'DEV1', applicant: PERSON, outcome: 'accept' }).expect(201);
    expect(local.body).toMatchObject({ route: 'local', handlingNode: 'jiekou', dueDate: '2025-09-29' });
    localCase = local.body.caseId;
    const up = await wenquan.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept' }).expect(201);
    expect(up.body).toMatchObject({ route: 'up', handlingNode: 'gz-city', dueDate: '2025-09-29' });
    upCase = up.body.caseId;
    await eventually(async () => (await city.get(`/cases/${upCase}`)).status === 200, 30000, 'the up case at the city');
  });

  afterAll(async () => {
    await fed?.stop();
  });

  it('1. notice → yellow → red at the working-day boundaries, each card once (also after a restart), at the district and the city', async () => {
    // Working days after 09-25: 09-26 (Fri), 09-28 (调休 Sunday), 09-29 = due; 09-30; holiday 10-01…10-08; 10-09, 10-10,
    // 10-11 (调休 Saturday), 10-13 … 10-22 = the 15th (statutory).
    await dayAt('2025-09-26', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual([]);
    await dayAt('2025-09-27', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual([]);

    await dayAt('2025-09-28', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual(['notice']);
    await dayAt('2025-09-29', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual(['notice']);

    await dayAt('2025-09-30', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual(['notice', 'yellow']);
    const warnings = (await city.get('/supervision/warnings?level=yellow').expect(200)).body.items as Array<{ caseId: string; responsibleNode: string; levelName: string }>;
    expect(warnings.find((w) => w.caseId === localCase)).toMatchObject({ responsibleNode: 'jiekou', levelName: '黄牌', department: 'SCJGJ', workingDaysLeft: -1 });

    jiekou = await fed.restart('jiekou');
    await dayAt('2025-10-08', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual(['notice', 'yellow']);
    await dayAt('2025-10-22', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual(['notice', 'yellow']);

    await dayAt('2025-10-23', jiekou, city);
    expect(await kinds(jiekou, localCase)).toEqual(['notice', 'red', 'yellow']);
    const atTownship = await cards(jiekou, localCase);
    expect(atTownship.find((c) => c.kind === 'red')).toMatchObject({ node: 'jiekou', department: 'SCJGJ', dueDate: '2025-10-22', issuedOn: '2025-10-23' });
    expect(atTownship.find((c) => c.kind === 'yellow')).toMatchObject({ dueDate: '2025-09-29', issuedOn: '2025-09-30' });

    for (const above of [district, city]) {
      await eventually(async () => (await kinds(above, localCase)).length === 3, 20000, `cards at ${above.spec.id}`);
      expect(await cards(above, localCase)).toEqual(atTownship);
    }
    // The city decides the up case itself: its own cards name the city and its department, and reach the township.
    expect(await kinds(city, upCase)).toEqual(['notice', 'red', 'yellow']);
    expect((await cards(city, upCase)).every((c) => c.node === 'gz-city' && c.department === 'SGHZYJ')).toBe(true);
    await eventually(async () => (await kinds(wenquan, upCase)).length === 3, 20000, 'the city cards at wenquan');
    expect(await kinds(district, upCase)).toEqual(['notice', 'red', 'yellow']);

    const summary = (await city.get('/supervision/cards/summary?groupBy=node').expect(200)).body.rows as Array<Record<string, unknown>>;
    expect(summary).toEqual([
      { key: 'gz-city', notice: 1, yellow: 1, red: 1, promise_overdue: 0, follow_up_overdue: 0, total: 3 },
      { key: 'jiekou', notice: 1, yellow: 1, red: 1, promise_overdue: 0, follow_up_overdue: 0, total: 3 },
    ]);
    const byMonth = (await district.get('/supervision/cards/summary?groupBy=month&kind=red').expect(200)).body.rows;
    expect(byMonth).toEqual([{ key: '2025-10', notice: 0, yellow: 0, red: 2, promise_overdue: 0, follow_up_overdue: 0, total: 2 }]);

    // Prometheus: the same counts at the city (two red cases now, six cards in all)
    const metrics = (await request(city.app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toContain('liandong_supervision_cards{kind="red"} 2');
    expect(metrics).toContain('liandong_supervision_cards{kind="notice"} 2');
    expect(metrics).toContain('liandong_supervision_warnings_open{kind="red"} 2');
    expect(metrics).toContain('liandong_supervision_warnings_open{kind="notice"} 0');
  });

  it('4. a 督办 sent by the city reaches the township and its answer comes back', async () => {
    const sent = await city.post('/supervision/notices', { caseId: localCase, message: '该件已超法定时限，请于两个工作日内办结并书面说明原因。' }).expect(201);
    expect(sent.body).toMatchObject({ fromNode: 'gz-city', toNode: 'jiekou', status: 'open', sentBy: 'admin' });
    const id = sent.body.id as string;

    await eventually(async () => ((await jiekou.get('/supervision/notices?direction=received').expect(200)).body.items as Array<{ id: string }>).some((n) => n.id === id), 20000, 'notice at jiekou');
    await wenquan.post(`/supervision/notices/${id}/answer`, { answer: '不是我们' }).expect(404);
    const answered = await jiekou.post(`/supervision/notices/${id}/answer`, { answer: '已督促承办人员，定于明日办结。' }).expect(200);
    expect(answered.body).toMatchObject({ status: 'answered', answeredBy: 'admin' });
    await jiekou.post(`/supervision/notices/${id}/answer`, { answer: '再答一次' }).expect(409);

    const atCity = async () => ((await city.get('/supervision/notices?direction=sent').expect(200)).body.items as Array<{ id: string; answer: string | null }>).find((n) => n.id === id);
    await eventually(async () => (await atCity())?.answer === '已督促承办人员，定于明日办结。', 20000, 'answer at the city');
    expect(await atCity()).toMatchObject({ status: 'answered', answeredBy: 'admin', toNode: 'jiekou' });
    await eventually(async () => ((await district.get('/supervision/notices?status=answered').expect(200)).body.items as Array<{ id: string }>).some((n) => n.id === id), 20000, 'answer at the district');
  });

  it('refuses 督办 that goes the wrong way, and bad input with the field', async () => {
    await jiekou.post('/supervision/notices', { caseId: localCase, message: '镇街不能督办' }).expect(403);
    await district.post('/supervision/notices', { caseId: upCase, message: '区不能督办市' }).expect(403);
    await city.post('/supervision/notices', { caseId: upCase, message: '责任节点即本市' }).expect(409);
    await city.post('/supervision/notices', { caseId: '00000000-0000-4000-8000-000000000000', message: 'x' }).expect(404);
    const bad = await city.post('/supervision/notices', { caseId: 'not-a-uuid', message: '' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['caseId', 'message']);
    const badQuery = await city.get('/supervision/cards?from=2025-02-30&kind=purple').expect(400);
    expect(badQuery.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'kind']);
    await city.get('/supervision/cards/summary').expect(400);
  });
});
