import { subjectMatches } from './fixtures/subject-match';
import {
  caseSubject,
  caseSubjectFor,
  caseSubscriptions,
  parseCaseSubject,
  childStatusFilter,
  catalogSubject,
  downstreamSubscriptions,
  InvalidSubjectError,
  nodeSubscriptions,
  type NodeTopology,
  refSubject,
  type RefKind,
  statusSubject,
  STREAMS,
} from './subjects';


const city: NodeTopology = { tier: 'city', nodeId: 'gz-city', regionCode: '440100', parentId: null };
const district: NodeTopology = { tier: 'district', nodeId: 'conghua', regionCode: '440117', parentId: 'gz-city' };
const township: NodeTopology = { tier: 'township', nodeId: 'jiekou', regionCode: '440117001', parentId: 'conghua' };

const BAD_TOKENS = ['', 'a.b', 'a*', '>', 'a b', 'tab\t', 'new\nline', 'nul\u0000', 'del\u007f', 'c1\u0085', 'ideographic\u3000space'];

describe('STREAMS', () => {
  it('names the three streams and their subjects', () => {
    expect(STREAMS).toEqual({
      catalog: { name: 'CATALOG', subjects: ['gov.catalog.>'] },
      ref: { name: 'REF', subjects: ['gov.ref.>'] },
      cases: { name: 'CASES', subjects: ['gov.case.>'] },
    });
  });
});

describe('subject builders', () => {
  it('build the subjects of the topology', () => {
    expect(catalogSubject('all', '114401170069401450000201001000')).toBe('gov.catalog.all.114401170069401450000201001000');
    expect(catalogSubject('440117', 'X1')).toBe('gov.catalog.440117.X1');
    expect(refSubject('delegation', '440117', 'X1', '440117001')).toBe('gov.ref.delegation.440117.X1.440117001');
    expect(refSubject('calendar', 'all', '2024')).toBe('gov.ref.calendar.all.2024');
    expect(refSubject('department', 'all', 'dept-1')).toBe('gov.ref.department.all.dept-1');
    expect(caseSubject('440117', '440117001', '440117001-20240601-0001')).toBe('gov.case.440117.440117001.440117001-20240601-0001');
    expect(statusSubject(null, 'gz-city')).toBe('gov.status.root.gz-city');
    expect(statusSubject('conghua', 'jiekou')).toBe('gov.status.conghua.jiekou');
  });

  it('put every subject in its stream', () => {
    expect(subjectMatches(STREAMS.catalog.subjects[0], catalogSubject('all', 'X1'))).toBe(true);
    expect(subjectMatches(STREAMS.ref.subjects[0], refSubject('calendar', 'all', '2024'))).toBe(true);
    expect(subjectMatches(STREAMS.cases.subjects[0], caseSubject('440117', '440117001', 'c1'))).toBe(true);
    for (const stream of Object.values(STREAMS)) expect(subjectMatches(stream.subjects[0], statusSubject(null, 'gz-city'))).toBe(false);
  });

  it.each(BAD_TOKENS)('refuse the token %j', (bad) => {
    expect(() => catalogSubject('all', bad)).toThrow(InvalidSubjectError);
    expect(() => refSubject('delegation', 'all', 'ok', bad)).toThrow(InvalidSubjectError);
    expect(() => caseSubject(bad, '440117001', 'c1')).toThrow(InvalidSubjectError);
    expect(() => caseSubject('440117', bad, 'c1')).toThrow(InvalidSubjectError);
    expect(() => caseSubject('440117', '440117001', bad)).toThrow(InvalidSubjectError);
    expect(() => statusSubject(bad, 'jiekou')).toThrow(InvalidSubjectError);
    expect(() => statusSubject('conghua', bad)).toThrow(InvalidSubjectError);
  });

  it.each(['', 'ALL', '*', '>', '4401', '440117001', '44011x', 'all.440117'])('refuse the scope %j', (scope) => {
    expect(() => catalogSubject(scope, 'X1')).toThrow(InvalidSubjectError);
    expect(() => refSubject('calendar', scope, '2024')).toThrow(InvalidSubjectError);
  });

  it('refuse unknown reference kinds and reference subjects without an id', () => {
    expect(() => refSubject('holiday' as RefKind, 'all', '2024')).toThrow(InvalidSubjectError);
    expect(() => refSubject('*' as RefKind, 'all', '2024')).toThrow(InvalidSubjectError);
    expect(() => refSubject('calendar', 'all')).toThrow(InvalidSubjectError);
  });

  it('name the error and the offending value', () => {
    expect(() => catalogSubject('all', 'a.b')).toThrow(
      expect.objectContaining({ name: 'InvalidSubjectError', message: 'implCode "a.b" must not contain ".", "*", ">", whitespace or control characters' }),
    );
  });
});

describe('downstreamSubscriptions', () => {
  it('gives the city nothing to read', () => {
    expect(downstreamSubscriptions(city)).toEqual([]);
  });

  it('has a district read scope all', () => {
    expect(downstreamSubscriptions(district)).toEqual([
      { stream: 'catalog', filter: 'gov.catalog.all.>', durable: 'conghua_catalog_all' },
      { stream: 'ref', filter: 'gov.ref.*.all.>', durable: 'conghua_ref_all' },
    ]);
  });

  it("has a township read scope all and its district's scope", () => {
    expect(downstreamSubscriptions(township)).toEqual([
      { stream: 'catalog', filter: 'gov.catalog.all.>', durable: 'jiekou_catalog_all' },
      { stream: 'catalog', filter: 'gov.catalog.440117.>', durable: 'jiekou_catalog_440117' },
      { stream: 'ref', filter: 'gov.ref.*.all.>', durable: 'jiekou_ref_all' },
      { stream: 'ref', filter: 'gov.ref.*.440117.>', durable: 'jiekou_ref_440117' },
    ]);
  });

  it("gives a township exactly the subjects of its scopes, not another district's", () => {
    const filters = downstreamSubscriptions(township).map((s) => s.filter);
    const reads = (subject: string) => filters.some((f) => subjectMatches(f, subject));
    expect(reads(catalogSubject('all', 'X1'))).toBe(true);
    expect(reads(catalogSubject('440117', 'X1'))).toBe(true);
    expect(reads(refSubject('delegation', '440117', 'X1', '440117001'))).toBe(true);
    expect(reads(refSubject('calendar', 'all', '2024'))).toBe(true);
    expect(reads(catalogSubject('440118', 'X1'))).toBe(false);
    expect(reads(refSubject('delegation', '440118', 'X1', '440118001'))).toBe(false);
    expect(reads(caseSubject('440117', '440117001', 'c1'))).toBe(false);
  });

  it('puts each filter in the stream it names, with valid, unique durable names', () => {
    const all = [district, township, { ...township, nodeId: 'taiping', regionCode: '440117002' }].flatMap(downstreamSubscriptions);
    for (const s of all) {
      expect(subjectMatches(STREAMS[s.stream].subjects[0], s.filter.replace(/\*/g, 'x').replace(/>$/, 'x'))).toBe(true);
      expect(s.durable).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(new Set(all.map((s) => s.durable)).size).toBe(all.length);
  });

  it('refuses a topology that would give wrong subjects', () => {
    expect(() => downstreamSubscriptions({ ...township, regionCode: '440117' })).toThrow(InvalidSubjectError);
    expect(() => downstreamSubscriptions({ ...district, regionCode: '44011' })).toThrow(InvalidSubjectError);
    expect(() => downstreamSubscriptions({ ...township, nodeId: 'jie_kou' })).toThrow(InvalidSubjectError);
    expect(() => downstreamSubscriptions({ ...township, nodeId: 'jie.kou' })).toThrow(InvalidSubjectError);
    expect(() => downstreamSubscriptions({ ...township, tier: 'village' as NodeTopology['tier'] })).toThrow(InvalidSubjectError);
  });
});

describe('childStatusFilter', () => {
  it('matches the heartbeats of direct children only', () => {
    expect(childStatusFilter('conghua')).toBe('gov.status.conghua.*');
    expect(statusSubject('conghua', 'jiekou').startsWith('gov.status.conghua.')).toBe(true);
  });
});

describe('case subjects and subscriptions', () => {
  const township = { tier: 'township' as const, nodeId: 'jiekou', regionCode: '440117001', parentId: 'conghua' };
  const district = { tier: 'district' as const, nodeId: 'conghua', regionCode: '440117', parentId: 'gz-city' };
  const city = { tier: 'city' as const, nodeId: 'gz-city', regionCode: '440100', parentId: null };

  it('files a case under the accepting window', () => {
    expect(caseSubjectFor(township, 'c1')).toBe('gov.case.440117.440117001.c1');
    expect(caseSubjectFor(district, 'c2')).toBe('gov.case.440117.440117.c2');
    expect(caseSubjectFor(city, 'c3')).toBe('gov.case.440100.440100.c3');
  });

  it('lets each ancestor read the cases below it, and the window its own', () => {
    expect(caseSubscriptions(township)).toEqual([{ stream: 'cases', filter: 'gov.case.440117.440117001.>', durable: 'jiekou_cases_440117001' }]);
    expect(caseSubscriptions(district)).toEqual([{ stream: 'cases', filter: 'gov.case.440117.>', durable: 'conghua_cases_440117' }]);
    expect(caseSubscriptions(city)).toEqual([{ stream: 'cases', filter: 'gov.case.>', durable: 'gz-city_cases_all' }]);
  });
});

describe('nodeSubscriptions', () => {
  it('gives every durable of a node, so an ancestor can ask the server about a silent child', () => {
    expect(nodeSubscriptions(township).map((s) => s.durable)).toEqual(['jiekou_catalog_all', 'jiekou_catalog_440117', 'jiekou_ref_all', 'jiekou_ref_440117', 'jiekou_cases_440117001']);
    expect(nodeSubscriptions(district).map((s) => s.durable)).toEqual(['conghua_catalog_all', 'conghua_ref_all', 'conghua_cases_440117']);
    expect(nodeSubscriptions(city).map((s) => s.durable)).toEqual(['gz-city_cases_all']);
  });
});

describe('parseCaseSubject', () => {
  it('reads back what caseSubject and caseSubjectFor build', () => {
    expect(parseCaseSubject(caseSubject('440117', '440117001', 'c-1'))).toEqual({ district: '440117', window: '440117001', caseId: 'c-1' });
    expect(parseCaseSubject(caseSubjectFor({ tier: 'township', regionCode: '440117001' }, 'c-2'))).toEqual({ district: '440117', window: '440117001', caseId: 'c-2' });
    expect(parseCaseSubject(caseSubjectFor({ tier: 'city', regionCode: '440100' }, 'c-3'))).toEqual({ district: '440100', window: '440100', caseId: 'c-3' });
  });

  it('is null for anything but gov.case and three tokens', () => {
    for (const s of ['gov.case.440117.440117001', 'gov.case.440117.440117001.c-1.x', 'gov.catalog.440117.440117001.c-1', 'x.case.440117.440117001.c-1', '']) {
      expect(parseCaseSubject(s)).toBeNull();
    }
  });
});
