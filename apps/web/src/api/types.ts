import type { CaseStatus, ItemStatus, Role, ServiceItemContent, Tier } from '@liandong/shared';

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

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export interface Item {
  readonly implCode: string;
  readonly version: number;
  readonly status: ItemStatus;
  readonly statusName: string;
  readonly scope: string;
  readonly ownerNode: string;
  readonly updatedAt: string;
  readonly content: ServiceItemContent;
}

export interface ItemVersion {
  readonly implCode: string;
  readonly version: number;
  readonly status: ItemStatus;
  readonly change: string;
  readonly actor: string;
  readonly changedAt: string;
  readonly content: ServiceItemContent;
}

export interface Applicant {
  readonly kind: 'person' | 'organisation';
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
}

export interface CaseSummary {
  readonly caseId: string;
  readonly caseNumber: string | null;
  readonly status: CaseStatus | null;
  readonly statusName: string | null;
  readonly implCode: string | null;
  readonly itemName: string | null;
  readonly applicant: Applicant | null;
  readonly route: 'local' | 'up' | null;
  readonly acceptingNode: string | null;
  readonly handlingNode: string | null;
  readonly dueDate: string | null;
  readonly conflicts: number;
  readonly reviewReason: string | null;
  readonly promisedMaterials: { readonly materials: readonly string[]; readonly due: string } | null;
  readonly followUp: { readonly due: string | null } | null;
}

export interface TimelineEntry {
  readonly at: string;
  readonly event?: string;
  readonly eventName: string;
  readonly statusName: string;
  readonly node?: string;
}

export interface CaseDetail extends Omit<CaseSummary, 'conflicts'> {
  readonly itemVersion: number | null;
  readonly coDepartments: readonly string[];
  readonly opinions: Readonly<Record<string, 'agree' | 'disagree'>>;
  readonly extensionDays: number;
  readonly feeDueFen: number;
  readonly feesSettled: { readonly totalFen: number } | null;
  readonly rating: number | null;
  readonly timeline: readonly TimelineEntry[];
  readonly conflicts: ReadonlyArray<{ readonly type?: string; readonly reason?: string }>;
}

export interface AcceptedCase extends CaseDetail {
  readonly queryCode: string;
  readonly warnings: readonly string[];
}

export interface PublicTimeline {
  readonly caseNumber: string;
  readonly itemName: string;
  readonly status: CaseStatus;
  readonly statusName: string;
  readonly dueDate: string | null;
  readonly timeline: readonly TimelineEntry[];
}

export interface Department {
  readonly nodeId: string;
  readonly code: string;
  readonly name: string;
  readonly active: boolean;
}

export interface Delegation {
  readonly id: string;
  readonly implCode: string;
  readonly mode: 'devolved' | 'entrusted';
  readonly target: { readonly kind: 'township' | 'district' | 'all'; readonly regionCode?: string };
  readonly effectiveFrom: string;
  readonly status: 'active' | 'revoked';
  readonly version: number;
  readonly ownerNode: string;
  readonly revokedAt: string | null;
}

export interface ImportSummary {
  readonly dryRun: boolean;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}
