/** 办件状态 (DOMAIN.md, "Case lifecycle"). */
export const CASE_STATUSES = [
  'draft',
  'submitted',
  'supplement_requested',
  'accepted',
  'refused',
  'in_review',
  'suspended',
  'approved',
  'denied',
  'ready_for_issue',
  'concluded',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_NAMES_ZH: Readonly<Record<CaseStatus, string>> = {
  draft: '预审/待提交',
  submitted: '已申请',
  supplement_requested: '补齐补正',
  accepted: '已受理',
  refused: '不予受理',
  in_review: '审查中',
  suspended: '特别程序',
  approved: '准予许可',
  denied: '不予许可',
  ready_for_issue: '待出件',
  concluded: '办结',
  withdrawn: '撤件',
};

/** Statuses no event leaves (a rating after conclusion records, it does not move). */
export const FINAL_STATUSES: readonly CaseStatus[] = ['refused', 'concluded', 'withdrawn'];

/** Statuses in which the applicant may still withdraw: before a decision. */
export const WITHDRAWABLE: readonly CaseStatus[] = ['draft', 'submitted', 'supplement_requested', 'accepted', 'in_review', 'suspended'];

/** Statuses during which the deadline clock is stopped (补齐补正, 特别程序). */
export const CLOCK_STOPPED: readonly CaseStatus[] = ['supplement_requested', 'suspended'];
