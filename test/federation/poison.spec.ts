import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import request from 'supertest';
import type { NatsConnection } from '@nats-io/transport-node';
import { sampleItem } from '@liandong/harness';
import { caseSubject, encodeEnvelope, HybridLogicalClock, uuidv7, type Envelope, type PayloadDecoder } from '@liandong/sync';
import { eventually, Federation, TEST_CLOCK, type FedNode } from './federation';

const PERSON = { kind: 'person', name: '张三', idNumber: '440106199001011235', phone: '13812345678' };
/** SYNC_MAX_DELIVERIES of every node: a failing message is delivered at most this often, then dead-lettered. */
const BOUND = 3;
const ENV = { SYNC_MAX_DELIVERIES: String(BOUND), SYNC_RETRY_BASE_MS: '100' };
/** Cases the township accepts through its API (two events each: ~500 valid events). */
const CASES = 250;

interface QuarantineRow {
  id: number;
  envelopeId: string | null;
  type: string | null;
  kind: string;
  reason: string;
  attempts: number;
  payloadVersion: number | null;
  durable: string | null;
}

/**
 * Issue 12, must show 1: a township publishes with its own NATS credentials, in the middle of ~500 valid events, a
 * malformed case event, an event whose handler throws at the city, and an event of a newer payload version. The valid
 * cases reach every tier and agree; the malformed one is quarantined everywhere, the failing one is dead-lettered at the
 * city after the bound and applied by an admin's retry once the fault is gone, the new one is held until the city is
 * upgraded (restarted with a v2 codec, NodeModuleOptions.sync) while the district and the township still hold it.
 */
describe('a poison message never jams replication', () => {
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  let township: FedNode;
  let other: FedNode;
  let nc: NatsConnection;
  let js: JetStreamClient;

  beforeAll(async () => {
    ({ fed, city, district, jiekou: township, wenquan: other } = await Federation.standard({ env: ENV }));
    await city.post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
    await city.post('/catalogue/items', sampleItem({ implCode: 'IMM5', name: '生育登记', caseKind: 'immediate', promisedLimitDays: 0, exerciseLevel: '5' })).expect(201);
    await city.post('/catalogue/items/IMM5/publish').expect(200);
    await eventually(async () => (await township.get('/catalogue/items/IMM5')).status === 200, 30000, 'catalogue at jiekou');
    nc = await fed.connect('jiekou');
    js = jetstream(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await fed?.stop();
  });

  /** The township's clock as a forger would run it: its own node id, the federation's time. */
  const hlc = new HybridLogicalClock('jiekou', () => TEST_CLOCK.now().getTime());
  /** Publishes a case event on the township's own subject, with its own credentials (the JetStream msgID is the id). */
  async function publish(type: string, caseId: string, payload: unknown, pv?: number): Promise<Envelope> {
    const envelope: Envelope = {
      id: uuidv7(TEST_CLOCK.now().getTime()),
      type,
      v: 1,
      aggregate: caseId,
      origin: 'jiekou',
      hlc: hlc.now(),
      actor: 'clerk01',
      ...(pv === undefined ? {} : { pv }),
      payload,
    };
    await js.publish(caseSubject('440117', '440117001', caseId), encodeEnvelope(envelope), { msgID: envelope.id });
    return envelope;
  }

  const quarantine = async (node: FedNode, kind?: string): Promise<QuarantineRow[]> =>
    (await node.get(`/sync/quarantine?limit=200${kind === undefined ? '' : `&kind=${kind}`}`).expect(200)).body.items as QuarantineRow[];
  const caseStates = async (node: FedNode): Promise<Map<string, string>> => {
    const rows = (await node.db.query('SELECT case_id, status, case_number, conflicts FROM cases ORDER BY case_id')) as Array<Record<string, unknown>>;
    return new Map(rows.map((r) => [String(r['case_id']), JSON.stringify([r['status'], r['case_number'], Number(r['conflicts'])])]));
  };

  it('quarantines the malformed event, dead-letters the failing one, holds the new version; every valid case agrees at every tier', async () => {
    // A real fault at the city only: its database refuses the events of one case.
    const failing = uuidv7(TEST_CLOCK.now().getTime());
    await city.db.query(`CREATE TRIGGER injected_fault BEFORE INSERT ON case_events WHEN NEW.case_id = '${failing}' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);

    const accept = async (): Promise<string> => (await township.post('/cases', { implCode: 'IMM5', applicant: PERSON, outcome: 'accept' }).expect(201)).body.caseId as string;
    const valid: string[] = [await accept()];
    const rows = (await township.db.query(`SELECT payload FROM case_events WHERE case_id = '${valid[0]}' AND type = 'case.submitted'`)) as Array<{ payload: string }>;
    const submitted = JSON.parse(rows[0]!.payload) as unknown;

    let malformed: Envelope | null = null;
    let broken: Envelope | null = null;
    let future: Envelope | null = null;
    while (valid.length < CASES) {
      valid.push(await accept());
      if (valid.length === 60) malformed = await publish('case.accepted', uuidv7(TEST_CLOCK.now().getTime()), {});
      if (valid.length === 120) broken = await publish('case.submitted', failing, submitted);
      if (valid.length === 180) future = await publish('case.submitted', uuidv7(TEST_CLOCK.now().getTime()), submitted, 2);
    }
    expect(Number(((await township.db.query('SELECT COUNT(*) AS n FROM case_events')) as Array<{ n: number }>)[0]!.n)).toBeGreaterThanOrEqual(2 * CASES);

    // Every valid case reaches the district and the city, in the same state as at the township.
    const mine = await caseStates(township);
    await eventually(
      async () => {
        const [d, c] = [await caseStates(district), await caseStates(city)];
        return valid.every((id) => d.get(id) === mine.get(id) && c.get(id) === mine.get(id));
      },
      60000,
      'every valid case at the district and the city',
    );

    // (a) malformed: quarantined as invalid at every node that receives it, never folded.
    for (const node of [township, district, city]) {
      await eventually(async () => (await quarantine(node, 'invalid')).some((q) => q.envelopeId === malformed!.id), 20000, `malformed at ${node.spec.id}`);
      const row = (await quarantine(node, 'invalid')).find((q) => q.envelopeId === malformed!.id)!;
      expect(row).toMatchObject({ type: 'case.accepted', kind: 'invalid', attempts: 1, payloadVersion: 1 });
      expect(row.reason).toMatch(/^invalid payload: /);
      expect((await caseStates(node)).has(malformed!.aggregate)).toBe(false);
    }

    // (c) a newer payload version: held everywhere, and sync status says the node needs an upgrade.
    for (const node of [township, district, city]) {
      await eventually(async () => (await quarantine(node, 'held')).some((q) => q.envelopeId === future!.id), 20000, `held at ${node.spec.id}`);
      expect((await quarantine(node, 'held')).find((q) => q.envelopeId === future!.id)).toMatchObject({
        kind: 'held',
        reason: 'needs upgrade: case.submitted v2, this node knows v1',
        payloadVersion: 2,
      });
      const status = (await node.get('/sync/status').expect(200)).body as { needsUpgrade: boolean; held: number; quarantined: number; consumers: Array<{ stream: string; held: number }> };
      expect(status).toMatchObject({ needsUpgrade: true, held: 1 });
      expect(status.consumers.find((c) => c.stream === 'cases')).toMatchObject({ held: 1 });
    }

    // (b) the failing event: applied at the township and the district; at the city retried up to the bound, then a dead letter.
    for (const node of [township, district]) {
      await eventually(async () => (await caseStates(node)).get(failing) !== undefined, 20000, `${failing} at ${node.spec.id}`);
      expect((await quarantine(node, 'failed')).length).toBe(0);
    }
    await eventually(async () => (await quarantine(city, 'failed')).length === 1, 30000, 'dead letter at the city');
    const dead = (await quarantine(city, 'failed'))[0]!;
    expect(dead).toMatchObject({ envelopeId: broken!.id, kind: 'failed', attempts: BOUND, durable: 'gz-city_cases_all' });
    expect(dead.reason).toMatch(new RegExp(`^failed ${BOUND} times: .*injected fault`));
    expect((await caseStates(city)).has(failing)).toBe(false);

    // No message was delivered more often than the bound: only the failing one came back, BOUND - 1 times.
    const cityCases = ((await city.get('/sync/status').expect(200)).body.consumers as Array<Record<string, unknown>>).find((c) => c['stream'] === 'cases')!;
    expect(cityCases).toMatchObject({ retried: BOUND - 1, redelivered: BOUND - 1, quarantined: 2, held: 1 });
    for (const node of [township, district]) {
      const consumer = ((await node.get('/sync/status').expect(200)).body.consumers as Array<Record<string, unknown>>).find((c) => c['stream'] === 'cases')!;
      expect(consumer).toMatchObject({ retried: 0, redelivered: 0, quarantined: 1, held: 1 });
    }
    const metrics = (await city.get('/metrics').expect(200)).text;
    expect(metrics).toContain(`liandong_sync_retries_total{stream="cases",durable="gz-city_cases_all"} ${BOUND - 1}`);
    expect(metrics).toContain(`liandong_sync_redeliveries_total{stream="cases",durable="gz-city_cases_all"} ${BOUND - 1}`);
    expect(metrics).toContain('liandong_sync_held_messages{stream="cases",durable="gz-city_cases_all"} 1');
    expect(metrics).toContain('liandong_sync_quarantined_messages{stream="cases",durable="gz-city_cases_all",kind="failed"} 1');
    expect(metrics).toContain('liandong_sync_quarantined_messages{stream="cases",durable="gz-city_cases_all",kind="invalid"} 1');

    // The other township's region saw none of it.
    expect(await quarantine(other)).toEqual([]);

    // An admin's retry: refused while the fault is there (409, the row stays with one more attempt), bad and unknown ids.
    const refused = await city.post(`/sync/quarantine/${dead.id}/retry`).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'MESSAGE_STILL_REFUSED' });
    expect(refused.body.message).toMatch(new RegExp(`^消息仍无法处理（处理失败） \\(failed ${BOUND + 1} times: .*injected fault`));
    expect((await quarantine(city, 'failed'))[0]).toMatchObject({ id: dead.id, attempts: BOUND + 1 });
    const bad = await city.post('/sync/quarantine/abc/retry').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'id', reason: expect.stringContaining('positive integer') }]);
    await city.post('/sync/quarantine/99999/retry').expect(404);
    await city.get('/sync/quarantine?kind=lost').expect(400);
    // Only an admin retries: a supervisor sees the quarantine but may not retry (403, the row unchanged).
    await city.post('/users', { username: 'super01', displayName: '督查员', password: 'Kontrolle-2026x', roles: ['supervisor'] }).expect(201);
    const server = city.app.getHttpServer();
    const login = await request(server).post('/auth/login').send({ username: 'super01', password: 'Kontrolle-2026x' }).expect(200);
    const supervisor = { authorization: `Bearer ${login.body.accessToken as string}` };
    await request(server).get('/sync/quarantine').set(supervisor).expect(200);
    expect((await request(server).post(`/sync/quarantine/${dead.id}/retry`).set(supervisor).expect(403)).body.statusCode).toBe(403);
    expect((await quarantine(city, 'failed'))[0]).toMatchObject({ id: dead.id, attempts: BOUND + 1 });

    // The fault fixed, the retry applies it; the case is the same everywhere.
    await city.db.query('DROP TRIGGER injected_fault');
    expect((await city.post(`/sync/quarantine/${dead.id}/retry`).expect(200)).body).toEqual({ outcome: 'applied' });
    expect(await quarantine(city, 'failed')).toEqual([]);
    const atTownship = (await caseStates(township)).get(failing);
    expect(atTownship).toBeDefined();
    expect((await caseStates(city)).get(failing)).toBe(atTownship);
    expect((await caseStates(district)).get(failing)).toBe(atTownship);
    expect((await city.get(`/cases/${failing}`).expect(200)).body.status).toBe('submitted');

    // Every retry is in the audit log, refusals included; the list never shows the raw message (personal data).
    await eventually(
      async () => {
        const items = (await city.get('/audit?route=/sync/quarantine&limit=50').expect(200)).body.items as Array<{ method: string; status: number }>;
        const statuses = new Set(items.filter((i) => i.method === 'POST').map((i) => i.status));
        return [200, 400, 403, 404, 409].every((status) => statuses.has(status));
      },
      10000,
      'the retries in the audit log',
    );
    const listed = (await city.get('/sync/quarantine').expect(200)).body.items as Array<Record<string, unknown>>;
    expect(listed.length).toBeGreaterThan(0);
    for (const item of listed) {
      expect(item).not.toHaveProperty('dataBase64');
      expect(item['bytes']).toEqual(expect.any(Number));
    }
  }, 150_000);

  it('applies the held event after the city is upgraded, while the district and the township still hold it', async () => {
    const [held] = await quarantine(city, 'held');
    expect(held).toBeDefined();
    // The upgrade: the city now knows case.submitted v2 (v2 reads like v1 here); every other codec stays built in.
    const v2 = (builtIn: PayloadDecoder | undefined): PayloadDecoder => ({
      latest: 2,
      decode: (payload, version) => (builtIn === undefined ? { ok: true, value: payload } : builtIn.decode(payload, Math.min(version, builtIn.latest))),
    });
    city = await fed.restart('gz-city', { sync: { payloadDecoders: (type, builtIn) => (type === 'case.submitted' ? v2(builtIn) : builtIn) } });
    expect(await quarantine(city, 'held')).toEqual([]);
    const caseId = ((await city.db.query(`SELECT case_id FROM case_events WHERE event_id = '${held!.envelopeId}'`)) as Array<{ case_id: string }>)[0]?.case_id;
    expect(caseId).toBeDefined();
    expect((await city.get(`/cases/${caseId}`).expect(200)).body.status).toBe('submitted');
    expect((await city.get('/sync/status').expect(200)).body).toMatchObject({ needsUpgrade: false, held: 0 });
    // Side by side: the nodes not upgraded still hold it, and say so.
    for (const node of [district, township]) {
      expect((await quarantine(node, 'held')).map((q) => q.envelopeId)).toEqual([held!.envelopeId]);
      expect((await node.get('/sync/status').expect(200)).body.needsUpgrade).toBe(true);
    }
  }, 60_000);
});
