import { sampleItem } from '@liandong/harness';
import { eventually, Federation, type FedNode } from '../federation/federation';

const PERSON = { kind: 'person', name: '吴九', idNumber: '440106199001011235', phone: '13812345678' };

/**
 * Data scope by tier (the security issue): a township holds and shows only its own cases, a district its townships',
 * the city every case; another district sees none of them. Scope comes from what each node receives, so it holds for
 * every route that reads cases, supervision or statistics.
 */
describe('who sees which cases', () => {
  let fed: Federation;
  let city: FedNode;
  let conghua: FedNode;
  let huadu: FedNode;
  let jiekou: FedNode;
  let wenquan: FedNode;
  let xinhua: FedNode;

  beforeAll(async () => {
    fed = await Federation.start();
    city = await fed.add({ id: 'gz-city', tier: 'city', regionCode: '440100' });
    conghua = await fed.add({ id: 'conghua', tier: 'district', regionCode: '440117', parentId: 'gz-city' });
    huadu = await fed.add({ id: 'huadu', tier: 'district', regionCode: '440114', parentId: 'gz-city' });
    jiekou = await fed.add({ id: 'jiekou', tier: 'township', regionCode: '440117001', parentId: 'conghua', cityId: 'gz-city' });
    wenquan = await fed.add({ id: 'wenquan', tier: 'township', regionCode: '440117100', parentId: 'conghua', cityId: 'gz-city' });
    xinhua = await fed.add({ id: 'xinhua', tier: 'township', regionCode: '440114001', parentId: 'huadu', cityId: 'gz-city' });
    await city.post('/departments', { code: 'SCJGJ', name: '市市场监督管理局' }).expect(201);
    await city.post('/catalogue/items', sampleItem({ implCode: 'SCOPE1', exerciseLevel: '3' })).expect(201);
    await city.post('/catalogue/items/SCOPE1/publish').expect(200);
    for (const town of [jiekou, wenquan, xinhua]) await eventually(async () => (await town.get('/catalogue/items/SCOPE1')).status === 200, 30000, `catalogue at ${town.spec.id}`);
  });

  afterAll(async () => {
    await fed?.stop();
  });

  it('shows a case at its township, its district and the city, and nowhere else', async () => {
    const accepted = await jiekou.post('/cases', { implCode: 'SCOPE1', applicant: PERSON, outcome: 'accept', received: ['个体工商户设立登记申请书', '经营者身份证明'] }).expect(201);
    const id = accepted.body.caseId as string;
    const listed = async (node: FedNode) => ((await node.get('/cases?limit=200').expect(200)).body.items as Array<{ caseId: string }>).some((c) => c.caseId === id);
    await eventually(async () => (await listed(conghua)) && (await listed(city)), 30000, 'the case above jiekou');
    expect(await listed(jiekou)).toBe(true);
    // Give the others every chance to have received it, then check they have not.
    await eventually(async () => (await city.get(`/cases/${id}`)).body.status === 'accepted', 30000, 'the case at the city');
    await new Promise((r) => setTimeout(r, 1500));
    for (const other of [wenquan, xinhua, huadu]) {
      expect([other.spec.id, await listed(other)]).toEqual([other.spec.id, false]);
      expect([other.spec.id, (await other.get(`/cases/${id}`)).status]).toEqual([other.spec.id, 404]);
      expect([other.spec.id, (await other.get(`/cases/${id}/notices/acceptance`)).status]).toEqual([other.spec.id, 404]);
    }
    // Supervision and statistics read the same data.
    const received = async (node: FedNode) => (await node.get(`/statistics?from=2000-01-01&to=2099-12-31`).expect(200)).body.total.received as number;
    expect([await received(jiekou), await received(conghua), await received(city), await received(wenquan), await received(huadu)]).toEqual([1, 1, 1, 0, 0]);
  });
});
