import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './column-types';

/** The last heartbeat of each node below this one, kept across restarts (sync monitoring, ADR 0009). */
export class NodeStatus1764050000000 implements MigrationInterface {
  name = 'NodeStatus1764050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'node_status',
        columns: [
          varchar('node_id', 40, { isPrimary: true }),
          varchar('parent_id', 40),
          varchar('tier', 10),
          varchar('region_code', 9, { isNullable: true }),
          varchar('last_contact', 30),
          { name: 'skew_ms', type: 'bigint' },
          { name: 'outbox_depth', type: 'integer' },
          { name: 'quarantined', type: 'integer' },
          { name: 'consumer_lag', type: 'integer', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('node_status');
  }
}
