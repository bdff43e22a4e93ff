import fc from 'fast-check';
import type { CaseEvent, CaseEventPayloads, CaseEventType } from './case-events';
import { applyCaseEvent, emptyCase, foldCase, isFinal, type CaseState } from './case-fold';

const CASE = 'c-0001';
let seq = 0;

/** An event stamped like the sync layer does: `<wall ms, 15 digits>-<logical, 6 digits>-<node>`. */
function ev<T extends CaseEventType>(type: T, payload: CaseEventPayloads[T], options: { at: number; origin?: string; actor?: string }): CaseEvent {
  seq++;
  const origin = options.origin ?? 'jiekou';
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    type,
    aggregate: CASE,
    origin,
    hlc: `${String(1_790_000_000_000 + options.at).padStart(15, '0')}-000000-${origin}`,
    actor: options.actor ?? 'clerk',
    payload,
  } as CaseEvent;
}

const submission = (implCode: string, itemVersion: number): CaseEventPayloads['case.submitted'] => ({
  implCode,
  itemVersion,
  itemName: '个体工商户设立登记',
  applicant: { kind: 'person', name: '张三', idNumber: '440106199001011230', phone: '13812345678' },
  queryCodeHash: 'a'.repeat(64),
});

const accepted = (at: number, coDepartments: string[] = [], origin = 'jiekou', handlingNode = 'gz-city') =>
  ev('case.accepted', { caseNumber: '440117001-20260302-0001', route: 'up', handlingNode, coDepartments, tolerated: null, dueDate: '2026-03-10', limitDays: 5, statutoryDays: 20, delegation: null, department: 'SCJGJ', feeDueFen: 0 }, { at, origin });

/** A city-level item accepted at township jiekou, decided at the city with two co-departments, issued at jiekou. */
function fullJourney(): CaseEvent[] {
  return [
    ev('case.submitted', submission('C1', 3), { at: 1 }),
    accepted(2, ['SZJJ', 'SGHZYJ']),
    ev('case.review_started', { department: 'SCJGJ' }, { at: 3, origin: 'gz-city', actor: 'approver' }),
    ev('case.opinion_given', { department: 'SZJJ', opinion: 'agree', note: '同意' }, { at: 4, origin: 'gz-city' }),
    ev('case.procedure_started', { procedure: '现场勘验' }, { at: 5, origin: 'gz-city' }),
    ev('case.procedure_ended', { procedure: '现场勘验' }, { at: 6, origin: 'gz-city' }),
    ev('case.opinion_given', { department: 'SGHZYJ', opinion: 'agree', note: '同意' }, { at: 7, origin: 'gz-city' }),
    ev('case.approved', { reason: '符合条件' }, { at: 8, origin: 'gz-city', actor: 'approver' }),
    ev('case.ready_for_issue', {}, { at: 9, origin: 'gz-city' }),
    ev('case.issued', { method: 'express', trackingNumber: 'SF1234567890' }, { at: 10 }),
    ev('case.rated', { score: 1, comment: '' }, { at: 11 }),
  ];
}

describe('foldCase', () => {
  it('follows a case from the window through parallel approval back to the window', () => {
    const state = foldCase(CASE, fullJourney());
    expect(state.status).toBe('concluded');
    expect(state.conflicts).toEqual([]);
    expect(state.timeline.map((s) => s.to)).toEqual([
      'submitted',
      'accepted',
      'in_review',
      'in_review',
      'suspended',
      'in_review',
      'in_review',
      'approved',
      'ready_for_issue',
      'concluded',
      'concluded',
    ]);
    expect(state).toMatchObject({ caseNumber: '440117001-20260302-0001', acceptingNode: 'jiekou', opinions: { SZJJ: 'agree', SGHZYJ: 'agree' }, rating: 1, implCode: 'C1' });
    expect(isFinal(state)).toBe(true);
  });

  it('takes a new query code only from the accepting window after acceptance; the newest one counts, in any order', () => {
    const before = ev('case.query_code_reissued', { queryCodeHash: 'b'.repeat(64) }, { at: 2 });
    const fromCity = ev('case.query_code_reissued', { queryCodeHash: 'c'.repeat(64) }, { at: 4, origin: 'gz-city' });
    const first = ev('case.query_code_reissued', { queryCodeHash: 'd'.repeat(64) }, { at: 5 });
    const second = ev('case.query_code_reissued', { queryCodeHash: 'e'.repeat(64) }, { at: 6 });
    const events = [ev('case.submitted', submission('C1', 1), { at: 1 }), before, accepted(3), fromCity, first, second];
    const state = foldCase(CASE, events);
    expect(state.queryCodeHash).toBe('e'.repeat(64));
    expect(state.status).toBe('accepted');
    expect(state.conflicts.map((c) => [c.eventId, c.reason])).toEqual([
      [before.id, 'a new query code is issued by the accepting window once the case is accepted'],
      [fromCity.id, 'only the accepting window (jiekou) may send case.query_code_reissued'],
    ]);
    expect(foldCase(CASE, [...events].reverse())).toEqual(state);
  });

  it('lets the lead decide only after every co-department has given its opinion', () => {
    const events = [
      ev('case.submitted', submission('C1', 1), { at: 1 }),
      accepted(2, ['SZJJ', 'SGHZYJ']),
      ev('case.review_started', { department: 'SCJGJ' }, { at: 3, origin: 'gz-city' }),
      ev('case.opinion_given', { department: 'SZJJ', opinion: 'agree', note: '' }, { at: 4, origin: 'gz-city' }),
      ev('case.approved', { reason: '' }, { at: 5, origin: 'gz-city' }),
    ];
    const state = foldCase(CASE, events);
    expect(state.status).toBe('in_review');
    expect(state.conflicts.map((c) => c.reason)).toEqual(['the lead decides after every co-department: waiting for SGHZYJ']);
  });

  it('concludes an immediate item in one visit', () => {
    const state = foldCase(CASE, [
      ev('case.submitted', submission('IMM', 1), { at: 1 }),
      accepted(2, [], 'jiekou', 'jiekou'),
      ev('case.approved', { reason: '即办' }, { at: 3 }),
      ev('case.ready_for_issue', {}, { at: 4 }),
      ev('case.issued', { method: 'window', trackingNumber: null }, { at: 5 }),
    ]);
    expect(state.status).toBe('concluded');
    expect(state.conflicts).toEqual([]);
  });

  it('keeps the earlier of a withdrawal and an approval and lists the other as a conflict', () => {
    const base = [ev('case.submitted', submission('C1', 1), { at: 1 }), accepted(2), ev('case.review_started', { department: 'D' }, { at: 3, origin: 'gz-city' })];
    const withdrawal = ev('case.withdrawn', { reason: '申请人撤回' }, { at: 5, origin: 'jiekou' });
    const approval = ev('case.approved', { reason: '' }, { at: 6, origin: 'gz-city' });
    const state = foldCase(CASE, [approval, ...base, withdrawal]);
    expect(state.status).toBe('withdrawn');
    expect(state.conflicts).toEqual([
      { eventId: approval.id, type: 'case.approved', origin: 'gz-city', hlc: approval.hlc, status: 'withdrawn', reason: expect.stringContaining('not allowed when the case is withdrawn') },
    ]);
  });

  it('issues only at the accepting window', () => {
    const state = foldCase(CASE, [
      ev('case.submitted', submission('C1', 1), { at: 1 }),
      accepted(2),
      ev('case.approved', { reason: '' }, { at: 3, origin: 'gz-city' }),
      ev('case.ready_for_issue', {}, { at: 4, origin: 'gz-city' }),
      ev('case.issued', { method: 'window', trackingNumber: null }, { at: 5, origin: 'wenquan' }),
    ]);
    expect(state.status).toBe('ready_for_issue');
    expect(state.conflicts[0]?.reason).toBe('only the accepting window (jiekou) may send case.issued');
  });

  it('lets only the handling node decide', () => {
    const forged = ev('case.approved', { reason: '' }, { at: 3, origin: 'wenquan' });
    const state = foldCase(CASE, [ev('case.submitted', submission('C1', 1), { at: 1 }), accepted(2), forged]);
    expect(state.status).toBe('accepted');
    expect(state.conflicts.map((c) => c.reason)).toEqual(['only the handling node (gz-city) may send case.approved']);
  });

  it('allows one extension, a supplement round and refuses moves out of final states', () => {
    const state = foldCase(CASE, [
      ev('case.submitted', submission('C1', 1), { at: 1 }),
      ev('case.supplement_requested', { missing: ['户口簿'] }, { at: 2 }),
      ev('case.supplemented', {}, { at: 3 }),
      accepted(4),
      ev('case.extended', { days: 10, reason: '情况复杂' }, { at: 5, origin: 'gz-city' }),
      ev('case.extended', { days: 5, reason: '再次延长' }, { at: 6, origin: 'gz-city' }),
    ]);
    expect(state).toMatchObject({ status: 'accepted', extensionDays: 10 });
    expect(state.conflicts.map((c) => c.reason)).toEqual(['the case has already been extended once']);
    const refused = foldCase(CASE, [ev('case.submitted', submission('C1', 1), { at: 1 }), ev('case.refused', { reason: '不属于受理范围', legalBasis: '《行政许可法》第三十二条' }, { at: 2 }), accepted(3)]);
    expect(refused.status).toBe('refused');
    expect(refused.conflicts).toHaveLength(1);
  });

  it('settles fees at the window before issuance (一费制), and follows up a 差评 once', () => {
    const withFee = (at: number) => ev('case.accepted', { caseNumber: 'n', route: 'local', handlingNode: 'jiekou', coDepartments: [], tolerated: null, dueDate: '2026-03-10', limitDays: 1, statutoryDays: 20, delegation: null, department: 'D', feeDueFen: 2000 }, { at });
    const base = [ev('case.submitted', submission('C1', 1), { at: 1 }), withFee(2), ev('case.approved', { reason: '' }, { at: 3 }), ev('case.ready_for_issue', {}, { at: 4 })];
    const unpaid = foldCase(CASE, [...base, ev('case.issued', { method: 'window', trackingNumber: null }, { at: 5 })]);
    expect(unpaid.status).toBe('ready_for_issue');
    expect(unpaid.conflicts[0]?.reason).toBe('一费制: the fees are settled at the window before issuance');
    const paid = foldCase(CASE, [
      ...base,
      ev('case.fees_settled', { items: [{ name: '工本费', amountFen: 2000 }], totalFen: 2000 }, { at: 5 }),
      ev('case.issued', { method: 'window', trackingNumber: null }, { at: 6 }),
      ev('case.rated', { score: 5, comment: '等太久' }, { at: 7 }),
      ev('case.follow_up_answered', { note: '已回访' }, { at: 8 }),
      ev('case.follow_up_answered', { note: '再次' }, { at: 9 }),
    ]);
    expect(paid).toMatchObject({ status: 'concluded', feesSettled: { totalFen: 2000 }, rating: 5, followUpAnswered: true });
    expect(paid.conflicts.map((c) => c.reason)).toEqual(['the follow-up is already answered']);
  });

  it('ignores events of other cases', () => {
    const other = { ...ev('case.submitted', submission('C1', 1), { at: 1 }), aggregate: 'c-9999' };
    expect(foldCase(CASE, [other]).status).toBeNull();
  });

  it('records the proxy of a village assistant draft', () => {
    const state = foldCase(CASE, [ev('case.drafted', { ...submission('C1', 1), proxy: 'assistant@jiekou' }, { at: 1 }), ev('case.submitted', submission('C1', 1), { at: 2 })]);
    expect(state).toMatchObject({ status: 'submitted', proxy: 'assistant@jiekou' });
  });

  it('refuses without changing anything', () => {
    const start = emptyCase(CASE);
    expect(applyCaseEvent(start, ev('case.approved', { reason: '' }, { at: 1 }))).toBe('case.approved is not allowed when the case is new (allowed: accepted, in_review)');
  });
});

describe('foldCase is order-independent', () => {
  const scenarios: Array<[string, () => CaseEvent[]]> = [
    ['the full journey', fullJourney],
    [
      'a withdrawal racing an approval',
      () => [
        ev('case.submitted', submission('C1', 1), { at: 1 }),
        accepted(2),
        ev('case.withdrawn', { reason: '' }, { at: 5, origin: 'jiekou' }),
        ev('case.approved', { reason: '' }, { at: 5, origin: 'gz-city' }),
        ev('case.ready_for_issue', {}, { at: 6, origin: 'gz-city' }),
      ],
    ],
  ];

  it.each(scenarios)('any permutation and duplication of %s folds to the same state', (_name, make) => {
    const events = make();
    const expected: CaseState = foldCase(CASE, events);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 10 }),
        (shuffled, duplicates) => {
          const delivered = [...shuffled, ...duplicates.map((i) => shuffled[i]!)];
          expect(foldCase(CASE, delivered)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
