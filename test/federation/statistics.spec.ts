import request from 'supertest';
import { Workbook } from 'exceljs';
import { binaryBody, ManualClock, sampleItem } from '@liandong/harness';
import { eventually, Federation, type FedNode } from './federation';

/**
 * Statistics (the supervision issue, must show 2): 1,000 cases across two townships, made through the API day by day
 * with a controlled clock in March 2026 (no public holiday, no make-up workday: the working days are Monday to Friday,
 * which the test counts itself). The figures every tier reports, and its CSV and .xlsx exports, must equal what the
 * test computes from its own plan.
 */

const CASES = 1000;
const PERSON = { kind: 'person', name: '王五', idNumber: '440106199001011235', phone: '13812345678' };

interface ItemPlan {
  readonly implCode: string;
  readonly department: string;
  readonly promised: number;
  readonly maxVisits: number;
  readonly online: boolean;
  readonly immediate: boolean;
}
const ITEMS: readonly ItemPlan[] = [
  { implCode: 'ST1', department: 'SCJGJ', promised: 3, maxVisits: 1, online: true, immediate: false },
  { implCode: 'ST2', department: 'SRSJ', promised: 5, maxVisits: 2, online: false, immediate: false },
  { implCode: 'ST3', department: 'SMZJ', promised: 0, maxVisits: 1, online: false, immediate: true },
];

interface CasePlan {
  readonly township: 'jiekou' | 'wenquan';
  readonly item: ItemPlan;
  readonly channel: 'window' | 'online' | 'proxy';
  readonly receivedOn: string;
  readonly supplement: boolean;
  readonly refused: boolean;
  readonly acceptedOn: string | null;
  readonly withdrawnOn: string | null;
  readonly concludedOn: string | null;
  readonly express: boolean;
  readonly score: number | null;
}

/** Monday to Friday of March 2026 (the calendar has no holiday or make-up day that month). */
const WORKING_DAYS = Array.from({ length: 31 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
const workingDaysAfter = (day: string, n: number): string => WORKING_DAYS[WORKING_DAYS.indexOf(day) + n] as string;
const workingDaysBetween = (from: string, to: string): number => WORKING_DAYS.indexOf(to) - WORKING_DAYS.indexOf(from);

/** A small deterministic generator (mulberry32), so every run makes the same cases. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function plan(): CasePlan[] {
  const rnd = random(20260302);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  return Array.from({ length: CASES }, (_, i) => {
    const item = pick(ITEMS);
    const receivedOn = pick(WORKING_DAYS.slice(0, 12)); // 03-02 … 03-17, so every step stays in March
    const r = rnd();
    const channel = item.online && r < 0.3 ? 'online' : r > 0.9 ? 'proxy' : 'window';
    const refused = rnd() < 0.06;
    const supplement = !refused && !item.immediate && rnd() < 0.12;
    const acceptedOn = refused ? null : supplement ? workingDaysAfter(receivedOn, 1) : receivedOn;
    const fate = rnd();
    const withdrawnOn = acceptedOn !== null && !item.immediate && fate < 0.03 ? workingDaysAfter(acceptedOn, 1) : null;
    const open = withdrawnOn === null && !item.immediate && fate > 0.92;
    const concludedOn = acceptedOn === null || withdrawnOn !== null || open ? null : item.immediate ? acceptedOn : workingDaysAfter(acceptedOn, Math.floor(rnd() * (item.promised + 4)));
    const score = concludedOn !== null && rnd() < 0.7 ? pick([1, 1, 1, 2, 2, 3, 4, 5]) : null;
    return { township: i % 2 === 0 ? 'jiekou' : 'wenquan', item, channel, receivedOn, supplement, refused, acceptedOn, withdrawnOn, concludedOn, express: rnd() < 0.4, score };
  });
}

/** The figures, computed from the plan with the definitions the README gives. */
function expected(cases: readonly CasePlan[], from: string, to: string, key = 'total', label = '合计') {
  const inPeriod = (day: string | null): day is string => day !== null && day >= from && day <= to;
  const received = cases.filter((c) => inPeriod(c.receivedOn));
  const concluded = cases.filter((c) => inPeriod(c.concludedOn));
  const rated = cases.filter((c) => c.score !== null && inPeriod(c.concludedOn));
  const visits = (c: CasePlan): number => {
    const atWindow = c.channel === 'window';
    const applying = atWindow ? 1 + (c.supplement ? 1 : 0) : 0;
    const collecting = !c.express && !(atWindow && c.concludedOn === c.acceptedOn) ? 1 : 0;
    return applying + collecting;
  };
  const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
  const onTime = concluded.filter((c) => (c.concludedOn as string) <= workingDaysAfter(c.acceptedOn as string, c.item.promised)).length;
  const compliant = concluded.filter((c) => visits(c) <= c.item.maxVisits).length;
  const daysSum = concluded.reduce((sum, c) => sum + workingDaysBetween(c.acceptedOn as string, c.concludedOn as string), 0);
  const satisfied = rated.filter((c) => (c.score as number) <= 3).length;
  const supplemented = received.filter((c) => c.supplement).length;
  const online = received.filter((c) => c.channel === 'online').length;
  return {
    key,
    label,
    received: received.length,
    accepted: cases.filter((c) => inPeriod(c.acceptedOn)).length,
    refused: cases.filter((c) => c.refused && inPeriod(c.receivedOn)).length,
    withdrawn: cases.filter((c) => inPeriod(c.withdrawnOn)).length,
    supplemented,
    supplementRate: share(supplemented, received.length),
    concluded: concluded.length,
    onTimeKnown: concluded.length,
    onTime,
    onTimeRate: share(onTime, concluded.length),
    avgWorkingDays: concluded.length === 0 ? null : Math.round((daysSum / concluded.length) * 100) / 100,
    visitsKnown: concluded.length,
    visitsCompliant: compliant,
    maxVisitsCompliance: share(compliant, concluded.length),
    online,
    onlineShare: share(online, received.length),
    rated: rated.length,
    satisfied,
    badRatings: rated.length - satisfied,
    satisfaction: share(satisfied, rated.length),
    badRatingRate: share(rated.length - satisfied, rated.length),
  };
}

describe('statistics over 1,000 cases in two townships', () => {
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const env = { SUPERVISION_INTERVAL_SECONDS: '3600' };
  const cases = plan();
  let fed: Federation;
  let city: FedNode;
  let district: FedNode;
  const towns = new Map<string, FedNode>();

  beforeAll(async () => {
    const standard = await Federation.standard({ clock, env });
    ({ fed, city, district } = standard);
    towns.set('jiekou', standard.jiekou);
    towns.set('wenquan', standard.wenquan);
    for (const [code, name] of [['SCJGJ', '市市场监督管理局'], ['SRSJ', '市人力资源和社会保障局'], ['SMZJ', '市民政局']]) {
      await city.post('/departments', { code, name }).expect(201);
    }
    for (const item of ITEMS) {
      const body = sampleItem({
        implCode: item.implCode,
        name: `统计事项${item.implCode}`,
        handlingDepartment: item.department,
        promisedLimitDays: item.promised,
        statutoryLimitDays: item.promised + 10,
        maxVisits: item.maxVisits,
        online: item.online,
        handlingForms: item.online ? ['1', '2', '3'] : ['1', '4'],
        ...(item.immediate ? { caseKind: 'immediate', exerciseLevel: '5' } : {}),
        materials: [],
      });
      await city.post('/catalogue/items', body).expect(201);
      await city.post(`/catalogue/items/${item.implCode}/publish`).expect(200);
      if (!item.immediate) await city.post('/delegations', { implCode: item.implCode, mode: 'devolved', target: { kind: 'all' }, effectiveFrom: '2026-01-01' }).expect(201);
    }
    for (const town of towns.values()) await eventually(async () => (await town.get('/catalogue/decidable').expect(200)).body.total === 3, 30000, `catalogue at ${town.spec.id}`);
  }, 120_000);

  afterAll(async () => {
    await fed?.stop();
  });

  it('2. every tier reports what the test computes, and the exports parse back to the same numbers', async () => {
    const ids: string[] = [];
    const numbers: Array<{ caseNumber: string; queryCode: string } | null> = cases.map(() => null);
    const ratings = new Map<string, number>();
    const rate = async (town: FedNode, caseNumber: string, code: string, score: number): Promise<void> => {
      // 20 public requests a minute per address: move the clock on a minute after every 20 (still the same day)
      const n = ratings.get(town.spec.id) ?? 0;
      if (n > 0 && n % 20 === 0) clock.advance(61_000);
      ratings.set(town.spec.id, n + 1);
      await request(town.app.getHttpServer()).post(`/public/cases/${caseNumber}/rating`).send({ code, score }).expect(200);
    };

    for (const day of WORKING_DAYS) {
      clock.set(day);
      for (const [i, c] of cases.entries()) {
        const town = towns.get(c.township) as FedNode;
        if (c.receivedOn === day) {
          let draftId: string | undefined;
          if (c.channel === 'proxy') {
            draftId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
            await town.post('/cases/drafts', { id: draftId, implCode: c.item.implCode, applicant: PERSON, station: '石坑村政务服务工作站' }).expect(201);
          }
          const channel = c.channel === 'online' ? { channel: 'online' } : {};
          const outcome = c.refused
            ? { outcome: 'refuse', reason: '不属于本事项受理范围', legalBasis: '《行政许可法》第三十二条' }
            : c.supplement
              ? { outcome: 'supplement', missing: ['身份证明复印件'] }
              : { outcome: 'accept' };
          const res = await town.post('/cases', { implCode: c.item.implCode, applicant: PERSON, ...channel, ...outcome, ...(draftId === undefined ? {} : { draftId }) }).expect(201);
          ids[i] = res.body.caseId;
          numbers[i] = { caseNumber: res.body.caseNumber, queryCode: res.body.queryCode };
        }
        if (c.supplement && c.acceptedOn === day) {
          // 补正后复核: the same case, accepted at the window that received it; it keeps its query code
          await town.post(`/cases/${ids[i]}/supplemented`).expect(200);
          const res = await town.post(`/cases/${ids[i]}/accept`, { outcome: 'accept' }).expect(200);
          numbers[i] = { caseNumber: res.body.caseNumber, queryCode: numbers[i]?.queryCode as string };
        }
        if (c.withdrawnOn === day) await town.post(`/cases/${ids[i]}/withdraw`, { reason: '申请人主动撤回' }).expect(200);
        if (c.concludedOn === day) {
          if (!c.item.immediate) await town.post(`/cases/${ids[i]}/review`, { department: c.item.department }).expect(200);
          await town.post(`/cases/${ids[i]}/approve`, { reason: '符合法定条件' }).expect(200);
          await town.post(`/cases/${ids[i]}/issue`, c.express ? { method: 'express', trackingNumber: `SF${String(i).padStart(10, '0')}` } : { method: 'window' }).expect(200);
          if (c.score !== null) await rate(town, numbers[i]?.caseNumber as string, numbers[i]?.queryCode as string, c.score);
        }
      }
    }

    const month = { from: '2026-03-01', to: '2026-03-31' };
    const week = { from: '2026-03-09', to: '2026-03-13' };
    const query = (p: { from: string; to: string }, extra = '') => `/statistics?from=${p.from}&to=${p.to}${extra}`;
    const own = (id: string) => cases.filter((c) => c.township === id);

    // Each township: its own cases only.
    for (const [id, town] of towns) {
      expect((await town.get(query(month)).expect(200)).body.total).toEqual(expected(own(id), month.from, month.to));
    }
    // The district and the city: both townships, once everything has replicated.
    for (const above of [district, city]) {
      await eventually(async () => (await above.get(query(month)).expect(200)).body.total.received === CASES, 120_000, `all cases at ${above.spec.id}`);
      await eventually(
        async () => JSON.stringify((await above.get(query(month)).expect(200)).body.total) === JSON.stringify(expected(cases, month.from, month.to)),
        60_000,
        `every step at ${above.spec.id}`,
      );
      const byNode = (await above.get(query(month, '&groupBy=node')).expect(200)).body;
      expect(byNode.rows).toEqual([...towns.keys()].sort().map((id) => expected(own(id), month.from, month.to, id, id)));
      expect((await above.get(query(week)).expect(200)).body.total).toEqual(expected(cases, week.from, week.to));
    }
    const byItem = (await city.get(query(month, '&groupBy=item')).expect(200)).body.rows;
    expect(byItem).toEqual(ITEMS.map((item) => expected(cases.filter((c) => c.item === item), month.from, month.to, item.implCode, `统计事项${item.implCode}`)));
    const byDepartment = (await district.get(query(month, '&groupBy=department&node=wenquan')).expect(200)).body.rows;
    expect(byDepartment).toEqual(
      [...ITEMS].sort((a, b) => a.department.localeCompare(b.department)).map((item) => expected(own('wenquan').filter((c) => c.item === item), month.from, month.to, item.department, item.department)),
    );
    const byTier = (await city.get(query(month, '&groupBy=tier')).expect(200)).body.rows;
    expect(byTier).toEqual([expected(cases, month.from, month.to, 'township', '镇/街')]);

    // Exports: CSV and .xlsx carry the same figures, the 合计 row last.
    const want = expected(cases, month.from, month.to);
    const columns: Array<[string, keyof typeof want]> = [
      ['收件量', 'received'],
      ['受理量', 'accepted'],
      ['不予受理量', 'refused'],
      ['撤件量', 'withdrawn'],
      ['补正率', 'supplementRate'],
      ['办结量', 'concluded'],
      ['按时办结率', 'onTimeRate'],
      ['平均办理工作日', 'avgWorkingDays'],
      ['最多跑一次达标率', 'maxVisitsCompliance'],
      ['网办占比', 'onlineShare'],
      ['评价数', 'rated'],
      ['满意率', 'satisfaction'],
      ['差评率', 'badRatingRate'],
    ];
    const csv = await city.get(`/statistics/export?format=csv&groupBy=node&from=${month.from}&to=${month.to}`).buffer(true).parse(binaryBody).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const [header, ...lines] = text.slice(1).trim().split('\r\n').map((l) => l.split(','));
    expect(lines.map((l) => l[0])).toEqual(['jiekou', 'wenquan', 'total']);
    const total = lines[2] as string[];
    for (const [name, field] of columns) expect([name, Number(total[(header as string[]).indexOf(name)])]).toEqual([name, Number(want[field])]);

    const xlsx = await city.get(`/statistics/export?format=xlsx&from=${month.from}&to=${month.to}`).buffer(true).parse(binaryBody).expect(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.getWorksheet('统计');
    const head = (sheet?.getRow(1).values as unknown[]).slice(1);
    const last = (sheet?.getRow(2).values as unknown[]).slice(1);
    expect(last[0]).toBe('total');
    for (const [name, field] of columns) expect([name, last[head.indexOf(name)]]).toEqual([name, want[field]]);
    expect(workbook.getWorksheet('说明')?.getRow(2).getCell(1).value).toBe('统计期：2026-03-01 至 2026-03-31；分组：无');

    await city.get('/statistics?from=2026-03-31&to=2026-03-01').expect(400);
    const bad = await city.get('/statistics?from=2026-13-01&groupBy=weekday').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'groupBy']);
  }, 600_000);
});
