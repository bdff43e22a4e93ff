import { checkRegionCode, isRecord, isTier, type Tier } from '@liandong/shared';
import { HLC_MAX_WALL, isHlc, isNodeId } from './hlc';
import { statusSubject } from './subjects';

/**
 * The heartbeat a node publishes for its ancestors every few seconds on `gov.status.<parent | root>.<node>`
 * (core NATS, not kept in a stream): who it is, what it still has to send, what it has not applied yet, and its
 * wall clock (for the skew). UTF-8 JSON; decoded by a codec that never throws.
 */
export const HEARTBEAT_VERSION = 2;

/** Largest heartbeat accepted, in bytes (a real one is ~300). */
export const MAX_HEARTBEAT_BYTES = 4096;

export interface HeartbeatV2 {
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
}

export type HeartbeatDecodeResult = { ok: true; heartbeat: HeartbeatV2 } | { ok: false; reason: string };

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

/**
 * Null when `value` is a valid heartbeat, otherwise the reason. Version 1 heartbeats (no `v`, no regionCode, no
 * consumerLag) are accepted as well, so an ancestor keeps seeing a child that runs an older release; decode gives
 * them null for the missing fields.
 */
export function checkHeartbeat(value: unknown): string | null {
  if (!isRecord(value)) return 'not a JSON object';
  const v = Object.prototype.hasOwnProperty.call(value, 'v') ? value['v'] : 1;
  if (v !== 1 && v !== HEARTBEAT_VERSION) return `unsupported heartbeat version ${JSON.stringify(v)}`;
  if (!isNodeId(value['nodeId'])) return 'field nodeId: must be a node id';
  const tier = value['tier'];
  if (!isTier(tier)) return 'field tier: must be city, district or township';
  const parentId = value['parentId'];
  if (tier === 'city') {
    if (parentId !== null) return 'field parentId: must be null for the city';
  } else if (!isNodeId(parentId) || parentId === value['nodeId']) {
    return 'field parentId: must be the node id of the tier above';
  }
  if (v === HEARTBEAT_VERSION) {
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
  return null;
}

/** UTF-8 JSON. Throws InvalidHeartbeatError for a heartbeat no ancestor would accept. */
export function encodeHeartbeat(heartbeat: HeartbeatV2): Uint8Array {
  const problem = checkHeartbeat(heartbeat);
  if (problem !== null) throw new InvalidHeartbeatError(problem);
  const { v, nodeId, tier, regionCode, parentId, wall, hlc, outboxDepth, quarantined, consumerLag } = heartbeat;
  return new TextEncoder().encode(JSON.stringify({ v, nodeId, tier, regionCode, parentId, wall, hlc, outboxDepth, quarantined, consumerLag }));
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
    const heartbeat: HeartbeatV2 = {
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
export function isHeartbeatFromBelow(receiver: { readonly tier: Tier; readonly nodeId: string }, heartbeat: HeartbeatV2): boolean {
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
