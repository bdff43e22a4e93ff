/** The statistics routes: figures by period and grouping (libs/shared's `StatisticsTable`, what the node answers), and their export. */
import type { StatisticsGroup, StatisticsRow, StatisticsTable } from '@liandong/shared';
import { api, download } from './client';

export type StatsRow = StatisticsRow;

export interface StatisticsQuery {
  readonly from: string;
  readonly to: string;
  readonly groupBy: StatisticsGroup;
}

export function statistics(query: StatisticsQuery): Promise<StatisticsTable> {
  return api<StatisticsTable>('/statistics', { query: { ...query } });
}

export function exportStatistics(filename: string, query: StatisticsQuery & { format: 'xlsx' | 'csv' }): Promise<void> {
  return download('/statistics/export', filename, { ...query });
}
