import { InvalidDateError } from './calendar-errors';

/**
 * A date without time or time zone, as an ISO 8601 calendar date string `YYYY-MM-DD`
 * (4-digit year 0001–9999). Strings of this form sort in date order.
 */
export type IsoDate = string;

/** Day of the week: 0 = Sunday, 1 = Monday, ..., 6 = Saturday (as `Date.prototype.getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const MS_PER_DAY = 86_400_000;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Returns null when `value` is a real calendar date `YYYY-MM-DD`, otherwise the reason in English.
 * Only ASCII digits are accepted; no time, no time zone, no other separators.
 */
export function checkIsoDate(value: unknown): string | null {
  if (typeof value !== 'string') {
    return `must be a string in the form YYYY-MM-DD, got ${value === null ? 'null' : typeof value}`;
  }
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) {
    return 'must be in the form YYYY-MM-DD';
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR) {
    return 'year must be from 0001 to 9999, got 0000';
  }
  if (month < 1 || month > 12) {
    return `month must be from 01 to 12, got ${match[2]}`;
  }
  const lastDay = daysInMonth(year, month);
  if (day < 1 || day > lastDay) {
    return `day must be from 01 to ${lastDay} in ${match[1]}-${match[2]}, got ${match[3]}`;
  }
  return null;
}

export function isIsoDate(value: unknown): value is IsoDate {
  return checkIsoDate(value) === null;
}

/** Returns `value` as an `IsoDate` when it is a real calendar date, otherwise throws `InvalidDateError`. */
export function parseIsoDate(value: unknown): IsoDate {
  const reason = checkIsoDate(value);
  if (reason !== null) {
    throw new InvalidDateError(value, reason);
  }
  return value as IsoDate;
}

/** Days since 1970-01-01 (negative before it). All arithmetic is in UTC, so the machine's time zone never matters. */
export function toDayNumber(date: IsoDate): number {
  const valid = parseIsoDate(date);
  const year = Number(valid.slice(0, 4));
  const month = Number(valid.slice(5, 7));
  const day = Number(valid.slice(8, 10));
  const utc = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0–99 to 1900–1999; put the real year back.
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / MS_PER_DAY);
}

/** The inverse of `toDayNumber`. Throws `RangeError` outside the years 0001–9999. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isSafeInteger(dayNumber)) {
    throw new RangeError(`day number must be an integer, got ${dayNumber}`);
  }
  const utc = new Date(dayNumber * MS_PER_DAY);
  const year = utc.getUTCFullYear();
  if (Number.isNaN(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`day number ${dayNumber} is outside the years 0001–9999`);
  }
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}`;
}

/** `date` plus `days` calendar days (`days` may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) {
    throw new RangeError(`days must be an integer, got ${days}`);
  }
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: IsoDate): Weekday {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay() as Weekday;
}

/** The calendar year of `date`. */
export function yearOf(date: IsoDate): number {
  return Number(parseIsoDate(date).slice(0, 4));
}

/** Negative when `a` is before `b`, 0 when equal, positive when after; usable with `Array.prototype.sort`. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const left = parseIsoDate(a);
  const right = parseIsoDate(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
