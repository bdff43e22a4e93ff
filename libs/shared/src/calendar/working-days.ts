import { fromDayNumber, type IsoDate, toDayNumber, weekday } from './calendar-date';
import { CalendarRangeError, type CalendarFieldError, InvalidCalendarError } from './calendar-errors';
import { type HolidayYear, validateHolidayYear } from './holiday-calendar';

/**
 * Working days (工作日) for time limits: weekends and public holidays are not working days,
 * 调休 make-up workdays are. Built from the State Council holiday data of contiguous years; any
 * computation that needs a date outside those years throws `CalendarRangeError` instead of guessing.
 *
 * Counting follows 民法典 art. 201: the start day (day of acceptance) is not counted.
 */
export class WorkingDayCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Day numbers (see `toDayNumber`) of 1 January of the first year and 31 December of the last. */
  private readonly firstDay: number;
  private readonly lastDay: number;
  /**
   * `workingBefore[i]` = working days among the first `i` covered days, so the working days in the
   * half-open interval (a, b] are `workingBefore[b - firstDay + 1] - workingBefore[a - firstDay + 1]`.
   */
  private readonly workingBefore: Int32Array;
  private readonly holidayNames = new Map<number, string>();

  /** Throws `InvalidCalendarError` for invalid data, duplicate years, gaps between years, or no years at all. */
  constructor(years: readonly HolidayYear[]) {
    const errors: CalendarFieldError[] = [];
    const valid: HolidayYear[] = [];
    const seenAt = new Map<number, number>();
    years.forEach((input, index) => {
      const result = validateHolidayYear(input);
      if (!result.ok) {
        errors.push(...result.errors.map((e) => ({ field: `years[${index}].${e.field}`, reason: e.reason })));
        return;
      }
      const earlier = seenAt.get(result.value.year);
      if (earlier !== undefined) {
        errors.push({ field: `years[${index}].year`, reason: `duplicate year ${result.value.year}, also at years[${earlier}]` });
        return;
      }
      seenAt.set(result.value.year, index);
      valid.push(result.value);
    });
    if (years.length === 0) {
      errors.push({ field: 'years', reason: 'must contain at least one year' });
    }
    valid.sort((a, b) => a.year - b.year);
    for (let i = 1; i < valid.length; i++) {
      if (valid[i].year !== valid[i - 1].year + 1) {
        errors.push({
          field: 'years',
          reason: `years must be contiguous, ${valid[i - 1].year + 1} is missing between ${valid[i - 1].year} and ${valid[i].year}`,
        });
      }
    }
    if (errors.length > 0) {
      throw new InvalidCalendarError(errors);
    }

    this.firstYear = valid[0].year;
    this.lastYear = valid[valid.length - 1].year;
    this.firstDay = toDayNumber(`${this.firstYear}-01-01`);
    this.lastDay = toDayNumber(`${this.lastYear}-12-31`);

    const dayCount = this.lastDay - this.firstDay + 1;
    const working = new Uint8Array(dayCount);
    const firstWeekday = weekday(`${this.firstYear}-01-01`);
    for (let i = 0; i < dayCount; i++) {
      const day = (firstWeekday + i) % 7;
      working[i] = day === 0 || day === 6 ? 0 : 1;
    }
    for (const year of valid) {
      for (const holiday of year.holidays) {
        for (let day = toDayNumber(holiday.from); day <= toDayNumber(holiday.to); day++) {
          working[day - this.firstDay] = 0;
          this.holidayNames.set(day, holiday.name);
        }
      }
      for (const date of year.makeUpWorkdays) {
        working[toDayNumber(date) - this.firstDay] = 1;
      }
    }
    this.workingBefore = new Int32Array(dayCount + 1);
    for (let i = 0; i < dayCount; i++) {
      this.workingBefore[i + 1] = this.workingBefore[i] + working[i];
    }
  }

  /** True when `date` is a working day. Throws `CalendarRangeError` outside the covered years. */
  isWorkingDay(date: IsoDate): boolean {
    const day = this.requireCovered(toDayNumber(date));
    return this.workingBefore[day - this.firstDay + 1] > this.workingBefore[day - this.firstDay];
  }

  /** The name of the public holiday `date` falls in (e.g. 春节), or null. Throws `CalendarRangeError` outside the covered years. */
  holidayName(date: IsoDate): string | null {
    return this.holidayNames.get(this.requireCovered(toDayNumber(date))) ?? null;
  }

  /** True when the calendar has data for `date`. */
  covers(date: IsoDate): boolean {
    const day = toDayNumber(date);
    return day >= this.firstDay && day <= this.lastDay;
  }

  /**
   * The date of the `workingDays`-th working day after `start`; `start` itself is not counted
   * (民法典 art. 201), so a case accepted on Friday with 1 working day is due the next working day.
   * Returns `start` when `workingDays` is 0. Throws `RangeError` unless `workingDays` is a non-negative
   * integer, and `CalendarRangeError` when a day after `start` up to the result lies outside the covered years.
   */
  addWorkingDays(start: IsoDate, workingDays: number): IsoDate {
    if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
      throw new RangeError(`working days must be a non-negative integer, got ${workingDays}`);
    }
    const startDay = toDayNumber(start);
    if (workingDays === 0) {
      return start;
    }
    this.requireCovered(startDay + 1);
    const target = this.workingBefore[startDay - this.firstDay + 1] + workingDays;
    const total = this.workingBefore[this.workingBefore.length - 1];
    if (target > total) {
      throw this.rangeError(this.lastDay + 1);
    }
    // Smallest index i with workingBefore[i] >= target; the result is covered day i - 1.
    let low = startDay - this.firstDay + 2;
    let high = this.workingBefore.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.workingBefore[middle] >= target) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return fromDayNumber(this.firstDay + low - 1);
  }

  /**
   * Working days in the half-open interval (from, to]: `from` is not counted, `to` is. Negative when
   * `to` is before `from`, 0 when they are equal. Throws `CalendarRangeError` when a counted day
   * lies outside the covered years.
   */
  countWorkingDays(from: IsoDate, to: IsoDate): number {
    const fromDay = toDayNumber(from);
    const toDay = toDayNumber(to);
    if (toDay < fromDay) {
      return 0 - this.countWorkingDays(to, from); // 0 - 0 is +0, unlike -0
    }
    if (toDay === fromDay) {
      return 0;
    }
    this.requireCovered(fromDay + 1);
    if (toDay > this.lastDay) {
      throw this.rangeError(this.lastDay + 1);
    }
    return this.workingBefore[toDay - this.firstDay + 1] - this.workingBefore[fromDay - this.firstDay + 1];
  }

  private requireCovered(day: number): number {
    if (day < this.firstDay || day > this.lastDay) {
      throw this.rangeError(day);
    }
    return day;
  }

  private rangeError(day: number): CalendarRangeError {
    return new CalendarRangeError(fromDayNumber(day), this.firstYear, this.lastYear);
  }
}
