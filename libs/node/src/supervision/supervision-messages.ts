import { checkIsoDate, isRecord, WARNING_KINDS, type WarningKind } from '@liandong/shared';

/** Message types of supervision. They travel on the case's subject, so they reach every node that holds the case. */
export const SUPERVISION_MESSAGES = {
  card: 'supervision.card_issued',
  noticeSent: 'supervision.notice_sent',
  noticeAnswered: 'supervision.notice_answered',
} as const;

/** A card, issued once per case and kind by the node responsible (`node`, the envelope's origin). */
export interface CardPayload {
  readonly kind: WarningKind;
  readonly caseNumber: string | null;
  readonly itemName: string | null;
  readonly department: string | null;
  readonly node: string;
  readonly dueDate: string;
  readonly workingDaysLeft: number;
  /** The day of issue at the issuing node (China Standard Time). */
  readonly issuedOn: string;
}

/** 督办: the sender is the envelope's origin, the person its actor. */
export interface NoticeSentPayload {
  readonly caseNumber: string | null;
  readonly toNode: string;
  readonly message: string;
}

export interface NoticeAnsweredPayload {
  readonly noticeId: string;
  readonly answer: string;
}

const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.length >= 1 && value.length <= max;
const textOrNull = (value: unknown, max: number): boolean => value === null || text(value, max);

/** Null when `p` is a card payload, otherwise the reason. */
export function cardPayloadProblem(p: unknown): string | null {
  if (!isRecord(p)) return 'payload must be an object';
  if (!(WARNING_KINDS as readonly unknown[]).includes(p['kind'])) return `kind must be one of ${WARNING_KINDS.join(', ')}`;
  if (!textOrNull(p['caseNumber'], 40)) return 'caseNumber must be a string of at most 40 characters or null';
  if (!textOrNull(p['itemName'], 200)) return 'itemName must be a string of at most 200 characters or null';
  if (!textOrNull(p['department'], 32)) return 'department must be a string of at most 32 characters or null';
  if (!text(p['node'], 40)) return 'node must be a node id';
  if (checkIsoDate(p['dueDate']) !== null) return 'dueDate must be a date YYYY-MM-DD';
  if (checkIsoDate(p['issuedOn']) !== null) return 'issuedOn must be a date YYYY-MM-DD';
  if (!Number.isSafeInteger(p['workingDaysLeft'])) return 'workingDaysLeft must be an integer';
  return null;
}

export function noticeSentProblem(p: unknown): string | null {
  if (!isRecord(p)) return 'payload must be an object';
  if (!textOrNull(p['caseNumber'], 40)) return 'caseNumber must be a string of at most 40 characters or null';
  if (!text(p['toNode'], 40)) return 'toNode must be a node id';
  if (!text(p['message'], 1000)) return 'message must be 1–1000 characters';
  return null;
}

export function noticeAnsweredProblem(p: unknown): string | null {
  if (!isRecord(p)) return 'payload must be an object';
  if (!text(p['noticeId'], 36)) return 'noticeId must be an id';
  if (!text(p['answer'], 1000)) return 'answer must be 1–1000 characters';
  return null;
}
