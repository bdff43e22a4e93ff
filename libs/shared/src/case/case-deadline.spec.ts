import { OFFICIAL_HOLIDAYS } from '../calendar/holiday-calendar';
import { WorkingDayCalendar } from '../calendar/working-days';
import { caseDeadline } from './case-deadline';
import type { CaseEvent, CaseEventPayloads, CaseEventType } from './case-events';
import { foldCase } from './case-fold';

const calendar = new WorkingDayCalendar(OFFICIAL_HOLIDAYS);
/** Events at 10:00 China time on the given day. */
const at = (day: string): number => Date.parse(`${day}T02:00:00Z`);
const dateOf = (hlc: string): string => new Date(Number(hlc.slice(0, 15)) + 8 * 3600_000).toISOString().slice(0, 10);
let n = 0;
function ev<T extends CaseEventType>(type: T, payload: CaseEventPayloads[T], day: string, origin = 'gz-city'): CaseEvent {
  n++;
  return { id: `e${String(n).padStart(4, '0')}`, type, aggregate: 'c1', origin, hlc: `${String(at(day) + n).padStart(15, '0')}-000000-${origin}`, actor: 'x', payload } as CaseEvent;
}

function journey(extra: CaseEvent[]): CaseEvent[] {
  return [
    ev('case.submitted', { implCode: 'C1', itemVersion: 1, itemName: '建设工程规划许可', applicant: { kind: 'person', name: '张三', idNumber: 'x', phone: 'x' }, queryCodeHash: 'h' }, '2026-02-13', 'jiekou'),
    ev('case.accepted', { caseNumber: 'n', route: 'up', handlingNode: 'gz-city', coDepartments: ['SZJJ', 'SGHZYJ'], tolerated: null, dueDate: '2026-02-25', limitDays: 3, statutoryDays: 20, delegation: null, department: 'SCJGJ', feeDueFen: 0 }, '2026-02-13', 'jiekou'),
    ev('case.review_started', { department: 'SCJGJ' }, '2026-02-14'),
    ...extra,
  ];
}

describe('caseDeadline', () => {
  it('counts the promised working days from the day after acceptance (2026-02-13 + 3 = 2026-02-25)', () => {
    expect(caseDeadline(foldCase('c1', journey([])), calendar, dateOf)).toEqual({ dueDate: '2026-02-25', clockStopped: false, stoppedDays: 0 });
  });

  it('stops the clock during a special procedure and adds the one extension', () => {
    const state = foldCase(
      'c1',
      journey([
        ev('case.opinion_given', { department: 'SZJJ', opinion: 'agree', note: '' }, '2026-02-24'),
        ev('case.procedure_started', { procedure: '现场勘验' }, '2026-02-24'),
        ev('case.procedure_ended', { procedure: '现场勘验' }, '2026-02-26'),
        ev('case.opinion_given', { department: 'SGHZYJ', opinion: 'agree', note: '' }, '2026-02-26'),
        ev('case.extended', { days: 2, reason: '情况复杂' }, '2026-02-26'),
      ]),
    );
    expect(state.status).toBe('in_review');
    // stopped on 02-24 and 02-25 (2 working days): 3 + 2 + 2 = 7 working days after 02-13:
    // 02-14 (调休 Saturday), 02-24, 02-25, 02-26, 02-27, 02-28 (调休 Saturday), 03-02
    expect(caseDeadline(state, calendar, dateOf)).toEqual({ dueDate: '2026-03-02', clockStopped: false, stoppedDays: 2 });
  });

  it('has no due date while a procedure is running, and none before acceptance', () => {
    const running = foldCase('c1', journey([ev('case.procedure_started', { procedure: '听证' }, '2026-02-24')]));
    expect(caseDeadline(running, calendar, dateOf)).toEqual({ dueDate: null, clockStopped: true, stoppedDays: 0 });
    expect(caseDeadline(foldCase('c1', journey([]).slice(0, 1)), calendar, dateOf).dueDate).toBeNull();
  });
});
