import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../persistence/security.entities';

export interface AuditFilter {
  readonly actor?: string;
  readonly route?: string;
  readonly from?: string;
  readonly to?: string;
}

/** Appends to and reads the audit log. There is no update and no delete here (the database refuses them too). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(entry: AuditEntryEntity): Promise<void> {
    await this.dataSource.getRepository(AuditEntryEntity).insert(entry);
  }

  /** Newest first; `from`/`to` are days (China Standard Time is what `at` is compared with, as ISO strings). */
  async page(filter: AuditFilter, offset: number, limit: number): Promise<{ items: AuditEntryEntity[]; total: number }> {
    const query = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a').where('1 = 1');
    if (filter.actor !== undefined) query.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.route !== undefined) query.andWhere('a.route LIKE :route', { route: `${filter.route.replace(/[%_]/g, '')}%` });
    if (filter.from !== undefined) query.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('a.at <= :to', { to: filter.to });
    const [items, total] = await query.orderBy('a.at', 'DESC').addOrderBy('a.id', 'ASC').skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }
}
