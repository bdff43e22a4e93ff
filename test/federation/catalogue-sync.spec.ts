import { sampleItem } from '@liandong/harness';
import { catalogueState, delegationState, eventually, Federation, STANDARD_NODES, type FedNode } from './federation';

/** Must show 1 and 2 of the sync issue: convergence after a cut link, and a late joiner's snapshot. */
describe('catalogue replication through a cut link', () => {
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  let township: FedNode;

  beforeAll(async () => {
    ({ fed, city, district, jiekou: township } = await Federation.standard({ townships: ['jiekou'] }));
    await city.post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
    await district.post('/departments', { code: 'QSCJGJ', name: '区市场监督管理局' }).expect(201);
  });

  afterAll(async () => {
    await fed?.stop();
  });

  it('replicates a published city item to the district and the township', async () => {
    await city.post('/catalogue/items', sampleItem({ implCode: 'C1' })).expect(201);
    await city.post('/catalogue/items/C1/publish').expect(200);
    await eventually(async () => (await township.get('/catalogue/items/C1')).status === 200, 20000, 'C1 at the township');
    await eventually(async () => (await district.get('/catalogue/items/C1')).status === 200, 20000, 'C1 at the district');
    expect((await township.get('/catalogue/items/C1').expect(200)).body).toMatchObject({ version: 2, status: 'published', ownerNode: 'gz-city', scope: 'all' });
    // replicated items are read-only away from their owner
    await district.post('/catalogue/items/C1/suspend').expect(403);
  });

  it('shows each node its children, its consumers and its backlog on the sync status page', async () => {
    const below = async (node: FedNode) => ((await node.get('/sync/status').expect(200)).body.nodesBelow as Array<{ nodeId: string; parentId: string }>).map((c) => `${c.parentId}/${c.nodeId}`).sort();
    await eventually(async () => (await below(district)).includes('conghua/jiekou'), 15000, 'district sees jiekou');
    await eventually(async () => JSON.stringify(await below(city)) === JSON.stringify(['conghua/jiekou', 'gz-city/conghua']), 15000, 'city sees every node');
    expect(await below(district)).toEqual(['conghua/jiekou']);
    const township = (await fed.node('jiekou').get('/sync/status').expect(200)).body;
    expect(township).toMatchObject({ node: { id: 'jiekou', tier: 'township', parentId: 'conghua' }, link: { state: 'up' }, quarantined: 0 });
    expect(township.consumers.map((c: { filter: string }) => c.filter).sort()).toEqual(['gov.case.440117.440117001.>', 'gov.catalog.440117.>', 'gov.catalog.all.>', 'gov.ref.*.440117.>', 'gov.ref.*.all.>']);
    expect(township.consumers.every((c: { pending: number | null }) => typeof c.pending === 'number')).toBe(true);
    const child = ((await district.get('/sync/status').expect(200)).body.nodesBelow as Array<{ nodeId: string; lastContact: string; skewMs: number; outboxDepth: number }>).find((c) => c.nodeId === 'jiekou')!;
    expect(Number.isNaN(Date.parse(child.lastContact))).toBe(false);
    expect(Math.abs(child.skewMs)).toBeLessThan(60000);
    expect(child.outboxDepth).toBe(0);
  });

  it('converges to exactly the city state after the township was offline', async () => {
    township.proxy.cut();
    await eventually(async () => (await township.get('/health')).body.checks.nats.status !== 'up', 10000, 'township offline');

    await city.post('/catalogue/items', sampleItem({ implCode: 'C2', name: '住房公积金提取' })).expect(201);
    await city.post('/catalogue/items/C2/publish').expect(200);
    await city.put('/catalogue/items/C2', sampleItem({ implCode: 'C2', name: '住房公积金提取（修订）' })).expect(200);
    await city.post('/catalogue/items/C1/suspend').expect(200);
    const grant = await city.post('/delegations', { implCode: 'C2', mode: 'devolved', target: { kind: 'township', regionCode: '440117001' }, effectiveFrom: '2026-01-01' }).expect(201);
    await district.post('/catalogue/items', sampleItem({ implCode: 'D1', handlingDepartment: 'QSCJGJ' })).expect(201);
    await district.post('/catalogue/items/D1/publish').expect(200);

    // still the old state while offline, and the township keeps answering
    expect((await township.get('/catalogue/items/C1').expect(200)).body.status).toBe('published');
    await township.get('/catalogue/items/C2').expect(404);

    township.proxy.restore();
    const cityAll = async () => catalogueState(city, (scope) => scope === 'all');
    await eventually(async () => JSON.stringify(await catalogueState(township, (scope) => scope === 'all')) === JSON.stringify(await cityAll()), 30000, 'township = city');
    await eventually(async () => JSON.stringify(await catalogueState(district, (scope) => scope === 'all')) === JSON.stringify(await cityAll()), 30000, 'district = city');
    await eventually(async () => (await township.get('/catalogue/items/D1')).status === 200, 20000, 'district item at the township');
    await eventually(async () => JSON.stringify(await delegationState(township)) === JSON.stringify(await delegationState(city)), 20000, 'delegations');

    expect((await township.get('/catalogue/decidable').expect(200)).body.items.map((i: { implCode: string }) => i.implCode)).toContain('C2');
    expect((await township.get(`/delegations/${grant.body.id}`).expect(200)).body.status).toBe('active');
    const versions = (await township.get('/catalogue/items/C2/versions').expect(200)).body as Array<{ version: number }>;
    expect(versions.at(-1)?.version).toBe(3);
  });

  it('gives a township that joins late the current state of its scope and nothing else', async () => {
    const other = await fed.add({ id: 'liangkou', tier: 'district', regionCode: '440118', parentId: 'gz-city' });
    await other.post('/departments', { code: 'LK', name: '外区部门' }).expect(201);
    for (let i = 0; i < 40; i++) {
      const code = `M${i}`;
      await city.post('/catalogue/items', sampleItem({ implCode: code })).expect(201);
      await city.post(`/catalogue/items/${code}/publish`).expect(200);
      await city.put(`/catalogue/items/${code}`, sampleItem({ implCode: code, promisedLimitDays: 4 })).expect(200);
      await city.put(`/catalogue/items/${code}`, sampleItem({ implCode: code, promisedLimitDays: 5 })).expect(200);
      await city.post(`/catalogue/items/${code}/suspend`).expect(200);
    }
    for (let i = 0; i < 5; i++) {
      await other.post('/catalogue/items', sampleItem({ implCode: `X${i}`, handlingDepartment: 'LK' })).expect(201);
      await other.post(`/catalogue/items/X${i}/publish`).expect(200);
    }
    await eventually(async () => ((await city.db.query('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL')) as Array<{ n: number }>)[0]!.n == 0, 20000, 'city outbox drained');

    const late = await fed.add(STANDARD_NODES.wenquan);
    const expected = async () => JSON.stringify([...(await catalogueState(city, (s) => s === 'all')), ...(await catalogueState(district, (s) => s === '440117'))].sort((a, b) => String((a as { impl_code: string }).impl_code).localeCompare(String((b as { impl_code: string }).impl_code))));
    await eventually(async () => JSON.stringify(await catalogueState(late)) === (await expected()), 30000, 'late joiner state');
    const held = (await catalogueState(late)) as Array<{ impl_code: string; version: number }>;
    expect(held.some((i) => i.impl_code.startsWith('X'))).toBe(false);
    expect(held.find((i) => i.impl_code === 'M39')).toMatchObject({ version: 5, status: 'suspended' });
    // a snapshot, not the history: one applied message per item
    const inbox = (await late.db.query("SELECT COUNT(*) AS n FROM inbox WHERE type = 'catalogue.item'")) as Array<{ n: number }>;
    expect(Number(inbox[0]!.n)).toBe(held.length);
  });
});
