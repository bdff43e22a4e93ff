import { checkIsoDate, parseIsoDate, type IsoDate } from '../calendar/calendar-date';
import type { FieldReader } from '../validation/field-errors';

/** GB 11643-1999 weights of positions 1–17 (2^(18-i) mod 11). */
export const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character by `sum mod 11`. */
const CHECK_CHARACTERS = '10X98765432';
/** Birth dates before this are taken for a typing error. */
export const EARLIEST_BIRTH_DATE: IsoDate = '1900-01-01';

export type Sex = 'male' | 'female';

export type ResidentIdResult =
  | { readonly ok: true; readonly value: string; readonly birthDate: IsoDate; readonly sex: Sex }
  | { readonly ok: false; readonly reason: string };

export interface ResidentIdOptions {
  /** Today as `YYYY-MM-DD`; when given, a birth date after it is refused. Throws `InvalidDateError` when not a real date. */
  readonly today?: IsoDate;
}

/**
 * The check character (position 18) for the first 17 digits of a resident identity number.
 * Throws `RangeError` unless `first17` is exactly 17 ASCII digits.
 */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`a resident id check character needs exactly 17 digits, got ${first17.length} characters`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (RESIDENT_ID_WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

/**
 * Checks a 居民身份证号 (GB 11643-1999): 17 digits and a check character (a digit or uppercase X).
 * The reasons are short English sentences that read after the field name ("must be 18 characters (got 17)").
 * Nothing is trimmed or upper-cased: the caller decides whether to normalise input before checking it.
 *
 * Checked: the length, the characters, the address code (only that it does not start with 00; GB/T 2260 tables
 * are not embedded), the birth date (a real date from 1900-01-01, not after `options.today`), the check character.
 */
export function checkResidentId(value: unknown, options: ResidentIdOptions = {}): ResidentIdResult {
  const today = options.today === undefined ? undefined : parseIsoDate(options.today);
  const fail = (reason: string): ResidentIdResult => ({ ok: false, reason });

  if (value === undefined || value === null || value === '') return fail('is required');
  if (typeof value !== 'string') return fail(`must be a string (got ${typeof value})`);
  if (/\s/.test(value)) return fail('must not contain spaces');
  const characters = [...value];
  if (/^\d{15}$/.test(value)) return fail('is a 15-digit legacy number, not accepted for new cases; use the 18-character number');
  if (characters.length !== 18) return fail(`must be 18 characters (got ${characters.length})`);
  if (!/^\d{17}/.test(value)) return fail('must start with 17 digits');
  const last = characters[17] as string;
  if (last === 'x') return fail('use uppercase X as the check character');
  if (!/^[\dX]$/.test(last)) return fail(`check character must be a digit or X (got ${last})`);

  if (value.startsWith('00')) return fail('address code (digits 1–6) must not start with 00');

  const digits = value.slice(6, 14);
  const birthDate = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const dateReason = checkIsoDate(birthDate);
  if (dateReason !== null) return fail(`birth date ${digits} (digits 7–14) is not a real date: ${dateReason}`);
  if (birthDate < EARLIEST_BIRTH_DATE) return fail(`birth date ${digits} (digits 7–14) is before ${EARLIEST_BIRTH_DATE}`);
  if (today !== undefined && birthDate > today) return fail(`birth date ${digits} (digits 7–14) is after today (${today})`);

  const expected = residentIdCheckCharacter(value.slice(0, 17));
  if (last !== expected) return fail(`check character must be ${expected}, got ${last}`);

  return { ok: true, value, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}

/**
 * Reads `source[field]` as a resident identity number with `FieldReader`, recording a problem under `field`.
 * Returns null when the field is missing (and `optional`) or invalid.
 */
export function readResidentId(
  reader: FieldReader,
  source: Record<string, unknown>,
  field: string,
  options: ResidentIdOptions & { readonly optional?: boolean } = {},
): Extract<ResidentIdResult, { ok: true }> | null {
  const value = source[field];
  if (options.optional === true && (value === undefined || value === null || value === '')) return null;
  const result = checkResidentId(value, options);
  if (!result.ok) {
    reader.fail(field, result.reason);
    return null;
  }
  return result;
}
