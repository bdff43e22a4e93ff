/**
 * 好差评 runs from 1 非常满意 to 5 非常不满意. A 差评 is a rating of 4 (不满意) or 5 (非常不满意): it counts in the
 * 差评率 and opens a follow-up the window must answer. This is the one place that says so.
 */
export function isBadRating(score: number | null): boolean {
  return score !== null && score >= 4;
}
