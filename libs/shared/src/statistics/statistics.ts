import type { IsoDate } from '../calendar/calendar-date';
import { TIER_NAMES_ZH } from '../tier';
import { isBadRating } from '../case/rating';
import type { CaseFacts } from './case-facts';

/** What a statistics table may be grouped by: 受理节点, 层级, 承办部门, 事项, 月份. */
export const STATISTICS_GROUPS = ['node', 'tier', 'department', 'item', 'month'] as const;
export type StatisticsGroup = (typeof STATISTICS_GROUPS)[number];

export interface StatisticsPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/**
 * One row of figures. Every count belongs to the period by the day of its own step: received by the day the
 * application reached the window, concluded by the day of issuance, rated by the day of the rating. Each rate is
 * a share (0–1) of the count it is named after, or null when that count is 0.
 */
export interface StatisticsRow {
  /** The group's value (node id, tier, department code, item code, YYYY-MM), or `total`. */
  readonly key: string;
  /** A name for people, e.g. the item's name or 镇街 for a tier. */
  readonly label: string;
  /** 收件量 */
  readonly received: number;
  /** 受理量 */
  readonly accepted: number;
  /** 不予受理量 */
  readonly refused: number;
  /** 撤件量 */
  readonly withdrawn: number;
  /** Received cases that had a 补齐补正 notice. */
  readonly supplemented: number;
  /** 补正率 = supplemented / received */
  readonly supplementRate: number | null;
  /** 办结量 */
  readonly concluded: number;
  /** Concluded cases whose due date is known, and those concluded by it. */
  readonly onTimeKnown: number;
  readonly onTime: number;
  /** 按时办结率 = onTime / onTimeKnown */
  readonly onTimeRate: number | null;
  /** 平均办理时长 (working days, acceptance to conclusion, stopped days excluded) over concluded cases. */
  readonly avgWorkingDays: number | null;
  /** Concluded cases whose item's 到办事现场次数 is known, and those within it. */
  readonly visitsKnown: number;
  readonly visitsCompliant: number;
  /** "最多跑一次" 达标率 = visitsCompliant / visitsKnown */
  readonly maxVisitsCompliance: number | null;
  /** Received cases applied for online (网上申报). */
  readonly online: number;
  /** 网办占比 = online / received */
  readonly onlineShare: number | null;
  /** 好差评: ratings given, satisfied (1–3) and 差评 (4–5). */
  readonly rated: number;
  readonly satisfied: number;
  readonly badRatings: number;
  /** 满意率 = satisfied / rated */
  readonly satisfaction: number | null;
  /** 差评率 = badRatings / rated */
  readonly badRatingRate: number | null;
}

export interface StatisticsTable {
  readonly period: StatisticsPeriod;
  readonly groupBy: StatisticsGroup | null;
  readonly rows: readonly StatisticsRow[];
  readonly total: StatisticsRow;
}

interface Tally {
  label: string;
  received: number;
  accepted: number;
  refused: number;
  withdrawn: number;
  supplemented: number;
  concluded: number;
  onTimeKnown: number;
  onTime: number;
  workingDaysSum: number;
  workingDaysCount: number;
  visitsKnown: number;
  visitsCompliant: number;
  online: number;
  rated: number;
  satisfied: number;
  badRatings: number;
}

const emptyTally = (label: string): Tally => ({
  label,
  received: 0,
  accepted: 0,
  refused: 0,
  withdrawn: 0,
  supplemented: 0,
  concluded: 0,
  onTimeKnown: 0,
  onTime: 0,
  workingDaysSum: 0,
  workingDaysCount: 0,
  visitsKnown: 0,
  visitsCompliant: 0,
  online: 0,
  rated: 0,
  satisfied: 0,
  badRatings: 0,
});

/** The step a count is dated by, and what it adds to a tally. */
const MEASURES: ReadonlyArray<{ readonly day: (f: CaseFacts) => IsoDate | null; readonly add: (t: Tally, f: CaseFacts) => void }> = [
  {
    day: (f) => f.receivedOn,
    add: (t, f) => {
      t.received++;
      if (f.supplementRequests > 0) t.supplemented++;
      if (f.channel === 'online') t.online++;
    },
  },
  { day: (f) => f.acceptedOn, add: (t) => void t.accepted++ },
  { day: (f) => f.refusedOn, add: (t) => void t.refused++ },
  { day: (f) => f.withdrawnOn, add: (t) => void t.withdrawn++ },
  {
    day: (f) => f.concludedOn,
    add: (t, f) => {
      t.concluded++;
      if (f.onTime !== null) {
        t.onTimeKnown++;
        if (f.onTime) t.onTime++;
      }
      if (f.workingDays !== null) {
        t.workingDaysSum += f.workingDays;
        t.workingDaysCount++;
      }
      if (f.visits !== null && f.maxVisits !== null) {
        t.visitsKnown++;
        if (f.visits <= f.maxVisits) t.visitsCompliant++;
      }
    },
  },
  {
    day: (f) => (f.score === null ? null : f.ratedOn),
    add: (t, f) => {
      t.rated++;
      if (isBadRating(f.score)) t.badRatings++;
      else t.satisfied++;
    },
  },
];

/** The group a fact falls in (for `month`, the month of the step being counted), and its label. */
function groupOf(group: StatisticsGroup, f: CaseFacts, day: IsoDate): { key: string; label: string } {
  switch (group) {
    case 'node':
      return { key: f.acceptingNode ?? '—', label: f.acceptingNode ?? '—' };
    case 'tier':
      return { key: f.acceptingTier ?? '—', label: f.acceptingTier === null ? '—' : TIER_NAMES_ZH[f.acceptingTier] };
    case 'department':
      return { key: f.department ?? '—', label: f.department ?? '—' };
    case 'item':
      return { key: f.implCode ?? '—', label: f.itemName ?? f.implCode ?? '—' };
    case 'month':
      return { key: day.slice(0, 7), label: `${day.slice(0, 4)}年${day.slice(5, 7)}月` };
  }
}

/**
 * 统计: the figures of `facts` in `period` (both days included), in total and per group, rows in key order.
 * A pure function, so every node computes the same table from the same cases.
 */
export function aggregateStatistics(facts: Iterable<CaseFacts>, period: StatisticsPeriod, groupBy: StatisticsGroup | null = null): StatisticsTable {
  const total = emptyTally('合计');
  const groups = new Map<string, Tally>();
  for (const f of facts) {
    for (const measure of MEASURES) {
      const day = measure.day(f);
      if (day === null || day < period.from || day > period.to) continue;
      measure.add(total, f);
      if (groupBy === null) continue;
      const { key, label } = groupOf(groupBy, f, day);
      let tally = groups.get(key);
      if (tally === undefined) groups.set(key, (tally = emptyTally(label)));
      measure.add(tally, f);
    }
  }
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, tally]) => toRow(key, tally));
  return { period, groupBy, rows, total: toRow('total', total) };
}

function toRow(key: string, t: Tally): StatisticsRow {
  const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
  return {
    key,
    label: t.label,
    received: t.received,
    accepted: t.accepted,
    refused: t.refused,
    withdrawn: t.withdrawn,
    supplemented: t.supplemented,
    supplementRate: share(t.supplemented, t.received),
    concluded: t.concluded,
    onTimeKnown: t.onTimeKnown,
    onTime: t.onTime,
    onTimeRate: share(t.onTime, t.onTimeKnown),
    avgWorkingDays: t.workingDaysCount === 0 ? null : Math.round((t.workingDaysSum / t.workingDaysCount) * 100) / 100,
    visitsKnown: t.visitsKnown,
    visitsCompliant: t.visitsCompliant,
    maxVisitsCompliance: share(t.visitsCompliant, t.visitsKnown),
    online: t.online,
    onlineShare: share(t.online, t.received),
    rated: t.rated,
    satisfied: t.satisfied,
    badRatings: t.badRatings,
    satisfaction: share(t.satisfied, t.rated),
    badRatingRate: share(t.badRatings, t.rated),
  };
}

/** The columns of an exported table (CSV, .xlsx): header in Chinese, and the row field. */
export const STATISTICS_COLUMNS: ReadonlyArray<{ readonly field: keyof StatisticsRow; readonly header: string }> = [
  { field: 'key', header: '分组' },
  { field: 'label', header: '名称' },
  { field: 'received', header: '收件量' },
  { field: 'accepted', header: '受理量' },
  { field: 'refused', header: '不予受理量' },
  { field: 'withdrawn', header: '撤件量' },
  { field: 'supplementRate', header: '补正率' },
  { field: 'concluded', header: '办结量' },
  { field: 'onTimeRate', header: '按时办结率' },
  { field: 'avgWorkingDays', header: '平均办理工作日' },
  { field: 'maxVisitsCompliance', header: '最多跑一次达标率' },
  { field: 'onlineShare', header: '网办占比' },
  { field: 'rated', header: '评价数' },
  { field: 'satisfaction', header: '满意率' },
  { field: 'badRatingRate', header: '差评率' },
];
