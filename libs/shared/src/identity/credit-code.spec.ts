import fc from 'fast-check';
import { FieldReader } from '../validation/field-errors';
import { checkCreditCode, creditCodeCheckCharacter, readCreditCode } from './credit-code';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Independent check character for tests: weights computed as powers of 3, the standard's definition. */
function expectedCheck(first17: string): string {
  let sum = 0;
  for (let i = 1; i <= 17; i++) sum += ALPHABET.indexOf(first17[i - 1] as string) * (3 ** (i - 1) % 31);
  return ALPHABET[(31 - (sum % 31)) % 31] as string;
}

const alphabetCharacter = fc.constantFrom(...ALPHABET);
const first17 = fc.array(alphabetCharacter, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));

describe('checkCreditCode', () => {
  it('accepts a code whose check character is right', () => {
    // Values: 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4, weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    // 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420 + 0 + 0 + 0 + 8 + 0 + 0 + 900 + 112 = 1640;
    // 1640 mod 31 = 28 (31 × 52 = 1612); (31 − 28) mod 31 = 3 → alphabet[3] = 3.
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43', checkValid: true, warning: null });
    // 1 1 4 4 0 1 0 0 0 0 7 5 0 3 2 1 7: 1 + 3 + 36 + 108 + 26 + 175 + 65 + 72 + 20 + 30 + 196 = 732;
    // 732 mod 31 = 19 (31 × 23 = 713); 31 − 19 = 12 → alphabet[12] = C (A = 10, B = 11, C = 12).
    expect(checkCreditCode('11440100007503217C')).toEqual({ ok: true, value: '11440100007503217C', checkValid: true, warning: null });
  });

  it('accepts a wrong check character with a warning naming the expected one', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({
      ok: true,
      value: '91350100M000100Y44',
      checkValid: false,
      warning: 'check character should be 3, got 4; accepted because some early pilot codes fail the check, but verify the code',
    });
    expect(checkCreditCode('11440100007503217D')).toMatchObject({ ok: true, checkValid: false, warning: expect.stringMatching(/^check character should be C, got D;/) });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the letter %s anywhere, naming the position', (letter) => {
    expect(checkCreditCode(`91350100${letter}000100Y43`)).toEqual({ ok: false, reason: `character 9 cannot be "${letter}" (I, O, Z, S and V are never used)` });
    expect(checkCreditCode(`${letter}1350100M000100Y43`)).toEqual({
      ok: false,
      reason: `registration authority code (character 1) cannot be "${letter}" (I, O, Z, S and V are never used)`,
    });
    expect(checkCreditCode(`9${letter}350100M000100Y43`)).toEqual({
      ok: false,
      reason: `organisation category code (character 2) cannot be "${letter}" (I, O, Z, S and V are never used)`,
    });
    expect(checkCreditCode(`91350100M000100Y4${letter}`)).toEqual({ ok: false, reason: `check character (character 18) cannot be "${letter}" (I, O, Z, S and V are never used)` });
  });

  it('refuses lowercase letters', () => {
    expect(checkCreditCode('91350100m000100Y43')).toEqual({ ok: false, reason: 'must use uppercase letters (got "m" at character 9)' });
    expect(checkCreditCode('91350100m000100y43')).toEqual({ ok: false, reason: 'must use uppercase letters (got "m" at character 9)' });
  });

  it('refuses other characters', () => {
    expect(checkCreditCode('91350100-000100Y43')).toEqual({ ok: false, reason: 'character 9 cannot be "-" (use digits and uppercase letters except I, O, Z, S and V)' });
    expect(checkCreditCode('9135010０M000100Y43')).toEqual({
      ok: false,
      reason: 'character 8 cannot be "０" (use digits and uppercase letters except I, O, Z, S and V)',
    });
    expect(checkCreditCode('91350100M000100Y4 ')).toEqual({ ok: false, reason: 'must not contain spaces' });
  });

  it('refuses wrong lengths, missing values and non-strings', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'must be 18 characters (got 17)' });
    expect(checkCreditCode('91350100M000100Y433')).toEqual({ ok: false, reason: 'must be 18 characters (got 19)' });
    expect(checkCreditCode('')).toEqual({ ok: false, reason: 'is required' });
    expect(checkCreditCode(undefined)).toEqual({ ok: false, reason: 'is required' });
    expect(checkCreditCode(42)).toEqual({ ok: false, reason: 'must be a string (got number)' });
  });

  it('marks every code built by the rules valid and every single-character change invalid but accepted', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (prefix, position, shift) => {
        const code = prefix + expectedCheck(prefix);
        expect(checkCreditCode(code)).toEqual({ ok: true, value: code, checkValid: true, warning: null });
        // 31 is prime and no weight is 0 mod 31, so changing one character always breaks the check.
        const changed = ALPHABET[(ALPHABET.indexOf(code[position] as string) + shift) % 31] as string;
        const broken = code.slice(0, position) + changed + code.slice(position + 1);
        expect(checkCreditCode(broken)).toMatchObject({ ok: true, value: broken, checkValid: false });
      }),
    );
  });
});

describe('creditCodeCheckCharacter', () => {
  it('gives the check characters computed by hand above', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('11440100007503217')).toBe('C');
  });

  it('throws on wrong length or characters', () => {
    expect(() => creditCodeCheckCharacter('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('91350100I000100Y4')).toThrow(RangeError);
  });
});

describe('readCreditCode', () => {
  it('records failures under the field path and keeps warnings in the result', () => {
    const reader = new FieldReader('department');
    expect(readCreditCode(reader, { creditCode: '91350100M000100Y44' }, 'creditCode')).toMatchObject({ ok: true, checkValid: false });
    expect(readCreditCode(reader, { creditCode: '91350100M000100Y4' }, 'creditCode')).toBeNull();
    expect(readCreditCode(reader, { creditCode: null }, 'creditCode', { optional: true })).toBeNull();
    expect(reader.errors).toEqual([{ field: 'department.creditCode', reason: 'must be 18 characters (got 17)' }]);
  });
});
