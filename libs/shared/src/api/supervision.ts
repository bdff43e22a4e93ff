import type { CaseWarning, WarningKind } from '../supervision/case-warnings';

/** The node's supervision answers (libs/node `supervision/supervision.mapper.ts` declares these as its return types). */

/** A live warning of a case. */
export interface WarningView {
  readonly caseId: string;
  readonly caseNumber: string | null;
  readonly itemName: string | null;
  readonly status: string | null;
  readonly level: WarningKind;
  readonly levelName: string;
  readonly department: CaseWarning['department'];
  readonly responsibleNode: string;
  /** What the warning is about: the promised, statutory, promise's or follow-up's due date. */
  readonly dueDate: string;
  readonly promisedDueDate: string | null;
  readonly statutoryDueDate: string | null;
  readonly workingDaysLeft: number;
}

/** An 电子监察 card, issued once per case and kind by the responsible node. */
export interface SupervisionCardView {
  readonly id: string;
  readonly caseId: string;
  readonly caseNumber: string | null;
  readonly itemName: string | null;
  readonly kind: WarningKind;
  readonly kindName: string;
  readonly department: string | null;
  readonly node: string;
  readonly dueDate: string;
  readonly workingDaysLeft: number;
  readonly issuedOn: string;
  readonly issuedAt: string;
}

/** 督办: a supervision notice and its answer. */
export interface SupervisionNoticeView {
  readonly id: string;
  readonly caseId: string;
  readonly caseNumber: string | null;
  readonly fromNode: string;
  readonly toNode: string;
  readonly message: string;
  readonly sentBy: string;
  readonly sentAt: string;
  readonly answer: string | null;
  readonly answeredBy: string | null;
  readonly answeredAt: string | null;
  readonly status: 'open' | 'answered';
}
