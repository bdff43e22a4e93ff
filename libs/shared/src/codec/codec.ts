import { checkIsoDate, type IsoDate } from '../calendar/calendar-date';
import { isRecord } from '../validation/field-errors';

/**
 * A runtime codec for untrusted JSON (a message payload, a stored record): `decode` returns a clean copy of the
 * value in its type, or the first problem found as a reason that starts with the path of the offending field
 * (`coDepartments[2]: must be a department code`). Decoding never throws, and its work is bounded by the schema:
 * no codec recurses deeper than the schema nests, arrays are measured before their entries are read, and an
 * object stops at the first unknown key.
 */
export interface Codec<T> {
  decode(input: unknown): DecodeResult<T>;
}

export type DecodeResult<T> = { readonly ok: true; readonly value: T } | DecodeFailure;

/** A refused input: `reason` is `path: problem`, or only the problem when the input as a whole is wrong. */
export interface DecodeFailure {
  readonly ok: false;
  readonly reason: string;
  /** Where the problem is (`items[2].name`); empty for the input as a whole. */
  readonly path: string;
  /** The problem, without the path. */
  readonly problem: string;
}

/** The type a codec decodes to. */
export type TypeOf<C> = C extends Codec<infer T> ? T : never;

/** A codec of an object field that may be absent (see `optional`). */
export interface OptionalCodec<T> extends Codec<T | undefined> {
  readonly optional: true;
}

export function failure(problem: string, path = ''): DecodeFailure {
  return { ok: false, reason: path === '' ? problem : `${path}: ${problem}`, path, problem };
}

/** The failure of a child at `segment` (a key, or `[i]`), as a failure of its parent. */
function within(segment: string, child: DecodeFailure): DecodeFailure {
  const path = child.path === '' ? segment : child.path.startsWith('[') ? `${segment}${child.path}` : `${segment}.${child.path}`;
  return failure(child.problem, path);
}

function ok<T>(value: T): DecodeResult<T> {
  return { ok: true, value };
}

/** What a value is, for a reason; never the value itself (payloads carry personal data). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return typeof value;
}

/** A codec from a check: `check` returns the decoded value, or a failure. */
export function codec<T>(check: (input: unknown) => DecodeResult<T>): Codec<T> {
  return { decode: check };
}

// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAKS_AND_TABS = /[\t\n\r]/;

export interface StringOptions {
  /** Fewest code points. @default 1 */
  readonly min?: number;
  /** Most code points (a Chinese character or an emoji counts one). */
  readonly max: number;
  readonly pattern?: RegExp;
  /** The problem when `pattern` does not match. @default 'has an invalid format' */
  readonly patternReason?: string;
  /**
   * Which characters: `line` refuses control characters (C0, DEL, C1); `text` allows tab, line feed and carriage
   * return among them; `any` allows every character. Use `any` for text whose writers accept any character (a
   * clerk's typing, an item's name): a receiver must not refuse what the writer has already applied. @default 'line'
   */
  readonly characters?: 'line' | 'text' | 'any';
}

/** A string of `min`–`max` code points (without control characters unless `characters` says so), optionally matching a pattern. */
export function string(options: StringOptions): Codec<string> {
  const min = options.min ?? 1;
  return codec((input) => {
    if (typeof input !== 'string') return failure(`must be a string (got ${kindOf(input)})`);
    // Counting stops past the maximum, so a huge string costs no more than a long one.
    let length = 0;
    for (const _ of input) if (++length > options.max) break;
    if (length > options.max) return failure(`must be at most ${options.max} characters`);
    if (length < min) return failure(min === 1 ? 'must not be empty' : `must be at least ${min} characters (got ${length})`);
    const characters = options.characters ?? 'line';
    if (characters !== 'any' && (CONTROL_CHARS.test(input) || (characters === 'line' && LINE_BREAKS_AND_TABS.test(input)))) return failure('must not contain control characters');
    if (options.pattern !== undefined && !options.pattern.test(input)) return failure(options.patternReason ?? 'has an invalid format');
    return ok(input);
  });
}

/** An integer (a safe one) from `min` to `max`. */
export function integer(min: number, max: number): Codec<number> {
  return codec((input) => {
    if (typeof input !== 'number' || !Number.isSafeInteger(input)) return failure(`must be an integer (got ${kindOf(input)})`);
    if (input < min || input > max) return failure(`must be from ${min} to ${max} (got ${input})`);
    return ok(input);
  });
}

/** A finite number from `min` to `max`. */
export function number(min: number, max: number): Codec<number> {
  return codec((input) => {
    if (typeof input !== 'number' || !Number.isFinite(input)) return failure(`must be a number (got ${kindOf(input)})`);
    if (input < min || input > max) return failure(`must be from ${min} to ${max} (got ${input})`);
    return ok(input);
  });
}

export function boolean(): Codec<boolean> {
  return codec((input) => (typeof input === 'boolean' ? ok(input) : failure(`must be true or false (got ${kindOf(input)})`)));
}

/** One of the given strings or numbers. */
export function oneOf<const T extends string | number>(values: readonly T[]): Codec<T> {
  const allowed: ReadonlySet<unknown> = new Set(values);
  return codec((input) => (allowed.has(input) ? ok(input as T) : failure(`must be one of ${values.join(', ')}`)));
}

/** A calendar date `YYYY-MM-DD`. */
export function isoDate(): Codec<IsoDate> {
  return codec((input) => {
    const problem = checkIsoDate(input);
    return problem === null ? ok(input as IsoDate) : failure(typeof input === 'string' ? `must be a date YYYY-MM-DD (${problem})` : `must be a date YYYY-MM-DD (got ${kindOf(input)})`);
  });
}

export interface ArrayOptions {
  /** @default 0 */
  readonly min?: number;
  readonly max: number;
}

/** An array of `min`–`max` entries, each decoded by `item` (the length is checked before any entry is read). */
export function array<T>(item: Codec<T>, options: ArrayOptions): Codec<readonly T[]> {
  const min = options.min ?? 0;
  return codec((input) => {
    if (!Array.isArray(input)) return failure(`must be an array (got ${kindOf(input)})`);
    if (input.length > options.max) return failure(`must have at most ${options.max} entries (got ${input.length})`);
    if (input.length < min) return failure(`must have at least ${min} ${min === 1 ? 'entry' : 'entries'}`);
    const values: T[] = [];
    for (let i = 0; i < input.length; i++) {
      const decoded = item.decode(input[i]);
      if (!decoded.ok) return within(`[${i}]`, decoded);
      values.push(decoded.value);
    }
    return ok(values);
  });
}

/** `inner` or null. */
export function nullable<T>(inner: Codec<T>): Codec<T | null> {
  return codec((input) => (input === null ? ok(null) : inner.decode(input)));
}

/** An object field that may be absent ("absent on older events"); when present it is decoded by `inner` (null is not absent). */
export function optional<T>(inner: Codec<T>): OptionalCodec<T> {
  return { optional: true, decode: (input) => (input === undefined ? ok(undefined) : inner.decode(input)) };
}

/** A key as it may appear in a reason: at most 40 characters, control characters replaced. */
function printableKey(key: string): string {
  const short = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return short.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

export type Shape = Readonly<Record<string, Codec<unknown>>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalCodec<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The object type a shape decodes to: optional codecs give optional properties. */
export type ObjectOf<S extends Shape> = Simplify<
  { readonly [K in RequiredKeys<S>]: TypeOf<S[K]> } & { readonly [K in OptionalKeys<S>]?: Exclude<TypeOf<S[K]>, undefined> }
>;

/**
 * A plain object with exactly the shape's keys: a required key must be present, an optional one may be absent,
 * and any other key is refused. The value is a fresh object holding only the shape's keys.
 */
export function object<S extends Shape>(shape: S): Codec<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const known: ReadonlySet<string> = new Set(keys);
  return codec((input) => {
    if (!isRecord(input)) return failure(`must be an object (got ${kindOf(input)})`);
    for (const key in input) {
      if (Object.prototype.hasOwnProperty.call(input, key) && !known.has(key)) return failure('is not allowed (unknown field)', printableKey(key));
    }
    const value: Record<string, unknown> = {};
    for (const key of keys) {
      const field = shape[key]!;
      const present = Object.prototype.hasOwnProperty.call(input, key);
      if (!present && !('optional' in field)) return failure('is required', key);
      const decoded = field.decode(present ? input[key] : undefined);
      if (!decoded.ok) return within(key, decoded);
      if (decoded.value !== undefined) value[key] = decoded.value;
    }
    return ok(value as ObjectOf<S>);
  });
}

/** `inner`, then a check across fields (`refine` returns null, or the failure). */
export function refine<T>(inner: Codec<T>, check: (value: T) => DecodeFailure | null): Codec<T> {
  return codec((input) => {
    const decoded = inner.decode(input);
    if (!decoded.ok) return decoded;
    return check(decoded.value) ?? decoded;
  });
}

/**
 * Decodes a message payload by payload version: `versions[v]` decodes version v and upcasts it to the current
 * shape; `latest` is the newest version. Structurally the sync library's `PayloadDecoder`.
 */
export interface VersionedDecoder<T> {
  readonly latest: number;
  decode(payload: unknown, version: number): DecodeResult<T>;
}

/** A versioned decoder from one codec per payload version (index 1 = version 1; each upcasts to the current shape). */
export function versioned<T>(versions: { readonly [version: number]: Codec<T> }): VersionedDecoder<T> {
  const numbers = Object.keys(versions).map(Number);
  const latest = Math.max(...numbers);
  return {
    latest,
    decode: (payload, version) => {
      const decoder = Object.prototype.hasOwnProperty.call(versions, version) ? versions[version] : undefined;
      if (decoder === undefined) return failure(`payload version ${String(version)} is unknown (this node knows ${numbers.join(', ')})`);
      return decoder.decode(payload);
    },
  };
}
