import { checkRegionCode, isRecord, isTier, type Tier } from '@liandong/shared';
import { HLC_MAX_WALL, isHlc, isNodeId } from './hlc';
import { statusSubject, subjectTokenProblem } from './subjects';

/**
 * The heartbeat a node publishes for its ancestors every few seconds on `gov.status.<parent | root>.<node>`
 * (core NATS, not kept in a stream): who it is, what it still has to send, what it has not applied yet, which of its
 * consumers are stalled, and its wall clock (for the skew). UTF-8 JSON; decoded by a codec that never throws.
 * Versions 1 and 2 (older releases) are still decoded, with null for the fields they lack.
 */
export const HEARTBEAT_VERSION = 3;

/** Largest heartbeat accepted, in bytes (a real one is ~300). */
export const MAX_HEARTBEAT_BYTES = 4096;

/** Most stalled consumers one heartbeat may name (a node has a handful of durables). */
export const MAX_STALLED_CONSUMERS = 32;

export interface HeartbeatV3 {
  readonly v: typeof HEARTBEAT_VERSION;
  readonly nodeId: string;
  readonly tier: Tier;
  /** 行政区划代码 of the node; null only in a v1 heartbeat (a node not yet upgraded). */
  readonly regionCode: string | null;
  /** Null for the city. */
  readonly parentId: string | null;
  /** The sender's wall clock when it sent the heartbeat, ms since the epoch. */
  readonly wall: number;
  readonly hlc: string;
  /** Outbox rows not yet acknowledged by JetStream: what the node still has to send up. */
  readonly outboxDepth: number;
  readonly quarantined: number;
  /** Messages its own consumers have not applied yet (sum of their pending); null when it could not ask. */
  readonly consumerLag: number | null;
  /**
   * The durable names of its own consumers that are stalled (work waiting, ack floor not moving: see `StallWatch`);
   * empty when none is; null when it could not tell (a consumer's info unavailable, or a v1/v2 heartbeat).
   */
  readonly stalled: readonly string[] | null;
}

/** The version 2 wire shape (no `stalled`), still accepted from nodes not yet upgraded. */
export type HeartbeatV2 = Omit<HeartbeatV3, 'v' | 'stalled'> & { readonly v: 2 };

export type HeartbeatDecodeResult = { ok: true; heartbeat: HeartbeatV3 } | { ok: false; reason: string };

/** Thrown by encodeHeartbeat for a heartbeat that decode would refuse. */
export class InvalidHeartbeatError extends Error {
  override readonly name = 'InvalidHeartbeatError';
  constructor(readonly reason: string) {
    super(`invalid heartbeat: ${reason}`);
  }
}

/** Counts are 32-bit (what an ancestor's integer columns hold); a real backlog is far below. */
export const HEARTBEAT_COUNT_MAX = 2_147_483_647;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= HEARTBEAT_COUNT_MAX;
}

/** Null when `value` is a list of the sender's own durable names (`<nodeId>_...`), otherwise the reason. */
function stalledProblem(value: unknown, nodeId: string): string | null {
  if (value === null) return null;
  if (!Array.isArray(value)) return 'field stalled: must be a list of durable names or null';
  if (value.length > MAX_STALLED_CONSUMERS) return `field stalled: at most ${MAX_STALLED_CONSUMERS} durable names`;
  for (const durable of value) {
    if (typeof durable !== 'string' || durable.length > 128 || subjectTokenProblem(durable) !== null || !durable.startsWith(`${nodeId}_`)) {
      return 'field stalled: each entry must be a durable name of the sender';
    }
  }
  return null;
}

/**
 * Null when `value` is a valid heartbeat, otherwise the reason. Version 1 heartbeats (no `v`, no regionCode, no
 * consumerLag) and version 2 ones (no `stalled`) are accepted as well, so an ancestor keeps seeing a child that runs
 * an older release; decode gives them null for the missing fields.
 */
export function checkHeartbeat(value: unknown): string | null {
  if (!isRecord(value)) return 'not a JSON object';
  const v = Object.prototype.hasOwnProperty.call(value, 'v') ? value['v'] : 1;
  if (v !== 1 && v !== 2 && v !== HEARTBEAT_VERSION) return `unsupported heartbeat version ${JSON.stringify(v)}`;
  if (!isNodeId(value['nodeId'])) return 'field nodeId: must be a node id';
  const tier = value['tier'];
  if (!isTier(tier)) return 'field tier: must be city, district or township';
  const parentId = value['parentId'];
  if (tier === 'city') {
    if (parentId !== null) return 'field parentId: must be null for the city';
  } else if (!isNodeId(parentId) || parentId === value['nodeId']) {
    return 'field parentId: must be the node id of the tier above';
  }
  if (v === 2 || v === HEARTBEAT_VERSION) {
    const regionCode = value['regionCode'];
    if (typeof regionCode !== 'string') return 'field regionCode: must be a string';
    const regionProblem = checkRegionCode(tier, regionCode);
    if (regionProblem !== null) return `field regionCode: ${regionProblem}`;
    const lag = value['consumerLag'];
    if (lag !== null && !isCount(lag)) return 'field consumerLag: must be a count or null';
  }
  const wall = value['wall'];
  if (!Number.isSafeInteger(wall) || (wall as number) < 0 || (wall as number) > HLC_MAX_WALL) return 'field wall: must be ms since the epoch';
  if (!isHlc(value['hlc'])) return 'field hlc: must be a hybrid logical clock timestamp';
  if (!isCount(value['outboxDepth'])) return 'field outboxDepth: must be a count';
  if (!isCount(value['quarantined'])) return 'field quarantined: must be a count';
  if (v === HEARTBEAT_VERSION) {
    if (!Object.prototype.hasOwnProperty.call(value, 'stalled')) return 'field stalled: missing';
    const problem = stalledProblem(value['stalled'], String(value['nodeId']));
    if (problem !== null) return problem;
  }
  return null;
}

/** UTF-8 JSON. Throws InvalidHeartbeatError for a heartbeat no ancestor would accept. */
export function encodeHeartbeat(heartbeat: HeartbeatV3): Uint8Array {
  const problem = checkHeartbeat(heartbeat);
  if (problem !== null) throw new InvalidHeartbeatError(problem);
  const { v, nodeId, tier, regionCode, parentId, wall, hlc, outboxDepth, quarantined, consumerLag, stalled } = heartbeat;
  return new TextEncoder().encode(JSON.stringify({ v, nodeId, tier, regionCode, parentId, wall, hlc, outboxDepth, quarantined, consumerLag, stalled }));
}

/**
 * Decodes and validates a heartbeat received on `subject`. Never throws. The subject must be the sender's own
 * (`gov.status.<parentId | root>.<nodeId>`), so a heartbeat cannot speak for another node or another parent.
 */
export function decodeHeartbeat(data: Uint8Array, subject: string): HeartbeatDecodeResult {
  try {
    if (!(data instanceof Uint8Array)) return { ok: false, reason: 'not a byte array' };
    if (data.byteLength > MAX_HEARTBEAT_BYTES) return { ok: false, reason: `larger than ${MAX_HEARTBEAT_BYTES} bytes` };
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
    } catch {
      return { ok: false, reason: 'not UTF-8 JSON' };
    }
    const problem = checkHeartbeat(value);
    if (problem !== null) return { ok: false, reason: problem };
    const record = value as Record<string, unknown>;
    const heartbeat: HeartbeatV3 = {
      v: HEARTBEAT_VERSION,
      nodeId: record['nodeId'] as string,
      tier: record['tier'] as Tier,
      regionCode: typeof record['regionCode'] === 'string' ? record['regionCode'] : null,
      parentId: record['parentId'] as string | null,
      wall: record['wall'] as number,
      hlc: record['hlc'] as string,
      outboxDepth: record['outboxDepth'] as number,
      quarantined: record['quarantined'] as number,
      consumerLag: isCount(record['consumerLag']) ? record['consumerLag'] : null,
      stalled: Array.isArray(record['stalled']) ? [...(record['stalled'] as string[])] : null,
    };
    if (statusSubject(heartbeat.parentId, heartbeat.nodeId) !== subject) {
      return { ok: false, reason: `sent on ${JSON.stringify(subject)}, not on the subject of ${heartbeat.nodeId}` };
    }
    return { ok: true, heartbeat };
  } catch (error) {
    return { ok: false, reason: `undecodable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Whether an ancestor keeps a decoded heartbeat: the city keeps every other node's, a district its own townships'.
 * The sender must sit below the receiver (a district never reports to a township, nor a city to anyone).
 */
export function isHeartbeatFromBelow(receiver: { readonly tier: Tier; readonly nodeId: string }, heartbeat: HeartbeatV3): boolean {
  if (heartbeat.nodeId === receiver.nodeId) return false;
  if (receiver.tier === 'city') return heartbeat.tier !== 'city';
  if (receiver.tier === 'district') return heartbeat.tier === 'township' && heartbeat.parentId === receiver.nodeId;
  return false;
}

/** Is a child online, and for how long has it been silent, as its ancestor sees it. */
export interface Liveness {
  /** Whole seconds since its last heartbeat reached this node; null when it never spoke. */
  readonly silentSeconds: number | null;
  readonly online: boolean;
}

/**
 * A child is online while its last heartbeat is younger than `offlineAfterMs` and it has spoken since this node
 * started: after an ancestor restarts, the children it remembers show offline until their next heartbeat, since a
 * remembered contact says nothing about the link now. A last contact in the future (the ancestor's clock set back)
 * counts as just now.
 */
export function liveness(lastContactMs: number | null, nowMs: number, offlineAfterMs: number, heardSinceStart: boolean): Liveness {
  if (lastContactMs === null || !Number.isFinite(lastContactMs)) return { silentSeconds: null, online: false };
  const silentMs = Math.max(0, nowMs - lastContactMs);
  return { silentSeconds: Math.floor(silentMs / 1000), online: heardSinceStart && silentMs < offlineAfterMs };
}

/**
 * How old a figure is, and whether it is still worth showing, as the node that holds it sees it: a figure older than
 * `staleAfterMs` (NODE_OFFLINE_AFTER_SECONDS) is stale, shown as unknown with its age and never as its last value.
 * A report time in the future (this node's clock set back) counts as just now.
 */
export interface FigureAge {
  /** When the figure was reported (reached this node, by this node's clock), ISO 8601. */
  readonly reportedAt: string;
  /** Whole seconds since then. */
  readonly ageSeconds: number;
  readonly stale: boolean;
}

export function figureAge(reportedAtMs: number, nowMs: number, staleAfterMs: number): FigureAge {
  const ageMs = Math.max(0, nowMs - reportedAtMs);
  return { reportedAt: new Date(reportedAtMs).toISOString(), ageSeconds: Math.floor(ageMs / 1000), stale: ageMs >= staleAfterMs };
}

/** What the server says of one durable consumer: its work left and its ack floor. */
export interface ConsumerProgress {
  /** Not yet delivered plus delivered and not acknowledged. */
  readonly pending: number;
  /** The stream sequence up to which every message is acknowledged (`ack_floor.stream_seq`). */
  readonly ackFloor: number;
}

/**
 * The stall rule: a consumer is stalled when it has work (pending or unacknowledged messages) and its ack floor has
 * not moved for at least `stallAfterMs` (NODE_OFFLINE_AFTER_SECONDS) since it was first seen with that work at that
 * floor, e.g. every delivery of its next message fails to apply. Measured with the caller's clock at each observation
 * (the heartbeat, the status page, a scrape); an idle consumer, or an unknown one (link down), starts over.
 */
export class StallWatch {
  private readonly since = new Map<string, { ackFloor: number; sinceMs: number }>();

  constructor(private readonly stallAfterMs: number) {}

  /** Records what the server says of `durable` now; null when unknown (nothing is known of a stall then). */
  observe(durable: string, progress: ConsumerProgress | null, nowMs: number): boolean | null {
    if (progress === null) {
      this.since.delete(durable);
      return null;
    }
    if (progress.pending === 0) {
      this.since.delete(durable);
      return false;
    }
    const seen = this.since.get(durable);
    if (seen === undefined || seen.ackFloor !== progress.ackFloor || nowMs < seen.sinceMs) {
      this.since.set(durable, { ackFloor: progress.ackFloor, sinceMs: nowMs });
      return false;
    }
    return nowMs - seen.sinceMs >= this.stallAfterMs;
  }
}
