import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNatsServer, type RunningNatsServer } from '@liandong/harness';

/** The compiled township app, as `npm start` and the Dockerfile run it (`npm test` builds before jest). */
const MAIN = resolve(__dirname, '../../../apps/township-node/dist/main.js');
const VALID = { NODE_ID: 'jiekou', REGION_CODE: '440117001', PARENT_ID: 'conghua', CITY_ID: 'gz-city', JWT_SECRET: 'boot-test-secret-at-least-32-chars!', ADMIN_PASSWORD: 'first-boot-pw-26' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runApp(env: Record<string, string>, onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Run = { code: null, stdout: '', stderr: '' };
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.stdout.on('data', (c: Buffer) => {
      out.stdout += c.toString();
      onStdout?.(out.stdout, (signal) => child.kill(signal));
    });
    child.stderr.on('data', (c: Buffer) => (out.stderr += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      out.code = code;
      resolvePromise(out);
    });
  });
}

describe('booting a node process', () => {
  let dir: string;
  let nats: RunningNatsServer;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'liandong-boot-'));
    nats = await startNatsServer();
  });

  afterAll(async () => {
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['REGION_CODE', { REGION_CODE: '4401' }, 'REGION_CODE: must be 9 digits for a township (GB/T 10114), got 4'],
    ['JWT_SECRET', { JWT_SECRET: '' }, 'JWT_SECRET: is required (at least 32 characters)'],
    ['HTTP_PORT', { HTTP_PORT: 'eighty' }, 'HTTP_PORT: must be an integer from 0 to 65535 (got "eighty")'],
    ['NODE_TIER', { NODE_TIER: 'city' }, 'NODE_TIER: is "city" but this is the township-node app'],
  ])('stops with exit code 78 and names %s when it is bad', async (_name, override, message) => {
    const run = await runApp({ ...VALID, DATA_DIR: dir, ...override });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('配置错误，节点未启动');
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('names ADMIN_PASSWORD when the first boot has no admin password', async () => {
    const { ADMIN_PASSWORD: _omit, ...withoutAdmin } = VALID;
    const run = await runApp({ ...withoutAdmin, DATA_DIR: join(dir, 'fresh'), NATS_URL: nats.url, HTTP_PORT: '0' });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('ADMIN_PASSWORD: is required at first boot');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('starts, then shuts down cleanly on %s', async (signal) => {
    let sent = false;
    const run = await runApp({ ...VALID, DATA_DIR: join(dir, 'ok'), NATS_URL: nats.url, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' }, (stdout, kill) => {
      if (!sent && stdout.includes('listening')) {
        sent = true;
        kill(signal);
      }
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; node: string });
    expect(lines.every((l) => l.node === 'jiekou')).toBe(true);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^node jiekou \(township\) listening on 127\.0\.0\.1:\d+; database sqlite:/), `${signal} received, shutting down`]));
  });
});
