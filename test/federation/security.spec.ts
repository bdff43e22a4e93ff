import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sampleItem } from '@liandong/harness';
import { caseSubject, catalogSubject, encodeEnvelope, HybridLogicalClock, uuidv7, type Envelope } from '@liandong/sync';
import { eventually, Federation, type FedNode } from './federation';

const PERSON = { kind: 'person', name: '张三', idNumber: '440106199001011235', phone: '13812345678' };
const JIEKOU_CASES = 'gov.case.440117.440117001';
const WENQUAN_CASES = 'gov.case.440117.440117100';

interface Quarantined {
  readonly subject: string;
  readonly reason: string;
  readonly envelopeId: string | null;
}

/** Must show 2 of the security issue: NATS refuses what a node's credentials do not allow; the applier quarantines forgeries. */
describe('NATS credentials and authorization on apply (real nats-server with the generated config)', () => {
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  let jiekou: FedNode;
  let wenquan: FedNode;
  const open: NatsConnection[] = [];

  const as = async (id: string): Promise<NatsConnection> => {
    const nc = await fed.connect(id);
    open.push(nc);
    return nc;
  };
  /** Messages the CASES or CATALOG stream holds on `subject` (read with the city's credentials, which may read stream info). */
  const stored = async (stream: string, subject: string): Promise<number> => {
    const info = await (await jetstreamManager(await as('gz-city'))).streams.info(stream, { subjects_filter: subject });
    return Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
  };
  const quarantine = async (node: FedNode): Promise<Quarantined[]> => ((await node.get('/sync/quarantine?limit=100').expect(200)).body as { items: Quarantined[] }).items;
  const forged = (origin: string, type: string, aggregate: string, payload: unknown): Envelope => ({
    id: uuidv7(Date.now()),
    type,
    v: 1,
    aggregate,
    origin,
    hlc: new HybridLogicalClock(origin).now(),
    actor: 'mallory',
    payload,
  });

  beforeAll(async () => {
    ({ fed, city, district, jiekou, wenquan } = await Federation.standard());
    await city.post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
    const item = sampleItem({ implCode: 'IMM5', name: '生育登记', caseKind: 'immediate', promisedLimitDays: 0, exerciseLevel: '5' });
    await city.post('/catalogue/items', item).expect(201);
    await city.post('/catalogue/items/IMM5/publish').expect(200);
    await eventually(async () => (await jiekou.get('/catalogue/items/IMM5')).status === 200, 30000, 'catalogue at jiekou');
  });

  afterAll(async () => {
    for (const nc of open) if (!nc.isClosed()) await nc.close();
    await fed?.stop();
  });

  it('replicates a case from the window up to the district and the city under the permissions', async () => {
    const accepted = await jiekou.post('/cases', { implCode: 'IMM5', applicant: PERSON, outcome: 'accept' }).expect(201);
    const id = accepted.body.caseId as string;
    await eventually(async () => (await district.get(`/cases/${id}`)).status === 200 && (await city.get(`/cases/${id}`)).status === 200, 30000, 'case at the district and the city');
    expect(await stored('CASES', `${JIEKOU_CASES}.${id}`)).toBeGreaterThan(0);
    for (const node of [city, district, jiekou, wenquan]) expect(await quarantine(node)).toEqual([]);
  });

  it("refuses a township publishing into another township's case subjects or the catalogue, core and JetStream alike", async () => {
    const nc = await as('jiekou');
    const errors: string[] = [];
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'error') errors.push(s.error.message);
    })();
    const js = jetstream(nc);
    const data = encodeEnvelope(forged('jiekou', 'case.submitted', 'FORGED-1', {}));

    nc.publish(`${WENQUAN_CASES}.FORGED-1`, data);
    await nc.flush();
    await expect(js.publish(`${WENQUAN_CASES}.FORGED-2`, data, { timeout: 5000 })).rejects.toThrow(`Permissions Violation for Publish to "${WENQUAN_CASES}.FORGED-2"`);
    await expect(js.publish(catalogSubject('all', 'FORGED'), data, { timeout: 5000 })).rejects.toThrow('Permissions Violation for Publish to "gov.catalog.all.FORGED"');
    await expect(js.publish(catalogSubject('440117', 'FORGED'), data, { timeout: 5000 })).rejects.toThrow('Permissions Violation');
    await eventually(async () => errors.some((e) => e.includes(`Permissions Violation for Publish to "${WENQUAN_CASES}.FORGED-1"`)), 5000, 'core publish refused');

    // Neither may it read another node's heartbeats or replies, manage streams, or widen its consumer.
    const jsm = await jetstreamManager(nc);
    await expect(jsm.streams.delete('CASES')).rejects.toThrow('Permissions Violation');
    await expect(jsm.consumers.info('CASES', 'wenquan_cases_440117100')).rejects.toThrow('Permissions Violation');
    await expect(jsm.consumers.add('CASES', { durable_name: 'jiekou_cases_440117001', filter_subject: 'gov.case.>' })).rejects.toThrow('Permissions Violation');
    nc.subscribe('_INBOX_wenquan.>');
    nc.subscribe('gov.status.>');
    await nc.flush();
    await eventually(async () => errors.some((e) => e.includes('Permissions Violation for Subscription to "_INBOX_wenquan.>"')), 5000, 'inbox subscription refused');
    await eventually(async () => errors.some((e) => e.includes('Permissions Violation for Subscription to "gov.status.>"')), 5000, 'status subscription refused');

    expect(await stored('CASES', `${WENQUAN_CASES}.>`)).toBe(0);
    expect(await stored('CATALOG', 'gov.catalog.*.FORGED')).toBe(0);
    expect((await jsm.streams.info('CASES')).config.name).toBe('CASES'); // it may check that the stream exists
    // The permitted create subject names its own filter; nats-server refuses a config with another one.
    const widened = { stream_name: 'CASES', action: 'update', config: { durable_name: 'jiekou_cases_440117001', filter_subject: 'gov.case.>', ack_policy: 'explicit' } };
    const answer = await nc.request(`$JS.API.CONSUMER.CREATE.CASES.jiekou_cases_440117001.${JIEKOU_CASES}.>`, JSON.stringify(widened));
    expect(answer.json<{ error?: { description: string } }>().error?.description).toBe('Consumer create request did not match filtered subject from create subject');
  });

  it('quarantines, with the reason, a forged origin injected with broader credentials, and applies nothing', async () => {
    // The district may publish on its townships' case subjects (it decides up-cases), so NATS lets this through.
    const caseId = uuidv7(Date.now());
    const subject = caseSubject('440117', '440117001', caseId);
    // A well-formed payload, so that the origin is what the applier refuses (a malformed one is refused by its codec first).
    const submitted = { implCode: 'IMM5', itemVersion: 1, itemName: '生育登记', applicant: PERSON, queryCodeHash: 'a'.repeat(64), channel: 'window', department: 'SCJGJ' };
    const envelope = forged('wenquan', 'case.submitted', caseId, submitted);
    await jetstream(await as('conghua')).publish(subject, encodeEnvelope(envelope));
    // The city may publish anything: a city-wide item in the district's name.
    // A well-formed item (implCodes are digits and uppercase letters), so that its origin is what the applier refuses.
    const item = { item: { implCode: 'FORGEDALL', version: 1, status: 'published', scope: 'all', ownerNode: 'conghua', content: sampleItem({ implCode: 'FORGEDALL' }), updatedAt: new Date().toISOString() }, version: { change: 'published', actor: 'x', changedAt: 'x' } };
    const itemEnvelope = forged('conghua', 'catalogue.item', 'FORGEDALL', item);
    await jetstream(await as('gz-city')).publish(catalogSubject('all', 'FORGEDALL'), encodeEnvelope(itemEnvelope));

    const reason = `not allowed: wenquan may not write on ${subject}: only the window jiekou, its district conghua or the city gz-city`;
    for (const node of [jiekou, district, city]) {
      await eventually(async () => (await quarantine(node)).some((q) => q.envelopeId === envelope.id), 20000, `forged case event quarantined at ${node.spec.id}`);
      expect((await quarantine(node)).find((q) => q.envelopeId === envelope.id)).toMatchObject({ subject, reason });
      await node.get(`/cases/${caseId}`).expect(404);
      expect(await node.db.query('SELECT COUNT(*) AS n FROM case_events WHERE case_id = ?', [caseId])).toEqual([{ n: 0 }]);
    }
    for (const node of [district, jiekou, wenquan]) {
      await eventually(async () => (await quarantine(node)).some((q) => q.envelopeId === itemEnvelope.id), 20000, `forged item quarantined at ${node.spec.id}`);
      expect((await quarantine(node)).find((q) => q.envelopeId === itemEnvelope.id)?.reason).toBe('not allowed: only the city (gz-city) sends city-wide data, not conghua');
      await node.get('/catalogue/items/FORGED-ALL').expect(404);
    }
    // wenquan does not even receive jiekou's case subjects.
    expect((await quarantine(wenquan)).some((q) => q.envelopeId === envelope.id)).toBe(false);
  });
});
