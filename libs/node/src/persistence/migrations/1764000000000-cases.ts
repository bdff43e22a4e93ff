import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { booleanDefault } from './column-types';

const varchar = (name: string, length: number, extra: Record<string, unknown> = {}) => ({ name, type: 'varchar', length: String(length), ...extra });

/** Case events (operations, kept forever) and the case projection. */
export class Cases1764000000000 implements MigrationInterface {
  name = 'Cases1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'case_events',
        columns: [
          varchar('event_id', 36, { isPrimary: true }),
          varchar('case_id', 36),
          varchar('type', 40),
          varchar('origin', 40),
          varchar('hlc', 64),
          varchar('actor', 64),
          { name: 'payload', type: 'text' },
          varchar('recorded_at', 30),
        ],
        indices: [{ name: 'IDX_case_events_case_id', columnNames: ['case_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cases',
        columns: [
          varchar('case_id', 36, { isPrimary: true }),
          varchar('case_number', 40, { isNullable: true }),
          varchar('status', 24, { isNullable: true }),
          varchar('impl_code', 36, { isNullable: true }),
          varchar('accepting_node', 40, { isNullable: true }),
          varchar('handling_node', 40, { isNullable: true }),
          { name: 'conflicts', type: 'integer' },
          varchar('department', 32, { isNullable: true }),
          varchar('promise_due', 10, { isNullable: true }),
          { name: 'follow_up_open', type: 'boolean', default: booleanDefault(queryRunner, false) },
          varchar('follow_up_due', 10, { isNullable: true }),
          varchar('due_date', 10, { isNullable: true }),
          varchar('review_reason', 500, { isNullable: true }),
          varchar('subject', 255),
          { name: 'state', type: 'text' },
          varchar('updated_at', 30),
        ],
        indices: [
          { name: 'IDX_cases_case_number', columnNames: ['case_number'], isUnique: true },
          { name: 'IDX_cases_status', columnNames: ['status'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('cases');
    await queryRunner.dropTable('case_events');
  }
}
