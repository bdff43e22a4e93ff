import { chinaDate } from './china-date';

describe('chinaDate', () => {
  it('turns the day at 16:00 UTC (midnight in China Standard Time, UTC+8 all year)', () => {
    expect(chinaDate(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03-31');
    expect(chinaDate(new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-04-01');
    expect(chinaDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(chinaDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('has no daylight saving time: the boundary is 16:00 UTC in summer too', () => {
    expect(chinaDate(new Date('2026-07-15T15:59:59Z'))).toBe('2026-07-15');
    expect(chinaDate(new Date('2026-07-15T16:00:00Z'))).toBe('2026-07-16');
  });

  it('refuses an invalid date', () => {
    expect(() => chinaDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
