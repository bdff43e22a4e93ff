import { Injectable } from '@nestjs/common';
import { Brackets, DataSource } from 'typeorm';
import type { StatisticsPeriod, Tier } from '@liandong/shared';
import { CaseFactsEntity } from '../persistence/supervision.entities';

export interface FactsFilter {
  readonly node?: string;
  readonly tier?: Tier;
  readonly department?: string;
  readonly implCode?: string;
}

const DATED = ['receivedOn', 'acceptedOn', 'refusedOn', 'concludedOn', 'withdrawnOn', 'ratedOn'] as const;

/** Reads the per-case facts statistics are computed from. */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The facts of every case with a step in `period` that matches the filter. */
  facts(period: StatisticsPeriod, filter: FactsFilter): Promise<CaseFactsEntity[]> {
    const query = this.dataSource
      .getRepository(CaseFactsEntity)
      .createQueryBuilder('f')
      .where(new Brackets((any) => DATED.forEach((column) => any.orWhere(`f.${column} BETWEEN :from AND :to`))), { from: period.from, to: period.to });
    if (filter.node !== undefined) query.andWhere('f.acceptingNode = :node', { node: filter.node });
    if (filter.tier !== undefined) query.andWhere('f.acceptingTier = :tier', { tier: filter.tier });
    if (filter.department !== undefined) query.andWhere('f.department = :department', { department: filter.department });
    if (filter.implCode !== undefined) query.andWhere('f.implCode = :implCode', { implCode: filter.implCode });
    return query.getMany();
  }
}
