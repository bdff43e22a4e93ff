import {
  decodeHeartbeat,
  encodeHeartbeat,
  figureAge,
  HEARTBEAT_VERSION,
  InvalidHeartbeatError,
  isHeartbeatFromBelow,
  liveness,
  MAX_HEARTBEAT_BYTES,
  MAX_STALLED_CONSUMERS,
  StallWatch,
  type HeartbeatV3,
} from './heartbeat';
import { formatHlc } from './hlc';
import { totalOrNull } from './jetstream-sync';

const township: HeartbeatV3 = {
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
  stalled: ['jiekou_cases_440117001'],
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
    const city: HeartbeatV3 = { ...township, nodeId: 'gz-city', tier: 'city', regionCode: '440100', parentId: null, stalled: [], hlc: formatHlc({ wall: 1, logical: 0, node: 'gz-city' }) };
    expect(decodeHeartbeat(encodeHeartbeat(city), 'gov.status.root.gz-city')).toEqual({ ok: true, heartbeat: city });
  });

  it('keeps a null consumer lag (the child could not ask its server)', () => {
    expect(decodeHeartbeat(encodeHeartbeat({ ...township, consumerLag: null }), SUBJECT)).toMatchObject({ ok: true, heartbeat: { consumerLag: null } });
  });

  it('accepts a version 1 heartbeat from a node not yet upgraded, with null for the new fields', () => {
    const { v: _v, regionCode: _r, consumerLag: _c, stalled: _s, ...v1 } = township;
    expect(decodeHeartbeat(bytes(v1), SUBJECT)).toEqual({ ok: true, heartbeat: { ...township, regionCode: null, consumerLag: null, stalled: null } });
  });

  it('accepts a version 2 heartbeat (no stalled consumers field): stalled is unknown', () => {
    const { stalled: _s, ...v2 } = township;
    expect(decodeHeartbeat(bytes({ ...v2, v: 2 }), SUBJECT)).toEqual({ ok: true, heartbeat: { ...township, stalled: null } });
    // a v2 heartbeat's own rules still hold
    expect(reason({ ...v2, v: 2, regionCode: 440117001 })).toBe('field regionCode: must be a string');
  });

  it('keeps an empty list (no stalled consumer) and null (could not tell)', () => {
    expect(decodeHeartbeat(encodeHeartbeat({ ...township, stalled: [] }), SUBJECT)).toMatchObject({ ok: true, heartbeat: { stalled: [] } });
    expect(decodeHeartbeat(encodeHeartbeat({ ...township, stalled: null }), SUBJECT)).toMatchObject({ ok: true, heartbeat: { stalled: null } });
  });

  it.each([
    ['missing', undefined, 'field stalled: missing'],
    ['a count', 2, 'field stalled: must be a list of durable names or null'],
    ['another node’s durable', ['wenquan_cases_440117100'], 'field stalled: each entry must be a durable name of the sender'],
    ['a subject wildcard', ['jiekou_>'], 'field stalled: each entry must be a durable name of the sender'],
    ['a number in the list', [7], 'field stalled: each entry must be a durable name of the sender'],
    ['too many names', Array.from({ length: MAX_STALLED_CONSUMERS + 1 }, (_, i) => `jiekou_${i}`), `field stalled: at most ${MAX_STALLED_CONSUMERS} durable names`],
  ])('refuses a version 3 heartbeat whose stalled field is %s', (_what, stalled, expected) => {
    const { stalled: _s, ...rest } = township;
    expect(reason(stalled === undefined ? rest : { ...rest, stalled })).toBe(expected);
    if (stalled !== undefined) expect(() => encodeHeartbeat({ ...township, stalled: stalled as string[] })).toThrow(expected);
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
    ['a later version', { v: 4 }, 'unsupported heartbeat version 4'],
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
  const districtBeat: HeartbeatV3 = { ...township, nodeId: 'conghua', tier: 'district', regionCode: '440117', parentId: 'gz-city' };

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

describe('figureAge', () => {
  const now = 1_764_000_100_000;

  it('is fresh while younger than the offline setting, stale from it on, with its age in whole seconds', () => {
    expect(figureAge(now - 29_999, now, 30_000)).toEqual({ reportedAt: new Date(now - 29_999).toISOString(), ageSeconds: 29, stale: false });
    expect(figureAge(now - 30_000, now, 30_000)).toEqual({ reportedAt: new Date(now - 30_000).toISOString(), ageSeconds: 30, stale: true });
  });

  it('counts a report in the future (this node’s clock set back) as just now', () => {
    expect(figureAge(now + 5_000, now, 30_000)).toMatchObject({ ageSeconds: 0, stale: false });
  });
});

describe('StallWatch (the stall rule)', () => {
  const t0 = 1_764_000_000_000;

  it('flags a consumer with work whose ack floor has not moved for the threshold', () => {
    const watch = new StallWatch(30_000);
    expect(watch.observe('d', { pending: 3, ackFloor: 10 }, t0)).toBe(false);
    expect(watch.observe('d', { pending: 3, ackFloor: 10 }, t0 + 29_999)).toBe(false);
    expect(watch.observe('d', { pending: 5, ackFloor: 10 }, t0 + 30_000)).toBe(true);
    // the floor moves: healthy again, and the time starts over
    expect(watch.observe('d', { pending: 5, ackFloor: 11 }, t0 + 31_000)).toBe(false);
    expect(watch.observe('d', { pending: 5, ackFloor: 11 }, t0 + 60_999)).toBe(false);
    expect(watch.observe('d', { pending: 5, ackFloor: 11 }, t0 + 61_000)).toBe(true);
  });

  it('never flags an idle consumer, and counts from when work was first seen, not from the last ack', () => {
    const watch = new StallWatch(30_000);
    expect(watch.observe('d', { pending: 0, ackFloor: 10 }, t0)).toBe(false);
    expect(watch.observe('d', { pending: 0, ackFloor: 10 }, t0 + 3_600_000)).toBe(false);
    // work arrives an hour after the last ack: not stalled at once
    expect(watch.observe('d', { pending: 1, ackFloor: 10 }, t0 + 3_600_001)).toBe(false);
    expect(watch.observe('d', { pending: 1, ackFloor: 10 }, t0 + 3_630_001)).toBe(true);
  });

  it('knows nothing while the consumer is unknown (link down) and starts over after it', () => {
    const watch = new StallWatch(30_000);
    expect(watch.observe('d', { pending: 2, ackFloor: 4 }, t0)).toBe(false);
    expect(watch.observe('d', null, t0 + 40_000)).toBeNull();
    expect(watch.observe('d', { pending: 2, ackFloor: 4 }, t0 + 41_000)).toBe(false);
    expect(watch.observe('d', { pending: 2, ackFloor: 4 }, t0 + 71_000)).toBe(true);
  });

  it('keeps each durable apart, and starts over when the clock is set back', () => {
    const watch = new StallWatch(30_000);
    watch.observe('a', { pending: 1, ackFloor: 1 }, t0);
    watch.observe('b', { pending: 1, ackFloor: 1 }, t0 + 20_000);
    expect(watch.observe('a', { pending: 1, ackFloor: 1 }, t0 + 30_000)).toBe(true);
    expect(watch.observe('b', { pending: 1, ackFloor: 1 }, t0 + 30_000)).toBe(false);
    expect(watch.observe('a', { pending: 1, ackFloor: 1 }, t0 - 1_000)).toBe(false);
  });
});

describe('totalOrNull', () => {
  it('adds counts, and is null when any is unknown (a partial sum would understate the backlog)', () => {
    expect(totalOrNull([3, 0, 4])).toBe(7);
    expect(totalOrNull([])).toBe(0);
    expect(totalOrNull([3, null, 4])).toBeNull();
  });
});
