import { chinaDate } from '@liandong/shared';

/**
 * Hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014).
 *
 * A timestamp is (wall, logical, node): `wall` follows the physical clock in milliseconds but never goes back,
 * `logical` orders events within one millisecond (or while the physical clock lags behind), and `node`
 * breaks the remaining ties. The string form is fixed-width so that string order is timestamp order:
 *
 *     001718000000000-000003-jiekou
 *     (wall: 15 digits)-(logical: 6 digits)-(node id)
 */

/** Node ids: 2–40 lowercase letters, digits or '-', not starting or ending with '-' (the node's NODE_ID). */
export const NODE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/;
/** NODE_ID_PATTERN in words, for error messages. */
export const NODE_ID_RULE = 'must be 2–40 lowercase letters, digits or "-", not starting or ending with "-"';

export const HLC_WALL_DIGITS = 15;
export const HLC_LOGICAL_DIGITS = 6;
export const HLC_MAX_WALL = 10 ** HLC_WALL_DIGITS - 1;
export const HLC_MAX_LOGICAL = 10 ** HLC_LOGICAL_DIGITS - 1;

/** How far ahead of the local wall clock a remote timestamp may be and still move this clock forward. */
export const DEFAULT_MAX_FORWARD_DRIFT_MS = 60_000;

const HLC_PATTERN = new RegExp(`^(\\d{${HLC_WALL_DIGITS}})-(\\d{${HLC_LOGICAL_DIGITS}})-([a-z0-9-]+)$`);

export interface Hlc {
  /** Milliseconds since the Unix epoch. */
  readonly wall: number;
  readonly logical: number;
  readonly node: string;
}

/** Thrown when more than 999999 events share one wall-clock millisecond. */
export class HlcOverflowError extends Error {
  override readonly name = 'HlcOverflowError';
}

/** Thrown for a malformed timestamp string or Hlc value. */
export class InvalidHlcError extends Error {
  override readonly name = 'InvalidHlcError';
}

export function isNodeId(value: unknown): value is string {
  return typeof value === 'string' && NODE_ID_PATTERN.test(value);
}

function hlcProblem(h: Hlc): string | null {
  if (!Number.isSafeInteger(h.wall) || h.wall < 0 || h.wall > HLC_MAX_WALL) {
    return `wall must be an integer from 0 to ${HLC_MAX_WALL} (got ${h.wall})`;
  }
  if (!Number.isSafeInteger(h.logical) || h.logical < 0 || h.logical > HLC_MAX_LOGICAL) {
    return `logical must be an integer from 0 to ${HLC_MAX_LOGICAL} (got ${h.logical})`;
  }
  if (!isNodeId(h.node)) {
    return `node must be a node id (got ${JSON.stringify(h.node)})`;
  }
  return null;
}

/** The fixed-width, lexicographically sortable form. Throws InvalidHlcError for out-of-range values. */
export function formatHlc(h: Hlc): string {
  const problem = hlcProblem(h);
  if (problem !== null) throw new InvalidHlcError(`invalid HLC: ${problem}`);
  return `${String(h.wall).padStart(HLC_WALL_DIGITS, '0')}-${String(h.logical).padStart(HLC_LOGICAL_DIGITS, '0')}-${h.node}`;
}

/** The timestamp in `s`, or null unless `s` is exactly what formatHlc produces. */
export function parseHlc(s: string): Hlc | null {
  if (typeof s !== 'string') return null;
  const match = HLC_PATTERN.exec(s);
  if (match === null) return null;
  const h: Hlc = { wall: Number(match[1]), logical: Number(match[2]), node: match[3] };
  return hlcProblem(h) === null ? h : null;
}

export function isHlc(value: unknown): value is string {
  return typeof value === 'string' && parseHlc(value) !== null;
}

function parseOrThrow(s: string): Hlc {
  const h = parseHlc(s);
  if (h === null) throw new InvalidHlcError(`not an HLC timestamp: ${JSON.stringify(s)}`);
  return h;
}

/**
 * Orders two timestamps by wall, then logical, then node (by UTF-16 code unit, as string comparison does):
 * the same order as comparing the strings. Returns -1, 0 or 1; throws InvalidHlcError for malformed input.
 */
export function compareHlc(a: string, b: string): number {
  const x = parseOrThrow(a);
  const y = parseOrThrow(b);
  if (x.wall !== y.wall) return x.wall < y.wall ? -1 : 1;
  if (x.logical !== y.logical) return x.logical < y.logical ? -1 : 1;
  if (x.node !== y.node) return x.node < y.node ? -1 : 1;
  return 0;
}

export interface HybridLogicalClockOptions {
  /**
   * A remote timestamp more than this far ahead of the local wall clock is not merged into the clock
   * (its skew is still reported): one PC with a clock a year ahead must not drag every node forward.
   * @default 60_000
   */
  readonly maxForwardDriftMs?: number;
  /**
   * The last timestamp this node issued before a restart (e.g. the greatest HLC in its outbox), so that
   * timestamps stay monotonic across restarts even when the wall clock was set back meanwhile.
   * Its node part is ignored.
   */
  readonly resumeFrom?: string;
}

export interface ReceiveResult {
  /** The timestamp of the receive event (this node's clock after the merge). */
  readonly hlc: string;
  /** remote wall − local wall clock at receipt, in ms: positive when the sender's clock is ahead. */
  readonly skewMs: number;
}

/** One node's clock. Not shared between processes; persist `last()` (via the outbox) to survive restarts. */
export class HybridLogicalClock {
  private wall = 0;
  private logical = 0;
  private readonly maxForwardDriftMs: number;

  constructor(
    private readonly nodeId: string,
    private readonly wallClock: () => number = Date.now,
    options: HybridLogicalClockOptions = {},
  ) {
    if (!isNodeId(nodeId)) throw new InvalidHlcError(`invalid node id for HLC: ${JSON.stringify(nodeId)}`);
    const drift = options.maxForwardDriftMs ?? DEFAULT_MAX_FORWARD_DRIFT_MS;
    if (!(drift >= 0)) throw new RangeError(`maxForwardDriftMs must be a non-negative number (got ${drift})`);
    this.maxForwardDriftMs = drift;
    if (options.resumeFrom !== undefined) {
      const resumed = parseOrThrow(options.resumeFrom);
      this.wall = resumed.wall;
      this.logical = resumed.logical;
    }
  }

  /** A timestamp for a local event (or a send): greater than every timestamp this clock returned before. */
  now(): string {
    const pt = this.physical();
    if (pt > this.wall) return this.commit(pt, 0);
    return this.commit(this.wall, this.logical + 1);
  }

  /**
   * Merges a timestamp received from another node and returns the timestamp of the receive event, which is
   * greater than both the remote one and every earlier local one, unless the remote is more than
   * maxForwardDriftMs ahead of the local wall clock: then the remote is not merged (this is a local tick),
   * and only its skew is reported. Throws InvalidHlcError for a malformed remote timestamp and
   * HlcOverflowError when the logical counter would pass 999999 (the clock is left unchanged).
   */
  receive(remote: string): ReceiveResult {
    const r = parseOrThrow(remote);
    const pt = this.physical();
    const skewMs = r.wall - pt;
    if (skewMs > this.maxForwardDriftMs) {
      const hlc = pt > this.wall ? this.commit(pt, 0) : this.commit(this.wall, this.logical + 1);
      return { hlc, skewMs };
    }
    const wall = Math.max(this.wall, r.wall, pt);
    let logical: number;
    if (wall === this.wall && wall === r.wall) logical = Math.max(this.logical, r.logical) + 1;
    else if (wall === this.wall) logical = this.logical + 1;
    else if (wall === r.wall) logical = r.logical + 1;
    else logical = 0;
    return { hlc: this.commit(wall, logical), skewMs };
  }

  /** The last timestamp issued (wall 0, logical 0 before the first event). */
  last(): string {
    return formatHlc({ wall: this.wall, logical: this.logical, node: this.nodeId });
  }

  private physical(): number {
    const t = this.wallClock();
    if (!Number.isFinite(t) || t < 0 || t > HLC_MAX_WALL) {
      throw new RangeError(`wall clock returned ${t}, not a time in ms since the epoch`);
    }
    return Math.floor(t);
  }

  private commit(wall: number, logical: number): string {
    if (logical > HLC_MAX_LOGICAL) {
      throw new HlcOverflowError(
        `HLC logical counter would exceed ${HLC_MAX_LOGICAL} at wall ${wall} on node ${this.nodeId}; the wall clock is stuck or far behind`,
      );
    }
    this.wall = wall;
    this.logical = logical;
    return this.last();
  }
}

/** The wall-clock milliseconds of an HLC timestamp, NaN when `hlc` is not one (stored timestamps were validated on arrival). */
export function hlcWall(hlc: string): number {
  return parseHlc(hlc)?.wall ?? Number.NaN;
}

/** The day (China Standard Time, YYYY-MM-DD) of an HLC timestamp. Throws a RangeError when `hlc` is not one. */
export function hlcDay(hlc: string): string {
  return chinaDate(new Date(hlcWall(hlc)));
}

/** When an envelope was stamped (its HLC wall time), as ISO 8601: the same on every node that holds it. */
export function stampedAt(hlc: string): string {
  return new Date(hlcWall(hlc)).toISOString();
}
