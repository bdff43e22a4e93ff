import type { FieldReader } from '../validation/field-errors';

/** GB 32100-2015 character set: digits and uppercase letters except I, O, Z, S, V; the index is the character's value. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17: 3^(i-1) mod 31. */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const FORBIDDEN_LETTERS = 'I, O, Z, S and V';
const POSITION_NAMES: Readonly<Record<number, string>> = {
  0: 'registration authority code (character 1)',
  1: 'organisation category code (character 2)',
  17: 'check character (character 18)',
};

export type CreditCodeResult =
  | {
      readonly ok: true;
      readonly value: string;
      /** False when the check character does not match; the code is accepted anyway (see `warning`). */
      readonly checkValid: boolean;
      /** Set when `checkValid` is false: names the expected check character, for the user to verify the code. */
      readonly warning: string | null;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The check character (position 18) for the first 17 characters of a unified social credit code:
 * the alphabet character of value (31 − Σ value × weight mod 31) mod 31.
 * Throws `RangeError` unless `first17` is exactly 17 characters of the alphabet.
 */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`a credit code check character needs exactly 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i] as string);
    if (value < 0) throw new RangeError(`character ${i + 1} of a credit code cannot be "${first17[i]}"`);
    sum += value * (CREDIT_CODE_WEIGHTS[i] as number);
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] as string;
}

/**
 * Checks a 统一社会信用代码 (GB 32100-2015): 18 characters of `CREDIT_CODE_ALPHABET`, uppercase only.
 * A wrong check character is not a failure, because some codes issued in the early pilots fail it: the result is
 * ok with `checkValid: false` and a warning naming the expected character. Wrong length or characters are failures.
 * Nothing is trimmed or upper-cased. The reasons read after the field name ("must be 18 characters (got 17)").
 */
export function checkCreditCode(value: unknown): CreditCodeResult {
  const fail = (reason: string): CreditCodeResult => ({ ok: false, reason });

  if (value === undefined || value === null || value === '') return fail('is required');
  if (typeof value !== 'string') return fail(`must be a string (got ${typeof value})`);
  if (/\s/.test(value)) return fail('must not contain spaces');
  const characters = [...value];
  if (characters.length !== 18) return fail(`must be 18 characters (got ${characters.length})`);
  const lower = characters.findIndex((c) => /^[a-z]$/.test(c));
  if (lower >= 0) return fail(`must use uppercase letters (got "${characters[lower]}" at character ${lower + 1})`);
  const bad = characters.findIndex((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (bad >= 0) {
    const c = characters[bad] as string;
    const where = POSITION_NAMES[bad] ?? `character ${bad + 1}`;
    const rule = /^[A-Z]$/.test(c) ? `${FORBIDDEN_LETTERS} are never used` : `use digits and uppercase letters except ${FORBIDDEN_LETTERS}`;
    return fail(`${where} cannot be "${c}" (${rule})`);
  }

  const expected = creditCodeCheckCharacter(value.slice(0, 17));
  const actual = value[17] as string;
  if (actual === expected) return { ok: true, value, checkValid: true, warning: null };
  return {
    ok: true,
    value,
    checkValid: false,
    warning: `check character should be ${expected}, got ${actual}; accepted because some early pilot codes fail the check, but verify the code`,
  };
}

/**
 * Reads `source[field]` as a unified social credit code with `FieldReader`, recording a failure under `field`.
 * Returns null when the field is missing (and `optional`) or invalid; a check-character warning stays in the result.
 */
export function readCreditCode(
  reader: FieldReader,
  source: Record<string, unknown>,
  field: string,
  options: { readonly optional?: boolean } = {},
): Extract<CreditCodeResult, { ok: true }> | null {
  const value = source[field];
  if (options.optional === true && (value === undefined || value === null || value === '')) return null;
  const result = checkCreditCode(value);
  if (!result.ok) {
    reader.fail(field, result.reason);
    return null;
  }
  return result;
}
