import { isBadRating } from './rating';

describe('isBadRating', () => {
  it('is a 差评 from 4 (不满意) up, satisfied from 1 to 3', () => {
    expect([1, 2, 3, 4, 5].map(isBadRating)).toEqual([false, false, false, true, true]);
  });

  it('is no 差评 without a rating', () => {
    expect(isBadRating(null)).toBe(false);
  });
});
