import type { CaseApplicant, CaseChannel } from '../case/case-events';
import type { CaseConflict, CaseState } from '../case/case-fold';
import type { CaseEventType } from '../case/case-events';
import type { CaseStatus } from '../case/case-state';

/**
 * The node's case answers (libs/node `cases/cases.mapper.ts` declares these as its return types, the web app reads
 * them): a change on either side that the other does not follow fails `npm run typecheck`.
 */

/** One step of the public timeline: no staff names, no nodes. */
export interface PublicTimelineEntryView {
  /** The step's wall time (ISO 8601). */
  readonly at: string;
  readonly eventName: string;
  readonly statusName: string;
}

/** One step of a case for staff. */
export interface CaseTimelineEntryView extends PublicTimelineEntryView {
  readonly event: CaseEventType;
  readonly status: CaseStatus;
  /** The node that wrote the event. */
  readonly node: string;
  readonly actor: string;
}

/** A case for staff lists: the applicant masked. */
export interface CaseSummaryView {
  readonly caseId: string;
  readonly caseNumber: string | null;
  readonly status: CaseStatus | null;
  readonly statusName: string | null;
  readonly implCode: string | null;
  readonly itemName: string | null;
  readonly applicant: CaseApplicant | null;
  readonly route: 'local' | 'up' | null;
  readonly acceptingNode: string | null;
  readonly handlingNode: string | null;
  readonly dueDate: string | null;
  readonly conflicts: number;
  readonly reviewReason: string | null;
  readonly promisedMaterials: { readonly materials: readonly string[]; readonly due: string } | null;
  readonly followUp: { readonly due: string | null } | null;
}

/** A case in full for staff: the applicant unmasked, its timeline and conflicts. */
export interface CaseDetailView extends Omit<CaseSummaryView, 'conflicts'> {
  readonly itemVersion: number | null;
  readonly coDepartments: readonly string[];
  readonly opinions: CaseState['opinions'];
  readonly extensionDays: number;
  readonly feeDueFen: number;
  readonly feesSettled: CaseState['feesSettled'];
  readonly rating: number | null;
  readonly channel: CaseChannel | null;
  readonly issueMethod: CaseState['issueMethod'];
  readonly timeline: readonly CaseTimelineEntryView[];
  readonly conflicts: readonly CaseConflict[];
}

/** The answer to 综合受理 (`POST /cases`): the case, the query code (shown once) and the warnings. */
export interface AcceptedCaseView extends CaseDetailView {
  readonly queryCode: string | null;
  readonly warnings: readonly string[];
}

/** What an applicant sees with the case number and query code. */
export interface PublicTimelineView {
  readonly caseNumber: string | null;
  readonly itemName: string | null;
  readonly status: CaseStatus | null;
  readonly statusName: string | null;
  readonly dueDate: string | null;
  readonly timeline: readonly PublicTimelineEntryView[];
}
