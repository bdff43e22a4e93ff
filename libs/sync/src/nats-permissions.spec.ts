import { federationNodeSubscriptions, natsAuthorizationConfig, natsPermissions, nodeInboxPrefix } from './nats-permissions';
import { subjectMatches } from './fixtures/subject-match';
import { TopologyError, type FederationNode } from './topology';

const TOPOLOGY: FederationNode[] = [
  { id: 'gz-city', tier: 'city', regionCode: '440100', parentId: null },
  { id: 'conghua', tier: 'district', regionCode: '440117', parentId: 'gz-city' },
  { id: 'jiekou', tier: 'township', regionCode: '440117001', parentId: 'conghua' },
  { id: 'wenquan', tier: 'township', regionCode: '440117100', parentId: 'conghua' },
  { id: 'huadu', tier: 'district', regionCode: '440114', parentId: 'gz-city' },
];
const HASH = '$2a$04$abcdefghijklmnopqrstuuEr0cbMXNo1R5XCPEvFSN1WiJKDOkcCi';

const mayPublish = (id: string, subject: string) => natsPermissions(TOPOLOGY, id).publish.some((p) => subjectMatches(p, subject));
const maySubscribe = (id: string, subject: string) => natsPermissions(TOPOLOGY, id).subscribe.some((p) => subjectMatches(p, subject));

describe('natsPermissions', () => {
  it('lets a township publish only its own case subjects and heartbeat, and read only its own inbox', () => {
    expect(mayPublish('jiekou', 'gov.case.440117.440117001.c1')).toBe(true);
    expect(mayPublish('jiekou', 'gov.case.440117.440117100.c1')).toBe(false);
    expect(mayPublish('jiekou', 'gov.case.440117.440117.c1')).toBe(false);
    expect(mayPublish('jiekou', 'gov.catalog.all.X')).toBe(false);
    expect(mayPublish('jiekou', 'gov.catalog.440117.X')).toBe(false);
    expect(mayPublish('jiekou', 'gov.ref.department.440117.jiekou.A')).toBe(false);
    expect(mayPublish('jiekou', 'gov.status.conghua.jiekou')).toBe(true);
    expect(mayPublish('jiekou', 'gov.status.conghua.wenquan')).toBe(false);
    expect(natsPermissions(TOPOLOGY, 'jiekou').subscribe).toEqual(['_INBOX_jiekou.>']);
    expect(maySubscribe('jiekou', '_INBOX_wenquan.x')).toBe(false);
    expect(maySubscribe('jiekou', 'gov.status.conghua.wenquan')).toBe(false);
  });

  it('gives a township exactly the JetStream API of its own consumers, and no stream management', () => {
    const publish = natsPermissions(TOPOLOGY, 'jiekou').publish.filter((p) => p.startsWith('$JS'));
    expect(publish).toEqual([
      '$JS.API.INFO',
      '$JS.API.STREAM.INFO.CATALOG',
      '$JS.API.STREAM.INFO.REF',
      '$JS.API.STREAM.INFO.CASES',
      ...federationNodeSubscriptions(TOPOLOGY[2]!).flatMap((s) => {
        const stream = { catalog: 'CATALOG', ref: 'REF', cases: 'CASES' }[s.stream];
        return [`$JS.API.CONSUMER.CREATE.${stream}.${s.durable}.${s.filter}`, `$JS.API.CONSUMER.INFO.${stream}.${s.durable}`, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${s.durable}`, `$JS.ACK.${stream}.${s.durable}.>`];
      }),
    ]);
    expect(publish).toContain('$JS.API.CONSUMER.CREATE.CASES.jiekou_cases_440117001.gov.case.440117.440117001.>');
    expect(mayPublish('jiekou', '$JS.API.CONSUMER.CREATE.CASES.jiekou_cases_440117001.gov.case.>')).toBe(false);
    expect(mayPublish('jiekou', '$JS.API.CONSUMER.DURABLE.CREATE.CASES.jiekou_cases_440117001')).toBe(false);
    expect(mayPublish('jiekou', '$JS.API.CONSUMER.DELETE.CASES.jiekou_cases_440117001')).toBe(false);
    expect(mayPublish('jiekou', '$JS.API.CONSUMER.MSG.NEXT.CASES.wenquan_cases_440117100')).toBe(false);
    expect(mayPublish('jiekou', '$JS.ACK.CASES.wenquan_cases_440117100.1.2.3.4.5')).toBe(false);
    expect(mayPublish('jiekou', '$JS.API.STREAM.CREATE.CASES')).toBe(false);
    expect(mayPublish('jiekou', '$JS.API.STREAM.UPDATE.CASES')).toBe(false);
    expect(mayPublish('jiekou', '$JS.API.STREAM.DELETE.CASES')).toBe(false);
    expect(mayPublish('jiekou', '$JS.API.STREAM.MSG.GET.CASES')).toBe(false);
  });

  it("lets a district publish its scope's data and its region's case subjects, and read its townships' heartbeats and consumers", () => {
    expect(mayPublish('conghua', 'gov.catalog.440117.X')).toBe(true);
    expect(mayPublish('conghua', 'gov.ref.delegation.440117.d1')).toBe(true);
    expect(mayPublish('conghua', 'gov.ref.department.440117.conghua.A')).toBe(true);
    expect(mayPublish('conghua', 'gov.case.440117.440117001.c1')).toBe(true);
    expect(mayPublish('conghua', 'gov.case.440117.440117.c1')).toBe(true);
    expect(mayPublish('conghua', 'gov.catalog.all.X')).toBe(false);
    expect(mayPublish('conghua', 'gov.ref.calendar.all.2026')).toBe(false);
    expect(mayPublish('conghua', 'gov.catalog.440114.X')).toBe(false);
    expect(mayPublish('conghua', 'gov.case.440114.440114001.c1')).toBe(false);
    expect(mayPublish('conghua', 'gov.status.gz-city.conghua')).toBe(true);
    expect(maySubscribe('conghua', 'gov.status.conghua.jiekou')).toBe(true);
    expect(maySubscribe('conghua', 'gov.status.gz-city.huadu')).toBe(false);
    expect(mayPublish('conghua', '$JS.API.CONSUMER.INFO.CASES.jiekou_cases_440117001')).toBe(true);
    expect(mayPublish('conghua', '$JS.API.CONSUMER.INFO.CATALOG.wenquan_catalog_all')).toBe(true);
    expect(mayPublish('conghua', '$JS.API.CONSUMER.MSG.NEXT.CASES.jiekou_cases_440117001')).toBe(false);
    expect(mayPublish('conghua', '$JS.API.CONSUMER.INFO.CASES.huadu_cases_440114')).toBe(false);
    expect(mayPublish('conghua', '$JS.API.CONSUMER.INFO.CASES.gz-city_cases_all')).toBe(false);
    expect(mayPublish('conghua', '$JS.API.STREAM.UPDATE.CASES')).toBe(false);
  });

  it('lets only the city publish city-wide data, manage the streams and read every heartbeat and consumer', () => {
    expect(mayPublish('gz-city', 'gov.catalog.all.X')).toBe(true);
    expect(mayPublish('gz-city', 'gov.ref.calendar.all.2026')).toBe(true);
    expect(mayPublish('gz-city', 'gov.case.440114.440114001.c1')).toBe(true);
    expect(mayPublish('gz-city', 'gov.catalog.440117.X')).toBe(false);
    expect(mayPublish('gz-city', 'gov.status.root.gz-city')).toBe(true);
    for (const stream of ['CATALOG', 'REF', 'CASES']) {
      expect(mayPublish('gz-city', `$JS.API.STREAM.CREATE.${stream}`)).toBe(true);
      expect(mayPublish('gz-city', `$JS.API.STREAM.UPDATE.${stream}`)).toBe(true);
      expect(mayPublish('gz-city', `$JS.API.STREAM.DELETE.${stream}`)).toBe(false);
    }
    expect(maySubscribe('gz-city', 'gov.status.conghua.jiekou')).toBe(true);
    for (const node of TOPOLOGY.slice(1)) {
      for (const s of federationNodeSubscriptions(node)) expect(mayPublish('gz-city', `$JS.API.CONSUMER.INFO.${s.stream === 'cases' ? 'CASES' : s.stream.toUpperCase()}.${s.durable}`)).toBe(true);
    }
  });

  it('refuses a node outside the topology and a topology that is not one federation', () => {
    expect(() => natsPermissions(TOPOLOGY, 'liangkou')).toThrow('has no node liangkou');
    expect(() => natsPermissions(TOPOLOGY.slice(1), 'conghua')).toThrow(TopologyError);
  });
});

describe('natsAuthorizationConfig', () => {
  const credentials = TOPOLOGY.map((n) => ({ user: n.id, passwordHash: HASH }));

  it('renders one user per node with its bcrypt hash and permissions, quoting every subject', () => {
    const config = natsAuthorizationConfig(TOPOLOGY, credentials);
    expect(config).toMatch(/^# nats-server authorization/);
    expect(config).toContain('authorization {\n  users = [\n    {\n      user: "gz-city"\n      password: "$2a$04$');
    expect(config.match(/user: "/g)).toHaveLength(TOPOLOGY.length);
    expect(config).toContain('        subscribe: { allow: [\n          "_INBOX_jiekou.>"\n        ] }');
    expect(config).toContain('"$JS.ACK.CASES.jiekou_cases_440117001.>"');
    expect(nodeInboxPrefix('gz-city')).toBe('_INBOX_gz-city');
  });

  it('adds extra users, with or without permissions', () => {
    const config = natsAuthorizationConfig(TOPOLOGY, credentials, [{ user: 'ops', passwordHash: HASH, permissions: null }]);
    expect(config).toContain('      user: "ops"\n      password: "$2a$04$abcdefghijklmnopqrstuuEr0cbMXNo1R5XCPEvFSN1WiJKDOkcCi"\n    }');
  });

  it('refuses missing or unknown credentials and passwords that are not bcrypt hashes, naming each', () => {
    expect(() => natsAuthorizationConfig(TOPOLOGY, [...credentials.slice(1), { user: 'ghost', passwordHash: 'plain-text' }])).toThrow(
      new TopologyError([
        { path: 'credentials', reason: 'no password for node gz-city' },
        { path: 'credentials', reason: 'ghost is not a node of the topology' },
        { path: 'credentials', reason: 'the password of ghost must be a bcrypt hash' },
      ]),
    );
  });
});
