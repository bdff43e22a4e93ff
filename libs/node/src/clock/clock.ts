/** Injection token of the node's clock. Domain code asks the clock, never `Date.now()`, so tests can set time. */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Service centres work in China Standard Time whatever the server's zone: today's date there, as YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
