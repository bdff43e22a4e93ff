import type { CaseApplicant, CaseChannel, CaseEvent, CaseEventPayloads, CaseEventType } from './case-events';
import { FINAL_STATUSES, WITHDRAWABLE, type CaseStatus } from './case-state';
import { isBadRating } from './rating';

/** Events only the handling node's back office sends. */
export const DECIDING_EVENTS: readonly CaseEventType[] = [
  'case.review_started',
  'case.opinion_given',
  'case.procedure_started',
  'case.procedure_ended',
  'case.extended',
  'case.approved',
  'case.denied',
  'case.ready_for_issue',
];

/** Events only the accepting window sends once the case is accepted. */
export const WINDOW_EVENTS: readonly CaseEventType[] = [
  'case.issued',
  'case.withdrawn',
  'case.rated',
  'case.materials_delivered',
  'case.fees_settled',
  'case.follow_up_answered',
  'case.query_code_reissued',
];

/** One step of a case's timeline. */
export interface CaseStep {
  readonly eventId: string;
  readonly type: CaseEventType;
  readonly hlc: string;
  readonly origin: string;
  readonly actor: string;
  readonly from: CaseStatus | null;
  readonly to: CaseStatus;
}

/** An event the state machine refused in the order the fold put it: kept and listed for staff, never applied half. */
export interface CaseConflict {
  readonly eventId: string;
  readonly type: CaseEventType;
  readonly origin: string;
  readonly hlc: string;
  readonly status: CaseStatus | null;
  readonly reason: string;
}

/** The state of a case: a pure function of its set of events. */
export interface CaseState {
  readonly caseId: string;
  readonly status: CaseStatus | null;
  readonly implCode: string | null;
  readonly itemVersion: number | null;
  readonly itemName: string | null;
  readonly applicant: CaseApplicant | null;
  readonly queryCodeHash: string | null;
  readonly dueDate: string | null;
  readonly caseNumber: string | null;
  readonly route: 'local' | 'up' | null;
  readonly proxy: string | null;
  /** The village station a draft was taken at (代办), or null. */
  readonly station: string | null;
  /** How the application came in (window, online, 代办). */
  readonly channel: CaseChannel | null;
  /** 到办事现场次数 of the item version the case was accepted under, when recorded. */
  readonly maxVisits: number | null;
  /** How the result was issued (出件): at the window or by express. */
  readonly issueMethod: 'window' | 'express' | null;
  /** The node where the case was accepted: the result is issued there. */
  readonly acceptingNode: string | null;
  /** The node that decides (only it sends review, opinions, procedures, extension and the decision). */
  readonly handlingNode: string | null;
  readonly coDepartments: readonly string[];
  readonly opinions: Readonly<Record<string, 'agree' | 'disagree'>>;
  readonly tolerated: CaseEventPayloads['case.accepted']['tolerated'];
  readonly extensionDays: number;
  readonly limitDays: number | null;
  readonly statutoryDays: number | null;
  /** The handling department of the item version (from submission; the approver's queue once accepted). */
  readonly department: string | null;
  readonly feeDueFen: number;
  readonly feesSettled: { readonly totalFen: number } | null;
  readonly materialsDelivered: boolean;
  readonly followUpAnswered: boolean;
  readonly delegation: CaseEventPayloads['case.accepted']['delegation'];
  readonly rating: number | null;
  readonly timeline: readonly CaseStep[];
  readonly conflicts: readonly CaseConflict[];
}

export function emptyCase(caseId: string): CaseState {
  return {
    caseId,
    status: null,
    implCode: null,
    itemVersion: null,
    itemName: null,
    applicant: null,
    queryCodeHash: null,
    dueDate: null,
    caseNumber: null,
    route: null,
    proxy: null,
    station: null,
    channel: null,
    maxVisits: null,
    issueMethod: null,
    acceptingNode: null,
    handlingNode: null,
    coDepartments: [],
    opinions: {},
    tolerated: null,
    extensionDays: 0,
    limitDays: null,
    statutoryDays: null,
    department: null,
    feeDueFen: 0,
    feesSettled: null,
    materialsDelivered: false,
    followUpAnswered: false,
    delegation: null,
    rating: null,
    timeline: [],
    conflicts: [],
  };
}

/** The order every node folds in: hybrid logical time, then origin, then id (HLC strings sort as they compare). */
export function compareCaseEvents(a: CaseEvent, b: CaseEvent): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Folds a case's events into its state (DESIGN.md §4): duplicates (same id) count once; events are sorted by
 * (hlc, origin, id) and run through the state machine; an event the machine refuses in that order is kept as a
 * conflict and changes nothing. The same set of events gives the same state on every node, in any arrival order.
 */
export function foldCase(caseId: string, events: Iterable<CaseEvent>): CaseState {
  const unique = new Map<string, CaseEvent>();
  for (const event of events) {
    if (event.aggregate === caseId && !unique.has(event.id)) unique.set(event.id, event);
  }
  let state = emptyCase(caseId);
  for (const event of [...unique.values()].sort(compareCaseEvents)) {
    const result = applyOrExplain(state, event);
    state =
      typeof result === 'string'
        ? { ...state, conflicts: [...state.conflicts, { eventId: event.id, type: event.type, origin: event.origin, hlc: event.hlc, status: state.status, reason: result }] }
        : result;
  }
  return state;
}

/**
 * applyCaseEvent, total: a payload that breaks the state machine (one stored before payloads had codecs; decoded
 * payloads never do) is a conflict with the reason, the same on every node, instead of an exception that would stop
 * the whole case from folding.
 */
function applyOrExplain(state: CaseState, event: CaseEvent): CaseState | string {
  try {
    return applyCaseEvent(state, event);
  } catch (error) {
    return `malformed payload: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** True when the department has given its opinion (own keys only: a code such as `constructor` is no opinion). */
function hasOpinion(state: CaseState, department: string): boolean {
  return Object.prototype.hasOwnProperty.call(state.opinions, department);
}

/** The state after `event`, or the reason the state machine refuses it in the current state. */
export function applyCaseEvent(state: CaseState, event: CaseEvent): CaseState | string {
  const from = state.status;
  if (DECIDING_EVENTS.includes(event.type) && state.handlingNode !== null && event.origin !== state.handlingNode) {
    return `only the handling node (${state.handlingNode}) may send ${event.type}`;
  }
  if (WINDOW_EVENTS.includes(event.type) && state.acceptingNode !== null && event.origin !== state.acceptingNode) {
    return `only the accepting window (${state.acceptingNode}) may send ${event.type}`;
  }
  const move = (to: CaseStatus, changes: Partial<CaseState> = {}): CaseState => ({
    ...state,
    ...changes,
    status: to,
    timeline: [...state.timeline, { eventId: event.id, type: event.type, hlc: event.hlc, origin: event.origin, actor: event.actor, from, to }],
  });
  const refuse = (allowed: readonly (CaseStatus | null)[]): string =>
    `${event.type} is not allowed when the case is ${from ?? 'new'} (allowed: ${allowed.map((s) => s ?? 'new').join(', ')})`;
  const when = (allowed: readonly (CaseStatus | null)[], next: () => CaseState | string): CaseState | string => (allowed.includes(from) ? next() : refuse(allowed));

  switch (event.type) {
    case 'case.drafted': {
      const p = event.payload as CaseEventPayloads['case.drafted'];
      return when([null], () => move('draft', { implCode: p.implCode, itemVersion: p.itemVersion, itemName: p.itemName, applicant: p.applicant, proxy: p.proxy, station: p.station ?? null }));
    }
    case 'case.submitted': {
      const p = event.payload as CaseEventPayloads['case.submitted'];
      return when([null, 'draft'], () =>
        move('submitted', {
          implCode: p.implCode,
          itemVersion: p.itemVersion,
          itemName: p.itemName,
          applicant: p.applicant,
          queryCodeHash: p.queryCodeHash,
          channel: p.channel ?? (from === 'draft' ? 'proxy' : 'window'),
          department: p.department ?? state.department,
        }),
      );
    }
    case 'case.supplement_requested':
      return when(['submitted'], () => move('supplement_requested'));
    case 'case.supplemented':
      return when(['supplement_requested'], () => move('submitted'));
    case 'case.accepted': {
      const p = event.payload as CaseEventPayloads['case.accepted'];
      return when(['submitted'], () =>
        move('accepted', {
          caseNumber: p.caseNumber,
          route: p.route,
          handlingNode: p.handlingNode,
          coDepartments: [...p.coDepartments],
          tolerated: p.tolerated,
          dueDate: p.dueDate,
          limitDays: p.limitDays,
          statutoryDays: p.statutoryDays,
          delegation: p.delegation,
          department: p.department,
          feeDueFen: p.feeDueFen,
          maxVisits: p.maxVisits ?? null,
          acceptingNode: event.origin,
        }),
      );
    }
    case 'case.refused':
      return when(['submitted', 'supplement_requested'], () => move('refused'));
    case 'case.review_started':
      return when(['accepted'], () => move('in_review'));
    case 'case.opinion_given': {
      const p = event.payload as CaseEventPayloads['case.opinion_given'];
      if (!state.coDepartments.includes(p.department)) return `${p.department} is not a co-department of this case`;
      if (hasOpinion(state, p.department)) return `${p.department} has already given its opinion`;
      return when(['in_review'], () => move('in_review', { opinions: { ...state.opinions, [p.department]: p.opinion } }));
    }
    case 'case.procedure_started':
      return when(['in_review'], () => move('suspended'));
    case 'case.procedure_ended':
      return when(['suspended'], () => move('in_review'));
    case 'case.extended': {
      const p = event.payload as CaseEventPayloads['case.extended'];
      if (state.extensionDays > 0) return 'the case has already been extended once';
      if (state.limitDays !== null && state.statutoryDays !== null && state.limitDays + p.days > state.statutoryDays) {
        return `an extension may not pass the statutory limit of ${state.statutoryDays} working days (promised ${state.limitDays})`;
      }
      return when(['accepted', 'in_review', 'suspended'], () => move(from as CaseStatus, { extensionDays: p.days }));
    }
    case 'case.approved':
    case 'case.denied': {
      const missing = state.coDepartments.filter((d) => !hasOpinion(state, d));
      if (from === 'in_review' && missing.length > 0) return `the lead decides after every co-department: waiting for ${missing.join(', ')}`;
      return when(['accepted', 'in_review'], () => move(event.type === 'case.approved' ? 'approved' : 'denied'));
    }
    case 'case.ready_for_issue':
      return when(['approved', 'denied'], () => move('ready_for_issue'));
    case 'case.issued':
      if (from === 'ready_for_issue' && state.feeDueFen > 0 && state.feesSettled === null) return '一费制: the fees are settled at the window before issuance';
      return when(['ready_for_issue'], () => move('concluded', { issueMethod: (event.payload as CaseEventPayloads['case.issued']).method }));
    case 'case.fees_settled': {
      const p = event.payload as CaseEventPayloads['case.fees_settled'];
      if (state.feesSettled !== null) return 'the fees are already settled';
      return when(['ready_for_issue'], () => move('ready_for_issue', { feesSettled: { totalFen: p.totalFen } }));
    }
    case 'case.materials_delivered':
      if (state.tolerated === null) return 'the case was not accepted with promised materials (容缺)';
      if (state.materialsDelivered) return 'the promised materials are already delivered';
      return when(['accepted', 'in_review', 'suspended', 'approved', 'denied', 'ready_for_issue'], () => move(from as CaseStatus, { materialsDelivered: true }));
    case 'case.follow_up_answered':
      if (!isBadRating(state.rating)) return 'only a 差评 (rating 4 or 5) has a follow-up';
      if (state.followUpAnswered) return 'the follow-up is already answered';
      return when(['concluded'], () => move('concluded', { followUpAnswered: true }));
    case 'case.withdrawn':
      return when(WITHDRAWABLE, () => move('withdrawn'));
    case 'case.query_code_reissued':
      // after acceptance (the case has a number to query by), from the accepting window only (checked above)
      if (state.acceptingNode === null || from === null) return 'a new query code is issued by the accepting window once the case is accepted';
      return move(from, { queryCodeHash: (event.payload as CaseEventPayloads['case.query_code_reissued']).queryCodeHash });
    case 'case.rated': {
      const p = event.payload as CaseEventPayloads['case.rated'];
      if (state.rating !== null) return 'the case has already been rated';
      return when(['concluded'], () => ({ ...move('concluded'), rating: p.score }));
    }
    default:
      return `unknown event type ${String((event as { type: unknown }).type)}`;
  }
}

/** True when no event can move the case any more (a rating may still be recorded after conclusion). */
export function isFinal(state: CaseState): boolean {
  return state.status !== null && FINAL_STATUSES.includes(state.status);
}
