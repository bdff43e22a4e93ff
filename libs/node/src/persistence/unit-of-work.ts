import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Runs work in one database transaction (a change and its outbox message commit together). */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  /** Uses `manager` when the caller already has a transaction, otherwise opens one. */
  run<T>(work: (manager: EntityManager) => Promise<T>, manager?: EntityManager): Promise<T> {
    return manager !== undefined ? work(manager) : this.dataSource.transaction(work);
  }
}
