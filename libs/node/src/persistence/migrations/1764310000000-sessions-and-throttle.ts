import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './column-types';

/**
 * Sessions that can be ended (users.session_version), login throttling per user name and client address, account
 * locks, and the per-case limit of wrong public query codes. Throttle rows are short-lived, so the old table is
 * replaced rather than converted.
 */
export class SessionsAndThrottle1764310000000 implements MigrationInterface {
  name = 'SessionsAndThrottle1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('users', new TableColumn({ name: 'session_version', type: 'integer', default: 0 }));
    await queryRunner.dropTable('login_throttle');
    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          varchar('username', 64, { isPrimary: true }),
          varchar('address', 64, { isPrimary: true }),
          { name: 'failures', type: 'integer' },
          varchar('last_failure_at', 30),
          varchar('blocked_until', 30, { isNullable: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'account_lock',
        columns: [varchar('username', 64, { isPrimary: true }), varchar('locked_at', 30), varchar('locked_until', 30), { name: 'addresses', type: 'integer' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'query_attempts',
        columns: [varchar('case_number', 40, { isPrimary: true }), { name: 'failures', type: 'integer' }, varchar('window_start', 30), varchar('locked_until', 30, { isNullable: true })],
        indices: [{ name: 'IDX_query_attempts_window_start', columnNames: ['window_start'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('query_attempts');
    await queryRunner.dropTable('account_lock');
    await queryRunner.dropTable('login_throttle');
    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [varchar('username', 64, { isPrimary: true }), { name: 'failures', type: 'integer' }, varchar('last_failure_at', 30), varchar('locked_until', 30, { isNullable: true })],
      }),
    );
    await queryRunner.dropColumn('users', 'session_version');
  }
}
