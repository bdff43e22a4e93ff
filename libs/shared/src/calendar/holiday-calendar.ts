import { checkIsoDate, type IsoDate, weekday } from './calendar-date';
import { isRecord } from '../validation/field-errors';
import type { CalendarFieldError } from './calendar-errors';

/** One public holiday period, inclusive at both ends, weekend days inside it included. */
export interface Holiday {
  /** The name as in the State Council notice, e.g. 春节 or 国庆节、中秋节. */
  name: string;
  from: IsoDate;
  to: IsoDate;
}

/**
 * The public holidays of one year as announced by the State Council (国务院办公厅关于…部分节假日安排的通知),
 * with the 调休 make-up workdays (weekend days that are working days).
 */
export interface HolidayYear {
  year: number;
  holidays: Holiday[];
  makeUpWorkdays: IsoDate[];
  /** Where the data comes from, e.g. the notice number 国办发明电〔2025〕7号. */
  source: string;
}

export type HolidayYearValidation =
  | { ok: true; value: HolidayYear }
  | { ok: false; errors: CalendarFieldError[] };

export const HOLIDAY_YEAR_MIN = 2000;
export const HOLIDAY_YEAR_MAX = 2100;
export const HOLIDAY_NAME_MAX_LENGTH = 50;
export const HOLIDAY_SOURCE_MAX_LENGTH = 200;

/** The field reported when the input as a whole is wrong (not an object). */
const ROOT_FIELD = '(root)';

const HOLIDAY_YEAR_FIELDS = ['year', 'holidays', 'makeUpWorkdays', 'source'];
const HOLIDAY_FIELDS = ['name', 'from', 'to'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];


/** Length in characters (code points), so that a name in Chinese counts one per character. */
function charLength(text: string): number {
  return [...text].length;
}

function checkText(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  if (value.trim() === '') {
    return 'must not be empty';
  }
  if (charLength(value) > maxLength) {
    return `must be at most ${maxLength} characters, got ${charLength(value)}`;
  }
  return null;
}

function unknownFields(value: Record<string, unknown>, known: readonly string[], prefix: string): CalendarFieldError[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({ field: `${prefix}${key}`, reason: 'unknown field' }));
}

/**
 * Checks holiday data entered by an administrator or read from configuration. Returns a clean copy
 * (only the known fields) or every problem found, each with a field path such as `holidays[2].to`.
 */
export function validateHolidayYear(input: unknown): HolidayYearValidation {
  if (!isRecord(input)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, reason: 'must be an object' }] };
  }
  const errors: CalendarFieldError[] = unknownFields(input, HOLIDAY_YEAR_FIELDS, '');
  const fail = (field: string, reason: string) => errors.push({ field, reason });

  const year = input['year'];
  const yearIsValid = typeof year === 'number' && Number.isInteger(year) && year >= HOLIDAY_YEAR_MIN && year <= HOLIDAY_YEAR_MAX;
  if (!yearIsValid) {
    fail('year', `must be an integer from ${HOLIDAY_YEAR_MIN} to ${HOLIDAY_YEAR_MAX}`);
  }
  /** Reason when `date` (already a valid IsoDate) is outside the year, or null. */
  const outsideYear = (date: IsoDate) => (yearIsValid && Number(date.slice(0, 4)) !== year ? `must fall inside ${year}, got ${date}` : null);

  const holidays: Holiday[] = [];
  /** Holidays whose dates are all valid, with their index, for the overlap and make-up checks. */
  const checked: Array<{ index: number; holiday: Holiday }> = [];
  const rawHolidays = input['holidays'];
  if (!Array.isArray(rawHolidays)) {
    fail('holidays', 'must be an array');
  } else if (rawHolidays.length === 0) {
    fail('holidays', 'must list at least one holiday');
  } else {
    rawHolidays.forEach((raw: unknown, index) => {
      const prefix = `holidays[${index}]`;
      if (!isRecord(raw)) {
        fail(prefix, 'must be an object with name, from and to');
        return;
      }
      errors.push(...unknownFields(raw, HOLIDAY_FIELDS, `${prefix}.`));
      const nameError = checkText(raw['name'], HOLIDAY_NAME_MAX_LENGTH);
      if (nameError) {
        fail(`${prefix}.name`, nameError);
      }
      let datesValid = true;
      for (const key of ['from', 'to'] as const) {
        const reason = checkIsoDate(raw[key]) ?? outsideYear(raw[key] as IsoDate);
        if (reason) {
          fail(`${prefix}.${key}`, reason);
          datesValid = false;
        }
      }
      const holiday = { name: raw['name'] as string, from: raw['from'] as IsoDate, to: raw['to'] as IsoDate };
      if (datesValid && holiday.from > holiday.to) {
        fail(`${prefix}.to`, `must not be before from (${holiday.from}), got ${holiday.to}`);
        datesValid = false;
      }
      holidays.push(holiday);
      if (datesValid) {
        for (const other of checked) {
          if (holiday.from <= other.holiday.to && other.holiday.from <= holiday.to) {
            fail(prefix, `overlaps holidays[${other.index}] (${other.holiday.name} ${other.holiday.from}..${other.holiday.to})`);
          }
        }
        checked.push({ index, holiday });
      }
    });
  }

  const makeUpWorkdays: IsoDate[] = [];
  const rawMakeUps = input['makeUpWorkdays'];
  if (!Array.isArray(rawMakeUps)) {
    fail('makeUpWorkdays', 'must be an array (empty when the year has none)');
  } else {
    rawMakeUps.forEach((raw: unknown, index) => {
      const field = `makeUpWorkdays[${index}]`;
      const dateError = checkIsoDate(raw) ?? outsideYear(raw as IsoDate);
      if (dateError) {
        fail(field, dateError);
        return;
      }
      const date = raw as IsoDate;
      const day = weekday(date);
      if (day !== 0 && day !== 6) {
        fail(field, `must fall on a Saturday or Sunday, ${date} is a ${WEEKDAY_NAMES[day]}`);
      }
      const inside = checked.find(({ holiday }) => holiday.from <= date && date <= holiday.to);
      if (inside) {
        fail(field, `must not fall inside a holiday, ${date} is inside holidays[${inside.index}] (${inside.holiday.name} ${inside.holiday.from}..${inside.holiday.to})`);
      }
      const earlier = makeUpWorkdays.indexOf(date);
      if (earlier >= 0) {
        fail(field, `duplicates makeUpWorkdays[${earlier}]`);
      }
      makeUpWorkdays.push(date);
    });
  }

  const source = input['source'];
  const sourceError = checkText(source, HOLIDAY_SOURCE_MAX_LENGTH);
  if (sourceError) {
    fail('source', sourceError);
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, value: { year: year as number, holidays, makeUpWorkdays, source: source as string } };
}

function deepFreeze(year: HolidayYear): HolidayYear {
  year.holidays.forEach((holiday) => Object.freeze(holiday));
  Object.freeze(year.holidays);
  Object.freeze(year.makeUpWorkdays);
  return Object.freeze(year);
}

/**
 * Public holidays and make-up workdays from the State Council notices
 * (国务院办公厅关于20xx年部分节假日安排的通知). Add the next year when its notice is published
 * (usually in November); computations that reach past the last year fail with `CalendarRangeError`.
 */
export const OFFICIAL_HOLIDAYS: readonly HolidayYear[] = Object.freeze(
  [
    {
      year: 2024,
      holidays: [
        { name: '元旦', from: '2024-01-01', to: '2024-01-01' },
        { name: '春节', from: '2024-02-10', to: '2024-02-17' },
        { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
        { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
        { name: '端午节', from: '2024-06-10', to: '2024-06-10' },
        { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
        { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
      ],
      makeUpWorkdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
      source: '国办发明电〔2023〕7号',
    },
    {
      year: 2025,
      holidays: [
        { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
        { name: '春节', from: '2025-01-28', to: '2025-02-04' },
        { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
        { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
        { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
        { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
      ],
      makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
      source: '国办发明电〔2024〕12号',
    },
    {
      year: 2026,
      holidays: [
        { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
        { name: '春节', from: '2026-02-15', to: '2026-02-23' },
        { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
        { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
        { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
        { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
        { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
      ],
      makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
      source: '国办发明电〔2025〕7号',
    },
  ].map(deepFreeze),
);
