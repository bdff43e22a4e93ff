import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { DelegationEntity, DelegationVersionEntity } from '../persistence/catalogue.entities';

/** The only place that reads and writes delegations and their versions. */
@Injectable()
export class DelegationRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<DelegationEntity | null> {
    return manager.findOneBy(DelegationEntity, { id });
  }

  list(filter: { implCode?: string; status?: 'active' | 'revoked' } = {}): Promise<DelegationEntity[]> {
    const where: FindOptionsWhere<DelegationEntity> = {};
    if (filter.implCode !== undefined) where.implCode = filter.implCode;
    if (filter.status !== undefined) where.status = filter.status;
    return this.dataSource.getRepository(DelegationEntity).find({ where, order: { implCode: 'ASC', effectiveFrom: 'ASC', id: 'ASC' } });
  }

  versions(id: string): Promise<DelegationVersionEntity[]> {
    return this.dataSource.getRepository(DelegationVersionEntity).find({ where: { delegationId: id }, order: { version: 'ASC' } });
  }

  /** Writes the delegation's state and its version row inside the caller's transaction; a concurrent second writer fails. */
  async save(delegation: DelegationEntity, version: DelegationVersionEntity, manager: EntityManager): Promise<void> {
    await manager.save(DelegationEntity, delegation);
    await manager.insert(DelegationVersionEntity, version);
  }

  /** Writes a replicated state and its version row, unless that version row is already here (replication's apply). */
  async saveReplicated(delegation: DelegationEntity, version: DelegationVersionEntity, manager: EntityManager): Promise<void> {
    await manager.save(DelegationEntity, delegation);
    if ((await manager.findOneBy(DelegationVersionEntity, { delegationId: version.delegationId, version: version.version })) === null) {
      await manager.insert(DelegationVersionEntity, version);
    }
  }
}
