import type { FieldError } from '../validation/field-errors';

/** One problem found while validating calendar data: `field` is a path such as `holidays[2].to`. */
export type CalendarFieldError = FieldError;

/** Renders an arbitrary input for an error message, shortened so a huge value cannot flood a log. */
function describeInput(input: unknown): string {
  const text = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A value that is not a real calendar date in the form `YYYY-MM-DD`. */
export class InvalidDateError extends Error {
  override readonly name = 'InvalidDateError';

  constructor(
    /** The value that was rejected, as given. */
    readonly input: unknown,
    /** Why it was rejected, in English (e.g. `day must be from 01 to 28 in 2026-02, got 30`). */
    readonly reason: string,
  ) {
    super(`invalid date ${describeInput(input)}: ${reason}`);
  }
}

/**
 * A working-day computation needed a date outside the years the calendar has data for.
 * Deadlines past the last year of State Council data are an error, never a guess (DOMAIN.md).
 */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';

  constructor(
    /** The first date the computation needed and the calendar has no data for. */
    readonly date: string,
    readonly firstYear: number,
    readonly lastYear: number,
  ) {
    const covered = firstYear === lastYear ? `${firstYear}` : `${firstYear}–${lastYear}`;
    super(`no calendar data for ${date.slice(0, 4)} (calendar covers ${covered})`);
  }
}

/** The holiday data given to a `WorkingDayCalendar` is invalid, duplicated or has gaps. */
export class InvalidCalendarError extends Error {
  override readonly name = 'InvalidCalendarError';

  constructor(readonly errors: readonly CalendarFieldError[]) {
    const details = errors.map((e) => (e.field ? `${e.field}: ${e.reason}` : e.reason)).join('; ');
    super(`invalid working-day calendar: ${details}`);
  }
}

/** The result of `compute`, or null when it needed a date past the calendar's data: no guess, no date. */
export function withinCalendar<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof CalendarRangeError) return null;
    throw error;
  }
}
