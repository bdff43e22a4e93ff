/**
 * A clock that runs at real speed from a fixed start: `now()` is `start` plus the real time elapsed since the clock
 * was made. Tests that need moving time but fixed dates use it, so their dates stay inside the holiday calendar's
 * data (a deadline past it is an error, never a guess) whatever day the tests run on.
 */
export class ShiftedClock {
  private readonly offsetMs: number;

  constructor(start: Date | string) {
    const at = new Date(start).getTime();
    if (Number.isNaN(at)) throw new Error(`ShiftedClock: bad start ${String(start)}`);
    this.offsetMs = at - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** Monday 2026-03-02, 09:00 China Standard Time: a working week with no holiday near it. */
export const TEST_EPOCH = '2026-03-02T01:00:00Z';
