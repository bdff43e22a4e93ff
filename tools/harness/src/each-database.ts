import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempDatabase, postgresAvailability } from './postgres';

/** A fresh database as a DataSource config (the shape of the node's `DatabaseConfig`). */
export type TestDatabaseConfig = { readonly type: 'sqlite'; readonly path: string } | { readonly type: 'postgres'; readonly url: string };

/** One fresh, empty database. */
export interface TestDatabase {
  readonly config: TestDatabaseConfig;
  /** Removes it now (otherwise it is removed after the test file). */
  drop(): Promise<void>;
}

/** One backend a storage suite runs on, with every database it makes removed after the test file. */
export interface DatabaseBackend {
  /** `SQLite` or `PostgreSQL`: put it in the suite's title. */
  readonly name: 'SQLite' | 'PostgreSQL';
  readonly type: 'sqlite' | 'postgres';
  /** A fresh, empty database for a DataSource: a file in a temporary folder, or a new PostgreSQL database. */
  create(): Promise<TestDatabase>;
  /**
   * Environment for a node that needs a fresh database: nothing on SQLite (the node keeps its file in its
   * DATA_DIR), the `DATABASE_URL` of a new database on PostgreSQL.
   */
  nodeEnv(): Promise<Record<string, string>>;
  /** Placeholder `$i` (PostgreSQL) or `?` (SQLite) for raw SQL. */
  param(index: number): string;
}

type Hook = (fn: () => Promise<void>) => void;

/**
 * Runs a storage suite unchanged on SQLite and on PostgreSQL (STYLE.md 13): `suite` is called once per backend,
 * at load time, and declares its own `describe` (name it with `backend.name`). PostgreSQL is $PG_TEST_URL: a
 * fresh database per `create()` / `nodeEnv()`, dropped after the file; unreachable, the PostgreSQL run is skipped
 * with a `SKIPPED PostgreSQL <name>` line, or fails in CI (`postgresAvailability`).
 */
export function eachDatabase(name: string, suite: (backend: DatabaseBackend) => void): void {
  suite(backend('sqlite'));
  if (postgresAvailability(`PostgreSQL ${name}`)) suite(backend('postgres'));
}

function backend(type: 'sqlite' | 'postgres'): DatabaseBackend {
  const drops: Array<() => Promise<void>> = [];
  const afterAll = (globalThis as { afterAll?: Hook }).afterAll;
  if (afterAll === undefined) throw new Error('eachDatabase runs inside a jest test file');
  // Registered around the suite's describe, so it runs after the suite's own afterAll (which closes its apps).
  afterAll(async () => {
    for (const drop of drops.splice(0).reverse()) await drop();
  });
  const track = (drop: () => Promise<void>): (() => Promise<void>) => {
    let done = false;
    const once = async (): Promise<void> => {
      if (done) return;
      done = true;
      await drop();
    };
    drops.push(once);
    return once;
  };
  if (type === 'sqlite') {
    return {
      name: 'SQLite',
      type,
      create: async () => {
        const dir = mkdtempSync(join(tmpdir(), 'liandong-db-'));
        return { config: { type: 'sqlite', path: join(dir, 'node.sqlite') }, drop: track(async () => rmSync(dir, { recursive: true, force: true })) };
      },
      nodeEnv: async () => ({}),
      param: () => '?',
    };
  }
  return {
    name: 'PostgreSQL',
    type,
    create: async () => {
      const db = await createTempDatabase();
      return { config: { type: 'postgres', url: db.url }, drop: track(db.drop) };
    },
    nodeEnv: async () => {
      const db = await createTempDatabase();
      track(db.drop);
      return { DATABASE_URL: db.url };
    },
    param: (index) => `$${index}`,
  };
}
