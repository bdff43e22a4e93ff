// One formatter for the whole process: building an Intl.DateTimeFormat costs far more than formatting with one.
const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Service centres work in China Standard Time whatever the server's or browser's zone: the day of `at` there,
 * as YYYY-MM-DD. Throws a RangeError for an invalid date.
 */
export function chinaDate(at: Date): string {
  return CHINA_DAY.format(at);
}
