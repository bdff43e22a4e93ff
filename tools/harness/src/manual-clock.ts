/**
 * A clock a test moves by hand (the node's `Clock`: `now()`), for deadlines, supervision and monitoring. Time only
 * moves when the test says so; `set` may not go back, since the node's hybrid logical clock never does either.
 */
export class ManualClock {
  private ms: number;

  constructor(start: Date | string) {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new Error(`ManualClock: bad start ${String(start)}`);
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Moves to `at` (an ISO timestamp, or YYYY-MM-DD for 09:00 China Standard Time that day). */
  set(at: Date | string): void {
    const next = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? Date.parse(`${at}T09:00:00+08:00`) : new Date(at).getTime();
    if (Number.isNaN(next)) throw new Error(`ManualClock: bad time ${String(at)}`);
    if (next < this.ms) throw new Error(`ManualClock: time may not go back (${new Date(next).toISOString()} < ${new Date(this.ms).toISOString()})`);
    this.ms = next;
  }

  advance(ms: number): void {
    this.set(new Date(this.ms + ms));
  }
}
