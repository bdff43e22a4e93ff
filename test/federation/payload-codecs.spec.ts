import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sampleItem } from '@liandong/harness';
import { caseSubject, catalogSubject, encodeEnvelope, HybridLogicalClock, refSubject, uuidv7, type Envelope } from '@liandong/sync';
import { eventually, Federation, TEST_CLOCK, type FedNode } from './federation';

interface QuarantineRow {
  envelopeId: string | null;
  type: string | null;
  kind: string;
  reason: string;
}

/**
 * Issue 12 and 18: every state record and supervision message has a payload codec. Malformed ones, published with the
 * sender's own NATS credentials on the right subjects, are quarantined as `invalid` with the codec's reason at every
 * node that receives them, nothing of them is stored, and the records behind them still arrive.
 */
describe('payload codecs of state records and supervision messages (real nats-server, four nodes)', () => {
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  let township: FedNode;
  const open: NatsConnection[] = [];

  beforeAll(async () => {
    ({ fed, city, district, jiekou: township } = await Federation.standard());
  });

  afterAll(async () => {
    for (const nc of open) if (!nc.isClosed()) await nc.close();
    await fed?.stop();
  });

  /** Publishes as `origin` would, with its own credentials and clock. */
  async function publish(origin: string, subject: string, type: string, aggregate: string, payload: unknown): Promise<Envelope> {
    const nc = await fed.connect(origin);
    open.push(nc);
    const envelope: Envelope = { id: uuidv7(TEST_CLOCK.now().getTime()), type, v: 1, aggregate, origin, hlc: new HybridLogicalClock(origin, () => TEST_CLOCK.now().getTime()).now(), actor: 'mallory', payload };
    await jetstream(nc).publish(subject, encodeEnvelope(envelope), { msgID: envelope.id });
    return envelope;
  }
  const quarantined = async (node: FedNode, envelope: Envelope): Promise<QuarantineRow | undefined> =>
    ((await node.get('/sync/quarantine?limit=200').expect(200)).body.items as QuarantineRow[]).find((q) => q.envelopeId === envelope.id);
  const count = async (node: FedNode, sql: string, ...params: unknown[]): Promise<number> => Number(((await node.db.query(sql, params)) as Array<{ n: number }>)[0]!.n);

  it('quarantines a malformed item, department and calendar year from the city; the valid records behind them arrive', async () => {
    const item = { implCode: 'BADITEM1', version: 1, status: 'published', scope: 'all', ownerNode: 'gz-city', content: sampleItem({ implCode: 'BADITEM1', promisedLimitDays: 99 }), updatedAt: TEST_CLOCK.now().toISOString() };
    const badItem = await publish('gz-city', catalogSubject('all', 'BADITEM1'), 'catalogue.item', 'BADITEM1', { item, version: { change: 'published', actor: 'admin', changedAt: item.updatedAt } });
    const badDepartment = await publish('gz-city', refSubject('department', 'all', 'gz-city', 'BADDEPT'), 'reference.department', 'gz-city/BADDEPT', {
      scope: 'all',
      department: { nodeId: 'gz-city', code: 'BADDEPT', name: '局'.repeat(101), active: true, version: 1, updatedAt: item.updatedAt },
    });
    const badYear = await publish('gz-city', refSubject('calendar', 'all', '2099'), 'reference.calendar', '2099', {
      year: 2099,
      data: { holidays: [], makeUpWorkdays: ['2099-13-01'], source: '伪造' },
      version: 1,
      updatedAt: item.updatedAt,
    });
    // Valid records published after them, the ordinary way.
    await city.post('/departments', { code: 'GOODDEPT', name: '市政务服务数据管理局' }).expect(201);
    await city.post('/catalogue/items', sampleItem({ implCode: 'GOODITEM1', handlingDepartment: 'GOODDEPT' })).expect(201);
    await city.post('/catalogue/items/GOODITEM1/publish').expect(200);

    for (const node of [district, township]) {
      await eventually(async () => (await node.get('/catalogue/items/GOODITEM1')).status === 200, 30000, `valid item at ${node.spec.id}`);
      await eventually(async () => (await count(node, 'SELECT COUNT(*) AS n FROM departments WHERE code = ?', 'GOODDEPT')) === 1, 30000, `valid department at ${node.spec.id}`);
      for (const bad of [badItem, badDepartment, badYear]) {
        await eventually(async () => (await quarantined(node, bad)) !== undefined, 20000, `${bad.type} quarantined at ${node.spec.id}`);
      }
      expect(await quarantined(node, badItem)).toMatchObject({
        type: 'catalogue.item',
        kind: 'invalid',
        reason: 'invalid payload: item.content: invalid item: promisedLimitDays must not exceed the statutory limit (15 working days)',
      });
      expect(await quarantined(node, badDepartment)).toMatchObject({ kind: 'invalid', reason: 'invalid payload: department.name: must be at most 100 characters' });
      expect(await quarantined(node, badYear)).toMatchObject({
        kind: 'invalid',
        reason: 'invalid payload: invalid calendar year: holidays must list at least one holiday; makeUpWorkdays[0] month must be from 01 to 12, got 13',
      });
      await node.get('/catalogue/items/BADITEM1').expect(404);
      expect(await count(node, 'SELECT COUNT(*) AS n FROM departments WHERE code = ?', 'BADDEPT')).toBe(0);
      expect(await count(node, 'SELECT COUNT(*) AS n FROM calendar_years WHERE year = ?', 2099)).toBe(0);
    }
  });

  it('quarantines a malformed supervision card and notice from a township; nothing is stored', async () => {
    const caseId = uuidv7(TEST_CLOCK.now().getTime());
    const subject = caseSubject('440117', '440117001', caseId);
    const card = await publish('jiekou', subject, 'supervision.card_issued', caseId, {
      kind: 'purple',
      caseNumber: null,
      itemName: null,
      department: null,
      node: 'jiekou',
      dueDate: '2026-03-02',
      workingDaysLeft: 0,
      issuedOn: '2026-03-02',
    });
    const notice = await publish('jiekou', subject, 'supervision.notice_sent', caseId, { caseNumber: null, toNode: 'conghua', message: 'x'.repeat(1001) });
    for (const node of [district, city]) {
      await eventually(async () => (await quarantined(node, card)) !== undefined && (await quarantined(node, notice)) !== undefined, 20000, `supervision messages quarantined at ${node.spec.id}`);
      expect(await quarantined(node, card)).toMatchObject({ kind: 'invalid', reason: 'invalid payload: kind: must be one of notice, yellow, red, promise_overdue, follow_up_overdue' });
      expect(await quarantined(node, notice)).toMatchObject({ kind: 'invalid', reason: 'invalid payload: message: must be at most 1000 characters' });
      expect(await count(node, 'SELECT COUNT(*) AS n FROM supervision_cards WHERE case_id = ?', caseId)).toBe(0);
      expect(await count(node, 'SELECT COUNT(*) AS n FROM supervision_notices WHERE case_id = ?', caseId)).toBe(0);
    }
  });
});
