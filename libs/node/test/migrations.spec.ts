import { DataSource } from 'typeorm';
import { eachDatabase } from '@liandong/harness';
import { dataSourceOptions, MIGRATIONS } from '../src';

/**
 * The storage contract for migrations, run unchanged on SQLite and PostgreSQL: the committed migrations build
 * exactly the schema the entities describe, and every migration can be undone.
 */
eachDatabase('migration suite', (backend) => {
  describe(`migrations on ${backend.name}`, () => {
    let dataSource: DataSource;

    beforeAll(async () => {
      dataSource = new DataSource(dataSourceOptions((await backend.create()).config));
      await dataSource.initialize();
    });

    afterAll(async () => {
      await dataSource?.destroy();
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
});

function param(dataSource: DataSource, index: number): string {
  return dataSource.options.type === 'postgres' ? `$${index}` : '?';
}
