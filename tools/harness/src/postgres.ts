import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server tests use: $PG_TEST_URL, default the local server with trust auth. */
export const PG_TEST_URL = process.env['PG_TEST_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Synchronously checks whether the test PostgreSQL server answers (so a test file can choose `describe` or
 * `describe.skip` at load time). Returns null when reachable, else the reason.
 */
export function probePostgres(url: string = PG_TEST_URL): string | null {
  const script = `const {Client}=require(${JSON.stringify(require.resolve('pg'))});const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),(e)=>{console.error(e.message);process.exit(1)})`;
  const result = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf8', timeout: 10000 });
  return result.status === 0 ? null : (result.stderr.trim() || 'no answer');
}

/**
 * How a test file treats PostgreSQL: in CI (`CI` set) the suite must run, so an unreachable server is an error;
 * locally the suite is skipped with a visible line saying so.
 */
export function postgresAvailability(label: string): boolean {
  const reason = probePostgres();
  if (reason === null) return true;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false') {
    throw new Error(`${label}: PostgreSQL at ${redact(PG_TEST_URL)} is required in CI but unreachable: ${reason}`);
  }
  console.warn(`SKIPPED ${label}: no PostgreSQL at ${redact(PG_TEST_URL)} (${reason}); set PG_TEST_URL to run it`);
  return false;
}

/** Creates a fresh database for one test file; `drop()` removes it. */
export async function createTempDatabase(prefix = 'liandong_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: PG_TEST_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_TEST_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_TEST_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password !== '') u.password = '***';
  return u.toString();
}
