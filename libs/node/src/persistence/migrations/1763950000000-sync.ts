import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const varchar = (name: string, length: number, extra: Record<string, unknown> = {}) => ({ name, type: 'varchar', length: String(length), ...extra });
const serial = (name: string) => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const });

/** Outbox, inbox and quarantine of the sync protocol (DESIGN.md §4). */
export class Sync1763950000000 implements MigrationInterface {
  name = 'Sync1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          serial('seq'),
          varchar('envelope_id', 36),
          varchar('subject', 255),
          varchar('type', 64),
          { name: 'data', type: 'text' },
          varchar('created_at', 30),
          varchar('sent_at', 30, { isNullable: true }),
        ],
        indices: [
          { name: 'IDX_outbox_envelope_id', columnNames: ['envelope_id'], isUnique: true },
          { name: 'IDX_outbox_sent_at', columnNames: ['sent_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox',
        columns: [varchar('envelope_id', 36, { isPrimary: true }), varchar('type', 64), varchar('origin', 40), varchar('hlc', 64), varchar('applied_at', 30)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'quarantine',
        columns: [
          serial('id'),
          varchar('envelope_id', 36, { isNullable: true }),
          varchar('subject', 255),
          varchar('origin', 40, { isNullable: true }),
          varchar('type', 64, { isNullable: true }),
          varchar('reason', 500),
          { name: 'data_base64', type: 'text' },
          varchar('received_at', 30),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['quarantine', 'inbox', 'outbox']) await queryRunner.dropTable(table);
  }
}
