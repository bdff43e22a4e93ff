import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { booleanDefault, nowDefault, timestampType } from './column-types';

export class InitialSchema1763856000000 implements MigrationInterface {
  name = 'InitialSchema1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = timestampType(queryRunner);
    const now = nowDefault(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '64' },
          { name: 'display_name', type: 'varchar', length: '100' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'roles', type: 'text' },
          { name: 'active', type: 'boolean', default: booleanDefault(queryRunner, true) },
          { name: 'created_at', type: ts, default: now },
          { name: 'updated_at', type: ts, default: now },
        ],
        indices: [{ name: 'IDX_users_username', columnNames: ['username'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users');
  }
}
