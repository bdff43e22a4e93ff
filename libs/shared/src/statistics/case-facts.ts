import type { IsoDate } from '../calendar/calendar-date';
import { withinCalendar } from '../calendar/calendar-errors';
import type { WorkingDayCalendar } from '../calendar/working-days';
import { caseDeadline } from '../case/case-deadline';
import type { CaseChannel } from '../case/case-events';
import type { CaseState } from '../case/case-fold';
import type { CaseEventType } from '../case/case-events';
import type { Tier } from '../tier';

/**
 * What statistics read of one case, derived from its fold when the case changes: the days of its steps (China
 * Standard Time) and the figures each rate needs. Null where a step has not happened or a value is unknown.
 */
export interface CaseFacts {
  readonly caseId: string;
  /** The accepting window and its tier (受理地). */
  readonly acceptingNode: string | null;
  readonly acceptingTier: Tier | null;
  readonly handlingNode: string | null;
  readonly department: string | null;
  readonly implCode: string | null;
  readonly itemName: string | null;
  readonly channel: CaseChannel | null;
  /** 收件: the application reached the window. */
  readonly receivedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  readonly refusedOn: IsoDate | null;
  /** 办结: the result was issued. */
  readonly concludedOn: IsoDate | null;
  readonly withdrawnOn: IsoDate | null;
  readonly ratedOn: IsoDate | null;
  /** 补齐补正 notices the case had. */
  readonly supplementRequests: number;
  /** Times the applicant came to the service centre, known once the case is concluded (see `visitsOf`). */
  readonly visits: number | null;
  /** 到办事现场次数 of the item version, when recorded. */
  readonly maxVisits: number | null;
  /** The 办结期限 the conclusion is measured against. */
  readonly dueDate: IsoDate | null;
  /** Concluded on or before the due date. */
  readonly onTime: boolean | null;
  /** Working days from acceptance to conclusion, less the working days a special procedure stopped the clock. */
  readonly workingDays: number | null;
  /** 好差评 score, 1 非常满意 … 5 非常不满意. */
  readonly score: number | null;
}

/**
 * The facts of a case. `acceptingTier` comes from where the case's events travel (the caller knows its subject);
 * `calendar` counts working days; a count past the calendar's data is left null, never guessed.
 */
export function caseFacts(state: CaseState, acceptingTier: Tier | null, calendar: WorkingDayCalendar, dateOf: (hlc: string) => IsoDate): CaseFacts {
  const dayOf = (type: CaseEventType): IsoDate | null => {
    const step = state.timeline.find((s) => s.type === type);
    return step === undefined ? null : dateOf(step.hlc);
  };
  const acceptedOn = dayOf('case.accepted');
  const concludedOn = dayOf('case.issued');
  const deadline = withinCalendar(() => caseDeadline(state, calendar, dateOf));
  const dueDate = deadline?.dueDate ?? null;
  const elapsed = acceptedOn !== null && concludedOn !== null ? withinCalendar(() => calendar.countWorkingDays(acceptedOn, concludedOn)) : null;
  const supplementRequests = state.timeline.filter((s) => s.type === 'case.supplement_requested').length;
  return {
    caseId: state.caseId,
    acceptingNode: state.acceptingNode ?? state.timeline[0]?.origin ?? null,
    acceptingTier,
    handlingNode: state.handlingNode,
    department: state.department,
    implCode: state.implCode,
    itemName: state.itemName,
    channel: state.channel,
    receivedOn: dayOf('case.submitted'),
    acceptedOn,
    refusedOn: dayOf('case.refused'),
    concludedOn,
    withdrawnOn: dayOf('case.withdrawn'),
    ratedOn: dayOf('case.rated'),
    supplementRequests,
    visits: concludedOn === null ? null : visitsOf(state, supplementRequests, acceptedOn === concludedOn),
    maxVisits: state.maxVisits,
    dueDate,
    onTime: concludedOn !== null && dueDate !== null ? concludedOn <= dueDate : null,
    workingDays: elapsed === null || deadline === null ? null : Math.max(0, elapsed - deadline.stoppedDays),
    score: state.rating,
  };
}

/**
 * Times the applicant came to the service centre for a concluded case ("最多跑一次" compares it with the item's
 * 到办事现场次数): an application at the window is one visit, and each 补正 and each delivery of promised (容缺)
 * materials brings them back; online and 代办 applications need no visit for those. Collecting the result at the
 * window is one more visit, unless it was handed over in the visit that made the application (concluded on the day
 * of acceptance at the window). Express delivery (快递) needs none.
 */
export function visitsOf(state: CaseState, supplementRequests: number, concludedOnAcceptanceDay: boolean): number {
  const atWindow = state.channel === 'window' || state.channel === null;
  const applying = atWindow ? 1 + supplementRequests + (state.materialsDelivered ? 1 : 0) : 0;
  const collecting = state.issueMethod === 'window' && !(atWindow && concludedOnAcceptanceDay) ? 1 : 0;
  return applying + collecting;
}

