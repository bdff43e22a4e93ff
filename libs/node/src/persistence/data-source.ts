import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/node-config';
import { MIGRATIONS } from './migrations';
import {
  CalendarYearEntity,
  DelegationEntity,
  DelegationVersionEntity,
  DepartmentEntity,
  ServiceItemEntity,
  ServiceItemVersionEntity,
} from './catalogue.entities';
import { CaseEntity, CaseEventEntity } from './case.entities';
import { NodeStatusEntity } from './node-status.entity';
import { InboxEntity, OutboxEntity, QuarantineEntity } from './sync.entities';
import { CaseFactsEntity, SupervisionCardEntity, SupervisionNoticeEntity } from './supervision.entities';
import { UserEntity } from './user.entity';
import { AccountLockEntity, AuditEntryEntity, LoginThrottleEntity, QueryAttemptEntity } from './security.entities';

export const ENTITIES = [
  UserEntity,
  ServiceItemEntity,
  ServiceItemVersionEntity,
  DepartmentEntity,
  DelegationEntity,
  DelegationVersionEntity,
  CalendarYearEntity,
  OutboxEntity,
  InboxEntity,
  QuarantineEntity,
  CaseEventEntity,
  CaseEntity,
  CaseFactsEntity,
  SupervisionCardEntity,
  SupervisionNoticeEntity,
  NodeStatusEntity,
  LoginThrottleEntity,
  AuditEntryEntity,
  AccountLockEntity,
  QueryAttemptEntity,
];

/**
 * TypeORM options for a node's own database. The schema comes only from the committed migrations
 * (`synchronize` is never used); the same migrations run on SQLite and PostgreSQL.
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url };
  }
  mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // WAL keeps readers going while the relay and the applier write; FKs are off by default in SQLite.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
