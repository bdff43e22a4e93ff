import { addDays, checkIsoDate, compareIsoDates, fromDayNumber, isIsoDate, parseIsoDate, toDayNumber, weekday, yearOf } from './calendar-date';
import { InvalidDateError } from './calendar-errors';

describe('parseIsoDate', () => {
  it('accepts real calendar dates, including 29 February in leap years', () => {
    expect(parseIsoDate('2026-02-13')).toBe('2026-02-13');
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(parseIsoDate('2025-12-31')).toBe('2025-12-31');
  });

  it('rejects days that do not exist, naming the reason', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow(new InvalidDateError('2026-02-30', 'day must be from 01 to 28 in 2026-02, got 30'));
    expect(checkIsoDate('2025-02-29')).toBe('day must be from 01 to 28 in 2025-02, got 29');
    expect(checkIsoDate('2100-02-29')).toBe('day must be from 01 to 28 in 2100-02, got 29');
    expect(checkIsoDate('2025-04-31')).toBe('day must be from 01 to 30 in 2025-04, got 31');
    expect(checkIsoDate('2025-01-00')).toBe('day must be from 01 to 31 in 2025-01, got 00');
    expect(checkIsoDate('2025-13-01')).toBe('month must be from 01 to 12, got 13');
    expect(checkIsoDate('2025-00-10')).toBe('month must be from 01 to 12, got 00');
    expect(checkIsoDate('0000-01-01')).toBe('year must be from 0001 to 9999, got 0000');
  });

  it('rejects other formats and non-strings', () => {
    for (const text of ['2026-2-3', '2026/02/03', '20260203', '2026-02-03T00:00:00Z', ' 2026-02-03', '', '２０２６-02-03']) {
      expect(checkIsoDate(text)).toBe('must be in the form YYYY-MM-DD');
    }
    expect(checkIsoDate(20260203)).toBe('must be a string in the form YYYY-MM-DD, got number');
    expect(checkIsoDate(null)).toBe('must be a string in the form YYYY-MM-DD, got null');
    expect(isIsoDate('2026-02-03')).toBe(true);
    expect(isIsoDate(undefined)).toBe(false);
  });

  it('throws a named error that carries the input and the reason', () => {
    let caught: unknown;
    try {
      parseIsoDate('2026-02-30');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidDateError);
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({
      name: 'InvalidDateError',
      input: '2026-02-30',
      reason: 'day must be from 01 to 28 in 2026-02, got 30',
      message: 'invalid date "2026-02-30": day must be from 01 to 28 in 2026-02, got 30',
    });
  });
});

describe('date arithmetic', () => {
  it('adds days across month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-02-13', 0)).toBe('2026-02-13');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('refuses a fractional number of days and invalid dates', () => {
    expect(() => addDays('2026-02-13', 1.5)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(InvalidDateError);
  });

  it('knows the day of the week (0 = Sunday)', () => {
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('2026-02-13')).toBe(5); // Friday
    expect(weekday('2026-02-14')).toBe(6); // Saturday
    expect(weekday('2025-09-28')).toBe(0); // Sunday
    expect(weekday('2024-01-01')).toBe(1); // Monday
  });

  it('converts to and from day numbers, also for years before 100', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(toDayNumber('2026-02-13'))).toBe('2026-02-13');
    expect(fromDayNumber(toDayNumber('0099-12-31') + 1)).toBe('0100-01-01');
    expect(toDayNumber('0001-01-01')).toBe(-719162);
    expect(() => fromDayNumber(toDayNumber('9999-12-31') + 1)).toThrow(RangeError);
  });

  it('compares dates and gives the year', () => {
    expect(compareIsoDates('2025-12-31', '2026-01-01')).toBe(-1);
    expect(compareIsoDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(compareIsoDates('2026-10-10', '2026-09-20')).toBe(1);
    expect(['2026-10-10', '2024-02-04', '2025-09-28'].sort(compareIsoDates)).toEqual(['2024-02-04', '2025-09-28', '2026-10-10']);
    expect(() => compareIsoDates('2026-02-30', '2026-03-01')).toThrow(InvalidDateError);
    expect(yearOf('2026-02-13')).toBe(2026);
  });
});
