import { formatQueryCode, newQueryCode, normalizeQueryCode, QUERY_CODE_ALPHABET } from './query-code';

describe('query code', () => {
  it('uses 31 characters without look-alikes', () => {
    expect(QUERY_CODE_ALPHABET).toHaveLength(31);
    expect(QUERY_CODE_ALPHABET).not.toMatch(/[01ILO]/);
  });

  it('makes 12 characters of the alphabet and shows them in groups of four', () => {
    const code = newQueryCode((n) => n - 1);
    expect(code).toBe('ZZZZZZZZZZZZ');
    expect(formatQueryCode('ABCDEFGHJKMN')).toBe('ABCD-EFGH-JKMN');
    expect(formatQueryCode('12345678')).toBe('12345678');
  });

  it('accepts any case, with or without separators, and old 8-digit codes', () => {
    for (const input of ['ABCD-EFGH-JKMN', 'abcdefghjkmn', 'abcd efgh jkmn', ' Abcd-efghJKMN ']) expect(normalizeQueryCode(input)).toBe('ABCDEFGHJKMN');
    expect(normalizeQueryCode('12345678')).toBe('12345678');
  });

  it('refuses anything else', () => {
    for (const input of ['', 'ABCD-EFGH-JKM', 'ABCD-EFGH-JKMN-P', 'ABCD-EFGH-JKM0', 'OBCD-EFGH-JKMN', 'ABCD--EFGH-JKMN', '1234567', '123456789']) {
      expect(normalizeQueryCode(input)).toBeNull();
    }
  });
});
