import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './column-types';

/**
 * The quarantine keeps why a message is there (`kind`: invalid, unauthorized, rejected, failed, held), which consumer
 * delivered it, how many deliveries it took, its payload version, and when it last changed (ADR 0014). Rows already
 * there get their kind from the prefix of their reason.
 */
export class QuarantineKinds1764300000000 implements MigrationInterface {
  name = 'QuarantineKinds1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('quarantine', [
      new TableColumn(varchar('kind', 16, { default: "'invalid'" })),
      new TableColumn(varchar('stream', 16, { isNullable: true })),
      new TableColumn(varchar('durable', 128, { isNullable: true })),
      new TableColumn({ name: 'attempts', type: 'integer', default: 1 }),
      new TableColumn({ name: 'payload_version', type: 'integer', isNullable: true }),
      new TableColumn(varchar('updated_at', 30, { isNullable: true })),
    ]);
    await queryRunner.query(`UPDATE quarantine SET kind = 'unauthorized' WHERE reason LIKE 'not allowed:%'`);
    await queryRunner.query(`UPDATE quarantine SET kind = 'rejected' WHERE reason LIKE 'rejected:%'`);
    await queryRunner.query(`UPDATE quarantine SET updated_at = received_at`);
    await queryRunner.changeColumn('quarantine', 'updated_at', new TableColumn(varchar('updated_at', 30)));
    await queryRunner.createIndex('quarantine', new TableIndex({ name: 'IDX_quarantine_kind', columnNames: ['kind'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('quarantine', 'IDX_quarantine_kind');
    for (const column of ['updated_at', 'payload_version', 'attempts', 'durable', 'stream', 'kind']) await queryRunner.dropColumn('quarantine', column);
  }
}
