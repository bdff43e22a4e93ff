import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { booleanDefault } from './column-types';

const varchar = (name: string, length: number, extra: Record<string, unknown> = {}) => ({ name, type: 'varchar', length: String(length), ...extra });
const integer = (name: string, extra: Record<string, unknown> = {}) => ({ name, type: 'integer', ...extra });
const text = (name: string) => ({ name, type: 'text' });

/** Catalogue items and their versions, departments, delegations and their versions, the holiday calendar. */
export class Catalogue1763900000000 implements MigrationInterface {
  name = 'Catalogue1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'service_items',
        columns: [
          varchar('impl_code', 36, { isPrimary: true }),
          integer('version'),
          varchar('status', 12),
          varchar('scope', 6),
          varchar('owner_node', 40),
          varchar('name', 200),
          varchar('base_code', 12),
          varchar('item_type', 2),
          varchar('handling_department', 32),
          text('content'),
          varchar('updated_at', 30),
        ],
        indices: [
          { name: 'IDX_service_items_status', columnNames: ['status'] },
          { name: 'IDX_service_items_base_code', columnNames: ['base_code'] },
          { name: 'IDX_service_items_department', columnNames: ['handling_department'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'service_item_versions',
        columns: [
          varchar('impl_code', 36, { isPrimary: true }),
          integer('version', { isPrimary: true }),
          varchar('status', 12),
          varchar('change', 12),
          text('content'),
          varchar('actor', 64),
          varchar('changed_at', 30),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'departments',
        columns: [
          varchar('node_id', 40, { isPrimary: true }),
          varchar('code', 32, { isPrimary: true }),
          varchar('name', 100),
          { name: 'active', type: 'boolean', default: booleanDefault(queryRunner, true) },
          integer('version'),
          varchar('updated_at', 30),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'delegations',
        columns: [
          varchar('id', 36, { isPrimary: true }),
          varchar('impl_code', 36),
          varchar('mode', 10),
          varchar('target_kind', 10),
          varchar('target_region', 9),
          varchar('effective_from', 10),
          varchar('status', 8),
          integer('version'),
          varchar('owner_node', 40),
          varchar('revoked_at', 30, { isNullable: true }),
          varchar('updated_at', 30),
        ],
        indices: [{ name: 'IDX_delegations_impl_code', columnNames: ['impl_code'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'delegation_versions',
        columns: [
          varchar('delegation_id', 36, { isPrimary: true }),
          integer('version', { isPrimary: true }),
          varchar('change', 8),
          text('snapshot'),
          varchar('actor', 64),
          varchar('changed_at', 30),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'calendar_years',
        columns: [integer('year', { isPrimary: true }), text('data'), integer('version'), varchar('updated_at', 30)],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['calendar_years', 'delegation_versions', 'delegations', 'departments', 'service_item_versions', 'service_items']) {
      await queryRunner.dropTable(table);
    }
  }
}
