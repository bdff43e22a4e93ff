import { addDays, type IsoDate } from '../calendar/calendar-date';
import type { WorkingDayCalendar } from '../calendar/working-days';
import type { CaseState } from './case-fold';

/** The deadline of a case now: its due date, or null while the clock is stopped (特别程序) or before acceptance. */
export interface CaseDeadline {
  readonly dueDate: IsoDate | null;
  readonly clockStopped: boolean;
  /** Working days the clock stood still during special procedures. */
  readonly stoppedDays: number;
}

/**
 * 办结期限 in working days (DOMAIN.md): the promised limit counted from the day after acceptance, plus the one
 * extension, plus every working day a special procedure stopped the clock. `dateOf` turns a step's HLC into its
 * day in China Standard Time. Throws CalendarRangeError when the deadline reaches past the calendar's data.
 */
export function caseDeadline(state: CaseState, calendar: WorkingDayCalendar, dateOf: (hlc: string) => IsoDate): CaseDeadline {
  const accepted = state.timeline.find((s) => s.type === 'case.accepted');
  if (accepted === undefined || state.limitDays === null) return { dueDate: null, clockStopped: false, stoppedDays: 0 };
  let stoppedDays = 0;
  let stoppedSince: IsoDate | null = null;
  for (const step of state.timeline) {
    if (step.to === 'suspended' && step.from !== 'suspended') stoppedSince = dateOf(step.hlc);
    else if (step.from === 'suspended' && step.to !== 'suspended' && stoppedSince !== null) {
      // The day the procedure started counts as stopped; the day it ended counts again.
      stoppedDays += calendar.countWorkingDays(addDays(stoppedSince, -1), addDays(dateOf(step.hlc), -1));
      stoppedSince = null;
    }
  }
  if (stoppedSince !== null) return { dueDate: null, clockStopped: true, stoppedDays };
  const due = calendar.addWorkingDays(dateOf(accepted.hlc), state.limitDays + state.extensionDays + stoppedDays);
  return { dueDate: due, clockStopped: false, stoppedDays };
}
