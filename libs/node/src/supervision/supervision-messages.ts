import { codecs, WARNING_KINDS, type VersionedDecoder, type WarningKind } from '@liandong/shared';
import { NODE_ID_PATTERN } from '@liandong/sync';

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

const NODE_ID = codecs.string({ max: 40, pattern: NODE_ID_PATTERN, patternReason: 'must be a node id' });
const CASE_NUMBER = codecs.nullable(codecs.string({ max: 40 }));
const SAFE_INTEGER = codecs.integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

/** Payload codecs of the supervision messages (version 1), as supervision.service.ts writes them (text as typed: any character). */
export const CARD_PAYLOAD: VersionedDecoder<CardPayload> = codecs.versioned({
  1: codecs.object({
    kind: codecs.oneOf(WARNING_KINDS),
    caseNumber: CASE_NUMBER,
    // The case's item name, as the catalogue took it (any character).
    itemName: codecs.nullable(codecs.string({ max: 200, characters: 'any' })),
    department: codecs.nullable(codecs.string({ max: 32 })),
    node: NODE_ID,
    dueDate: codecs.isoDate(),
    workingDaysLeft: SAFE_INTEGER,
    issuedOn: codecs.isoDate(),
  }),
});

export const NOTICE_SENT_PAYLOAD: VersionedDecoder<NoticeSentPayload> = codecs.versioned({
  1: codecs.object({ caseNumber: CASE_NUMBER, toNode: NODE_ID, message: codecs.string({ max: 1000, characters: 'any' }) }),
});

export const NOTICE_ANSWERED_PAYLOAD: VersionedDecoder<NoticeAnsweredPayload> = codecs.versioned({
  1: codecs.object({ noticeId: codecs.string({ max: 36 }), answer: codecs.string({ max: 1000, characters: 'any' }) }),
});
