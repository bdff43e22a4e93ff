import fc from 'fast-check';
import { InvalidDateError } from '../calendar/calendar-errors';
import { FieldReader } from '../validation/field-errors';
import { checkResidentId, readResidentId, residentIdCheckCharacter } from './resident-id';

/**
 * Independent check character for tests, from the standard's own formulation rather than the weight table:
 * with W(i) = 2^(18-i) mod 11 and a18 = 10 for X, Σ a(i)·W(i) over i = 1..18 ≡ 1 (mod 11).
 */
function expectedCheck(first17: string): string {
  let sum = 0;
  for (let i = 1; i <= 17; i++) sum += Number(first17[i - 1]) * (2 ** (18 - i) % 11);
  const a18 = (12 - (sum % 11)) % 11;
  return a18 === 10 ? 'X' : String(a18);
}

/** Random valid ids: address 010000–999999, birth 1900-01-01 to 2025-12-31, any sequence number. */
const validResidentId = fc
  .record({
    address: fc.integer({ min: 10_000, max: 999_999 }),
    day: fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2025, 11, 31) / 86_400_000 }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ address, day, sequence }) => {
    const birth = new Date(day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${String(address).padStart(6, '0')}${birth}${String(sequence).padStart(3, '0')}`;
    return first17 + expectedCheck(first17);
  });

describe('checkResidentId', () => {
  it('accepts the example of GB 11643-1999 whose check character is X', () => {
    // 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
    // 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 0 + 0 + 4 = 167; 167 mod 11 = 2; "10X98765432"[2] = X.
    // The 17th digit 2 is even: female.
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X', birthDate: '1949-12-31', sex: 'female' });
  });

  it('accepts a valid id with a digit check character and reads birth date and sex', () => {
    // 4 4 0 1 0 6 1 9 9 0 0 1 0 1 1 2 3: 28 + 36 + 0 + 5 + 0 + 24 + 2 + 9 + 54 + 0 + 0 + 9 + 0 + 5 + 8 + 8 + 6 = 194;
    // 194 mod 11 = 7 (194 = 17 × 11 + 7); "10X98765432"[7] = 5. The 17th digit 3 is odd: male.
    expect(checkResidentId('440106199001011235')).toEqual({ ok: true, value: '440106199001011235', birthDate: '1990-01-01', sex: 'male' });
    // 4 4 0 1 0 6 2 0 0 0 0 2 2 9 0 0 2: 28 + 36 + 5 + 24 + 4 + 18 + 20 + 45 + 4 = 184; 184 mod 11 = 8 → 4.
    // 29 February 2000 exists (2000 is divisible by 400); 17th digit 2: female.
    expect(checkResidentId('440106200002290024')).toEqual({ ok: true, value: '440106200002290024', birthDate: '2000-02-29', sex: 'female' });
  });

  it('refuses a wrong check character, naming the right one', () => {
    expect(checkResidentId('440106199001011233')).toEqual({ ok: false, reason: 'check character must be 5, got 3' });
    expect(checkResidentId('110105194912310021')).toEqual({ ok: false, reason: 'check character must be X, got 1' });
    expect(checkResidentId('44010619900101123X')).toEqual({ ok: false, reason: 'check character must be 5, got X' });
  });

  it('refuses a lowercase x, asking for uppercase X', () => {
    expect(checkResidentId('11010519491231002x')).toEqual({ ok: false, reason: 'use uppercase X as the check character' });
  });

  it('refuses 15-digit legacy numbers with their own reason', () => {
    expect(checkResidentId('110105491231002')).toEqual({ ok: false, reason: 'is a 15-digit legacy number, not accepted for new cases; use the 18-character number' });
  });

  it('refuses other lengths, counting characters', () => {
    expect(checkResidentId('44010619900101123')).toEqual({ ok: false, reason: 'must be 18 characters (got 17)' });
    expect(checkResidentId('4401061990010112355')).toEqual({ ok: false, reason: 'must be 18 characters (got 19)' });
    expect(checkResidentId('4401061990010112３5')).toEqual({ ok: false, reason: 'must start with 17 digits' });
  });

  it('refuses other characters', () => {
    expect(checkResidentId('4401061990010112A5')).toEqual({ ok: false, reason: 'must start with 17 digits' });
    expect(checkResidentId('44010619900101123Y')).toEqual({ ok: false, reason: 'check character must be a digit or X (got Y)' });
    expect(checkResidentId(' 440106199001011235')).toEqual({ ok: false, reason: 'must not contain spaces' });
    expect(checkResidentId('440106199001011235\n')).toEqual({ ok: false, reason: 'must not contain spaces' });
  });

  it('refuses missing values and non-strings', () => {
    expect(checkResidentId('')).toEqual({ ok: false, reason: 'is required' });
    expect(checkResidentId(undefined)).toEqual({ ok: false, reason: 'is required' });
    expect(checkResidentId(null)).toEqual({ ok: false, reason: 'is required' });
    expect(checkResidentId(440106199001011235)).toEqual({ ok: false, reason: 'must be a string (got number)' });
    expect(checkResidentId({})).toEqual({ ok: false, reason: 'must be a string (got object)' });
  });

  it('refuses an address code starting with 00', () => {
    // 0 0 0 1 0 6 1 9 9 0 0 1 0 1 1 2 3: 194 − 28 − 36 = 130; 130 mod 11 = 9 → 3 (a correct check character).
    expect(checkResidentId('000106199001011233')).toEqual({ ok: false, reason: 'address code (digits 1–6) must not start with 00' });
  });

  it('refuses birth dates that do not exist, even with a correct check character', () => {
    // 4 4 0 1 0 6 1 9 9 0 0 2 3 0 1 2 3: 28 + 36 + 5 + 24 + 2 + 9 + 54 + 18 + 30 + 8 + 8 + 6 = 228; 228 mod 11 = 8 → 4.
    expect(checkResidentId('440106199002301234')).toEqual({
      ok: false,
      reason: 'birth date 19900230 (digits 7–14) is not a real date: day must be from 01 to 28 in 1990-02, got 30',
    });
    expect(checkResidentId('440106199013011234')).toEqual({
      ok: false,
      reason: 'birth date 19901301 (digits 7–14) is not a real date: month must be from 01 to 12, got 13',
    });
  });

  it('refuses birth dates before 1900, such as the second example of GB 11643-1999', () => {
    // 4 4 0 5 2 4 1 8 8 0 0 1 0 1 0 0 1: 28 + 36 + 25 + 16 + 16 + 2 + 8 + 48 + 9 + 5 + 2 = 195; 195 mod 11 = 8 → 4.
    expect(checkResidentId('440524188001010014')).toEqual({ ok: false, reason: 'birth date 18800101 (digits 7–14) is before 1900-01-01' });
  });

  it('refuses a birth date after today when today is given', () => {
    // 4 4 0 1 0 6 2 0 3 0 0 1 0 1 1 2 3: 28 + 36 + 5 + 24 + 4 + 18 + 9 + 5 + 8 + 8 + 6 = 151; 151 mod 11 = 8 → 4.
    const id = '440106203001011234';
    expect(checkResidentId(id, { today: '2026-02-13' })).toEqual({ ok: false, reason: 'birth date 20300101 (digits 7–14) is after today (2026-02-13)' });
    expect(checkResidentId(id, { today: '2029-12-31' })).toEqual({ ok: false, reason: 'birth date 20300101 (digits 7–14) is after today (2029-12-31)' });
    expect(checkResidentId(id, { today: '2030-01-01' })).toEqual({ ok: true, value: id, birthDate: '2030-01-01', sex: 'male' });
    expect(checkResidentId(id)).toEqual({ ok: true, value: id, birthDate: '2030-01-01', sex: 'male' });
  });

  it('throws when today is not a real date (a programming error, not bad input)', () => {
    expect(() => checkResidentId('440106199001011235', { today: '2026-02-30' })).toThrow(InvalidDateError);
  });

  it('accepts every id built by the rules and refuses every single-digit change to it', () => {
    fc.assert(
      fc.property(validResidentId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, position, shift) => {
        const result = checkResidentId(id);
        expect(result).toEqual({
          ok: true,
          value: id,
          birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
          sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
        });
        // Replace one character by another of 0-9 and X (11 symbols, shift 1..10 never gives back the same one).
        const symbols = '0123456789X';
        const changed = symbols[(symbols.indexOf(id[position] as string) + shift) % 11] as string;
        const broken = id.slice(0, position) + changed + id.slice(position + 1);
        expect(checkResidentId(broken).ok).toBe(false);
      }),
    );
  });
});

describe('residentIdCheckCharacter', () => {
  it('gives the check character computed by hand above', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44010619900101123')).toBe('5');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
  });

  it('throws unless given exactly 17 digits', () => {
    expect(() => residentIdCheckCharacter('4401061990010112')).toThrow(RangeError);
    expect(() => residentIdCheckCharacter('4401061990010112A')).toThrow(RangeError);
  });
});

describe('readResidentId', () => {
  it('records the reason under the field path and returns the parsed id when valid', () => {
    const reader = new FieldReader('applicant');
    expect(readResidentId(reader, { idNumber: '440106199001011233' }, 'idNumber')).toBeNull();
    expect(readResidentId(reader, { idNumber: '440106199001011235' }, 'idNumber')).toEqual({ ok: true, value: '440106199001011235', birthDate: '1990-01-01', sex: 'male' });
    expect(readResidentId(reader, {}, 'idNumber', { optional: true })).toBeNull();
    expect(readResidentId(reader, {}, 'other')).toBeNull();
    expect(reader.errors).toEqual([
      { field: 'applicant.idNumber', reason: 'check character must be 5, got 3' },
      { field: 'applicant.other', reason: 'is required' },
    ]);
  });
});
