import { maskIdentifiers } from '@liandong/shared';

/** Body fields that are secrets: never written to the audit log (or anywhere else). */
const SECRET_KEY = /pass(word)?|secret|token|^code$/i;
const MAX_SUMMARY = 2000;

/**
 * What the audit log keeps of a request body: secrets replaced by `***`, identity and phone numbers masked, binary
 * bodies (an .xlsx upload) by their size, the whole shortened to 2,000 characters.
 */
export function summarizeBody(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
  const text = JSON.stringify(body, (key, value: unknown) => (key !== '' && SECRET_KEY.test(key) ? '***' : value)) ?? '';
  const masked = maskIdentifiers(text);
  return masked.length > MAX_SUMMARY ? `${masked.slice(0, MAX_SUMMARY - 1)}…` : masked;
}
