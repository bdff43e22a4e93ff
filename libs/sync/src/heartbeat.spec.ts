import { decodeHeartbeat, encodeHeartbeat, HEARTBEAT_VERSION, InvalidHeartbeatError, isHeartbeatFromBelow, liveness, MAX_HEARTBEAT_BYTES, type HeartbeatV2 } from './heartbeat';
import { formatHlc } from './hlc';
import { totalOrNull } from './jetstream-sync';

const township: HeartbeatV2 = {
  v: HEARTBEAT_VERSION,
  nodeId: 'jiekou',
  tier: 'township',
  regionCode: '440117001',
  parentId: 'conghua',
  wall: 1_764_000_000_000,
  hlc: formatHlc({ wall: 1_764_000_000_000, logical: 3, node: 'jiekou' }),
  outboxDepth: 4,
  quarantined: 0,
  consumerLag: 12,
};
const SUBJECT = 'gov.status.conghua.jiekou';
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const reason = (value: unknown, subject = SUBJECT): string | null => {
  const result = decodeHeartbeat(bytes(value), subject);
  return result.ok ? null : result.reason;
};

describe('heartbeat codec', () => {
  it('decodes what it encodes', () => {
    expect(decodeHeartbeat(encodeHeartbeat(township), SUBJECT)).toEqual({ ok: true, heartbeat: township });
  });

  it('takes a city heartbeat on the root subject', () => {
    const city: HeartbeatV2 = { ...township, nodeId: 'gz-city', tier: 'city', regionCode: '440100', parentId: null, hlc: formatHlc({ wall: 1, logical: 0, node: 'gz-city' }) };
    expect(decodeHeartbeat(encodeHeartbeat(city), 'gov.status.root.gz-city')).toEqual({ ok: true, heartbeat: city });
  });

  it('keeps a null consumer lag (the child could not ask its server)', () => {
    expect(decodeHeartbeat(encodeHeartbeat({ ...township, consumerLag: null }), SUBJECT)).toMatchObject({ ok: true, heartbeat: { consumerLag: null } });
  });

  it('accepts a version 1 heartbeat from a node not yet upgraded, with null for the new fields', () => {
    const { v: _v, regionCode: _r, consumerLag: _c, ...v1 } = township;
    expect(decodeHeartbeat(bytes(v1), SUBJECT)).toEqual({ ok: true, heartbeat: { ...township, regionCode: null, consumerLag: null } });
  });

  it.each([
    ['not JSON', '{"nodeId":', 'not UTF-8 JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
  ])('refuses %s', (_what, text, expected) => {
    expect(decodeHeartbeat(new TextEncoder().encode(text), SUBJECT)).toEqual({ ok: false, reason: expected });
  });

  it('refuses bytes that are not UTF-8, and oversized messages', () => {
    expect(decodeHeartbeat(new Uint8Array([0x7b, 0xff, 0x7d]), SUBJECT)).toEqual({ ok: false, reason: 'not UTF-8 JSON' });
    const big = new Uint8Array(MAX_HEARTBEAT_BYTES + 1).fill(0x20);
    expect(decodeHeartbeat(big, SUBJECT)).toEqual({ ok: false, reason: `larger than ${MAX_HEARTBEAT_BYTES} bytes` });
    expect(decodeHeartbeat('{}' as unknown as Uint8Array, SUBJECT)).toEqual({ ok: false, reason: 'not a byte array' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a later version', { v: 3 }, 'unsupported heartbeat version 3'],
    ['a bad node id', { nodeId: 'Jie Kou' }, 'field nodeId: must be a node id'],
    ['an unknown tier', { tier: 'province' }, 'field tier: must be city, district or township'],
    ['a township without parent', { parentId: null }, 'field parentId: must be the node id of the tier above'],
    ['itself as parent', { parentId: 'jiekou' }, 'field parentId: must be the node id of the tier above'],
    ['a region code of the wrong length', { regionCode: '440117' }, 'field regionCode: must be 9 digits for a township (GB/T 10114), got 6'],
    ['a missing region code', { regionCode: undefined }, 'field regionCode: must be a string'],
    ['a negative consumer lag', { consumerLag: -1 }, 'field consumerLag: must be a count or null'],
    ['a string wall clock', { wall: '1764000000000' }, 'field wall: must be ms since the epoch'],
    ['a fractional wall clock', { wall: 1.5 }, 'field wall: must be ms since the epoch'],
    ['a bad hlc', { hlc: 'yesterday' }, 'field hlc: must be a hybrid logical clock timestamp'],
    ['a fractional outbox depth', { outboxDepth: 1.5 }, 'field outboxDepth: must be a count'],
    ['an outbox depth past 32 bits', { outboxDepth: 2 ** 31 }, 'field outboxDepth: must be a count'],
    ['a numeric string as outbox depth', { outboxDepth: '4' }, 'field outboxDepth: must be a count'],
    ['a missing quarantined count', { quarantined: undefined }, 'field quarantined: must be a count'],
  ])('refuses %s', (_what, change, expected) => {
    expect(reason({ ...township, ...change })).toBe(expected);
  });

  it('refuses a city heartbeat that names a parent', () => {
    expect(reason({ ...township, nodeId: 'gz-city', tier: 'city', regionCode: '440100' }, 'gov.status.conghua.gz-city')).toBe('field parentId: must be null for the city');
  });

  it('refuses a heartbeat sent on another node’s subject', () => {
    expect(reason(township, 'gov.status.conghua.wenquan')).toBe('sent on "gov.status.conghua.wenquan", not on the subject of jiekou');
    expect(reason(township, 'gov.status.liangkou.jiekou')).toBe('sent on "gov.status.liangkou.jiekou", not on the subject of jiekou');
  });

  it('encode refuses what decode would refuse', () => {
    expect(() => encodeHeartbeat({ ...township, outboxDepth: -1 })).toThrow(InvalidHeartbeatError);
    expect(() => encodeHeartbeat({ ...township, outboxDepth: -1 })).toThrow('invalid heartbeat: field outboxDepth: must be a count');
  });
});

describe('isHeartbeatFromBelow', () => {
  const city = { tier: 'city', nodeId: 'gz-city' } as const;
  const district = { tier: 'district', nodeId: 'conghua' } as const;
  const districtBeat: HeartbeatV2 = { ...township, nodeId: 'conghua', tier: 'district', regionCode: '440117', parentId: 'gz-city' };

  it('the city keeps every district’s and every township’s', () => {
    expect(isHeartbeatFromBelow(city, township)).toBe(true);
    expect(isHeartbeatFromBelow(city, districtBeat)).toBe(true);
    expect(isHeartbeatFromBelow(city, { ...districtBeat, nodeId: 'gz-city' })).toBe(false);
  });

  it('a district keeps its own townships’ only', () => {
    expect(isHeartbeatFromBelow(district, township)).toBe(true);
    expect(isHeartbeatFromBelow(district, { ...township, parentId: 'liangkou' })).toBe(false);
    expect(isHeartbeatFromBelow(district, { ...districtBeat, nodeId: 'liangkou' })).toBe(false);
  });

  it('a township keeps none', () => {
    expect(isHeartbeatFromBelow({ tier: 'township', nodeId: 'conghua' }, township)).toBe(false);
  });
});

describe('liveness', () => {
  const now = 1_764_000_100_000;

  it('is online while the last heartbeat is younger than the offline setting', () => {
    expect(liveness(now - 2_500, now, 30_000, true)).toEqual({ silentSeconds: 2, online: true });
    expect(liveness(now - 29_999, now, 30_000, true)).toEqual({ silentSeconds: 29, online: true });
  });

  it('is offline from the offline setting on', () => {
    expect(liveness(now - 30_000, now, 30_000, true)).toEqual({ silentSeconds: 30, online: false });
    expect(liveness(now - 86_400_000, now, 30_000, true)).toEqual({ silentSeconds: 86_400, online: false });
  });

  it('is offline for a child remembered from before a restart until it speaks again', () => {
    expect(liveness(now - 1_000, now, 30_000, false)).toEqual({ silentSeconds: 1, online: false });
  });

  it('is offline with no silence for a child that never spoke', () => {
    expect(liveness(null, now, 30_000, false)).toEqual({ silentSeconds: null, online: false });
  });

  it('counts a contact in the future (this node’s clock set back) as just now', () => {
    expect(liveness(now + 60_000, now, 30_000, true)).toEqual({ silentSeconds: 0, online: true });
  });
});

describe('totalOrNull', () => {
  it('adds counts, and is null when any is unknown (a partial sum would understate the backlog)', () => {
    expect(totalOrNull([3, 0, 4])).toBe(7);
    expect(totalOrNull([])).toBe(0);
    expect(totalOrNull([3, null, 4])).toBeNull();
  });
});
