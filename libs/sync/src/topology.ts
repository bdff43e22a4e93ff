import { checkRegionCode, isRecord, isTier, type Tier } from '@liandong/shared';
import { NODE_ID_PATTERN } from './hlc';
import { parseCaseSubject } from './subjects';

/**
 * One node of a federation topology: the file an operator keeps (`topology.json`) lists every node with these
 * fields; the NATS authorization config and the apply-time origin checks of the city and the districts come from it.
 */
export interface FederationNode {
  readonly id: string;
  readonly tier: Tier;
  /** 行政区划代码: 6 digits for the city and a district (GB/T 2260), 9 for a township (GB/T 10114). */
  readonly regionCode: string;
  /** Node id of the tier above; null for the city. */
  readonly parentId: string | null;
  /** Display name (optional). */
  readonly name?: string;
}

export interface TopologyProblem {
  /** Where in the document, e.g. `nodes[2].parentId`. */
  readonly path: string;
  readonly reason: string;
}

/** Thrown when a topology document is not a valid federation. Lists every problem. */
export class TopologyError extends Error {
  override readonly name = 'TopologyError';
  constructor(readonly problems: readonly TopologyProblem[]) {
    super(`Invalid federation topology:\n${problems.map((p) => `  ${p.path}: ${p.reason}`).join('\n')}`);
  }
}

const NODE_FIELDS = new Set(['id', 'tier', 'regionCode', 'parentId', 'name']);

/**
 * Reads a topology document, `{ "nodes": [ { "id", "tier", "regionCode", "parentId", "name"? }, … ] }`, and checks
 * that it is one federation: unique node ids and region codes, exactly one city (no parent), every district under
 * the city, every township under a district whose region code starts its own.
 * @throws TopologyError naming every problem.
 */
export function parseTopology(document: unknown): FederationNode[] {
  const problems: TopologyProblem[] = [];
  if (!isRecord(document) || !Array.isArray(document['nodes'])) {
    throw new TopologyError([{ path: '(document)', reason: 'must be an object with a "nodes" array' }]);
  }
  const nodes: FederationNode[] = [];
  (document['nodes'] as unknown[]).forEach((raw, i) => {
    const at = `nodes[${i}]`;
    if (!isRecord(raw)) {
      problems.push({ path: at, reason: 'must be an object' });
      return;
    }
    for (const key of Object.keys(raw)) if (!NODE_FIELDS.has(key)) problems.push({ path: `${at}.${key}`, reason: 'is not a node field (id, tier, regionCode, parentId, name)' });
    const { id, tier, regionCode, parentId, name } = raw;
    const before = problems.length;
    if (typeof id !== 'string' || !NODE_ID_PATTERN.test(id) || id === 'root') problems.push({ path: `${at}.id`, reason: 'must be a node id: 2–40 lowercase letters, digits or "-" (not "root")' });
    if (!isTier(tier)) problems.push({ path: `${at}.tier`, reason: 'must be city, district or township' });
    if (typeof regionCode !== 'string') problems.push({ path: `${at}.regionCode`, reason: 'must be a string of digits' });
    else if (isTier(tier)) {
      const reason = checkRegionCode(tier, regionCode);
      if (reason !== null) problems.push({ path: `${at}.regionCode`, reason });
    }
    if (parentId !== null && (typeof parentId !== 'string' || !NODE_ID_PATTERN.test(parentId))) problems.push({ path: `${at}.parentId`, reason: 'must be a node id, or null for the city' });
    if (name !== undefined && (typeof name !== 'string' || name.length > 100)) problems.push({ path: `${at}.name`, reason: 'must be a string of at most 100 characters' });
    if (problems.length > before) return;
    const node: FederationNode = { id: id as string, tier: tier as Tier, regionCode: regionCode as string, parentId: parentId as string | null };
    nodes.push(name === undefined ? node : { ...node, name: name as string });
  });
  if (problems.length === 0) problems.push(...topologyProblems(nodes));
  if (problems.length > 0) throw new TopologyError(problems);
  return nodes;
}

/** The structural problems of a list of well-formed nodes (see `parseTopology`). */
export function topologyProblems(nodes: readonly FederationNode[]): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const byId = new Map<string, FederationNode>();
  const regions = new Map<string, string>();
  nodes.forEach((node, i) => {
    if (byId.has(node.id)) problems.push({ path: `nodes[${i}].id`, reason: `${node.id} is listed twice` });
    byId.set(node.id, node);
    const holder = regions.get(node.regionCode);
    if (holder !== undefined) problems.push({ path: `nodes[${i}].regionCode`, reason: `${node.regionCode} is already the region of ${holder}` });
    regions.set(node.regionCode, node.id);
  });
  const cities = nodes.filter((n) => n.tier === 'city');
  if (cities.length !== 1) problems.push({ path: 'nodes', reason: `must hold exactly one city, found ${cities.length}` });
  nodes.forEach((node, i) => {
    const at = `nodes[${i}].parentId`;
    if (node.tier === 'city') {
      if (node.parentId !== null) problems.push({ path: at, reason: 'must be null for the city' });
      return;
    }
    const parent = node.parentId === null ? undefined : byId.get(node.parentId);
    const expected: Tier = node.tier === 'district' ? 'city' : 'district';
    if (parent === undefined) problems.push({ path: at, reason: `must name the ${expected} above ${node.id}, a node of this topology` });
    else if (parent.tier !== expected) problems.push({ path: at, reason: `${parent.id} is a ${parent.tier}; a ${node.tier}'s parent must be a ${expected}` });
    else if (node.tier === 'township' && !node.regionCode.startsWith(parent.regionCode)) {
      problems.push({ path: `nodes[${i}].regionCode`, reason: `${node.regionCode} is not within ${parent.id}'s region ${parent.regionCode}` });
    }
  });
  return problems;
}

/** The nodes below `nodeId` (its townships for a district, every other node for the city). */
export function descendants(nodes: readonly FederationNode[], nodeId: string): FederationNode[] {
  const out: FederationNode[] = [];
  const walk = (id: string): void => {
    for (const child of nodes.filter((n) => n.parentId === id)) {
      out.push(child);
      walk(child.id);
    }
  };
  walk(nodeId);
  return out;
}

/** The node of a region code (a window's or a district's), or undefined. */
export function nodeOfRegion(nodes: readonly FederationNode[], regionCode: string): FederationNode | undefined {
  return nodes.find((n) => n.regionCode === regionCode);
}

/** Which node holds a region code, as far as one node knows (see `caseOriginProblem`). */
export interface RegionDirectory {
  /** Node id of the city. */
  readonly cityId: string;
  /** The node whose region code this is (a window's or a district's), or null when unknown here. */
  nodeOfRegion(regionCode: string): string | null;
}

/**
 * Authorization on apply for the case subjects (`gov.case.<district>.<window region>.<caseId>`: case events, cards and
 * 督办): null when `origin` may write there — the window node of the region, the district (for the city's and a
 * district's own windows, the node itself) or the city — otherwise the reason. NATS permissions enforce the same at the
 * server; this is the second line against a node with broader credentials forging the origin. Which event a writer
 * may send inside a case stays with the fold (ADR 0008).
 */
export function caseOriginProblem(subject: string, origin: string, directory: RegionDirectory): string | null {
  const parts = parseCaseSubject(subject);
  if (parts === null) return `${subject} is not a case subject`;
  const { district, window } = parts;
  if (origin === directory.cityId) return null;
  const windowNode = directory.nodeOfRegion(window);
  const districtNode = directory.nodeOfRegion(district);
  if (origin === windowNode || origin === districtNode) return null;
  if (windowNode === null) return `the window of region ${window} is unknown here (not in the federation topology), so ${origin} cannot be its writer`;
  const its = districtNode === windowNode ? '' : `, its district ${districtNode ?? `(region ${district}, unknown here)`}`;
  return `${origin} may not write on ${subject}: only the window ${windowNode}${its} or the city ${directory.cityId}`;
}
