import request from 'supertest';
import { sampleItem } from '@liandong/harness';
import { OFFICIAL_HOLIDAYS, WorkingDayCalendar } from '@liandong/shared';
import { eventually, Federation, testDay, type FedNode } from './federation';

const PERSON = { kind: 'person', name: '张三', idNumber: '440106199001011235', phone: '13812345678' };

/** Cases across three tiers (the cases issue, must show 1–4): city, district, two townships, real NATS and SQLite. */
describe('cases across three tiers', () => {
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  let a: FedNode;
  let b: FedNode;
  let revocable: string;

  const status = async (node: FedNode, caseId: string): Promise<string | null> => {
    const res = await node.get(`/cases/${caseId}`);
    return res.status === 200 ? (res.body.status as string) : null;
  };
  const same = async (caseId: string, expected: string, nodes: FedNode[]) =>
    eventually(async () => (await Promise.all(nodes.map((n) => status(n, caseId)))).every((s) => s === expected), 30000, `${caseId} ${expected} everywhere`);

  beforeAll(async () => {
    ({ fed, city, district, jiekou: a, wenquan: b } = await Federation.standard());
    for (const [code, name] of [['SCJGJ', '市市场监督管理局'], ['SZJJ', '市住房和城乡建设局'], ['SGHZYJ', '市规划和自然资源局']]) {
      await city.post('/departments', { code, name }).expect(201);
    }
    const items = [
      sampleItem({ implCode: 'UP1', name: '建设工程规划许可' }),
      sampleItem({ implCode: 'DEV1', name: '个体工商户设立登记' }),
      sampleItem({ implCode: 'IMM5', name: '生育登记', caseKind: 'immediate', promisedLimitDays: 0, exerciseLevel: '5' }),
      sampleItem({ implCode: 'DEV2', name: '灵活就业人员参保登记' }),
      sampleItem({ implCode: 'PAR1', name: '建设工程规划许可（并联）', coDepartments: ['SZJJ', 'SGHZYJ'], specialProcedures: ['现场勘验'] }),
      sampleItem({
        implCode: 'FEE1',
        name: '社会保障卡补领',
        caseKind: 'immediate',
        promisedLimitDays: 0,
        exerciseLevel: '5',
        fees: [{ name: '工本费', amountFen: 2000, basis: '省价格主管部门核定', reducible: true }],
      }),
    ];
    for (const item of items) {
      await city.post('/catalogue/items', item).expect(201);
      await city.post(`/catalogue/items/${String(item['implCode'])}/publish`).expect(200);
    }
    await city.post('/delegations', { implCode: 'DEV1', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2025-01-01' }).expect(201);
    revocable = (await city.post('/delegations', { implCode: 'DEV2', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2025-01-01' }).expect(201)).body.id;
    // Everything jiekou may decide has arrived: the two devolved items and the two immediate township-level ones (a count
    // of 3 could be a moment in between, e.g. before the second delegation, or before FEE1).
    const decidable = async () => ((await a.get('/catalogue/decidable').expect(200)).body.items as Array<{ implCode: string }>).map((i) => i.implCode).sort().join(',');
    await eventually(async () => (await decidable()) === 'DEV1,DEV2,FEE1,IMM5', 30000, 'catalogue at jiekou');
    await eventually(async () => (await b.get('/catalogue/items/UP1')).status === 200, 30000, 'catalogue at wenquan');
  });

  afterAll(async () => {
    await fed?.stop();
  });

  it('1. a township decides a devolved item offline; the district and the city see the concluded case later', async () => {
    a.proxy.cut();
    const accepted = await a.post('/cases', { implCode: 'DEV1', applicant: PERSON, outcome: 'accept' }).expect(201);
    expect(accepted.body).toMatchObject({ route: 'local', handlingNode: 'jiekou', status: 'accepted' });
    expect(accepted.body.caseNumber).toMatch(/^440117001-\d{8}-0001$/);
    const id = accepted.body.caseId as string;
    await a.post(`/cases/${id}/review`, { department: 'SCJGJ' }).expect(200);
    await a.post(`/cases/${id}/approve`, { reason: '符合条件' }).expect(200);
    expect((await a.post(`/cases/${id}/issue`, { method: 'window' }).expect(200)).body.status).toBe('concluded');
    expect(await status(district, id)).toBeNull();
    a.proxy.restore();
    await same(id, 'concluded', [a, district, city]);
  });

  it('2. township B accepts a city-level item, the city decides, B issues, and the applicant sees the timeline', async () => {
    const accepted = await b.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept' }).expect(201);
    expect(accepted.body).toMatchObject({ route: 'up', handlingNode: 'gz-city', acceptingNode: 'wenquan', applicant: PERSON });
    const { caseId: id, caseNumber, queryCode } = accepted.body as { caseId: string; caseNumber: string; queryCode: string };
    await same(id, 'accepted', [b, district, city]);

    await b.post(`/cases/${id}/approve`, { reason: '越权审批' }).expect(403);
    await city.post(`/cases/${id}/issue`, { method: 'window' }).expect(403);
    await city.post(`/cases/${id}/review`, { department: 'SCJGJ' }).expect(200);
    await city.post(`/cases/${id}/approve`, { reason: '符合法定条件' }).expect(200);
    await same(id, 'ready_for_issue', [b, district, city]);
    await b.post(`/cases/${id}/issue`, { method: 'express', trackingNumber: 'SF1234567890' }).expect(200);
    await same(id, 'concluded', [b, district, city]);
    const notice = await b.get(`/cases/${id}/notices/acceptance`).expect(200);
    expect(notice.headers['content-type']).toContain('text/html');
    expect(notice.text).toContain(caseNumber);
    expect(notice.text).toContain('受理通知书');
    expect(notice.text).not.toContain('440106199001011235');
    expect((await b.get(`/cases/${id}/notices/decision`).expect(200)).text).toContain('准予');
    await b.get(`/cases/${id}/notices/refusal`).expect(409);
    await b.get(`/cases/${id}/notices/receipt`).expect(400);

    const list = await city.get('/cases?status=concluded').expect(200);
    const summary = (list.body.items as Array<{ caseId: string; applicant: { idNumber: string; phone: string } }>).find((c) => c.caseId === id)!;
    expect(summary.applicant).toMatchObject({ idNumber: '4401**********1235', phone: '138****5678' });

    const server = b.app.getHttpServer();
    const query = await request(server).get(`/public/cases/${caseNumber}?code=${queryCode}`).expect(200);
    expect(query.body).toMatchObject({ caseNumber, status: 'concluded', statusName: '办结' });
    expect(query.body.timeline.map((t: { statusName: string }) => t.statusName)).toEqual(['已申请', '已受理', '审查中', '准予许可', '待出件', '办结']);
    expect(JSON.stringify(query.body)).not.toContain('440106199001011235');
    await request(server).get(`/public/cases/${caseNumber}?code=00000000`).expect(404);
    await request(server).get(`/public/cases/${caseNumber}`).expect(400);
  });

  it('3. an immediate item is concluded in one visit at a township', async () => {
    const accepted = await b.post('/cases', { implCode: 'IMM5', applicant: PERSON, outcome: 'accept' }).expect(201);
    expect(accepted.body).toMatchObject({ route: 'local', handlingNode: 'wenquan' });
    const id = accepted.body.caseId as string;
    await b.post(`/cases/${id}/approve`, { reason: '即办' }).expect(200);
    expect((await b.post(`/cases/${id}/issue`, { method: 'window' }).expect(200)).body.status).toBe('concluded');
    // 即办件: no promised days, so the due date is the day of acceptance
    expect(accepted.body.dueDate).toBe(accepted.body.caseNumber.split('-')[1].replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'));
  });

  it('4. a withdrawal at an offline township against an approval at the city ends in one state, with the conflict listed', async () => {
    const accepted = await b.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept' }).expect(201);
    const id = accepted.body.caseId as string;
    await same(id, 'accepted', [b, city]);
    b.proxy.cut();
    await city.post(`/cases/${id}/approve`, { reason: '符合条件' }).expect(200);
    await b.post(`/cases/${id}/withdraw`, { reason: '申请人撤回' }).expect(200);
    b.proxy.restore();
    await eventually(
      async () => {
        const states = await Promise.all([b, district, city].map(async (n) => (await n.get(`/cases/${id}`)).body as { status: string; conflicts: unknown[] }));
        return states.every((s) => s.status === states[0]!.status && s.conflicts.length === 1);
      },
      30000,
      'one state everywhere',
    );
    const final = (await city.get(`/cases/${id}`).expect(200)).body as { status: string; conflicts: Array<{ type: string }> };
    expect(final.status).toBe('ready_for_issue');
    expect(final.conflicts.map((c) => c.type)).toEqual(['case.withdrawn']);
    const listed = (await district.get('/cases?conflicts=true').expect(200)).body.items as Array<{ caseId: string }>;
    expect(listed.map((c) => c.caseId)).toContain(id);
  });

  it('5. a decision made offline under a delegation revoked meanwhile is kept and flagged for review at the district', async () => {
    const accepted = await a.post('/cases', { implCode: 'DEV2', applicant: PERSON, outcome: 'accept' }).expect(201);
    expect(accepted.body).toMatchObject({ route: 'local', handlingNode: 'jiekou' });
    const id = accepted.body.caseId as string;
    await same(id, 'accepted', [a, district]);
    a.proxy.cut();
    await city.post(`/delegations/${revocable}/revoke`).expect(200);
    await eventually(async () => (await district.get(`/delegations/${revocable}`).expect(200)).body.status === 'revoked', 20000, 'revocation at the district');
    await new Promise((r) => setTimeout(r, 20)); // the decision comes after the revocation
    await a.post(`/cases/${id}/approve`, { reason: '符合条件' }).expect(200);
    await a.post(`/cases/${id}/issue`, { method: 'window' }).expect(200);
    a.proxy.restore();
    await same(id, 'concluded', [a, district, city]);
    await eventually(async () => ((await district.get('/cases?review=true').expect(200)).body.items as Array<{ caseId: string }>).some((c) => c.caseId === id), 20000, 'flagged at the district');
    const flagged = (await district.get(`/cases/${id}`).expect(200)).body as { status: string; reviewReason: string };
    expect(flagged.status).toBe('concluded');
    expect(flagged.reviewReason).toContain(revocable);
  });

  it('7. parallel approval with two co-departments and a special procedure gives the right state and due date', async () => {
    const accepted = await b.post('/cases', { implCode: 'PAR1', applicant: PERSON, outcome: 'accept' }).expect(201);
    const id = accepted.body.caseId as string;
    const acceptedOn = accepted.body.caseNumber.split('-')[1].replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3') as string;
    await same(id, 'accepted', [city]);
    await city.post(`/cases/${id}/review`, { department: 'SCJGJ' }).expect(200);
    await city.post(`/cases/${id}/opinion`, { department: 'SZJJ', opinion: 'agree', note: '同意' }).expect(200);
    const early = await city.post(`/cases/${id}/approve`, { reason: '提前决定' }).expect(409);
    expect(early.body.message).toContain('SGHZYJ');
    const stopped = await city.post(`/cases/${id}/procedure-start`, { procedure: '现场勘验' }).expect(200);
    expect(stopped.body).toMatchObject({ status: 'suspended', statusName: '特别程序', dueDate: null });
    await city.post(`/cases/${id}/procedure-end`, { procedure: '现场勘验' }).expect(200);
    await city.post(`/cases/${id}/opinion`, { department: 'SGHZYJ', opinion: 'agree', note: '同意' }).expect(200);
    await city.post(`/cases/${id}/opinion`, { department: 'SGHZYJ', opinion: 'agree', note: '再次' }).expect(409);
    await city.post(`/cases/${id}/extend`, { days: 2, reason: '情况复杂' }).expect(200);
    await city.post(`/cases/${id}/extend`, { days: 2, reason: '再次延长' }).expect(409);
    const decided = await city.post(`/cases/${id}/approve`, { reason: '符合法定条件' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'ready_for_issue', opinions: { SZJJ: 'agree', SGHZYJ: 'agree' }, extensionDays: 2 });
    // the procedure started and ended the same day: no working day stopped; 3 promised + 2 extension
    let expected: string | null = null;
    try {
      expected = new WorkingDayCalendar(OFFICIAL_HOLIDAYS).addWorkingDays(acceptedOn, 3 + 2);
    } catch {
      expected = null; // past the calendar's data: the node gives no due date either
    }
    expect(decided.body.dueDate).toBe(expected);
    await same(id, 'ready_for_issue', [b, district, city]);
    expect((await b.get(`/cases/${id}`).expect(200)).body.dueDate).toBe(expected);
  });

  it('accepts with promised materials (容缺), settles fees before issuance (一费制), and follows up a 差评', async () => {
    const tomorrow = testDay(1);
    const incomplete = await b.post('/cases', { implCode: 'FEE1', applicant: PERSON, outcome: 'accept', received: ['个体工商户设立登记申请书', '户口本'] }).expect(400);
    expect(incomplete.body.errors).toEqual([
      { field: 'received[1]', reason: '"户口本" is not a material of this item version' },
      { field: 'received', reason: 'required material "经营者身份证明" is missing: ask for it at once (supplement) or accept with a promise (容缺)' },
    ]);
    const badPromise = await b.post('/cases', { implCode: 'FEE1', applicant: PERSON, outcome: 'accept', tolerated: { materials: ['个体工商户设立登记申请书'], due: tomorrow } }).expect(400);
    expect(badPromise.body.errors[0].field).toBe('tolerated.materials[0]');
    const accepted = await b.post('/cases', { implCode: 'FEE1', applicant: PERSON, outcome: 'accept', received: ['个体工商户设立登记申请书'], tolerated: { materials: ['经营者身份证明'], due: tomorrow } }).expect(201);
    const { caseId: id, caseNumber, queryCode } = accepted.body as { caseId: string; caseNumber: string; queryCode: string };
    expect(accepted.body.promisedMaterials).toEqual({ materials: ['经营者身份证明'], due: tomorrow });
    expect(((await b.get('/cases?promises=open').expect(200)).body.items as Array<{ caseId: string }>).map((c) => c.caseId)).toContain(id);
    await b.post(`/cases/${id}/materials-delivered`).expect(200);
    expect(((await b.get('/cases?promises=open').expect(200)).body.items as Array<{ caseId: string }>).map((c) => c.caseId)).not.toContain(id);

    await b.post(`/cases/${id}/approve`, { reason: '即办' }).expect(200);
    const unpaid = await b.post(`/cases/${id}/issue`, { method: 'window' }).expect(409);
    expect(unpaid.body.message).toContain('一费制');
    await b.post(`/cases/${id}/fees`, { items: [{ name: '工本费', amountFen: 2000 }] }).expect(200);
    expect((await b.post(`/cases/${id}/issue`, { method: 'window' }).expect(200)).body).toMatchObject({ status: 'concluded', feesSettled: { totalFen: 2000 } });

    const server = b.app.getHttpServer();
    await request(server).post(`/public/cases/${caseNumber}/rating`).send({ code: '00000000', score: 5 }).expect(404);
    await request(server).post(`/public/cases/${caseNumber}/rating`).send({ code: queryCode, score: 9 }).expect(400);
    await request(server).post(`/public/cases/${caseNumber}/rating`).send({ code: queryCode, score: 5, comment: '等太久' }).expect(200);
    expect(((await b.get('/cases?followUps=open').expect(200)).body.items as Array<{ caseId: string }>).map((c) => c.caseId)).toContain(id);
    await b.post(`/cases/${id}/follow-up`, { note: '已电话回访' }).expect(200);
    expect(((await b.get('/cases?followUps=open').expect(200)).body.items as Array<{ caseId: string }>).map((c) => c.caseId)).not.toContain(id);
    await request(server).post(`/public/cases/${caseNumber}/rating`).send({ code: queryCode, score: 1 }).expect(409);
  });

  it('代办: a village assistant drafts offline at the township, once per client id; the window submits it', async () => {
    const server = a.app.getHttpServer();
    await a.post('/users', { username: 'assistant', displayName: '村代办员', password: 'Station-pw-2026', roles: ['village_assistant'], station: '街口街道新村社区工作站' }).expect(201);
    const token = (await request(server).post('/auth/login').send({ username: 'assistant', password: 'Station-pw-2026' }).expect(200)).body.accessToken as string;
    const asAssistant = { authorization: `Bearer ${token}` };
    a.proxy.cut();
    const draft = { id: '0195f0a4-7c11-7c3e-9a55-2f1e8d3b6a01', implCode: 'UP1', applicant: PERSON, station: '街口街道新村社区工作站' };
    const first = await request(server).post('/cases/drafts').set(asAssistant).send(draft).expect(201);
    expect(first.body).toMatchObject({ status: 'draft', statusName: '预审/待提交', caseNumber: null });
    await request(server).post('/cases/drafts').set(asAssistant).send(draft).expect(200);
    await request(server).post('/cases/drafts').set(asAssistant).send({ ...draft, implCode: 'DEV1' }).expect(409);
    const mine = await request(server).get('/cases/drafts').set(asAssistant).expect(200);
    expect(mine.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([draft.id]);
    await request(server).post('/cases').set(asAssistant).send({ implCode: 'UP1', applicant: PERSON, outcome: 'accept' }).expect(403);

    const submitted = await a.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept', draftId: draft.id }).expect(201);
    expect(submitted.body).toMatchObject({ caseId: draft.id, status: 'accepted', route: 'up' });
    expect(submitted.body.timeline.map((t: { event: string }) => t.event)).toEqual(['case.drafted', 'case.submitted', 'case.accepted']);
    expect((await a.get(`/cases/${draft.id}`).expect(200)).body.timeline[0].node).toBe('jiekou');
    await a.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept', draftId: draft.id }).expect(409);
    a.proxy.restore();
    await same(draft.id, 'accepted', [a, district, city]);
  });

  it('bounds the extension by the statutory limit, needs a tracking number for express, and dates the 差评 follow-up', async () => {
    const accepted = await b.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept' }).expect(201);
    const id = accepted.body.caseId as string;
    await same(id, 'accepted', [city]);
    const tooLong = await city.post(`/cases/${id}/extend`, { days: 13, reason: '太长' }).expect(409);
    expect(tooLong.body.message).toContain('statutory limit of 15');
    await city.post(`/cases/${id}/extend`, { days: 12, reason: '情况复杂' }).expect(200);
    await city.post(`/cases/${id}/approve`, { reason: '符合条件' }).expect(200);
    await same(id, 'ready_for_issue', [b]);
    const noTracking = await b.post(`/cases/${id}/issue`, { method: 'express' }).expect(400);
    expect(noTracking.body.errors).toEqual([{ field: 'trackingNumber', reason: 'is required for express delivery (快递)' }]);
    await b.post(`/cases/${id}/issue`, { method: 'express', trackingNumber: 'SF0000000001' }).expect(200);
    await request(b.app.getHttpServer()).post(`/public/cases/${accepted.body.caseNumber as string}/rating`).send({ code: accepted.body.queryCode, score: 4 }).expect(200);
    const rated = (await b.get(`/cases/${id}`).expect(200)).body as { followUp: { due: string | null } | null; timeline: Array<{ event: string; at: string }> };
    const ratedOn = new Date(Date.parse(rated.timeline.at(-1)!.at) + 8 * 3600_000).toISOString().slice(0, 10);
    let expected: string | null = null;
    try {
      expected = new WorkingDayCalendar(OFFICIAL_HOLIDAYS).addWorkingDays(ratedOn, 5);
    } catch {
      expected = null;
    }
    expect(rated.followUp).toEqual({ due: expected });
  });

  it("lists an approver's queue of cases this node decides", async () => {
    const accepted = await b.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept' }).expect(201);
    const id = accepted.body.caseId as string;
    await same(id, 'accepted', [city]);
    const queue = (await city.get('/cases/queue?department=SCJGJ').expect(200)).body as { items: Array<{ caseId: string; handlingNode: string }> };
    expect(queue.items.map((c) => c.caseId)).toContain(id);
    expect(queue.items.every((c) => c.handlingNode === 'gz-city')).toBe(true);
    expect((await b.get('/cases/queue').expect(200)).body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(id);
  });

  it('gives a new query code only at the accepting window; it travels to every tier and the old code stops working there', async () => {
    const accepted = await b.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'accept' }).expect(201);
    const { caseId: id, caseNumber, queryCode } = accepted.body as { caseId: string; caseNumber: string; queryCode: string };
    await same(id, 'accepted', [city, district, b]);
    expect((await city.post(`/cases/${id}/query-code`).expect(403)).body.message).toContain('请在受理窗口办理');
    const reissued = (await b.post(`/cases/${id}/query-code`).expect(200)).body.queryCode as string;
    const reissuedAt = async (node: FedNode) => ((await node.get(`/cases/${id}`).expect(200)).body.timeline as Array<{ event: string }>).some((t) => t.event === 'case.query_code_reissued');
    await eventually(async () => (await reissuedAt(city)) && (await reissuedAt(district)), 30000, 'the new code at the city and the district');
    for (const node of [city, district, b]) {
      const server = node.app.getHttpServer();
      await request(server).get(`/public/cases/${caseNumber}?code=${reissued}`).expect(200);
      await request(server).get(`/public/cases/${caseNumber}?code=${queryCode}`).expect(404);
      expect((await node.get(`/cases/${id}`).expect(200)).body.conflicts).toEqual([]);
    }
  });

  it('answers bad input with 400 naming the field, and a refused action with 409 naming the state', async () => {
    const bad = await b.post('/cases', { implCode: 'UP1', applicant: { ...PERSON, idNumber: '44010619900101123x' }, outcome: 'accept' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'applicant.idNumber', reason: 'use uppercase X as the check character' }]);
    const missing = await b.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'supplement' }).expect(400);
    expect(missing.body.errors[0].field).toBe('missing');
    const refused = await b.post('/cases', { implCode: 'UP1', applicant: PERSON, outcome: 'refuse', reason: '不属于本中心受理范围', legalBasis: '《行政许可法》第三十二条' }).expect(201);
    expect(refused.body.status).toBe('refused');
    const conflict = await b.post(`/cases/${refused.body.caseId as string}/withdraw`, { reason: 'x' }).expect(409);
    expect(conflict.body.message).toContain('不予受理');
    await b.post('/cases/nope/withdraw', { reason: 'x' }).expect(404);
  });
});
