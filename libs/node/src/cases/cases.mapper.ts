import { CASE_STATUS_NAMES_ZH, maskCreditCode, maskPhone, maskResidentId, type CaseDetailView, type CaseState, type CaseSummaryView, type PublicTimelineView } from '@liandong/shared';
import { stampedAt } from '@liandong/sync';
import type { CaseEntity } from '../persistence/case.entities';

const EVENT_NAMES_ZH: Readonly<Record<string, string>> = {
  'case.drafted': '预审登记',
  'case.submitted': '提交申请',
  'case.supplement_requested': '一次性告知补齐补正',
  'case.supplemented': '材料已补正',
  'case.accepted': '受理',
  'case.refused': '不予受理',
  'case.review_started': '开始审查',
  'case.opinion_given': '联办部门出具意见',
  'case.procedure_started': '进入特别程序',
  'case.procedure_ended': '特别程序结束',
  'case.extended': '延长办理时限',
  'case.approved': '准予许可',
  'case.denied': '不予许可',
  'case.ready_for_issue': '结果送达受理窗口',
  'case.issued': '出件',
  'case.withdrawn': '撤件',
  'case.rated': '评价',
  'case.materials_delivered': '容缺材料已补交',
  'case.fees_settled': '缴费',
  'case.follow_up_answered': '差评回访',
  'case.query_code_reissued': '重新生成查询码',
};

function maskedApplicant(state: CaseState) {
  const a = state.applicant;
  if (a === null) return null;
  return { kind: a.kind, name: a.name, idNumber: a.kind === 'person' ? maskResidentId(a.idNumber) : maskCreditCode(a.idNumber), phone: maskPhone(a.phone) };
}

/** A case for staff lists: personal data masked. */
export function mapCaseSummary(entity: CaseEntity): CaseSummaryView {
  const state = entity.state;
  return {
    caseId: state.caseId,
    caseNumber: state.caseNumber,
    status: state.status,
    statusName: state.status === null ? null : CASE_STATUS_NAMES_ZH[state.status],
    implCode: state.implCode,
    itemName: state.itemName,
    applicant: maskedApplicant(state),
    route: state.route,
    acceptingNode: state.acceptingNode,
    handlingNode: state.handlingNode,
    dueDate: entity.dueDate,
    conflicts: state.conflicts.length,
    reviewReason: entity.reviewReason,
    promisedMaterials: entity.promiseDue === null ? null : { materials: state.tolerated?.materials ?? [], due: entity.promiseDue },
    followUp: entity.followUpOpen ? { due: entity.followUpDue } : null,
  };
}

/** A case in full for staff: timeline and conflicts; the applicant in full (not in lists or logs). */
export function mapCaseDetail(entity: CaseEntity): CaseDetailView {
  const state = entity.state;
  return {
    ...mapCaseSummary(entity),
    applicant: state.applicant,
    itemVersion: state.itemVersion,
    coDepartments: state.coDepartments,
    opinions: state.opinions,
    extensionDays: state.extensionDays,
    feeDueFen: state.feeDueFen,
    feesSettled: state.feesSettled,
    rating: state.rating,
    channel: state.channel,
    issueMethod: state.issueMethod,
    timeline: state.timeline.map((s) => ({ at: stampedAt(s.hlc), event: s.type, eventName: EVENT_NAMES_ZH[s.type], status: s.to, statusName: CASE_STATUS_NAMES_ZH[s.to], node: s.origin, actor: s.actor })),
    conflicts: state.conflicts,
  };
}

/** What the applicant sees with case number and query code: no personal data, no staff names. */
export function mapPublicTimeline(entity: CaseEntity): PublicTimelineView {
  const state = entity.state;
  return {
    caseNumber: state.caseNumber,
    itemName: state.itemName,
    status: state.status,
    statusName: state.status === null ? null : CASE_STATUS_NAMES_ZH[state.status],
    dueDate: entity.dueDate,
    timeline: state.timeline.map((s) => ({ at: stampedAt(s.hlc), eventName: EVENT_NAMES_ZH[s.type], statusName: CASE_STATUS_NAMES_ZH[s.to] })),
  };
}
