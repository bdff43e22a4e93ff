import { Inject, Injectable } from '@nestjs/common';
import { Workbook } from 'exceljs';
import { aggregateStatistics, STATISTICS_COLUMNS, TIER_NAMES_ZH, type StatisticsGroup, type StatisticsRow, type StatisticsTable } from '@liandong/shared';
import { chinaDate, CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { badRequest } from '../http/validation';
import { StatisticsRepository, type FactsFilter } from './statistics.repository';

export interface StatisticsQuery extends FactsFilter {
  readonly from?: string;
  readonly to?: string;
  readonly groupBy?: StatisticsGroup;
}

const GROUP_NAMES_ZH: Readonly<Record<StatisticsGroup, string>> = { node: '受理节点', tier: '层级', department: '承办部门', item: '事项', month: '月份' };

/** How each figure is counted, printed with every export (说明). */
const DEFINITIONS: readonly string[] = [
  '各项数量按其环节发生日期计入统计期：收件按申请到达窗口之日，办结按出件之日，评价按评价之日。',
  '补正率 = 收到过补齐补正通知的收件 ÷ 收件量；网办占比 = 网上申报的收件 ÷ 收件量。',
  '按时办结率 = 在办结期限（含延期与特别程序停止计时的工作日）内办结的件数 ÷ 办结量。',
  '平均办理工作日 = 受理次日至出件之日的工作日数（扣除特别程序停止计时的工作日）的平均值。',
  '最多跑一次达标率 = 跑动次数不超过事项“到办事现场次数”的办结件 ÷ 办结量。窗口申请计 1 次，每次补正、补交容缺材料各计 1 次，窗口领取结果计 1 次（受理当日当场领取不另计），快递送达不计；网上申报与代办的申请环节不计。',
  '满意率 = 评价为非常满意、满意、基本满意的件数 ÷ 评价数；差评率 = 评价为不满意、非常不满意的件数 ÷ 评价数。',
];

/**
 * 统计 at this node, over the cases it holds: the city all, a district its townships (and its own window), a
 * township itself. Figures are computed by libs/shared's `aggregateStatistics` from each case's facts.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly repository: StatisticsRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async table(query: StatisticsQuery): Promise<StatisticsTable> {
    const today = chinaDate(this.clock.now());
    const period = { from: query.from ?? `${today.slice(0, 7)}-01`, to: query.to ?? today };
    if (period.from > period.to) throw badRequest([{ field: 'to', reason: `must not be before from (${period.from})` }]);
    const facts = await this.repository.facts(period, query);
    return aggregateStatistics(facts, period, query.groupBy ?? null);
  }

  /** The table as CSV (UTF-8 with BOM, so Excel reads the Chinese headers): one row per group, then 合计. */
  csv(table: StatisticsTable): Buffer {
    const lines = [STATISTICS_COLUMNS.map((c) => c.header), ...rowsOf(table).map((row) => STATISTICS_COLUMNS.map((c) => cell(row[c.field])))];
    return Buffer.from(`\ufeff${lines.map((cells) => cells.map(csvField).join(',')).join('\r\n')}\r\n`, 'utf8');
  }

  /** The table as an .xlsx workbook: sheet 统计 with the figures, sheet 说明 with the period and how each is counted. */
  async xlsx(table: StatisticsTable): Promise<Buffer> {
    const workbook = new Workbook();
    workbook.creator = `联动 ${this.config.nodeId}`;
    const sheet = workbook.addWorksheet('统计');
    sheet.columns = STATISTICS_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: Math.max(10, c.header.length * 2 + 2) }));
    for (const row of rowsOf(table)) sheet.addRow(Object.fromEntries(STATISTICS_COLUMNS.map((c) => [c.field, row[c.field]])));
    sheet.getRow(1).font = { bold: true };
    const notes = workbook.addWorksheet('说明');
    notes.getColumn(1).width = 100;
    notes.addRow([`${this.config.nodeName}（${TIER_NAMES_ZH[this.config.tier]}级，${this.config.nodeId}）政务服务统计`]);
    notes.addRow([`统计期：${table.period.from} 至 ${table.period.to}；分组：${table.groupBy === null ? '无' : GROUP_NAMES_ZH[table.groupBy]}`]);
    for (const line of DEFINITIONS) notes.addRow([line]);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** A file name for an export, e.g. 统计_2026-03-01_2026-03-31.csv. */
  fileName(table: StatisticsTable, format: 'csv' | 'xlsx'): string {
    return `统计_${table.period.from}_${table.period.to}.${format}`;
  }
}

function rowsOf(table: StatisticsTable): StatisticsRow[] {
  return [...table.rows, table.total];
}

function cell(value: StatisticsRow[keyof StatisticsRow]): string {
  return value === null ? '' : String(value);
}

function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value; // a label never becomes a spreadsheet formula
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
