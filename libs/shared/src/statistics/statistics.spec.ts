import { OFFICIAL_HOLIDAYS } from '../calendar/holiday-calendar';
import { WorkingDayCalendar } from '../calendar/working-days';
import type { CaseChannel, CaseEvent, CaseEventPayloads, CaseEventType } from '../case/case-events';
import { foldCase } from '../case/case-fold';
import { caseFacts, type CaseFacts } from './case-facts';
import { aggregateStatistics } from './statistics';

const calendar = new WorkingDayCalendar(OFFICIAL_HOLIDAYS);
const at = (day: string): number => Date.parse(`${day}T02:00:00Z`);
const dateOf = (hlc: string): string => new Date(Number(hlc.slice(0, 15)) + 8 * 3600_000).toISOString().slice(0, 10);
let n = 0;
function ev<T extends CaseEventType>(type: T, payload: CaseEventPayloads[T], day: string): CaseEvent {
  n++;
  return { id: `e${String(n).padStart(4, '0')}`, type, aggregate: 'c1', origin: 'jiekou', hlc: `${String(at(day) + n).padStart(15, '0')}-000000-jiekou`, actor: 'x', payload } as CaseEvent;
}
const applicant = { kind: 'person', name: '张三', idNumber: 'x', phone: 'x' } as const;
const accepted = (day: string, limitDays = 3) =>
  ev('case.accepted', { caseNumber: 'n', route: 'local', handlingNode: 'jiekou', coDepartments: [], tolerated: null, dueDate: 'x', limitDays, statutoryDays: 15, delegation: null, department: 'SCJGJ', feeDueFen: 0, maxVisits: 1 }, day);
const submitted = (day: string, channel?: CaseChannel) => ev('case.submitted', { implCode: 'DEV1', itemVersion: 1, itemName: '个体工商户设立登记', applicant, queryCodeHash: 'h', channel, department: 'SCJGJ' }, day);
const concluded = (day: string, method: 'window' | 'express') => [ev('case.approved', { reason: 'ok' }, day), ev('case.ready_for_issue', {}, day), ev('case.issued', { method, trackingNumber: method === 'express' ? 'SF1' : null }, day)];
const facts = (events: CaseEvent[]): CaseFacts => caseFacts(foldCase('c1', events), 'township', calendar, dateOf);

describe('caseFacts', () => {
  it('dates each step and counts working days across a holiday (2025-09-30 → 2025-10-09 is 1 working day)', () => {
    const f = facts([submitted('2025-09-30'), accepted('2025-09-30'), ...concluded('2025-10-09', 'express'), ev('case.rated', { score: 2, comment: '' }, '2025-10-09')]);
    expect(f).toMatchObject({ receivedOn: '2025-09-30', acceptedOn: '2025-09-30', concludedOn: '2025-10-09', ratedOn: '2025-10-09', workingDays: 1, score: 2, channel: 'window', department: 'SCJGJ' });
    // due 3 working days after 09-30: 10-09, 10-10, 10-11 (调休 Saturday)
    expect(f).toMatchObject({ dueDate: '2025-10-11', onTime: true, visits: 1, maxVisits: 1 });
  });

  it('counts the visits: a window application, each supplement, collecting at the window unless in the same visit', () => {
    const supplemented = [submitted('2026-03-02'), ev('case.supplement_requested', { missing: ['x'] }, '2026-03-02'), ev('case.supplemented', {}, '2026-03-03'), accepted('2026-03-03')];
    expect(facts([...supplemented, ...concluded('2026-03-05', 'window')]).visits).toBe(3);
    expect(facts([...supplemented, ...concluded('2026-03-05', 'express')]).visits).toBe(2);
    expect(facts([submitted('2026-03-02'), accepted('2026-03-02', 0), ...concluded('2026-03-02', 'window')]).visits).toBe(1);
    expect(facts([submitted('2026-03-02', 'online'), accepted('2026-03-02'), ...concluded('2026-03-04', 'express')]).visits).toBe(0);
    expect(facts([submitted('2026-03-02', 'online'), accepted('2026-03-02', 0), ...concluded('2026-03-02', 'window')]).visits).toBe(1);
    expect(facts([submitted('2026-03-02'), accepted('2026-03-02')]).visits).toBeNull();
  });

  it('knows a late conclusion and a refusal', () => {
    expect(facts([submitted('2026-03-02'), accepted('2026-03-02'), ...concluded('2026-03-06', 'window')])).toMatchObject({ dueDate: '2026-03-05', onTime: false, workingDays: 4 });
    const refused = facts([submitted('2026-03-02'), ev('case.refused', { reason: 'x', legalBasis: 'y' }, '2026-03-02')]);
    expect(refused).toMatchObject({ refusedOn: '2026-03-02', acceptedOn: null, department: 'SCJGJ', visits: null, onTime: null });
  });
});

describe('aggregateStatistics', () => {
  const base = facts([submitted('2026-02-27'), accepted('2026-02-27'), ...concluded('2026-03-02', 'window'), ev('case.rated', { score: 5, comment: '' }, '2026-03-03')]);
  const other: CaseFacts = { ...base, caseId: 'c2', acceptingNode: 'wenquan', receivedOn: '2026-03-02', acceptedOn: '2026-03-02', concludedOn: null, ratedOn: null, score: null, channel: 'online' };

  it('counts each figure in the period of its own step', () => {
    const march = aggregateStatistics([base, other], { from: '2026-03-01', to: '2026-03-31' });
    expect(march.total).toMatchObject({ received: 1, accepted: 1, concluded: 1, rated: 1, badRatings: 1, badRatingRate: 1, satisfaction: 0, online: 1, onlineShare: 1 });
    const february = aggregateStatistics([base, other], { from: '2026-02-01', to: '2026-02-28' });
    expect(february.total).toMatchObject({ received: 1, accepted: 1, concluded: 0, rated: 0, onTimeRate: null, avgWorkingDays: null, satisfaction: null });
  });

  it('groups by month by the month of each step, and by node', () => {
    const table = aggregateStatistics([base, other], { from: '2026-02-01', to: '2026-03-31' }, 'month');
    expect(table.rows.map((r) => [r.key, r.label, r.received, r.concluded])).toEqual([
      ['2026-02', '2026年02月', 1, 0],
      ['2026-03', '2026年03月', 1, 1],
    ]);
    expect(aggregateStatistics([base, other], { from: '2026-02-01', to: '2026-03-31' }, 'node').rows.map((r) => [r.key, r.received])).toEqual([
      ['jiekou', 1],
      ['wenquan', 1],
    ]);
  });
});
