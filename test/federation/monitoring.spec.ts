import request from 'supertest';
import { sampleItem } from '@liandong/harness';
import { NodeMonitor, type NodeBelow } from '@liandong/node';
import { eventually, Federation, type FedNode } from './federation';

const PERSON = { kind: 'person', name: '李四', idNumber: '440106199001011235', phone: '13812345678' };
// Short settings so a cut link shows within seconds: a heartbeat every second, offline after three silent ones.
const env = { NODE_OFFLINE_AFTER_SECONDS: '3', SYNC_HEARTBEAT_SECONDS: '1' };

/** One sample of the Prometheus text format. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses the exposition text (format 0.0.4): `name{label="value",...} number`, comments skipped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(node: FedNode): Promise<{ text: string; samples: Sample[] }> {
  const res = await request(node.app.getHttpServer()).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain;.*\bversion=0\.0\.4\b/);
  return { text: res.text, samples: parseExposition(res.text) };
}

function value(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** Must show 3 of the supervision issue: a township cut off shows offline at its district and the city, with its backlog. */
describe('sync monitoring: nodes below, offline flag, backlog, /metrics', () => {
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  let jiekou: FedNode;
  let wenquan: FedNode;
  let caseId: string;

  const below = async (node: FedNode): Promise<NodeBelow[]> => (await node.get('/sync/status').expect(200)).body.nodesBelow as NodeBelow[];
  const entry = async (node: FedNode, id: string): Promise<NodeBelow | undefined> => (await below(node)).find((n) => n.nodeId === id);
  const status = async (node: FedNode, id: string, check: (n: NodeBelow) => boolean): Promise<boolean> => {
    const n = await entry(node, id);
    return n !== undefined && check(n);
  };
  const publish = async (code: string): Promise<void> => {
    await city.post('/catalogue/items', sampleItem({ implCode: code })).expect(201);
    await city.post(`/catalogue/items/${code}/publish`).expect(200);
  };

  beforeAll(async () => {
    ({ fed, city, district, jiekou, wenquan } = await Federation.standard({ env }));
    await city.post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
    await publish('M1');
    await eventually(async () => (await jiekou.get('/catalogue/items/M1')).status === 200, 30000, 'M1 at jiekou');
    for (const [node, ids] of [
      [city, ['conghua', 'jiekou', 'wenquan']],
      [district, ['jiekou', 'wenquan']],
    ] as const) {
      await eventually(async () => JSON.stringify((await below(node)).filter((n) => n.online && n.serverPending === 0).map((n) => n.nodeId)) === JSON.stringify(ids), 30000, `${node.spec.id} sees ${ids.join(', ')} online`);
    }
  });

  afterAll(async () => {
    await fed?.stop();
  });

  it('lists each node below with its tier, region, liveness and backlog', async () => {
    const fromCity = await below(city);
    expect(fromCity.map((n) => [n.nodeId, n.parentId, n.tier, n.regionCode])).toEqual([
      ['conghua', 'gz-city', 'district', '440117'],
      ['jiekou', 'conghua', 'township', '440117001'],
      ['wenquan', 'conghua', 'township', '440117100'],
    ]);
    for (const n of fromCity) {
      expect(n).toMatchObject({ online: true, outboxDepth: 0, serverPending: 0, quarantined: 0, consumerLag: expect.any(Number) });
      expect(n.silentSeconds).toBeLessThan(3);
      expect(Number.isNaN(Date.parse(n.lastContact))).toBe(false);
      expect(typeof n.skewMs).toBe('number');
    }
    expect((await below(district)).map((n) => n.nodeId)).toEqual(['jiekou', 'wenquan']);
    expect((await jiekou.get('/sync/status').expect(200)).body).toMatchObject({ monitoring: { heartbeatSeconds: 1, offlineAfterSeconds: 3 }, nodesBelow: [] });
    // Stored at the ancestor, one row per child.
    expect(await district.db.query('SELECT node_id, parent_id, tier, region_code FROM node_status ORDER BY node_id')).toEqual([
      { node_id: 'jiekou', parent_id: 'conghua', tier: 'township', region_code: '440117001' },
      { node_id: 'wenquan', parent_id: 'conghua', tier: 'township', region_code: '440117100' },
    ]);
  });

  it('3. shows a cut township offline at its district and the city with its backlog, and online again when the link returns', async () => {
    jiekou.proxy.cut();
    // A backlog both ways: the city publishes items the township cannot fetch, the township accepts a case it cannot send.
    for (const code of ['M2', 'M3', 'M4']) await publish(code);
    const accepted = await jiekou.post('/cases', { implCode: 'M1', applicant: PERSON, outcome: 'accept' }).expect(201);
    caseId = accepted.body.caseId as string;
    const own = (await jiekou.get('/sync/status').expect(200)).body as { outbox: { depth: number }; link: { state: string } };
    expect(own.outbox.depth).toBeGreaterThan(0);
    expect(own.link.state).not.toBe('up');
    expect((await wenquan.get('/sync/status').expect(200)).body.link.state).toBe('up');

    for (const ancestor of [district, city]) {
      await eventually(() => status(ancestor, 'jiekou', (n) => !n.online && (n.serverPending ?? 0) >= 3), 20000, `jiekou offline with its backlog at ${ancestor.spec.id}`);
      const n = (await entry(ancestor, 'jiekou'))!;
      expect(n.silentSeconds).toBeGreaterThanOrEqual(3);
      expect(await status(ancestor, 'wenquan', (w) => w.online)).toBe(true);
    }

    // /metrics at the township says what its status page says; at the city, the township is offline there too.
    const township = (await scrape(jiekou)).samples;
    expect(value(township, 'liandong_sync_outbox_depth')).toBe((await jiekou.get('/sync/status').expect(200)).body.outbox.depth);
    expect(value(township, 'liandong_sync_link_up')).toBe(0);
    const atCity = (await scrape(city)).samples;
    expect(value(atCity, 'liandong_node_below_online', { node: 'jiekou', parent: 'conghua', tier: 'township' })).toBe(0);
    expect(value(atCity, 'liandong_node_below_online', { node: 'wenquan' })).toBe(1);
    expect(value(atCity, 'liandong_node_below_server_pending', { node: 'jiekou' })).toBeGreaterThanOrEqual(3);
    expect(value(atCity, 'liandong_node_below_silent_seconds', { node: 'jiekou' })).toBeGreaterThanOrEqual(3);

    jiekou.proxy.restore();
    for (const ancestor of [district, city]) {
      await eventually(
        () => status(ancestor, 'jiekou', (n) => n.online && n.serverPending === 0 && n.outboxDepth === 0 && n.consumerLag === 0),
        30000,
        `jiekou online and drained at ${ancestor.spec.id}`,
      );
    }
    expect((await jiekou.get('/sync/status').expect(200)).body.outbox.depth).toBe(0);
    await eventually(async () => (await district.get(`/cases/${caseId}`)).status === 200, 20000, 'the case accepted offline at the district');
    await jiekou.get('/catalogue/items/M4').expect(200);
  });

  it('still lists its children after the ancestor restarts, offline until they speak again', async () => {
    jiekou.proxy.cut();
    await district.app.get(NodeMonitor).flushed();
    district = await fed.restart('conghua');
    const remembered = await entry(district, 'jiekou');
    expect(remembered).toMatchObject({ nodeId: 'jiekou', parentId: 'conghua', tier: 'township', regionCode: '440117001', online: false });
    // What it reported is shown only while younger than NODE_OFFLINE_AFTER_SECONDS (the restart may take longer).
    expect(remembered!.outboxDepth).toBe(remembered!.figures.stale ? null : 0);
    // Stalled consumers are not kept across the restart: unknown until the township speaks again.
    expect(remembered!.stalled).toBeNull();
    expect((await below(district)).map((n) => n.nodeId)).toEqual(['jiekou', 'wenquan']);
    await eventually(() => status(district, 'wenquan', (n) => n.online), 20000, 'wenquan speaks to the restarted district');
    expect(await status(district, 'jiekou', (n) => !n.online)).toBe(true);

    jiekou.proxy.restore();
    await eventually(() => status(district, 'jiekou', (n) => n.online), 20000, 'jiekou speaks again');
  });

  it('/metrics is public and counts requests by route pattern, never by raw URL', async () => {
    const before = value((await scrape(jiekou)).samples, 'liandong_http_requests_total', { method: 'GET', route: '/cases/:caseId', status: '200' }) ?? 0;
    for (let i = 0; i < 3; i++) await jiekou.get(`/cases/${caseId}`).expect(200);
    await jiekou.get('/cases/00000000-0000-7000-8000-000000000000').expect(404);
    await request(jiekou.app.getHttpServer()).get(`/no/such/route/${PERSON.idNumber}?phone=${PERSON.phone}`).expect(404);
    await request(jiekou.app.getHttpServer()).get('/sync/status').expect(401);

    const { text, samples } = await scrape(jiekou);
    expect(value(samples, 'liandong_http_requests_total', { method: 'GET', route: '/cases/:caseId', status: '200' })).toBe(before + 3);
    expect(value(samples, 'liandong_http_requests_total', { method: 'GET', route: '/cases/:caseId', status: '404' })).toBe(1);
    expect(value(samples, 'liandong_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(value(samples, 'liandong_http_requests_total', { method: 'GET', route: '/sync/status', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'liandong_http_request_duration_seconds_count', { method: 'GET', route: '/cases/:caseId', status: '200' })).toBe(before + 3);
    for (const raw of [caseId, '00000000-0000-7000-8000-000000000000', PERSON.idNumber, PERSON.phone, '/no/such']) expect(text).not.toContain(raw);

    const own = (await jiekou.get('/sync/status').expect(200)).body as {
      outbox: { depth: number };
      inbox: { applied: number; duplicates: number };
      quarantined: number;
      consumers: Array<{ durable: string; pending: number | null }>;
    };
    const after = (await scrape(jiekou)).samples;
    expect(value(after, 'liandong_sync_link_up')).toBe(1);
    expect(value(after, 'liandong_sync_outbox_depth')).toBe(own.outbox.depth);
    expect(value(after, 'liandong_sync_quarantined')).toBe(own.quarantined);
    expect(value(after, 'liandong_sync_inbox_messages_total', { outcome: 'applied' })).toBe(own.inbox.applied);
    expect(value(after, 'liandong_sync_inbox_messages_total', { outcome: 'duplicate' })).toBe(own.inbox.duplicates);
    expect(after.filter((s) => s.name === 'liandong_sync_consumer_pending').map((s) => s.labels['durable']).sort()).toEqual(own.consumers.map((c) => c.durable).sort());
    expect(value(after, 'liandong_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('5. while the city’s own link is down, a township’s figures show there as unknown with a growing age, never the last value; fresh again when it returns', async () => {
    type OwnConsumer = { durable: string; pending: number | null; reportedAt: string | null; ageSeconds: number | null; stalled: boolean | null };
    const fresh = (n: NodeBelow): boolean => n.online && !n.figures.stale && n.outboxDepth === 0 && n.quarantined === 0 && Array.isArray(n.stalled) && n.stalled.length === 0;
    for (const id of ['jiekou', 'wenquan']) await eventually(() => status(city, id, fresh), 30000, `${id} fresh at the city`);
    await eventually(async () => ((await city.get('/sync/status').expect(200)).body.consumers as OwnConsumer[]).every((c) => c.pending === 0 && c.stalled === false), 20000, 'the city’s consumers idle');
    const before = (await entry(city, 'jiekou'))!;

    city.proxy.cut();
    // The township works on, cut off as well, so its outbox grows (the district will see it; the city cannot).
    jiekou.proxy.cut();
    for (let i = 0; i < 3; i++) await jiekou.post('/cases', { implCode: 'M1', applicant: PERSON, outcome: 'accept' }).expect(201);
    expect((await jiekou.get('/sync/status').expect(200)).body.outbox.depth).toBeGreaterThanOrEqual(3);

    await eventually(() => status(city, 'jiekou', (n) => n.figures.stale), 20000, 'jiekou’s figures stale at the city');
    const unknown = { online: false, outboxDepth: null, consumerLag: null, quarantined: null, stalled: null, skewMs: null, serverPending: null };
    const first = (await entry(city, 'jiekou'))!;
    expect(first).toMatchObject(unknown);
    expect(first.figures.ageSeconds).toBeGreaterThanOrEqual(3);
    expect(Date.parse(first.figures.reportedAt)).toBeGreaterThanOrEqual(Date.parse(before.figures.reportedAt));
    await eventually(async () => ((await entry(city, 'jiekou'))?.figures.ageSeconds ?? 0) > first.figures.ageSeconds, 10000, 'the age grows');
    const later = (await entry(city, 'jiekou'))!;
    expect(later).toMatchObject({ ...unknown, figures: { reportedAt: first.figures.reportedAt, stale: true } });

    // The city's own consumers: pending unknown with the age of what it last knew, stalled unknown.
    const own = (await city.get('/sync/status').expect(200)).body as { link: { state: string }; consumers: OwnConsumer[] };
    expect(own.link.state).not.toBe('up');
    for (const c of own.consumers) {
      expect(c).toMatchObject({ pending: null, stalled: null, reportedAt: expect.any(String) });
      expect(c.ageSeconds).toBeGreaterThanOrEqual(0);
    }
    // /metrics at the city: no value for a stale figure, its age instead.
    const atCity = (await scrape(city)).samples;
    for (const name of ['liandong_node_below_outbox_depth', 'liandong_node_below_quarantined', 'liandong_node_below_consumer_lag', 'liandong_node_below_consumers_stalled', 'liandong_node_below_clock_skew_seconds']) {
      expect(value(atCity, name, { node: 'jiekou' })).toBeUndefined();
    }
    expect(value(atCity, 'liandong_node_below_figures_age_seconds', { node: 'jiekou' })).toBeGreaterThanOrEqual(3);
    expect(atCity.filter((s) => s.name === 'liandong_sync_consumer_stalled')).toEqual([]);

    // The district's link is up: wenquan is fresh there while the city, cut off, shows it unknown too.
    expect(await status(district, 'wenquan', fresh)).toBe(true);
    expect(await status(city, 'wenquan', (n) => n.figures.stale && n.outboxDepth === null)).toBe(true);

    // The township's link returns: the district sees it drain; the city still does not pretend to know.
    jiekou.proxy.restore();
    await eventually(() => status(district, 'jiekou', fresh), 30000, 'jiekou drained at the district');
    expect(await entry(city, 'jiekou')).toMatchObject(unknown);

    city.proxy.restore();
    await eventually(() => status(city, 'jiekou', (n) => fresh(n) && n.serverPending === 0 && n.figures.ageSeconds < 3), 30000, 'jiekou fresh at the city');
    const after = (await scrape(city)).samples;
    expect(value(after, 'liandong_node_below_outbox_depth', { node: 'jiekou' })).toBe(0);
    expect(value(after, 'liandong_node_below_consumers_stalled', { node: 'jiekou' })).toBe(0);
    await eventually(async () => ((await city.get('/sync/status').expect(200)).body.consumers as OwnConsumer[]).every((c) => c.pending !== null && c.ageSeconds === 0 && c.stalled === false), 20000, 'the city’s consumers known again');
  });
});
