/**
 * The query code (查询码) an applicant holds for the public progress query (ADR 0016): 12 characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L), shown in groups of four (`ABCD-EFGH-JKMN`), accepted in any case with or
 * without separators. 31^12 ≈ 7.9 × 10^17 codes. Codes of 8 digits, issued before, stay valid: only hashes are kept.
 */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_LENGTH = 12;

/** What the query accepts: a 12-character code (any case, groups separated by "-" or spaces) or an old 8-digit one. */
export const QUERY_CODE_INPUT = /^\s*(?:\d{8}|[2-9A-HJKMNP-Za-hjkmnp-z]{4}[-\s]?[2-9A-HJKMNP-Za-hjkmnp-z]{4}[-\s]?[2-9A-HJKMNP-Za-hjkmnp-z]{4})\s*$/;
/** The 400 reason for a code that is not one. */
export const QUERY_CODE_MESSAGE = 'code must be the 12-character query code (e.g. ABCD-EFGH-JKMN) or an older 8-digit one';

/** The code as it is hashed: upper case without separators; null when it is neither a query code nor an old one. */
export function normalizeQueryCode(input: string): string | null {
  if (!QUERY_CODE_INPUT.test(input)) return null;
  return input.replace(/[-\s]/g, '').toUpperCase();
}

/** The code in groups of four for people (`ABCD-EFGH-JKMN`); an old 8-digit code as it is. */
export function formatQueryCode(code: string): string {
  const plain = code.replace(/[-\s]/g, '').toUpperCase();
  return plain.length === QUERY_CODE_LENGTH ? (plain.match(/.{4}/g) ?? []).join('-') : plain;
}

/** A new code from `randomIndex(n)`, a uniform random integer in [0, n) (the node passes crypto's randomInt). */
export function newQueryCode(randomIndex: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < QUERY_CODE_LENGTH; i++) code += QUERY_CODE_ALPHABET[randomIndex(QUERY_CODE_ALPHABET.length)];
  return code;
}
