import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTempDatabase, postgresAvailability } from '@liandong/harness';
import { dataSourceOptions, MIGRATIONS, type DatabaseConfig } from '../src';

/**
 * The storage contract for migrations, run unchanged on SQLite and PostgreSQL: the committed migrations build
 * exactly the schema the entities describe, and every migration can be undone.
 */
function migrationSuite(name: string, makeDatabase: () => Promise<{ config: DatabaseConfig; cleanup: () => Promise<void> }>): void {
  describe(`migrations on ${name}`, () => {
    let dataSource: DataSource;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const db = await makeDatabase();
      cleanup = db.cleanup;
      dataSource = new DataSource(dataSourceOptions(db.config));
      await dataSource.initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await cleanup?.();
    });

    it('runs every migration on an empty database', async () => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
      expect(await dataSource.showMigrations()).toBe(false);
    });

    it('leaves a schema identical to the entities (nothing for synchronize to do)', async () => {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    });

    it('enforces the unique username index', async () => {
      const insert = (id: string): Promise<unknown> =>
        dataSource.query(`INSERT INTO users (id, username, display_name, password_hash, roles) VALUES (${param(dataSource, 1)}, 'dup', 'x', 'h', 'admin')`, [id]);
      await insert('00000000-0000-0000-0000-000000000001');
      await expect(insert('00000000-0000-0000-0000-000000000002')).rejects.toThrow();
    });

    it('undoes every migration and applies them again', async () => {
      for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await dataSource.createQueryRunner().hasTable('users')).toBe(false);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
      expect(await dataSource.createQueryRunner().hasTable('users')).toBe(true);
    });
  });
}

function param(dataSource: DataSource, index: number): string {
  return dataSource.options.type === 'postgres' ? `$${index}` : '?';
}

migrationSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'liandong-migrations-'));
  return { config: { type: 'sqlite', path: join(dir, 'node.sqlite') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

if (postgresAvailability('PostgreSQL migration suite')) {
  migrationSuite('PostgreSQL', async () => {
    const db = await createTempDatabase();
    return { config: { type: 'postgres', url: db.url }, cleanup: db.drop };
  });
}
