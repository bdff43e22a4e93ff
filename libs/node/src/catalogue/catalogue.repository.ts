import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceItemEntity, ServiceItemVersionEntity } from '../persistence/catalogue.entities';

export interface ItemFilter {
  /** Substring of the name (Chinese) or of any code. */
  readonly q?: string;
  readonly code?: string;
  readonly itemType?: string;
  readonly department?: string;
  readonly status?: string;
  readonly offset: number;
  readonly limit: number;
}

/** The only place that reads and writes catalogue items and their versions. */
@Injectable()
export class CatalogueRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(implCode: string, manager: EntityManager = this.dataSource.manager): Promise<ServiceItemEntity | null> {
    return manager.findOneBy(ServiceItemEntity, { implCode });
  }

  async page(filter: ItemFilter): Promise<{ items: ServiceItemEntity[]; total: number }> {
    const qb = this.dataSource.getRepository(ServiceItemEntity).createQueryBuilder('i');
    if (filter.q !== undefined && filter.q !== '') {
      const like = `%${escapeLike(filter.q)}%`;
      qb.andWhere("(i.name LIKE :like ESCAPE '\\' OR i.impl_code LIKE :like ESCAPE '\\' OR i.base_code LIKE :like ESCAPE '\\')", { like });
    }
    if (filter.code !== undefined) qb.andWhere('(i.impl_code = :code OR i.base_code = :code)', { code: filter.code });
    if (filter.itemType !== undefined) qb.andWhere('i.item_type = :itemType', { itemType: filter.itemType });
    if (filter.department !== undefined) qb.andWhere('i.handling_department = :department', { department: filter.department });
    if (filter.status !== undefined) qb.andWhere('i.status = :status', { status: filter.status });
    const [items, total] = await qb.orderBy('i.base_code', 'ASC').addOrderBy('i.impl_code', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
    return { items, total };
  }

  /** Every item, in code order (export, the "may decide" view). */
  all(): Promise<ServiceItemEntity[]> {
    return this.dataSource.getRepository(ServiceItemEntity).find({ order: { baseCode: 'ASC', implCode: 'ASC' } });
  }

  versions(implCode: string): Promise<ServiceItemVersionEntity[]> {
    return this.dataSource.getRepository(ServiceItemVersionEntity).find({ where: { implCode }, order: { version: 'ASC' } });
  }

  version(implCode: string, version: number): Promise<ServiceItemVersionEntity | null> {
    return this.dataSource.getRepository(ServiceItemVersionEntity).findOneBy({ implCode, version });
  }

  /**
   * Writes the item's new current state and its version row inside the caller's transaction. With `replaceVersion`
   * the version row is overwritten (a draft edited in place); otherwise a second writer of the same version fails
   * on the primary key, so a concurrent change is refused, never lost.
   */
  async save(item: ServiceItemEntity, version: ServiceItemVersionEntity, options: { replaceVersion?: boolean; manager: EntityManager }): Promise<void> {
    await options.manager.save(ServiceItemEntity, item);
    if (options.replaceVersion === true) await options.manager.save(ServiceItemVersionEntity, version);
    else await options.manager.insert(ServiceItemVersionEntity, version);
  }

  /** Writes a replicated state and its version row, unless that version row is already here (replication's apply). */
  async saveReplicated(item: ServiceItemEntity, version: ServiceItemVersionEntity, manager: EntityManager): Promise<void> {
    await manager.save(ServiceItemEntity, item);
    if ((await manager.findOneBy(ServiceItemVersionEntity, { implCode: version.implCode, version: version.version })) === null) {
      await manager.insert(ServiceItemVersionEntity, version);
    }
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
