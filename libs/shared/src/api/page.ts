/** A page of a list answer (`offset` and `limit` where the route takes them). */
export interface PageView<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly offset?: number;
  readonly limit?: number;
}
