import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, STATISTICS_GROUPS, TIERS, type StatisticsGroup, type Tier } from '@liandong/shared';
import { NODE_ID_PATTERN } from '@liandong/sync';
import { IsIsoDate } from '../http/validation';

/** A statistics query: the period (both days included; default this month so far) and optional filters. */
export class StatisticsQueryDto {
  @ApiPropertyOptional({ example: '2026-03-01', description: 'first day (default: the first of this month)' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'last day (default: today)' })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiPropertyOptional({ enum: STATISTICS_GROUPS, description: '受理节点 / 层级 / 承办部门 / 事项 / 月份' })
  @IsOptional()
  @IsIn(STATISTICS_GROUPS)
  groupBy?: StatisticsGroup;

  @ApiPropertyOptional({ description: 'only cases accepted at this node', example: 'jiekou' })
  @IsOptional()
  @Matches(NODE_ID_PATTERN, { message: 'node must be a node id' })
  node?: string;

  @ApiPropertyOptional({ enum: TIERS, description: 'only cases accepted at a window of this tier' })
  @IsOptional()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional({ example: 'SCJGJ' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code' })
  department?: string;

  @ApiPropertyOptional({ description: 'only cases of this item (实施编码)' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{1,36}$/, { message: 'implCode must be 1–36 digits or uppercase letters' })
  implCode?: string;
}

export class StatisticsExportQueryDto extends StatisticsQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx' = 'xlsx';
}
