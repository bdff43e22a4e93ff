/** The character that replaces hidden characters. */
export const MASK_CHARACTER = '*';

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Resident ids (17 digits and a digit or X/x) and mainland mobile numbers (1[3-9] and 9 digits, optionally after a
 * +86, 0086 or 86 country code) that are not part of a longer digit run. An id ending in X/x may be followed by
 * anything; everything else must not touch another digit on either side.
 */
const IDENTIFIER_PATTERN = /(?<!\d)(?:(\d{17}(?:[Xx]|\d(?!\d)))|((?:(?:\+|00)?86[ -]?)?)(1[3-9]\d{9})(?!\d))/g;

/**
 * Keeps the first `head` and last `tail` characters (Unicode code points) and masks the rest, but always masks at
 * least half of the characters (rounded up): the kept counts shrink on short input.
 */
function maskMiddle(value: string, head: number, tail: number): string {
  const characters = [...value];
  const length = characters.length;
  const keep = Math.floor(length / 2);
  let keepTail = tail;
  let keepHead = head;
  if (head + tail > keep) {
    keepTail = Math.min(tail, Math.ceil(keep / 2));
    keepHead = Math.min(head, keep - keepTail);
  }
  return characters.slice(0, keepHead).join('') + MASK_CHARACTER.repeat(length - keepHead - keepTail) + characters.slice(length - keepTail).join('');
}

/** `44010619900101123X` → `4401**********123X`: keeps the first 4 and last 4 characters. Does not validate. */
export function maskResidentId(value: string): string {
  return maskMiddle(value, 4, 4);
}

/** `91350100M000100Y43` → `9135**********0Y43`: keeps the first 4 and last 4 characters. Does not validate. */
export function maskCreditCode(value: string): string {
  return maskMiddle(value, 4, 4);
}

/**
 * A mainland mobile number `13812345678` → `138****5678` (first 3 and last 4 kept); any other phone number keeps
 * its first 2 and last 2 characters, with at least half masked (`02012345678` → `02*******78`).
 */
export function maskPhone(value: string): string {
  if (MAINLAND_MOBILE.test(value)) return `${value.slice(0, 3)}****${value.slice(7)}`;
  return maskMiddle(value, 2, 2);
}

/**
 * Masks every resident id and mainland mobile number found in free text (a log line, a JSON document), as
 * `maskResidentId` and `maskPhone` do; the text keeps its length. A number inside a longer digit run (an order
 * number, a timestamp) is left alone. Ids or phones written with spaces or dashes inside them are not recognised.
 */
export function maskIdentifiers(text: string): string {
  return text.replace(IDENTIFIER_PATTERN, (match: string, id: string | undefined, prefix: string | undefined, mobile: string | undefined) =>
    id !== undefined ? maskResidentId(id) : mobile !== undefined ? `${prefix ?? ''}${maskPhone(mobile)}` : match,
  );
}
