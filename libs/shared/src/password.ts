/** The shortest password a staff account may have. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** A few passwords every guessing list starts with (lower case); a password equal to one is refused. */
const COMMON = new Set(['password', 'password1', 'password123', '1234567890', '123456789a', 'qwertyuiop', 'abc1234567', 'admin12345', 'liandong123', 'p@ssw0rd12', 'a123456789', 'iloveyou12', 'woaini1314', '1qaz2wsx3edc']);

/**
 * 口令复杂度 (staff passwords): at least 10 characters; at least two of lower-case letters, upper-case letters,
 * digits and other characters; not the user name inside it; not one character repeated four times in a row;
 * not a well-known password. Null when acceptable, otherwise the reason (English, for the 400).
 */
export function passwordProblem(password: string, username: string | null = null): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(password)).length;
  if (classes < 2) return 'must mix at least two of: lower-case letters, upper-case letters, digits, other characters';
  if (username !== null && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the user name';
  if (/(.)\1{3}/u.test(password)) return 'must not repeat one character four times in a row';
  if (COMMON.has(password.toLowerCase())) return 'is a well-known password';
  return null;
}
