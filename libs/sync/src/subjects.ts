import { checkRegionCode, districtOf, isTier } from '@liandong/shared';
import { isNodeId } from './hlc';

/**
 * NATS subjects and JetStream streams of the federation (DESIGN.md §1):
 *
 *     gov.catalog.<scope>.<implCode>                 CATALOG  last value per subject, flows down
 *     gov.ref.<kind>.<scope>.<id>...                 REF      delegations, departments, holiday calendar, down
 *     gov.case.<district>.<township>.<caseId>        CASES    case events, every event kept
 *     gov.status.<parentId | root>.<nodeId>          (no stream) node heartbeat and sync status
 *
 * A scope is `all` (the whole city) or a district's 6-digit region code.
 */
export const STREAMS = {
  catalog: { name: 'CATALOG', subjects: ['gov.catalog.>'] },
  ref: { name: 'REF', subjects: ['gov.ref.>'] },
  cases: { name: 'CASES', subjects: ['gov.case.>'] },
} as const;

export type StreamKey = keyof typeof STREAMS;

/** `'all'` or a 6-digit district region code. */
export type Scope = 'all' | string;

export const REF_KINDS = ['delegation', 'department', 'calendar'] as const;
export type RefKind = (typeof REF_KINDS)[number];

/** Thrown when a subject token, scope or topology would give a wrong or unsafe subject. */
export class InvalidSubjectError extends Error {
  override readonly name = 'InvalidSubjectError';
}

// Whitespace, C0/DEL/C1 control characters and the NATS separator and wildcards.
const FORBIDDEN_IN_TOKEN = /[\s\u0000-\u001f\u007f-\u009f.*>]/;
const DISTRICT_SCOPE = /^\d{6}$/;

/** Null when `token` may be one subject token, otherwise the reason. */
export function subjectTokenProblem(token: unknown): string | null {
  if (typeof token !== 'string') return 'must be a string';
  if (token === '') return 'must not be empty';
  if (FORBIDDEN_IN_TOKEN.test(token)) return 'must not contain ".", "*", ">", whitespace or control characters';
  return null;
}

function token(what: string, value: string): string {
  const problem = subjectTokenProblem(value);
  if (problem !== null) throw new InvalidSubjectError(`${what} ${JSON.stringify(value)} ${problem}`);
  return value;
}

function scopeToken(scope: Scope): string {
  if (scope !== 'all' && !(typeof scope === 'string' && DISTRICT_SCOPE.test(scope))) {
    throw new InvalidSubjectError(`scope ${JSON.stringify(scope)} must be "all" or a 6-digit district region code`);
  }
  return scope;
}

function nodeToken(what: string, value: string): string {
  if (!isNodeId(value)) throw new InvalidSubjectError(`${what} ${JSON.stringify(value)} is not a node id`);
  return value;
}

/** `gov.catalog.<scope>.<implCode>`: one catalogue item (the stream keeps its last version). */
export function catalogSubject(scope: Scope, implCode: string): string {
  return `gov.catalog.${scopeToken(scope)}.${token('implCode', implCode)}`;
}

/** `gov.ref.<kind>.<scope>.<ids...>`: one reference record; at least one id (consumers filter `...<scope>.>`). */
export function refSubject(kind: RefKind, scope: Scope, ...ids: string[]): string {
  if (!(REF_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidSubjectError(`reference kind ${JSON.stringify(kind)} must be one of ${REF_KINDS.join(', ')}`);
  }
  if (ids.length === 0) throw new InvalidSubjectError('a reference subject needs at least one id after the scope');
  const tokens = ids.map((id, i) => token(`id ${i + 1}`, id));
  return `gov.ref.${kind}.${scopeToken(scope)}.${tokens.join('.')}`;
}

/** `gov.case.<district>.<township>.<caseId>`: the events of one case, under its home township. */
export function caseSubject(district: string, township: string, caseId: string): string {
  return `gov.case.${token('district', district)}.${token('township', township)}.${token('caseId', caseId)}`;
}

/** The parts of a case subject (`gov.case.<district>.<window>.<caseId>`). */
export interface CaseSubjectParts {
  /** The district's region code (for a case accepted at the city, the city's). */
  readonly district: string;
  /** The region code of the window that accepted the case. */
  readonly window: string;
  readonly caseId: string;
}

/**
 * The parts of `subject` when it has the shape of a case subject (`gov.case.` and three more tokens), otherwise
 * null. The tokens are not checked further: that is the job of the checks that use them (e.g. `caseOriginProblem`).
 */
export function parseCaseSubject(subject: string): CaseSubjectParts | null {
  const [gov, kind, district, window, caseId, ...rest] = subject.split('.');
  if (gov !== 'gov' || kind !== 'case' || district === undefined || window === undefined || caseId === undefined || rest.length > 0) return null;
  return { district, window, caseId };
}

/** `gov.status.<parentId or root>.<nodeId>`: a node's heartbeat and sync status, for its ancestors. */
export function statusSubject(parentId: string | null, nodeId: string): string {
  const parent = parentId === null ? 'root' : nodeToken('parentId', parentId);
  return `gov.status.${parent}.${nodeToken('nodeId', nodeId)}`;
}

/** The filter a parent subscribes to for its direct children's heartbeats: `gov.status.<nodeId>.*`. */
export function childStatusFilter(nodeId: string): string {
  return `gov.status.${nodeToken('nodeId', nodeId)}.*`;
}

export interface NodeTopology {
  readonly tier: 'city' | 'district' | 'township';
  readonly nodeId: string;
  readonly regionCode: string;
  readonly parentId: string | null;
}

export interface Subscription {
  readonly stream: StreamKey;
  /** The one filter subject of the consumer (nats-server 2.9 takes one per consumer). */
  readonly filter: string;
  /** Durable consumer name: `<nodeId>_<stream key>_<scope>`. */
  readonly durable: string;
}

/**
 * The consumers a node needs for state that flows down (catalogue and reference data): a township reads
 * scope all and its district's scope (first 6 digits of its region code); a district reads scope all; the
 * city reads none. Durable names are deterministic, valid NATS names ([A-Za-z0-9_-]), unique per node and
 * filter, e.g. `jiekou_catalog_all`, `jiekou_ref_440117` (node ids contain no '_', so they cannot collide).
 */
export function downstreamSubscriptions(node: NodeTopology): Subscription[] {
  if (!isTier(node.tier)) throw new InvalidSubjectError(`tier ${JSON.stringify(node.tier)} is not city, district or township`);
  nodeToken('nodeId', node.nodeId);
  const regionProblem = checkRegionCode(node.tier, node.regionCode);
  if (regionProblem !== null) {
    throw new InvalidSubjectError(`region code ${JSON.stringify(node.regionCode)} of ${node.tier} ${node.nodeId} ${regionProblem}`);
  }
  const scopes: Scope[] = node.tier === 'city' ? [] : node.tier === 'district' ? ['all'] : ['all', districtOf(node.regionCode)];
  const subscriptions: Subscription[] = [];
  for (const scope of scopes) {
    subscriptions.push({ stream: 'catalog', filter: `gov.catalog.${scopeToken(scope)}.>`, durable: `${node.nodeId}_catalog_${scope}` });
  }
  for (const scope of scopes) {
    subscriptions.push({ stream: 'ref', filter: `gov.ref.*.${scopeToken(scope)}.>`, durable: `${node.nodeId}_ref_${scope}` });
  }
  return subscriptions;
}

/** The case subject for a case accepted at `node`: a township's under its district, a district's or the city's under itself. */
export function caseSubjectFor(node: Pick<NodeTopology, 'tier' | 'regionCode'>, caseId: string): string {
  const district = node.tier === 'township' ? districtOf(node.regionCode) : node.regionCode;
  return caseSubject(district, node.regionCode, caseId);
}

/**
 * The consumers of case events (DESIGN.md §3): up to every ancestor of the accepting window and back down to it. The
 * city reads every case; a district the cases of its region (its own window and its townships'); a township its own.
 */
export function caseSubscriptions(node: NodeTopology): Subscription[] {
  const region = node.regionCode;
  const filter =
    node.tier === 'city' ? 'gov.case.>' : node.tier === 'district' ? `gov.case.${region}.>` : `gov.case.${districtOf(region)}.${region}.>`;
  return [{ stream: 'cases', filter, durable: `${nodeToken('nodeId', node.nodeId)}_cases_${node.tier === 'city' ? 'all' : region}` }];
}

/**
 * Every durable consumer a node has (catalogue and reference data down, case events): what the node itself
 * consumes, and what an ancestor asks the server about to see the node's backlog while the node is silent.
 */
export function nodeSubscriptions(node: NodeTopology): Subscription[] {
  return [...downstreamSubscriptions(node), ...caseSubscriptions(node)];
}
