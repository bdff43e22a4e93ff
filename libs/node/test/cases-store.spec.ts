import { DataSource } from 'typeorm';
import { eachDatabase } from '@liandong/harness';
import { foldCase, type CaseEvent, type CaseEventPayloads, type CaseEventType } from '@liandong/shared';
import { dataSourceOptions } from '../src';
import { CasesRepository } from '../src/cases/cases.repository';

const CASE = '0195a1b2-0000-7000-8000-000000000001';
const SUBJECT = `gov.case.440117.440117001.${CASE}`;
let seq = 0;

/** A case event stamped as the sync layer stamps it, `at` ms after a fixed instant. */
function ev<T extends CaseEventType>(type: T, payload: CaseEventPayloads[T], at: number, origin = 'jiekou'): CaseEvent {
  seq++;
  return {
    id: `0195a1b2-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    type,
    aggregate: CASE,
    origin,
    hlc: `${String(1_772_416_800_000 + at).padStart(15, '0')}-000000-${origin}`,
    actor: 'clerk',
    payload,
  } as CaseEvent;
}

const submitted = ev(
  'case.submitted',
  {
    implCode: '114401170069401450000201001000',
    itemVersion: 1,
    itemName: '个体工商户设立登记',
    applicant: { kind: 'person', name: '张三', idNumber: '440106199001011230', phone: '13812345678' },
    queryCodeHash: 'a'.repeat(64),
    channel: 'window',
    department: 'QSCJGJ',
  },
  1,
);
const accepted = ev(
  'case.accepted',
  { caseNumber: '440117001-20260302-0001', route: 'up', handlingNode: 'conghua', coDepartments: [], tolerated: null, dueDate: '2026-03-05', limitDays: 3, statutoryDays: 15, delegation: null, department: 'QSCJGJ', feeDueFen: 0 },
  2,
);
const reviewed = ev('case.review_started', { department: 'QSCJGJ' }, 3, 'conghua');

/** The cases repository on a real database with the committed migrations: events, the projection, the stored rows. */
eachDatabase('cases store suite', (backend) => {
  describe(`case events and projection on ${backend.name}`, () => {
    let db: DataSource;
    let cases: CasesRepository;

    beforeAll(async () => {
      db = new DataSource(dataSourceOptions((await backend.create()).config));
      await db.initialize();
      await db.runMigrations();
      cases = new CasesRepository(db);
    });

    afterAll(async () => {
      await db?.destroy();
    });

    it('stores each event once, and reads a case’s events back as they were written', async () => {
      expect(await db.transaction((m) => cases.insertEvent(m, submitted, '2026-03-02T02:00:00.001Z'))).toBe(true);
      expect(await db.transaction((m) => cases.insertEvent(m, accepted, '2026-03-02T02:00:00.002Z'))).toBe(true);
      expect(await db.transaction((m) => cases.insertEvent(m, submitted, '2026-03-02T02:00:00.003Z'))).toBe(false);
      expect(await db.transaction((m) => cases.insertEvent(m, reviewed, '2026-03-02T02:00:00.004Z'))).toBe(true);

      const events = await cases.events(db.manager, CASE);
      expect([...events].sort((a, b) => a.id.localeCompare(b.id))).toEqual([submitted, accepted, reviewed]);
      expect(await cases.events(db.manager, '0195a1b2-0000-7000-8000-00000000ffff')).toEqual([]);

      const p = backend.param(1);
      const rows = (await db.query(`SELECT event_id, case_id, type, origin, hlc, actor, payload, recorded_at FROM case_events WHERE case_id = ${p} ORDER BY event_id`, [CASE])) as Array<Record<string, unknown>>;
      expect(rows.map((r) => ({ ...r, payload: JSON.parse(String(r['payload'])) }))).toEqual([
        { event_id: submitted.id, case_id: CASE, type: 'case.submitted', origin: 'jiekou', hlc: submitted.hlc, actor: 'clerk', payload: submitted.payload, recorded_at: '2026-03-02T02:00:00.001Z' },
        { event_id: accepted.id, case_id: CASE, type: 'case.accepted', origin: 'jiekou', hlc: accepted.hlc, actor: 'clerk', payload: accepted.payload, recorded_at: '2026-03-02T02:00:00.002Z' },
        { event_id: reviewed.id, case_id: CASE, type: 'case.review_started', origin: 'conghua', hlc: reviewed.hlc, actor: 'clerk', payload: reviewed.payload, recorded_at: '2026-03-02T02:00:00.004Z' },
      ]);
    });

    it('saves the fold of the events as the case row, and saves it again over the same row', async () => {
      const first = foldCase(CASE, [submitted, accepted]);
      await db.transaction((m) => cases.saveProjection(m, first, { subject: SUBJECT, dueDate: '2026-03-05', followUpDue: null, reviewReason: null }, '2026-03-02T02:00:01.000Z'));
      const found = await cases.find(CASE);
      expect(found).toMatchObject({ caseId: CASE, caseNumber: '440117001-20260302-0001', status: 'accepted', acceptingNode: 'jiekou', handlingNode: 'conghua', conflicts: 0, subject: SUBJECT, dueDate: '2026-03-05' });
      expect(found?.state).toEqual(JSON.parse(JSON.stringify(first)));
      expect(await cases.find('0195a1b2-0000-7000-8000-00000000ffff')).toBeNull();

      const events = await cases.events(db.manager, CASE);
      const second = foldCase(CASE, events);
      await db.transaction((m) => cases.saveProjection(m, second, { subject: SUBJECT, dueDate: '2026-03-05', followUpDue: null, reviewReason: '需要复核' }, '2026-03-02T02:00:02.000Z'));
      expect((await cases.find(CASE))?.state).toEqual(JSON.parse(JSON.stringify(second)));

      const rows = (await db.query(
        'SELECT case_id, case_number, status, impl_code, accepting_node, handling_node, conflicts, department, promise_due, follow_up_open, follow_up_due, due_date, review_reason, subject, updated_at FROM cases',
      )) as Array<Record<string, unknown>>;
      expect(rows.map((r) => ({ ...r, conflicts: Number(r['conflicts']), follow_up_open: Boolean(r['follow_up_open']) }))).toEqual([
        {
          case_id: CASE,
          case_number: '440117001-20260302-0001',
          status: 'in_review',
          impl_code: '114401170069401450000201001000',
          accepting_node: 'jiekou',
          handling_node: 'conghua',
          conflicts: 0,
          department: 'QSCJGJ',
          promise_due: null,
          follow_up_open: false,
          follow_up_due: null,
          due_date: '2026-03-05',
          review_reason: '需要复核',
          subject: SUBJECT,
          updated_at: '2026-03-02T02:00:02.000Z',
        },
      ]);
    });
  });
});
