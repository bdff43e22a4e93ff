import { DEPARTMENT_CODE_PATTERN, MAX_FEE_FEN, MAX_LIMIT_DAYS } from '../catalogue/validate-item';
import { CODE_LIMITS, CODE_PATTERN } from '../catalogue/item-codes';
import { codecs as c, type Codec, type DecodeResult, type TypeOf, type VersionedDecoder } from '../codec';
import { CASE_CHANNELS, CASE_EVENT_TYPES, type CaseEventPayloads, type CaseEventType } from './case-events';

/**
 * The runtime codecs of case event payloads (DESIGN.md §4), one per type and payload version. Version 1 is what the
 * node's services write (cases.service.ts, cases.controller.ts; the limits are those of the request DTOs and the
 * catalogue item rules the values come from); fields marked "absent on older events" are optional. An event whose
 * payload fails its codec is quarantined on apply and never reaches the fold.
 *
 * Adding a payload version: add `v2` codecs that decode the new shape and upcast it to the current
 * `CaseEventPayloads` type, register them under 2 in `CASE_EVENT_PAYLOAD_VERSIONS`; `latest` becomes 2. A node that
 * knows only version 1 holds version 2 messages until it is upgraded.
 */

/** Node ids (as libs/sync's NODE_ID_PATTERN, which this library may not import). */
const NODE_ID = c.string({ max: 40, pattern: /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/, patternReason: 'must be a node id' });
const DEPARTMENT = c.string({ max: 32, pattern: DEPARTMENT_CODE_PATTERN, patternReason: 'must be a department code (letters, digits, "-", "_")' });
const IMPL_CODE = c.string({ max: CODE_LIMITS.implCode, pattern: CODE_PATTERN, patternReason: 'must contain only digits and uppercase letters' });
/**
 * Text a person typed or named (reasons, notes, names, material and item names): any character, since the routes
 * that take it accept any (a receiver must not refuse what the writer applied); only its length is checked.
 */
const text = (max: number, min = 1): Codec<string> => c.string({ min, max, characters: 'any' });
/** Values the node makes or checks strictly (case numbers, ids): no control characters. */
const line = (max: number): Codec<string> => c.string({ max });

const applicant = c.object({
  kind: c.oneOf(['person', 'organisation']),
  name: text(100),
  idNumber: line(32),
  phone: c.string({ max: 20, pattern: /^[0-9+\- ]{5,20}$/, patternReason: 'must be 5–20 digits (with optional +, - or spaces)' }),
});

const empty = c.object({});

const QUERY_CODE_HASH = c.string({ max: 64, pattern: /^[0-9a-f]{64}$/, patternReason: 'must be a SHA-256 hash (64 lowercase hex digits)' });

const feeItem = c.object({ name: text(200), amountFen: c.integer(0, MAX_FEE_FEN) });

/** Version 1 of every case event payload. */
const V1 = {
  'case.drafted': c.object({
    implCode: IMPL_CODE,
    itemVersion: c.integer(1, Number.MAX_SAFE_INTEGER),
    itemName: text(200),
    applicant,
    proxy: c.nullable(text(200)),
    station: c.optional(text(100)),
  }),
  'case.submitted': c.object({
    implCode: IMPL_CODE,
    itemVersion: c.integer(1, Number.MAX_SAFE_INTEGER),
    itemName: text(200),
    applicant,
    queryCodeHash: QUERY_CODE_HASH,
    channel: c.optional(c.oneOf(CASE_CHANNELS)),
    department: c.optional(DEPARTMENT),
  }),
  'case.supplement_requested': c.object({ missing: c.array(text(200), { min: 1, max: 50 }) }),
  'case.supplemented': empty,
  'case.accepted': c.object({
    caseNumber: line(40),
    route: c.oneOf(['local', 'up']),
    handlingNode: NODE_ID,
    coDepartments: c.array(DEPARTMENT, { max: 20 }),
    tolerated: c.nullable(c.object({ materials: c.array(text(200), { min: 1, max: 20 }), due: c.isoDate() })),
    dueDate: c.isoDate(),
    limitDays: c.integer(0, MAX_LIMIT_DAYS),
    statutoryDays: c.integer(0, MAX_LIMIT_DAYS),
    delegation: c.nullable(c.object({ id: line(36), version: c.integer(1, Number.MAX_SAFE_INTEGER) })),
    department: DEPARTMENT,
    feeDueFen: c.integer(0, MAX_FEE_FEN * 50),
    maxVisits: c.optional(c.integer(0, 10)),
  }),
  'case.refused': c.object({ reason: text(1000), legalBasis: text(1000) }),
  'case.review_started': c.object({ department: DEPARTMENT }),
  'case.opinion_given': c.object({ department: DEPARTMENT, opinion: c.oneOf(['agree', 'disagree']), note: text(1000, 0) }),
  'case.procedure_started': c.object({ procedure: text(100) }),
  'case.procedure_ended': c.object({ procedure: text(100) }),
  'case.extended': c.object({ days: c.integer(1, 60), reason: text(500) }),
  'case.approved': c.object({ reason: text(1000) }),
  // The legal basis of a denial is asked for, not enforced (cases.controller.ts sends '' when it is left out).
  'case.denied': c.object({ reason: text(1000), legalBasis: text(1000, 0) }),
  'case.ready_for_issue': empty,
  'case.issued': c.object({
    method: c.oneOf(['window', 'express']),
    trackingNumber: c.nullable(c.string({ max: 40, pattern: /^[A-Za-z0-9-]{6,40}$/, patternReason: 'must be 6–40 letters, digits or "-"' })),
  }),
  'case.withdrawn': c.object({ reason: text(500) }),
  'case.rated': c.object({ score: c.oneOf([1, 2, 3, 4, 5]), comment: text(500, 0) }),
  'case.materials_delivered': empty,
  'case.fees_settled': c.refine(c.object({ items: c.array(feeItem, { max: 50 }), totalFen: c.integer(0, MAX_FEE_FEN * 50) }), (p) =>
    p.totalFen === p.items.reduce((sum, item) => sum + item.amountFen, 0) ? null : c.failure('must be the sum of the items', 'totalFen'),
  ),
  'case.follow_up_answered': c.object({ note: text(1000) }),
  'case.query_code_reissued': c.object({ queryCodeHash: QUERY_CODE_HASH }),
} satisfies { readonly [K in CaseEventType]: Codec<CaseEventPayloads[K]> };

// Each codec decodes exactly its payload type: a field missing from either side fails the build.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The named keys of a type (none for `Record<string, never>`, the empty payload). */
type Keys<T> = string extends keyof T ? never : keyof T;
type Exact<A, B> = Same<A, B> extends true ? Same<Keys<A>, Keys<B>> : false;
const exact: { readonly [K in CaseEventType]: Exact<TypeOf<(typeof V1)[K]>, CaseEventPayloads[K]> } = mapTypes((): true => true);
void exact;

export type CaseEventPayloadVersions = { readonly [K in CaseEventType]: { readonly [version: number]: Codec<CaseEventPayloads[K]> } };
/** The payload codecs of every case event type, by payload version (each upcasts to the current payload type). */
export const CASE_EVENT_PAYLOAD_VERSIONS = mapTypes((type) => ({ 1: V1[type] })) as unknown as CaseEventPayloadVersions;

function mapTypes<R>(f: (type: CaseEventType) => R): { readonly [K in CaseEventType]: R } {
  return Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, f(type)])) as { readonly [K in CaseEventType]: R };
}

const DECODERS = new Map<string, VersionedDecoder<unknown>>(CASE_EVENT_TYPES.map((type) => [type, c.versioned<unknown>(CASE_EVENT_PAYLOAD_VERSIONS[type])]));

/** True for a case event type this library knows. */
export function isCaseEventType(type: string): type is CaseEventType {
  return DECODERS.has(type);
}

/** The payload decoder of a case event type (the sync library's `PayloadDecoder`): `latest` and `decode(payload, version)`. */
export function caseEventDecoder<K extends CaseEventType>(type: K): VersionedDecoder<CaseEventPayloads[K]> {
  return DECODERS.get(type) as VersionedDecoder<CaseEventPayloads[K]>;
}

/** Decodes a payload of the current version (as the node writes it): the check an event passes before it is stored and sent. */
export function decodeCaseEventPayload<K extends CaseEventType>(type: K, payload: unknown): DecodeResult<CaseEventPayloads[K]> {
  const decoder = caseEventDecoder(type);
  return decoder.decode(payload, decoder.latest);
}
