import { OFFICIAL_HOLIDAYS } from '../calendar/holiday-calendar';
import { WorkingDayCalendar } from '../calendar/working-days';
import type { CaseEvent, CaseEventPayloads, CaseEventType } from '../case/case-events';
import { foldCase } from '../case/case-fold';
import { caseWarnings, responsibleNode, statutoryDueDate, type WarningKind } from './case-warnings';

const calendar = new WorkingDayCalendar(OFFICIAL_HOLIDAYS);
const at = (day: string): number => Date.parse(`${day}T02:00:00Z`); // 10:00 China time
const dateOf = (hlc: string): string => new Date(Number(hlc.slice(0, 15)) + 8 * 3600_000).toISOString().slice(0, 10);
let n = 0;
function ev<T extends CaseEventType>(type: T, payload: CaseEventPayloads[T], day: string, origin = 'jiekou'): CaseEvent {
  n++;
  return { id: `e${String(n).padStart(4, '0')}`, type, aggregate: 'c1', origin, hlc: `${String(at(day) + n).padStart(15, '0')}-000000-${origin}`, actor: 'x', payload } as CaseEvent;
}

const applicant = { kind: 'person', name: '张三', idNumber: 'x', phone: 'x' } as const;
/** Accepted at township jiekou on Thursday 2025-09-25: 3 promised and 15 statutory working days, decided at jiekou. */
function accepted(extra: CaseEvent[] = [], tolerated: CaseEventPayloads['case.accepted']['tolerated'] = null): CaseEvent[] {
  return [
    ev('case.submitted', { implCode: 'DEV1', itemVersion: 1, itemName: '个体工商户设立登记', applicant, queryCodeHash: 'h' }, '2025-09-25'),
    ev('case.accepted', { caseNumber: 'n', route: 'local', handlingNode: 'jiekou', coDepartments: [], tolerated, dueDate: '2025-09-29', limitDays: 3, statutoryDays: 15, delegation: null, department: 'SCJGJ', feeDueFen: 0 }, '2025-09-25'),
    ...extra,
  ];
}

const kinds = (events: CaseEvent[], today: string, followUpDue: string | null = null): WarningKind[] =>
  caseWarnings(foldCase('c1', events), { today, calendar, dateOf, followUpDue }).map((w) => w.kind);

describe('caseWarnings', () => {
  // Working days after 2025-09-25: 09-26 (Fri), 09-28 (调休 Sunday), 09-29 — due 09-29; then 09-30, the 国庆节/中秋节
  // holiday 10-01…10-08, 10-09, 10-10, 10-11 (调休 Saturday), 10-13 … 10-22 is the 15th working day (statutory).
  it.each([
    ['2025-09-26', [], 'two working days left'],
    ['2025-09-27', [], 'Saturday: still two left (09-28 is a make-up workday)'],
    ['2025-09-28', ['notice'], 'one working day left'],
    ['2025-09-29', ['notice'], 'the due date itself'],
    ['2025-09-30', ['yellow'], 'the first working day after the due date'],
    ['2025-10-08', ['yellow'], 'during the holiday'],
    ['2025-10-22', ['yellow'], 'the statutory due date itself'],
    ['2025-10-23', ['yellow', 'red'], 'the first working day after the statutory limit'],
  ])('on %s: %j (%s)', (today, expected) => {
    expect(kinds(accepted(), today)).toEqual(expected);
  });

  it('moves the limits past a holiday: due 09-30 is exceeded on 10-09, not during 国庆节 (no working day has passed)', () => {
    const events = [
      ev('case.submitted', { implCode: 'DEV1', itemVersion: 1, itemName: 'x', applicant, queryCodeHash: 'h' }, '2025-09-26'),
      ev('case.accepted', { caseNumber: 'n', route: 'local', handlingNode: 'jiekou', coDepartments: [], tolerated: null, dueDate: '2025-09-30', limitDays: 3, statutoryDays: 3, delegation: null, department: 'SCJGJ', feeDueFen: 0 }, '2025-09-26'),
    ];
    expect(kinds(events, '2025-10-08')).toEqual(['notice']);
    expect(kinds(events, '2025-10-09')).toEqual(['yellow', 'red']);
    expect(statutoryDueDate(foldCase('c1', events), calendar, dateOf)).toBe('2025-09-30');
  });

  it('names the responsible node and department: the handling node until the decision, then the window', () => {
    const upCase = [
      ev('case.submitted', { implCode: 'UP1', itemVersion: 1, itemName: 'x', applicant, queryCodeHash: 'h' }, '2025-09-25'),
      ev('case.accepted', { caseNumber: 'n', route: 'up', handlingNode: 'gz-city', coDepartments: [], tolerated: null, dueDate: '2025-09-29', limitDays: 3, statutoryDays: 15, delegation: null, department: 'SGHZYJ', feeDueFen: 0 }, '2025-09-25'),
    ];
    const [atCity] = caseWarnings(foldCase('c1', upCase), { today: '2025-09-30', calendar, dateOf, followUpDue: null });
    expect(atCity).toEqual({ kind: 'yellow', responsibleNode: 'gz-city', department: 'SGHZYJ', dueDate: '2025-09-29', workingDaysLeft: -1 });
    const decided = foldCase('c1', [...upCase, ev('case.approved', { reason: 'ok' }, '2025-09-29', 'gz-city'), ev('case.ready_for_issue', {}, '2025-09-29', 'gz-city')]);
    expect(responsibleNode(decided)).toBe('jiekou');
    expect(caseWarnings(decided, { today: '2025-09-30', calendar, dateOf, followUpDue: null })[0]).toMatchObject({ kind: 'yellow', responsibleNode: 'jiekou' });
  });

  it('carries no deadline warning while a special procedure stops the clock, nor once concluded', () => {
    expect(kinds(accepted([ev('case.review_started', { department: 'SCJGJ' }, '2025-09-26'), ev('case.procedure_started', { procedure: '听证' }, '2025-09-26')]), '2025-10-30')).toEqual([]);
    const concluded = accepted([ev('case.approved', { reason: 'ok' }, '2025-09-26'), ev('case.ready_for_issue', {}, '2025-09-26'), ev('case.issued', { method: 'window', trackingNumber: null }, '2025-09-26')]);
    expect(kinds(concluded, '2025-10-30')).toEqual([]);
  });

  it('takes the configured thresholds', () => {
    const state = foldCase('c1', accepted());
    const thresholds = { noticeDays: 2, yellowAfterDays: 1, redAfterDays: 0 };
    expect(caseWarnings(state, { today: '2025-09-26', calendar, dateOf, followUpDue: null, thresholds }).map((w) => w.kind)).toEqual(['notice']);
    expect(caseWarnings(state, { today: '2025-09-30', calendar, dateOf, followUpDue: null, thresholds }).map((w) => w.kind)).toEqual([]);
    expect(caseWarnings(state, { today: '2025-10-09', calendar, dateOf, followUpDue: null, thresholds }).map((w) => w.kind)).toEqual(['yellow']);
  });

  it('flags an unmet 容缺 promise from the first working day after its due date, at the window', () => {
    const events = accepted([], { materials: ['经营者身份证明'], due: '2025-09-27' });
    expect(kinds(events, '2025-09-27')).toEqual([]);
    expect(kinds(events, '2025-09-28')).toEqual(['notice', 'promise_overdue']);
    expect(kinds([...events, ev('case.materials_delivered', {}, '2025-09-28')], '2025-09-28')).toEqual(['notice']);
  });

  it('flags an unanswered 差评 follow-up past its due date', () => {
    const rated = accepted([
      ev('case.approved', { reason: 'ok' }, '2025-09-26'),
      ev('case.ready_for_issue', {}, '2025-09-26'),
      ev('case.issued', { method: 'window', trackingNumber: null }, '2025-09-26'),
      ev('case.rated', { score: 5, comment: '太慢' }, '2025-09-26'),
    ]);
    expect(kinds(rated, '2025-10-09', '2025-10-09')).toEqual([]);
    expect(kinds(rated, '2025-10-10', '2025-10-09')).toEqual(['follow_up_overdue']);
    expect(kinds([...rated, ev('case.follow_up_answered', { note: '已回访' }, '2025-10-09')], '2025-10-10', '2025-10-09')).toEqual([]);
  });

  it('gives no warning it cannot compute inside the calendar data', () => {
    expect(kinds(accepted(), '2031-01-05')).toEqual([]);
  });
});
