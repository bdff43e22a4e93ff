import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sampleItem } from '@liandong/harness';
import { OutboxRepository, SyncRuntime } from '@liandong/node';
import { catalogSubject, encodeEnvelope, HybridLogicalClock, uuidv7, type Envelope } from '@liandong/sync';
import { catalogueState, eventually, Federation, type FedNode } from './federation';

const count = async (node: FedNode, sql: string): Promise<number> => Number(((await node.db.query(sql)) as Array<{ n: number | string }>)[0]!.n);
const unsent = (node: FedNode) => count(node, 'SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL');

async function publishItems(city: FedNode, codes: string[]): Promise<void> {
  for (const code of codes) {
    await city.post('/catalogue/items', sampleItem({ implCode: code })).expect(201);
    await city.post(`/catalogue/items/${code}/publish`).expect(200);
  }
}

/** Must show 3, 4 and 5 of the sync issue. */
describe('delivery guarantees (real nats-server, SQLite)', () => {
  let fed: Federation;
  let city: FedNode;
  let township: FedNode;
  let raw: NatsConnection;

  /** Envelopes the township applied, by id, must each appear once; the number equals the city's outbox rows. */
  async function expectEachAppliedOnce(): Promise<void> {
    const cityEvents = await count(city, "SELECT COUNT(*) AS n FROM outbox WHERE type = 'catalogue.item'");
    await eventually(async () => (await count(township, "SELECT COUNT(*) AS n FROM inbox WHERE type = 'catalogue.item'")) === cityEvents, 30000, 'all events applied');
    expect(await count(township, "SELECT COUNT(*) AS n FROM inbox WHERE type = 'catalogue.item'")).toBe(cityEvents);
    expect(JSON.stringify(await catalogueState(township))).toBe(JSON.stringify(await catalogueState(city)));
  }

  beforeAll(async () => {
    ({ fed, city, jiekou: township } = await Federation.standard({ district: false, townships: ['jiekou'] }));
    await city.post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
  });

  afterAll(async () => {
    if (raw !== undefined && !raw.isClosed()) await raw.close();
    await fed?.stop();
  });

  it('applies every event exactly once when the relay dies between publishing and marking sent', async () => {
    const outbox = city.app.get(OutboxRepository);
    let crashed = 0;
    outbox.markSent = async () => {
      crashed++;
      throw new Error('relay killed before marking sent');
    };
    await publishItems(city, ['R1', 'R2', 'R3', 'R4', 'R5']);
    await eventually(async () => (await count(township, "SELECT COUNT(*) AS n FROM service_items WHERE impl_code LIKE 'R%'")) === 5, 20000, 'published before the crash');
    expect(crashed).toBeGreaterThan(0);
    expect(await unsent(city)).toBeGreaterThanOrEqual(5);

    city = await fed.restart('gz-city'); // the restarted relay publishes the unmarked rows again
    await eventually(async () => (await unsent(city)) === 0, 20000, 'outbox drained after restart');
    await expectEachAppliedOnce();
    expect(await count(township, "SELECT COUNT(*) AS n FROM service_item_versions WHERE impl_code LIKE 'R%'")).toBe(5);
  });

  it('skips an envelope delivered again after the JetStream duplicate window (the inbox never forgets)', async () => {
    const row = ((await city.db.query("SELECT subject, data FROM outbox WHERE type = 'catalogue.item' ORDER BY seq LIMIT 1")) as Array<{ subject: string; data: string }>)[0]!;
    raw = await fed.connect('gz-city');
    const before = township.app.get(SyncRuntime).stats().inbox!.duplicates;
    await jetstream(raw).publish(row.subject, new TextEncoder().encode(row.data), { msgID: `redelivery-${Date.now()}` });
    await eventually(async () => township.app.get(SyncRuntime).stats().inbox!.duplicates === before + 1, 20000, 'duplicate seen');
    await expectEachAppliedOnce();
    await raw.close();
  });

  it('loses nothing and applies nothing twice when nats-server restarts mid-stream (file store kept)', async () => {
    const codes = Array.from({ length: 30 }, (_, i) => `N${i}`);
    await publishItems(city, codes.slice(0, 10));
    await fed.restartNats(300);
    await publishItems(city, codes.slice(10, 20));
    await eventually(async () => (await city.get('/health')).body.checks.nats.status === 'up', 30000, 'city reconnected');
    await publishItems(city, codes.slice(20));
    await eventually(async () => (await unsent(city)) === 0, 30000, 'outbox drained');
    await expectEachAppliedOnce();
  });

  it('quarantines garbage, unknown types and forged origins with the reason, and applies the next valid message', async () => {
    raw = await fed.connect('gz-city');
    const js = jetstream(raw);
    const clock = new HybridLogicalClock('conghua');
    const envelope = (type: string, origin: string, payload: unknown, code: string): Envelope => ({ id: uuidv7(Date.now()), type, v: 1, aggregate: code, origin, hlc: clock.now(), actor: 'mallory', payload });
    const forgedItem = { item: { implCode: 'FORGED', version: 99, status: 'published', scope: 'all', ownerNode: 'conghua', content: sampleItem({ implCode: 'FORGED' }), updatedAt: new Date().toISOString() }, version: { change: 'published', actor: 'x', changedAt: 'x' } };

    await js.publish(catalogSubject('all', 'GARBAGE'), Uint8Array.from([0xff, 0xfe, 0x00, 0x13]));
    await js.publish(catalogSubject('all', 'UNKNOWN'), encodeEnvelope(envelope('catalogue.teleport', 'gz-city', {}, 'UNKNOWN')));
    await js.publish(catalogSubject('all', 'FORGED'), encodeEnvelope(envelope('catalogue.item', 'conghua', forgedItem, 'FORGED')));
    await publishItems(city, ['AFTER']);

    await eventually(async () => (await township.get('/catalogue/items/AFTER')).status === 200, 20000, 'valid message after the bad ones');
    await township.get('/catalogue/items/FORGED').expect(404);
    const quarantine = (await township.get('/sync/quarantine').expect(200)).body as { total: number; items: Array<{ subject: string; reason: string }> };
    expect(quarantine.total).toBe(3);
    const reasons = Object.fromEntries(quarantine.items.map((q) => [q.subject.split('.').at(-1), q.reason]));
    expect(reasons['GARBAGE']).toMatch(/^undecodable: /);
    expect(reasons['UNKNOWN']).toBe('unknown type catalogue.teleport');
    expect(reasons['FORGED']).toMatch(/^not allowed: .*only the city \(gz-city\)|^not allowed: origin conghua is not/);
    const status = (await township.get('/sync/status').expect(200)).body as { quarantined: number; consumers: unknown[] };
    expect(status.quarantined).toBe(3);
  });
});
