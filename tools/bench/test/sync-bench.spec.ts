import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The benchmark behind `npm run bench:sync` (`npm test` builds it). Figures belong to the benchmark; this only checks it runs. */
const BENCH = resolve(__dirname, '../dist/sync-bench.js');

describe('npm run bench:sync', () => {
  it('runs end to end on a small load and ends with the RESULT line', () => {
    if (!existsSync(BENCH)) throw new Error(`${BENCH} is missing: run "npm run build" first (npm test does)`);
    const run = spawnSync(process.execPath, [BENCH], {
      encoding: 'utf8',
      timeout: 120000,
      env: { ...process.env, BENCH_N: '300', BENCH_ROUNDS: '1', BENCH_WARMUP: '0', BENCH_CATCHUP_N: '500' },
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^RESULT e2e_eps=\d+ raw_nats_mps=\d+ raw_sqlite_rps=\d+ ratio=\d+\.\d\d catchup_10k_s=\d+\.\d\d$/);
  });
});
