import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './column-types';

/** 电子监察 cards, 督办 notices, and the per-case facts statistics read. */
export class Supervision1764100000000 implements MigrationInterface {
  name = 'Supervision1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'supervision_cards',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('case_id', 36),
          varchar('case_number', 40, { isNullable: true }),
          varchar('item_name', 200, { isNullable: true }),
          varchar('kind', 24),
          varchar('department', 32, { isNullable: true }),
          varchar('node', 40),
          varchar('due_date', 10),
          { name: 'working_days_left', type: 'integer' },
          varchar('issued_on', 10),
          varchar('issued_at', 30),
        ],
        indices: [
          { name: 'IDX_supervision_cards_case_kind', columnNames: ['case_id', 'kind'], isUnique: true },
          { name: 'IDX_supervision_cards_node', columnNames: ['node'] },
          { name: 'IDX_supervision_cards_issued_on', columnNames: ['issued_on'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'supervision_notices',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('case_id', 36),
          varchar('case_number', 40, { isNullable: true }),
          varchar('from_node', 40),
          varchar('to_node', 40),
          varchar('message', 1000),
          varchar('sent_by', 64),
          varchar('sent_at', 30),
          varchar('answer', 1000, { isNullable: true }),
          varchar('answered_by', 64, { isNullable: true }),
          varchar('answered_at', 30, { isNullable: true }),
        ],
        indices: [
          { name: 'IDX_supervision_notices_case_id', columnNames: ['case_id'] },
          { name: 'IDX_supervision_notices_from_node', columnNames: ['from_node'] },
          { name: 'IDX_supervision_notices_to_node', columnNames: ['to_node'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_facts',
        columns: [
          varchar('case_id', 36, { isPrimary: true }),
          varchar('accepting_node', 40, { isNullable: true }),
          varchar('accepting_tier', 10, { isNullable: true }),
          varchar('handling_node', 40, { isNullable: true }),
          varchar('department', 32, { isNullable: true }),
          varchar('impl_code', 36, { isNullable: true }),
          varchar('item_name', 200, { isNullable: true }),
          varchar('channel', 10, { isNullable: true }),
          varchar('received_on', 10, { isNullable: true }),
          varchar('accepted_on', 10, { isNullable: true }),
          varchar('refused_on', 10, { isNullable: true }),
          varchar('concluded_on', 10, { isNullable: true }),
          varchar('withdrawn_on', 10, { isNullable: true }),
          varchar('rated_on', 10, { isNullable: true }),
          { name: 'supplement_requests', type: 'integer' },
          { name: 'visits', type: 'integer', isNullable: true },
          { name: 'max_visits', type: 'integer', isNullable: true },
          varchar('due_date', 10, { isNullable: true }),
          { name: 'on_time', type: 'boolean', isNullable: true },
          { name: 'working_days', type: 'integer', isNullable: true },
          { name: 'score', type: 'integer', isNullable: true },
        ],
        indices: [
          { name: 'IDX_case_facts_received_on', columnNames: ['received_on'] },
          { name: 'IDX_case_facts_concluded_on', columnNames: ['concluded_on'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('case_facts');
    await queryRunner.dropTable('supervision_notices');
    await queryRunner.dropTable('supervision_cards');
  }
}
