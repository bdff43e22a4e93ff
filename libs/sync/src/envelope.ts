import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { isHlc, isNodeId } from './hlc';

/**
 * The wire message of the sync protocol (DESIGN.md §4): UTF-8 JSON, validated on the way out (encode) and
 * on the way in (decode). A message that fails decode goes to quarantine with the reason decode gives.
 */
export const ENVELOPE_VERSION = 1;

/** Largest encoded envelope, in bytes. */
export const MAX_ENVELOPE_BYTES = 1024 * 1024;

export interface Envelope<P = unknown> {
  /** UUIDv7, lowercase: unique, time-ordered; also the JetStream msgID and the inbox key. */
  readonly id: string;
  /** Dotted lower-case name, e.g. `catalogue.item`, `case.accepted`. */
  readonly type: string;
  readonly v: typeof ENVELOPE_VERSION;
  /** The id of the thing the event is about (case id, implCode, …). */
  readonly aggregate: string;
  /** Node id of the node where the event happened. */
  readonly origin: string;
  /** Hybrid logical clock timestamp (see hlc.ts). */
  readonly hlc: string;
  /** Who did it (user id, or a system actor). */
  readonly actor: string;
  /**
   * Payload version of this message type: an integer from 1 to 1000; absent means 1 (encode leaves it out then, so
   * version-1 messages stay byte-identical to those written before the field existed).
   */
  readonly pv?: number;
  readonly payload: P;
}

/** Payload versions a message may carry (`pv`). */
export const MAX_PAYLOAD_VERSION = 1000;

/** The payload version of an envelope: its `pv`, or 1 when absent. */
export function payloadVersion(envelope: Pick<Envelope, 'pv'>): number {
  return envelope.pv ?? 1;
}

export type DecodeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/** Thrown by encodeEnvelope for an envelope that decode would refuse. */
export class InvalidEnvelopeError extends Error {
  override readonly name = 'InvalidEnvelopeError';
  constructor(readonly reason: string) {
    super(`invalid envelope: ${reason}`);
  }
}

const FIELDS = ['id', 'type', 'v', 'aggregate', 'origin', 'hlc', 'actor', 'payload'] as const;
/** Fields that may be absent. */
const OPTIONAL_FIELDS = ['pv'] as const;
const FIELD_SET: ReadonlySet<string> = new Set([...FIELDS, ...OPTIONAL_FIELDS]);

const TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const TYPE_MAX = 64;
const AGGREGATE_MAX = 128;
const ACTOR_MAX = 64;
// C0, DEL and C1 control characters.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Length in Unicode code points (so that a Chinese name or an emoji counts as one character). */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function textProblem(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  const length = codePoints(value);
  if (length < 1 || length > max) return `must be 1–${max} characters (got ${length})`;
  if (CONTROL_CHARS.test(value)) return 'must not contain control characters';
  return null;
}

/**
 * Why `value` would not survive JSON unchanged, or null. Data-class instances (e.g. entities) are fine: their
 * own enumerable properties are what JSON keeps. Refused: undefined (except as an object property, which
 * JSON drops like an absent optional field), NaN and ±Infinity, bigint, functions, symbols, cycles, and
 * objects JSON would mangle (Date and anything else with toJSON, Map, Set, RegExp, binary data).
 */
function jsonProblem(value: unknown, path: string, ancestors: Set<object>): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} must be a finite number (got ${value})`;
    case 'object': {
      if (value === null) return null;
      if (ancestors.has(value)) return `${path} is circular`;
      if (
        typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
        value instanceof Map ||
        value instanceof Set ||
        value instanceof WeakMap ||
        value instanceof WeakSet ||
        value instanceof RegExp ||
        value instanceof Promise ||
        value instanceof ArrayBuffer ||
        ArrayBuffer.isView(value)
      ) {
        return `${path} must be plain data, not a ${value.constructor?.name ?? 'special object'} (convert it first, e.g. a date to an ISO string)`;
      }
      ancestors.add(value);
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const problem = jsonProblem(value[i], `${path}[${i}]`, ancestors);
            if (problem !== null) return problem;
          }
          return null;
        }
        for (const [key, item] of Object.entries(value)) {
          if (item === undefined) continue;
          const problem = jsonProblem(item, `${path}.${key}`, ancestors);
          if (problem !== null) return problem;
        }
        return null;
      } finally {
        ancestors.delete(value);
      }
    }
    default:
      return `${path} must be a JSON value (got ${typeof value})`;
  }
}

function fieldProblem(record: Record<string, unknown>, field: (typeof FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number]): string | null {
  const value = record[field];
  switch (field) {
    case 'id':
      return isUuidV7(value) ? null : 'must be a UUIDv7';
    case 'type':
      return typeof value === 'string' && value.length <= TYPE_MAX && TYPE_PATTERN.test(value)
        ? null
        : `must be dotted lower-case words like catalogue.item, at most ${TYPE_MAX} characters`;
    case 'v':
      return value === ENVELOPE_VERSION ? null : `must be ${ENVELOPE_VERSION}`;
    case 'aggregate':
      return textProblem(value, AGGREGATE_MAX);
    case 'origin':
      return isNodeId(value) ? null : 'must be a node id';
    case 'hlc':
      return isHlc(value) ? null : 'must be a hybrid logical clock timestamp';
    case 'actor':
      return textProblem(value, ACTOR_MAX);
    case 'payload':
      return value === undefined ? 'must be a JSON value' : null;
    case 'pv':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAYLOAD_VERSION
        ? null
        : `must be an integer from 1 to ${MAX_PAYLOAD_VERSION}`;
  }
}

/**
 * Null when `value` is a valid envelope, otherwise the reason (the same reasons decodeEnvelope gives, except
 * for the byte-level ones). Also checks that the payload is JSON data (no NaN, Date, Map, cycles, …), so that
 * decode(encode(e)) equals e, except that -0 becomes 0, object properties set to undefined are left out and
 * class instances arrive as plain objects.
 */
export function checkEnvelope(value: unknown): string | null {
  const problem = structureProblem(value);
  if (problem !== null) return problem;
  const payloadProblem = jsonProblem((value as Record<string, unknown>).payload, 'payload', new Set());
  return payloadProblem === null ? null : `field ${payloadProblem}`;
}

/** Checks everything but the depth of the payload (JSON.parse output is plain JSON anyway). */
function structureProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `not a JSON object (got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})`;
  }
  const record = value as Record<string, unknown>;
  // The version first: a later version may add or change fields, and saying so is the useful reason.
  if (!Object.prototype.hasOwnProperty.call(record, 'v')) return 'field v: missing';
  if (typeof record.v === 'number' && record.v !== ENVELOPE_VERSION) return `unsupported envelope version ${record.v}`;
  for (const key of Object.keys(record)) {
    if (!FIELD_SET.has(key)) return `unexpected field ${key.length > 64 ? `${key.slice(0, 64)}…` : key}`;
  }
  for (const field of FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(record, field) || record[field] === undefined) return `field ${field}: missing`;
    const problem = fieldProblem(record, field);
    if (problem !== null) return `field ${field}: ${problem}`;
  }
  for (const field of OPTIONAL_FIELDS) {
    // An absent optional field, or one set to undefined (which JSON drops), is fine.
    if (record[field] === undefined) continue;
    const problem = fieldProblem(record, field);
    if (problem !== null) return `field ${field}: ${problem}`;
  }
  return null;
}

/**
 * UTF-8 JSON with the fields in a fixed order. Throws InvalidEnvelopeError when the envelope is invalid or
 * its encoding is larger than 1 MiB: what leaves a node is always decodable by every other node.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const problem = checkEnvelope(envelope);
  if (problem !== null) throw new InvalidEnvelopeError(problem);
  const ordered: Envelope = {
    id: envelope.id,
    type: envelope.type,
    v: envelope.v,
    aggregate: envelope.aggregate,
    origin: envelope.origin,
    hlc: envelope.hlc,
    actor: envelope.actor,
    // Version 1 is left out, so that v1 messages are byte-identical to those written before `pv` existed.
    ...(envelope.pv !== undefined && envelope.pv !== 1 ? { pv: envelope.pv } : {}),
    payload: envelope.payload,
  };
  const bytes = new TextEncoder().encode(JSON.stringify(ordered));
  if (bytes.byteLength > MAX_ENVELOPE_BYTES) {
    throw new InvalidEnvelopeError(`message larger than 1 MiB (${bytes.byteLength} bytes)`);
  }
  return bytes;
}

/** Decodes and validates a message. Never throws: an invalid message gives the reason, for quarantine. */
export function decodeEnvelope(data: Uint8Array): DecodeResult {
  try {
    if (!(data instanceof Uint8Array)) return { ok: false, reason: 'not a byte array' };
    if (data.byteLength > MAX_ENVELOPE_BYTES) return { ok: false, reason: 'message larger than 1 MiB' };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      return { ok: false, reason: 'not valid UTF-8' };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    const problem = structureProblem(value);
    if (problem !== null) return { ok: false, reason: problem };
    return { ok: true, envelope: value as Envelope };
  } catch (error) {
    // Not expected; decode must never throw whatever arrives.
    return { ok: false, reason: `undecodable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * A UUIDv7 (RFC 9562 §5.7): 48-bit Unix time in ms, version 7, 12 random bits, variant 10, 62 random bits.
 * Ids from later milliseconds sort after earlier ones (as strings too); within one millisecond the order is
 * random. `randomBytes(n)` must return at least n bytes (n is 10).
 */
export function uuidv7(nowMs: number, randomBytes: (n: number) => Uint8Array = cryptoRandomBytes): string {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > 0xffff_ffff_ffff) {
    throw new RangeError(`uuidv7: time must be an integer from 0 to 2^48 - 1 ms (got ${nowMs})`);
  }
  const random = randomBytes(10);
  if (!(random instanceof Uint8Array) || random.length < 10) {
    throw new RangeError('uuidv7: randomBytes(10) must return at least 10 bytes');
  }
  const hex = (byte: number) => byte.toString(16).padStart(2, '0');
  const time = nowMs.toString(16).padStart(12, '0');
  const versionAndRandA = hex(0x70 | (random[0] & 0x0f)) + hex(random[1]);
  const variantAndRandB = hex(0x80 | (random[2] & 0x3f)) + hex(random[3]);
  const rest = Array.from(random.subarray(4, 10), hex).join('');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${versionAndRandA}-${variantAndRandB}-${rest}`;
}

/** True for a lowercase UUID with version 7 and variant 10 (the canonical form, so the inbox key is unique). */
export function isUuidV7(s: unknown): boolean {
  return typeof s === 'string' && UUID_V7_PATTERN.test(s);
}

/** The codec under the same name as the type: `Envelope.decode(bytes)`, `Envelope.encode(envelope)`. */
export const Envelope = {
  version: ENVELOPE_VERSION,
  maxBytes: MAX_ENVELOPE_BYTES,
  encode: encodeEnvelope,
  decode: decodeEnvelope,
  check: checkEnvelope,
} as const;
