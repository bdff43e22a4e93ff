import { caseOriginProblem, descendants, parseTopology, TopologyError, type RegionDirectory } from './topology';

const NODES = [
  { id: 'gz-city', tier: 'city', regionCode: '440100', parentId: null, name: '广州市' },
  { id: 'conghua', tier: 'district', regionCode: '440117', parentId: 'gz-city' },
  { id: 'jiekou', tier: 'township', regionCode: '440117001', parentId: 'conghua' },
  { id: 'wenquan', tier: 'township', regionCode: '440117100', parentId: 'conghua' },
];

const problemsOf = (document: unknown) => {
  try {
    parseTopology(document);
  } catch (error) {
    if (error instanceof TopologyError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseTopology', () => {
  it('reads a valid federation', () => {
    expect(parseTopology({ nodes: NODES })).toEqual(NODES);
    expect(descendants(parseTopology({ nodes: NODES }), 'conghua').map((n) => n.id)).toEqual(['jiekou', 'wenquan']);
    expect(descendants(parseTopology({ nodes: NODES }), 'gz-city').map((n) => n.id)).toEqual(['conghua', 'jiekou', 'wenquan']);
  });

  it('names every malformed field', () => {
    expect(problemsOf([])).toEqual([{ path: '(document)', reason: 'must be an object with a "nodes" array' }]);
    expect(problemsOf({ nodes: [1, { id: 'Bad_Id', tier: 'village', regionCode: 440117, parentId: 3, extra: true }] })).toEqual([
      { path: 'nodes[0]', reason: 'must be an object' },
      { path: 'nodes[1].extra', reason: 'is not a node field (id, tier, regionCode, parentId, name)' },
      { path: 'nodes[1].id', reason: 'must be a node id: 2–40 lowercase letters, digits or "-" (not "root")' },
      { path: 'nodes[1].tier', reason: 'must be city, district or township' },
      { path: 'nodes[1].regionCode', reason: 'must be a string of digits' },
      { path: 'nodes[1].parentId', reason: 'must be a node id, or null for the city' },
    ]);
    expect(problemsOf({ nodes: [{ ...NODES[0], regionCode: '44010' }] })).toEqual([{ path: 'nodes[0].regionCode', reason: 'must be 6 digits for a city (GB/T 2260), got 5' }]);
  });

  it('refuses a topology that is not one federation', () => {
    expect(
      problemsOf({
        nodes: [
          ...NODES,
          { id: 'jiekou', tier: 'township', regionCode: '440117002', parentId: 'conghua' },
          { id: 'other', tier: 'township', regionCode: '440117100', parentId: 'conghua' },
          { id: 'lost', tier: 'township', regionCode: '440118001', parentId: 'nowhere' },
          { id: 'outside', tier: 'township', regionCode: '440118002', parentId: 'conghua' },
          { id: 'flat', tier: 'township', regionCode: '440118003', parentId: 'gz-city' },
          { id: 'second-city', tier: 'city', regionCode: '440200', parentId: null },
        ],
      }),
    ).toEqual([
      { path: 'nodes[4].id', reason: 'jiekou is listed twice' },
      { path: 'nodes[5].regionCode', reason: '440117100 is already the region of wenquan' },
      { path: 'nodes', reason: 'must hold exactly one city, found 2' },
      { path: 'nodes[6].parentId', reason: 'must name the district above lost, a node of this topology' },
      { path: 'nodes[7].regionCode', reason: "440118002 is not within conghua's region 440117" },
      { path: 'nodes[8].parentId', reason: "gz-city is a city; a township's parent must be a district" },
    ]);
  });
});

describe('caseOriginProblem', () => {
  const directory: RegionDirectory = { cityId: 'gz-city', nodeOfRegion: (r) => NODES.find((n) => n.regionCode === r)?.id ?? null };
  const subject = 'gov.case.440117.440117001.c1';

  it('lets the window, its district and the city write on a case subject', () => {
    for (const origin of ['jiekou', 'conghua', 'gz-city']) expect(caseOriginProblem(subject, origin, directory)).toBeNull();
    expect(caseOriginProblem('gov.case.440117.440117.c1', 'conghua', directory)).toBeNull();
    expect(caseOriginProblem('gov.case.440100.440100.c1', 'gz-city', directory)).toBeNull();
  });

  it('refuses any other origin with the reason', () => {
    expect(caseOriginProblem(subject, 'wenquan', directory)).toBe(`wenquan may not write on ${subject}: only the window jiekou, its district conghua or the city gz-city`);
    expect(caseOriginProblem('gov.case.440117.440117.c1', 'jiekou', directory)).toBe('jiekou may not write on gov.case.440117.440117.c1: only the window conghua or the city gz-city');
    expect(caseOriginProblem('gov.case.440117.440117999.c1', 'jiekou', directory)).toBe('the window of region 440117999 is unknown here (not in the federation topology), so jiekou cannot be its writer');
    expect(caseOriginProblem('gov.catalog.all.X', 'gz-city', directory)).toBe('gov.catalog.all.X is not a case subject');
  });
});
