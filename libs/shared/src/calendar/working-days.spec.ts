import fc from 'fast-check';
import { addDays, type IsoDate, toDayNumber, weekday } from './calendar-date';
import { CalendarRangeError, InvalidCalendarError, InvalidDateError } from './calendar-errors';
import { type HolidayYear, OFFICIAL_HOLIDAYS } from './holiday-calendar';
import { WorkingDayCalendar } from './working-days';

const calendar = new WorkingDayCalendar(OFFICIAL_HOLIDAYS);

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('WorkingDayCalendar.isWorkingDay', () => {
  it('treats weekends as rest days and weekdays as working days', () => {
    expect(calendar.isWorkingDay('2025-03-07')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-03-08')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-03-09')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2025-03-10')).toBe(true); // Monday
  });

  it('treats weekdays inside a holiday as rest days and make-up weekend days as working days', () => {
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // Monday, last day of 春节 2026
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 春节 make-up workday
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true); // Saturday, 春节 make-up workday
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 国庆节 make-up workday
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false); // Wednesday, last day of 国庆节、中秋节
    expect(calendar.isWorkingDay('2024-06-10')).toBe(false); // Monday, 端午节
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday, 元旦 make-up workday
  });

  it('agrees with a day-by-day reading of the notices for every covered day', () => {
    const restsByNotice = (date: IsoDate) =>
      OFFICIAL_HOLIDAYS.some((y) => y.holidays.some((h) => h.from <= date && date <= h.to));
    const worksByNotice = (date: IsoDate) =>
      OFFICIAL_HOLIDAYS.some((y) => y.makeUpWorkdays.includes(date)) || (!restsByNotice(date) && weekday(date) !== 0 && weekday(date) !== 6);
    for (let date = '2024-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      expect([date, calendar.isWorkingDay(date)]).toEqual([date, worksByNotice(date)]);
    }
  });
});

describe('WorkingDayCalendar.holidayName', () => {
  it('names the holiday a date falls in, or null', () => {
    expect(calendar.holidayName('2025-10-05')).toBe('国庆节、中秋节');
    expect(calendar.holidayName('2026-02-20')).toBe('春节');
    expect(calendar.holidayName('2024-01-01')).toBe('元旦');
    expect(calendar.holidayName('2026-02-14')).toBeNull(); // make-up workday
    expect(calendar.holidayName('2025-03-08')).toBeNull(); // ordinary Saturday
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('does not count the day of acceptance (accepted 2026-02-13 with 3 working days is due 2026-02-25)', () => {
    // Fri 02-13 accepted; Sat 02-14 make-up = 1; 02-15..02-23 春节; Tue 02-24 = 2; Wed 02-25 = 3.
    expect(calendar.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    // Fri 02-27 accepted; Sat 02-28 is the second 春节 make-up workday.
    expect(calendar.addWorkingDays('2026-02-27', 1)).toBe('2026-02-28');
  });

  it('counts the 2025 National Day make-up workdays', () => {
    // Fri 2025-09-26 accepted; Sat 09-27 rest; Sun 09-28 make-up = 1; Mon 09-29 = 2; Tue 09-30 = 3;
    // 10-01..10-08 国庆节、中秋节; Thu 10-09 = 4; Fri 10-10 = 5; Sat 10-11 make-up = 6; Sun 10-12 rest; Mon 10-13 = 7.
    expect(calendar.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(calendar.addWorkingDays('2025-09-26', 2)).toBe('2025-09-29');
    expect(calendar.addWorkingDays('2025-09-26', 4)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-09-26', 6)).toBe('2025-10-11');
    expect(calendar.addWorkingDays('2025-09-26', 7)).toBe('2025-10-13');
    // 20 working days: ... Mon–Fri 10-13..10-17 = 7..11, 10-20..10-24 = 12..16, Mon–Thu 10-27..10-30 = 17..20.
    expect(calendar.addWorkingDays('2025-09-26', 20)).toBe('2025-10-30');
  });

  it('skips weekends and returns the start for 0 working days', () => {
    expect(calendar.addWorkingDays('2025-03-07', 1)).toBe('2025-03-10'); // Friday → Monday
    expect(calendar.addWorkingDays('2025-03-08', 1)).toBe('2025-03-10'); // accepted on a Saturday
    expect(calendar.addWorkingDays('2025-03-07', 5)).toBe('2025-03-14');
    expect(calendar.addWorkingDays('2025-03-08', 0)).toBe('2025-03-08');
  });

  it('crosses year boundaries', () => {
    // Fri 2024-12-27; Mon 12-30 = 1; Tue 12-31 = 2; 2025-01-01 元旦; Thu 01-02 = 3.
    expect(calendar.addWorkingDays('2024-12-27', 3)).toBe('2025-01-02');
    // Wed 2025-12-31; 2026-01-01..01-03 元旦; Sun 01-04 make-up = 1; Mon 01-05 = 2.
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(calendar.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
  });

  it('refuses a negative or fractional number of working days', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => calendar.addWorkingDays('2025-03-07', n)).toThrow(RangeError);
    }
    expect(() => calendar.addWorkingDays('2025-02-29', 1)).toThrow(InvalidDateError);
  });

  it('throws CalendarRangeError instead of guessing past the last year of data', () => {
    expect(calendar.addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
    const error = thrown(() => calendar.addWorkingDays('2026-12-30', 5));
    expect(error).toBeInstanceOf(CalendarRangeError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'CalendarRangeError',
      date: '2027-01-01',
      firstYear: 2024,
      lastYear: 2026,
      message: 'no calendar data for 2027 (calendar covers 2024–2026)',
    });
    expect(thrown(() => calendar.addWorkingDays('2026-12-31', 1))).toMatchObject({ date: '2027-01-01' });
    expect(thrown(() => calendar.addWorkingDays('2027-03-01', 1))).toMatchObject({ date: '2027-03-02' });
  });

  it('throws CalendarRangeError before the first year of data', () => {
    const error = thrown(() => calendar.addWorkingDays('2023-12-29', 3));
    expect(error).toBeInstanceOf(CalendarRangeError);
    expect(error).toMatchObject({ date: '2023-12-30', message: 'no calendar data for 2023 (calendar covers 2024–2026)' });
    // Accepted on the last day before the data: only days from 2024-01-01 on are counted.
    expect(calendar.addWorkingDays('2023-12-31', 1)).toBe('2024-01-02');
  });
});

describe('WorkingDayCalendar.countWorkingDays', () => {
  it('counts (from, to]: the first day not, the last day yes', () => {
    expect(calendar.countWorkingDays('2025-03-07', '2025-03-10')).toBe(1); // Fri → Mon over a weekend
    expect(calendar.countWorkingDays('2025-03-02', '2025-03-09')).toBe(5); // Sunday to Sunday
    expect(calendar.countWorkingDays('2025-03-07', '2025-03-07')).toBe(0);
    expect(calendar.countWorkingDays('2025-03-10', '2025-03-07')).toBe(-1);
    expect(calendar.countWorkingDays('2025-03-09', '2025-03-08')).toBe(0); // backwards over a weekend: +0, not -0
  });

  it('counts across the 2025 National Day', () => {
    expect(calendar.countWorkingDays('2025-09-30', '2025-10-09')).toBe(1);
    // 09-28, 09-29, 09-30, 10-09, 10-10, 10-11 (make-up); 09-27 and 10-12 are weekend rest days.
    expect(calendar.countWorkingDays('2025-09-26', '2025-10-12')).toBe(6);
    expect(calendar.countWorkingDays('2025-10-12', '2025-09-26')).toBe(-6);
    // October 2025: 10-09, 10-10, 10-11, then three full weeks and Mon–Fri 10-27..10-31.
    expect(calendar.countWorkingDays('2025-09-30', '2025-10-31')).toBe(18);
  });

  it('counts across the 2026 Spring Festival and across year boundaries', () => {
    // 02-14 (make-up), 02-24..02-27, 02-28 (make-up).
    expect(calendar.countWorkingDays('2026-02-13', '2026-02-28')).toBe(6);
    // Mon 2024-12-30, Tue 12-31, (元旦), Thu 2025-01-02, Fri 01-03.
    expect(calendar.countWorkingDays('2024-12-27', '2025-01-03')).toBe(4);
  });

  it('gives the working days of whole years: weekdays − weekday holidays + make-up days', () => {
    expect(calendar.countWorkingDays('2023-12-31', '2024-12-31')).toBe(251); // 262 − 19 + 8
    expect(calendar.countWorkingDays('2024-12-31', '2025-12-31')).toBe(248); // 261 − 18 + 5
    expect(calendar.countWorkingDays('2025-12-31', '2026-12-31')).toBe(248); // 261 − 19 + 6
  });

  it('throws CalendarRangeError when a counted day has no data', () => {
    expect(thrown(() => calendar.countWorkingDays('2026-12-01', '2027-01-05'))).toMatchObject({ name: 'CalendarRangeError', date: '2027-01-01' });
    expect(thrown(() => calendar.countWorkingDays('2023-12-29', '2024-01-05'))).toMatchObject({ date: '2023-12-30' });
    expect(thrown(() => calendar.countWorkingDays('2027-01-05', '2026-12-01'))).toMatchObject({ date: '2027-01-01' });
  });
});

describe('WorkingDayCalendar range', () => {
  it('reports the covered years and refuses questions outside them', () => {
    expect([calendar.firstYear, calendar.lastYear]).toEqual([2024, 2026]);
    expect(calendar.covers('2024-01-01')).toBe(true);
    expect(calendar.covers('2026-12-31')).toBe(true);
    expect(calendar.covers('2027-01-01')).toBe(false);
    expect(thrown(() => calendar.isWorkingDay('2027-01-04'))).toBeInstanceOf(CalendarRangeError);
    expect(thrown(() => calendar.holidayName('2023-10-01'))).toMatchObject({ date: '2023-10-01', message: 'no calendar data for 2023 (calendar covers 2024–2026)' });
  });

  it('names a single covered year without a range', () => {
    const single = new WorkingDayCalendar([OFFICIAL_HOLIDAYS[1]]);
    expect(thrown(() => single.isWorkingDay('2026-01-05'))).toMatchObject({ message: 'no calendar data for 2026 (calendar covers 2025)' });
  });
});

describe('WorkingDayCalendar construction', () => {
  const [y2024, y2025, y2026] = OFFICIAL_HOLIDAYS;

  it('accepts the years in any order', () => {
    const shuffled = new WorkingDayCalendar([y2026, y2024, y2025]);
    expect([shuffled.firstYear, shuffled.lastYear]).toEqual([2024, 2026]);
    expect(shuffled.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
  });

  it('refuses duplicate years, gaps, no data and invalid data', () => {
    expect(thrown(() => new WorkingDayCalendar([y2024, y2025, y2024]))).toMatchObject({
      name: 'InvalidCalendarError',
      errors: [{ field: 'years[2].year', reason: 'duplicate year 2024, also at years[0]' }],
    });
    expect(thrown(() => new WorkingDayCalendar([y2024, y2026]))).toMatchObject({
      errors: [{ field: 'years', reason: 'years must be contiguous, 2025 is missing between 2024 and 2026' }],
    });
    expect(thrown(() => new WorkingDayCalendar([]))).toBeInstanceOf(InvalidCalendarError);
    const broken = { ...y2025, source: '' } as HolidayYear;
    const error = thrown(() => new WorkingDayCalendar([y2024, broken]));
    expect(error).toBeInstanceOf(InvalidCalendarError);
    expect(error).toMatchObject({
      errors: [{ field: 'years[1].source', reason: 'must not be empty' }],
      message: 'invalid working-day calendar: years[1].source: must not be empty',
    });
  });
});

describe('WorkingDayCalendar properties', () => {
  const first = toDayNumber('2023-12-31');
  const last = toDayNumber('2026-12-31');
  const anyStart = fc.integer({ min: 0, max: last - first }).map((offset) => addDays('2023-12-31', offset));
  const lastCovered = '2026-12-31';

  it('countWorkingDays undoes addWorkingDays, and the due date is the first working day that reaches n', () => {
    fc.assert(
      fc.property(anyStart, fc.integer({ min: 0, max: 400 }), (start, n) => {
        let due: IsoDate;
        try {
          due = calendar.addWorkingDays(start, n);
        } catch (error) {
          // Only allowed when the data really ends before the n-th working day.
          expect(error).toBeInstanceOf(CalendarRangeError);
          expect(calendar.countWorkingDays(start, lastCovered)).toBeLessThan(n);
          return;
        }
        expect(calendar.countWorkingDays(start, due)).toBe(n);
        if (n > 0) {
          expect(calendar.isWorkingDay(due)).toBe(true);
          expect(calendar.countWorkingDays(start, addDays(due, -1))).toBe(n - 1);
        } else {
          expect(due).toBe(start);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('counts additively and antisymmetrically', () => {
    fc.assert(
      fc.property(anyStart, anyStart, anyStart, (a, b, c) => {
        expect(calendar.countWorkingDays(a, b) + calendar.countWorkingDays(b, c)).toBe(calendar.countWorkingDays(a, c));
        expect(calendar.countWorkingDays(b, a)).toBe(0 - calendar.countWorkingDays(a, b));
      }),
    );
  });
});
