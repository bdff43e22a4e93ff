import { WARNING_NAMES_ZH, type SupervisionCardView, type SupervisionNoticeView, type WarningView } from '@liandong/shared';
import type { SupervisionCardEntity, SupervisionNoticeEntity } from '../persistence/supervision.entities';
import type { LiveWarning } from './supervision.service';

export function mapWarning(w: LiveWarning): WarningView {
  return {
    caseId: w.caseId,
    caseNumber: w.caseNumber,
    itemName: w.itemName,
    status: w.status,
    level: w.kind,
    levelName: WARNING_NAMES_ZH[w.kind],
    department: w.department,
    responsibleNode: w.responsibleNode,
    dueDate: w.dueDate,
    promisedDueDate: w.promisedDueDate,
    statutoryDueDate: w.statutoryDueDate,
    workingDaysLeft: w.workingDaysLeft,
  };
}

export function mapCard(c: SupervisionCardEntity): SupervisionCardView {
  return { ...c, kindName: WARNING_NAMES_ZH[c.kind] };
}

export function mapNotice(n: SupervisionNoticeEntity): SupervisionNoticeView {
  return { ...n, status: n.answer === null ? 'open' : 'answered' };
}
