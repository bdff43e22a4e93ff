import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPostgres, varchar } from './column-types';

/** Stations of village assistants, login throttling, and the append-only audit log. */
export class Security1764200000000 implements MigrationInterface {
  name = 'Security1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('users', new TableColumn(varchar('station', 100, { isNullable: true })));
    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [varchar('username', 64, { isPrimary: true }), { name: 'failures', type: 'integer' }, varchar('last_failure_at', 30), varchar('locked_until', 30, { isNullable: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('at', 30),
          varchar('node', 40),
          varchar('actor', 64),
          varchar('roles', 200),
          varchar('method', 8),
          varchar('route', 200),
          varchar('target', 500),
          { name: 'status', type: 'integer' },
          varchar('summary', 2000),
        ],
        indices: [
          { name: 'IDX_audit_log_at', columnNames: ['at'] },
          { name: 'IDX_audit_log_actor', columnNames: ['actor'] },
        ],
      }),
    );
    // Append-only below the API too: the database refuses to change or remove an audit entry.
    if (isPostgres(queryRunner)) {
      await queryRunner.query(
        `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
      );
      await queryRunner.query(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    } else {
      await queryRunner.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
      await queryRunner.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query('DROP TRIGGER audit_log_no_change ON audit_log');
      await queryRunner.query('DROP FUNCTION audit_log_append_only');
    }
    await queryRunner.dropTable('audit_log');
    await queryRunner.dropTable('login_throttle');
    await queryRunner.dropColumn('users', 'station');
  }
}
