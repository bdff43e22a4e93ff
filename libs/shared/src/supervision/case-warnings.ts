import type { IsoDate } from '../calendar/calendar-date';
import { withinCalendar } from '../calendar/calendar-errors';
import type { WorkingDayCalendar } from '../calendar/working-days';
import { caseDeadline } from '../case/case-deadline';
import type { CaseState } from '../case/case-fold';
import type { CaseStatus } from '../case/case-state';
import { isBadRating } from '../case/rating';

/**
 * 电子监察 warnings (DOMAIN.md, "Time limits and supervision"): 提醒 before the promised limit runs out, 黄牌 once it
 * is exceeded, 红牌 once the statutory limit is exceeded, and the window's unmet 容缺 promises and unanswered 差评
 * follow-ups. Each is issued as a card once per case.
 */
export const WARNING_KINDS = ['notice', 'yellow', 'red', 'promise_overdue', 'follow_up_overdue'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export const WARNING_NAMES_ZH: Readonly<Record<WarningKind, string>> = {
  notice: '临期提醒',
  yellow: '黄牌',
  red: '红牌',
  promise_overdue: '容缺承诺逾期',
  follow_up_overdue: '差评整改逾期',
};

/** No national thresholds exist: these are configurable (DOMAIN.md gives the defaults). */
export interface SupervisionThresholds {
  /** 提醒 when at most this many working days of the promised limit are left. @default 1 */
  readonly noticeDays: number;
  /** 黄牌 when more than this many working days have passed since the promised due date. @default 0 */
  readonly yellowAfterDays: number;
  /** 红牌 when more than this many working days have passed since the statutory due date. @default 0 */
  readonly redAfterDays: number;
}

export const DEFAULT_THRESHOLDS: SupervisionThresholds = { noticeDays: 1, yellowAfterDays: 0, redAfterDays: 0 };

/** One warning a case carries today. */
export interface CaseWarning {
  readonly kind: WarningKind;
  /** The node that must act, and that issues the card: the handling node until the decision, then the accepting window. */
  readonly responsibleNode: string;
  /** The handling department of the case. */
  readonly department: string | null;
  /** What the warning is about: the promised due date (提醒, 黄牌), the statutory one (红牌), the promise's or the follow-up's. */
  readonly dueDate: IsoDate;
  /** Working days from today to `dueDate` (today not counted, `dueDate` counted): 0 on the due date, negative once past it. */
  readonly workingDaysLeft: number;
}

export interface WarningContext {
  readonly today: IsoDate;
  readonly calendar: WorkingDayCalendar;
  /** The day (China Standard Time) of a step's HLC timestamp. */
  readonly dateOf: (hlc: string) => IsoDate;
  /** When the window must answer an open 差评 (working days after the rating), as the projection keeps it. */
  readonly followUpDue: IsoDate | null;
  readonly thresholds?: SupervisionThresholds;
}

/** Statuses in which the case's decision is pending at its handling node. */
const DECISION_PENDING: readonly CaseStatus[] = ['accepted', 'in_review', 'suspended'];
/** Statuses in which the result waits at the accepting window. */
const ISSUE_PENDING: readonly CaseStatus[] = ['approved', 'denied', 'ready_for_issue'];

/** The node that holds the case's next step: the handling node until the decision, then the accepting window. */
export function responsibleNode(state: CaseState): string | null {
  if (state.status === null) return null;
  if (DECISION_PENDING.includes(state.status)) return state.handlingNode;
  return state.acceptingNode;
}

/**
 * The warnings `state` carries on `today`, in working days from the node's calendar (holidays and 调休 included).
 * A due date is met through its own day and exceeded from the first working day after it, so a limit that ends
 * before a holiday is exceeded on the first working day after the holiday. While a special procedure stops the
 * clock the case carries no deadline warning. A date the calendar has no data for gives no warning (no guess).
 * 黄牌 and 红牌 both apply once the statutory limit is exceeded (the promised limit is within it).
 */
export function caseWarnings(state: CaseState, context: WarningContext): CaseWarning[] {
  const { today, calendar } = context;
  const thresholds = context.thresholds ?? DEFAULT_THRESHOLDS;
  const warnings: CaseWarning[] = [];
  const department = state.department;
  const left = (due: IsoDate): number | null => withinCalendar(() => calendar.countWorkingDays(today, due));
  const add = (kind: WarningKind, node: string | null, dueDate: IsoDate, workingDaysLeft: number): void => {
    if (node !== null) warnings.push({ kind, responsibleNode: node, department, dueDate, workingDaysLeft });
  };

  const status = state.status;
  if (status !== null && (DECISION_PENDING.includes(status) || ISSUE_PENDING.includes(status))) {
    const node = responsibleNode(state);
    const deadline = withinCalendar(() => caseDeadline(state, calendar, context.dateOf));
    if (deadline !== null && deadline.dueDate !== null) {
      const promisedLeft = left(deadline.dueDate);
      if (promisedLeft !== null) {
        if (promisedLeft >= 0 && promisedLeft <= thresholds.noticeDays) add('notice', node, deadline.dueDate, promisedLeft);
        if (-promisedLeft > thresholds.yellowAfterDays) add('yellow', node, deadline.dueDate, promisedLeft);
      }
      const statutoryDue = statutoryDueAfter(state, calendar, context.dateOf, deadline.stoppedDays);
      const statutoryLeft = statutoryDue === null ? null : left(statutoryDue);
      if (statutoryDue !== null && statutoryLeft !== null && -statutoryLeft > thresholds.redAfterDays) add('red', node, statutoryDue, statutoryLeft);
    }
  }

  const overdue = (due: IsoDate): number | null => {
    const n = left(due);
    return n !== null && n < 0 ? n : null;
  };
  if (state.tolerated !== null && !state.materialsDelivered && status !== 'refused' && status !== 'withdrawn') {
    const n = overdue(state.tolerated.due);
    if (n !== null) add('promise_overdue', state.acceptingNode, state.tolerated.due, n);
  }
  if (isBadRating(state.rating) && !state.followUpAnswered && context.followUpDue !== null) {
    const n = overdue(context.followUpDue);
    if (n !== null) add('follow_up_overdue', state.acceptingNode, context.followUpDue, n);
  }
  return warnings;
}

/** The statutory due date of an accepted case: the statutory limit plus the working days a procedure stopped the clock. */
export function statutoryDueDate(state: CaseState, calendar: WorkingDayCalendar, dateOf: (hlc: string) => IsoDate): IsoDate | null {
  const deadline = withinCalendar(() => caseDeadline(state, calendar, dateOf));
  return deadline === null ? null : statutoryDueAfter(state, calendar, dateOf, deadline.stoppedDays);
}

function statutoryDueAfter(state: CaseState, calendar: WorkingDayCalendar, dateOf: (hlc: string) => IsoDate, stoppedDays: number): IsoDate | null {
  const accepted = state.timeline.find((s) => s.type === 'case.accepted');
  if (accepted === undefined || state.statutoryDays === null) return null;
  const days = state.statutoryDays;
  return withinCalendar(() => calendar.addWorkingDays(dateOf(accepted.hlc), days + stoppedDays));
}

