import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** The column type TypeORM's @CreateDateColumn uses on each driver, so migrations and entities agree. */
export function timestampType(queryRunner: QueryRunner): string {
  return isPostgres(queryRunner) ? 'timestamp' : 'datetime';
}

/** The default TypeORM gives @CreateDateColumn / @UpdateDateColumn on each driver. */
export function nowDefault(queryRunner: QueryRunner): string {
  return isPostgres(queryRunner) ? 'now()' : "datetime('now')";
}

export function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'postgres';
}

/** A boolean column default written the way each driver reads it back (SQLite stores booleans as 0/1). */
export function booleanDefault(queryRunner: QueryRunner, value: boolean): string {
  return isPostgres(queryRunner) ? String(value) : value ? '1' : '0';
}

/** A varchar column of a migration's `Table`, with its length (the same on both drivers). */
export function varchar(name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), ...extra };
}
