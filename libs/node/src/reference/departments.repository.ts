import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DepartmentEntity } from '../persistence/catalogue.entities';

/** The only place that reads and writes departments. */
@Injectable()
export class DepartmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(nodeId?: string): Promise<DepartmentEntity[]> {
    return this.dataSource.getRepository(DepartmentEntity).find({ where: nodeId === undefined ? {} : { nodeId }, order: { nodeId: 'ASC', code: 'ASC' } });
  }

  find(nodeId: string, code: string, manager: EntityManager = this.dataSource.manager): Promise<DepartmentEntity | null> {
    return manager.findOneBy(DepartmentEntity, { nodeId, code });
  }

  insert(department: DepartmentEntity, manager: EntityManager = this.dataSource.manager): Promise<unknown> {
    return manager.insert(DepartmentEntity, department);
  }

  save(department: DepartmentEntity, manager: EntityManager = this.dataSource.manager): Promise<unknown> {
    return manager.save(DepartmentEntity, department);
  }
}
