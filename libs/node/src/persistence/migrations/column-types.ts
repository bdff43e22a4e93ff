import type { QueryRunner } from 'typeorm';

/** The column type TypeORM's @CreateDateColumn uses on each driver, so migrations and entities agree. */
export function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
}
