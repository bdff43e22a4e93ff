/** Injection token of the node's clock. Domain code asks the clock, never `Date.now()`, so tests can set time. */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The China-date rule lives in libs/shared; re-exported here for the node's public surface. */
export { chinaDate } from '@liandong/shared';
