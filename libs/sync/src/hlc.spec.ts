import fc from 'fast-check';
import { compareHlc, formatHlc, type Hlc, hlcDay, hlcWall, HlcOverflowError, HybridLogicalClock, InvalidHlcError, parseHlc, stampedAt } from './hlc';

const T0 = Date.UTC(2024, 5, 1, 8, 0, 0); // 1717228800000

/** A wall clock the test sets by hand. */
function manualClock(start = T0) {
  let t = start;
  return {
    read: () => t,
    set: (value: number) => {
      t = value;
    },
  };
}

const hlcArb: fc.Arbitrary<Hlc> = fc.record({
  wall: fc.integer({ min: 0, max: 999_999_999_999_999 }),
  logical: fc.integer({ min: 0, max: 999_999 }),
  node: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/),
});

/** Values close together, so that equal walls, logicals and node prefixes are common. */
const nearHlcArb: fc.Arbitrary<Hlc> = fc.record({
  wall: fc.integer({ min: T0, max: T0 + 2 }),
  logical: fc.integer({ min: 0, max: 2 }),
  node: fc.constantFrom('a1', 'a1-b', 'a10', 'ab', 'b0', 'jiekou', 'jiekou-2', 'z9'),
});

const sign = (n: number) => Math.sign(n);
const stringCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('formatHlc / parseHlc', () => {
  it('formats fixed-width: 15-digit wall, 6-digit logical, node', () => {
    expect(formatHlc({ wall: T0, logical: 3, node: 'jiekou' })).toBe('001717228800000-000003-jiekou');
    expect(formatHlc({ wall: 0, logical: 0, node: 'gz-city' })).toBe('000000000000000-000000-gz-city');
  });

  it('round-trips any valid timestamp', () => {
    fc.assert(
      fc.property(hlcArb, (h) => {
        const s = formatHlc(h);
        expect(parseHlc(s)).toEqual(h);
        expect(formatHlc(parseHlc(s) as Hlc)).toBe(s);
      }),
    );
  });

  it('refuses to format values that do not fit', () => {
    expect(() => formatHlc({ wall: -1, logical: 0, node: 'ab' })).toThrow(InvalidHlcError);
    expect(() => formatHlc({ wall: 10 ** 15, logical: 0, node: 'ab' })).toThrow(InvalidHlcError);
    expect(() => formatHlc({ wall: 1.5, logical: 0, node: 'ab' })).toThrow(InvalidHlcError);
    expect(() => formatHlc({ wall: 1, logical: 1_000_000, node: 'ab' })).toThrow(InvalidHlcError);
    expect(() => formatHlc({ wall: 1, logical: 0, node: 'Bad_Node' })).toThrow(InvalidHlcError);
  });

  it.each([
    '',
    '1717228800000-000003-jiekou',
    '001717228800000-3-jiekou',
    '001717228800000-000003-',
    '001717228800000-000003-Jiekou',
    '001717228800000-000003--jiekou',
    '001717228800000-000003-jiekou-',
    '001717228800000-000003-jiekou\n',
    ' 001717228800000-000003-jiekou',
    '00171722880000x-000003-jiekou',
  ])('parses %j as null', (s) => {
    expect(parseHlc(s)).toBeNull();
  });
});

describe('compareHlc', () => {
  it('orders by wall, then logical, then node', () => {
    const a = formatHlc({ wall: 2, logical: 0, node: 'aa' });
    const b = formatHlc({ wall: 1, logical: 9, node: 'zz' });
    expect(compareHlc(a, b)).toBe(1);
    expect(compareHlc(formatHlc({ wall: 1, logical: 1, node: 'zz' }), formatHlc({ wall: 1, logical: 2, node: 'aa' }))).toBe(-1);
    expect(compareHlc(formatHlc({ wall: 1, logical: 1, node: 'aa' }), formatHlc({ wall: 1, logical: 1, node: 'ab' }))).toBe(-1);
    expect(compareHlc(a, a)).toBe(0);
  });

  it('agrees with string order (property)', () => {
    for (const arb of [hlcArb, nearHlcArb]) {
      fc.assert(
        fc.property(arb, arb, (x, y) => {
          const a = formatHlc(x);
          const b = formatHlc(y);
          expect(sign(compareHlc(a, b))).toBe(stringCompare(a, b));
          expect(sign(compareHlc(b, a))).toBe(stringCompare(b, a));
        }),
        { numRuns: 500 },
      );
    }
  });

  it('sorting by compareHlc equals sorting the strings', () => {
    fc.assert(
      fc.property(fc.array(nearHlcArb, { maxLength: 30 }), (hs) => {
        const strings = hs.map(formatHlc);
        expect([...strings].sort(compareHlc)).toEqual([...strings].sort());
      }),
    );
  });

  it('throws for malformed input', () => {
    expect(() => compareHlc('nope', formatHlc({ wall: 1, logical: 0, node: 'ab' }))).toThrow(InvalidHlcError);
  });
});

describe('HybridLogicalClock', () => {
  it('follows the wall clock when it moves forward', () => {
    const clock = manualClock();
    const hlc = new HybridLogicalClock('jiekou', clock.read);
    expect(hlc.now()).toBe(formatHlc({ wall: T0, logical: 0, node: 'jiekou' }));
    expect(hlc.now()).toBe(formatHlc({ wall: T0, logical: 1, node: 'jiekou' }));
    clock.set(T0 + 5);
    expect(hlc.now()).toBe(formatHlc({ wall: T0 + 5, logical: 0, node: 'jiekou' }));
    expect(hlc.last()).toBe(formatHlc({ wall: T0 + 5, logical: 0, node: 'jiekou' }));
  });

  it('stays monotonic when the wall clock goes backwards', () => {
    const clock = manualClock();
    const hlc = new HybridLogicalClock('jiekou', clock.read);
    const first = hlc.now();
    clock.set(T0 - 3_600_000); // someone set the village PC back an hour
    const second = hlc.now();
    const third = hlc.now();
    expect(compareHlc(first, second)).toBe(-1);
    expect(compareHlc(second, third)).toBe(-1);
    expect(parseHlc(third)).toEqual({ wall: T0, logical: 2, node: 'jiekou' });
  });

  it('is strictly increasing whatever the wall clock does (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: T0 - 10_000, max: T0 + 10_000 }), { minLength: 1, maxLength: 200 }), (times) => {
        const clock = manualClock();
        const hlc = new HybridLogicalClock('ab', clock.read);
        let previous = hlc.last();
        for (const t of times) {
          clock.set(t);
          const next = hlc.now();
          expect(next > previous).toBe(true);
          previous = next;
        }
      }),
    );
  });

  it('merges a remote timestamp ahead of it and reports the skew', () => {
    const clock = manualClock();
    const hlc = new HybridLogicalClock('jiekou', clock.read);
    hlc.now();
    const remote = formatHlc({ wall: T0 + 2000, logical: 7, node: 'conghua' });
    const { hlc: merged, skewMs } = hlc.receive(remote);
    expect(skewMs).toBe(2000);
    expect(parseHlc(merged)).toEqual({ wall: T0 + 2000, logical: 8, node: 'jiekou' });
    expect(compareHlc(merged, remote)).toBe(1);
    // Later local events stay after the received one even though the wall clock has not caught up.
    expect(parseHlc(hlc.now())).toEqual({ wall: T0 + 2000, logical: 9, node: 'jiekou' });
  });

  it('merges equal walls by the larger logical counter', () => {
    const clock = manualClock();
    const hlc = new HybridLogicalClock('jiekou', clock.read);
    hlc.receive(formatHlc({ wall: T0, logical: 4, node: 'conghua' }));
    expect(parseHlc(hlc.last())).toEqual({ wall: T0, logical: 5, node: 'jiekou' });
    hlc.receive(formatHlc({ wall: T0, logical: 2, node: 'conghua' }));
    expect(parseHlc(hlc.last())).toEqual({ wall: T0, logical: 6, node: 'jiekou' });
  });

  it('keeps its own time for a remote behind it and reports negative skew', () => {
    const clock = manualClock();
    const hlc = new HybridLogicalClock('jiekou', clock.read);
    const { hlc: merged, skewMs } = hlc.receive(formatHlc({ wall: T0 - 500, logical: 42, node: 'conghua' }));
    expect(skewMs).toBe(-500);
    expect(parseHlc(merged)).toEqual({ wall: T0, logical: 0, node: 'jiekou' });
  });

  it('does not merge a remote too far ahead, but still reports its skew', () => {
    const clock = manualClock();
    const hlc = new HybridLogicalClock('jiekou', clock.read);
    const yearAhead = formatHlc({ wall: T0 + 365 * 86_400_000, logical: 0, node: 'village-pc' });
    const { hlc: after, skewMs } = hlc.receive(yearAhead);
    expect(skewMs).toBe(365 * 86_400_000);
    expect(parseHlc(after)).toEqual({ wall: T0, logical: 0, node: 'jiekou' });
    expect(parseHlc(hlc.now())).toEqual({ wall: T0, logical: 1, node: 'jiekou' });
  });

  it('takes the drift limit from the options, and merges up to exactly the limit', () => {
    const clock = manualClock();
    const hlc = new HybridLogicalClock('jiekou', clock.read, { maxForwardDriftMs: 1000 });
    expect(parseHlc(hlc.receive(formatHlc({ wall: T0 + 1001, logical: 0, node: 'ab' })).hlc)?.wall).toBe(T0);
    expect(parseHlc(hlc.receive(formatHlc({ wall: T0 + 1000, logical: 0, node: 'ab' })).hlc)?.wall).toBe(T0 + 1000);
    const byDefault = new HybridLogicalClock('jiekou', clock.read);
    expect(parseHlc(byDefault.receive(formatHlc({ wall: T0 + 60_000, logical: 0, node: 'ab' })).hlc)?.wall).toBe(T0 + 60_000);
    expect(parseHlc(byDefault.receive(formatHlc({ wall: T0 + 120_001, logical: 0, node: 'ab' })).hlc)?.wall).toBe(T0 + 60_000);
  });

  it('rejects a malformed remote timestamp', () => {
    const hlc = new HybridLogicalClock('jiekou', () => T0);
    expect(() => hlc.receive('garbage')).toThrow(InvalidHlcError);
  });

  it('throws HlcOverflowError when the logical counter would pass 999999, leaving the clock unchanged', () => {
    const stuck = () => T0;
    const hlc = new HybridLogicalClock('jiekou', stuck, { resumeFrom: formatHlc({ wall: T0, logical: 999_998, node: 'jiekou' }) });
    expect(parseHlc(hlc.now())).toEqual({ wall: T0, logical: 999_999, node: 'jiekou' });
    const before = hlc.last();
    expect(() => hlc.now()).toThrow(HlcOverflowError);
    expect(() => hlc.now()).toThrow(expect.objectContaining({ name: 'HlcOverflowError' }));
    expect(() => hlc.receive(formatHlc({ wall: T0, logical: 999_999, node: 'ab' }))).toThrow(HlcOverflowError);
    expect(hlc.last()).toBe(before);
  });

  it('also overflows on receive of a remote at the maximum logical counter', () => {
    const hlc = new HybridLogicalClock('jiekou', () => T0);
    expect(() => hlc.receive(formatHlc({ wall: T0 + 1, logical: 999_999, node: 'ab' }))).toThrow(HlcOverflowError);
    expect(hlc.last()).toBe(formatHlc({ wall: 0, logical: 0, node: 'jiekou' }));
  });

  it('resumes after a restart above what it issued before', () => {
    const before = formatHlc({ wall: T0, logical: 10, node: 'jiekou' });
    const hlc = new HybridLogicalClock('jiekou', () => T0 - 60_000, { resumeFrom: before });
    expect(compareHlc(hlc.now(), before)).toBe(1);
  });

  it('validates its node id and its wall clock', () => {
    expect(() => new HybridLogicalClock('Not A Node')).toThrow(InvalidHlcError);
    expect(() => new HybridLogicalClock('ab', () => NaN).now()).toThrow(RangeError);
    expect(() => new HybridLogicalClock('ab', () => -1).now()).toThrow(RangeError);
  });

  it('defaults to the system clock', () => {
    const before = Date.now();
    const wall = parseHlc(new HybridLogicalClock('ab').now())?.wall ?? 0;
    expect(wall).toBeGreaterThanOrEqual(before);
    expect(wall).toBeLessThanOrEqual(Date.now());
  });
});

describe('hlcWall, hlcDay and stampedAt', () => {
  const at = (iso: string) => formatHlc({ wall: Date.parse(iso), logical: 3, node: 'jiekou' });

  it('read the wall time of a timestamp', () => {
    expect(hlcWall(at('2026-03-31T15:59:59.999Z'))).toBe(Date.parse('2026-03-31T15:59:59.999Z'));
    expect(stampedAt(at('2026-03-31T15:59:59.999Z'))).toBe('2026-03-31T15:59:59.999Z');
  });

  it('give the day in China Standard Time', () => {
    expect(hlcDay(at('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(hlcDay(at('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
  });

  it('give NaN for what is not a timestamp', () => {
    expect(hlcWall('not-an-hlc')).toBeNaN();
  });
});
