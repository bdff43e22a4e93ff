import type { CaseApplicant, Role, Tier } from '@liandong/shared';

/**
 * The node's answers as the web app reads them. The case, catalogue, delegation, user and supervision answers are
 * libs/shared's (`libs/shared/src/api`), the same types the node's mappers return, so a change on one side that the
 * other does not follow fails `npm run typecheck`; the names here are the app's short ones.
 */
export type {
  AcceptedCaseView as AcceptedCase,
  CaseDetailView as CaseDetail,
  CaseSummaryView as CaseSummary,
  DelegationView as Delegation,
  ItemVersionView as ItemVersion,
  ItemView as Item,
  PageView as Page,
  PublicTimelineView as PublicTimeline,
  SupervisionCardView as SupervisionCard,
  SupervisionNoticeView as SupervisionNotice,
  UserView as User,
  WarningView as Warning,
} from '@liandong/shared';

/** One step of a timeline as the app shows it: `event` and `node` only on the staff view. */
export interface TimelineEntry {
  readonly at: string;
  readonly event?: string;
  readonly eventName: string;
  readonly statusName: string;
  readonly node?: string;
}

export interface NodeIdentity {
  readonly id: string;
  readonly name: string;
  readonly tier: Tier;
  readonly regionCode: string;
  readonly parentId: string | null;
}

export interface Health {
  readonly status: 'ok' | 'degraded' | 'down';
  readonly node: NodeIdentity;
  readonly checks: { readonly database: { status: string }; readonly nats: { status: string; detail?: string } };
  /** The node's clock. */
  readonly time: string;
}

export interface Me {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly nodeId: string;
  /** The village station of a village assistant (their drafts are that station's). */
  readonly station?: string | null;
}

export type Applicant = CaseApplicant;

export interface Department {
  readonly nodeId: string;
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
}

export interface ImportSummary {
  readonly dryRun: boolean;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}
