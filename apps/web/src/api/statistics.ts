/** The statistics routes: figures by period and grouping, and their export. */
import { api, download } from './client';

export interface StatsRow {
  key: string;
  received: number;
  accepted: number;
  refused: number;
  supplementRate: number | null;
  concluded: number;
  onTimeRate: number | null;
  avgWorkingDays: number | null;
  maxVisitsCompliance: number | null;
  onlineShare: number | null;
  satisfaction: number | null;
  badRatingRate: number | null;
}

export interface StatisticsQuery {
  readonly from: string;
  readonly to: string;
  readonly groupBy: 'node' | 'department' | 'item' | 'tier' | 'month';
}

export function statistics(query: StatisticsQuery): Promise<{ rows: StatsRow[]; total: StatsRow }> {
  return api<{ rows: StatsRow[]; total: StatsRow }>('/statistics', { query: { ...query } });
}

export function exportStatistics(filename: string, query: StatisticsQuery & { format: 'xlsx' | 'csv' }): Promise<void> {
  return download('/statistics/export', filename, { ...query });
}
