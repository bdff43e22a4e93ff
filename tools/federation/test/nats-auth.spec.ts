import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from '@liandong/harness';
import { federationNodeSubscriptions, nodeInboxPrefix, provisionConsumers, provisionStreams, requireStreams, StreamsNotReadyError } from '@liandong/sync';
import { DEMO_TOPOLOGY, parseNatsAuthArgs } from '../src';

/** The command behind `npm run nats:auth` (`npm test` builds it before jest runs). */
const COMMAND = resolve(__dirname, '../dist/nats-auth-command.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [COMMAND, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run nats:auth', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'liandong-nats-auth-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses its arguments and refuses unknown ones', () => {
    expect(parseNatsAuthArgs([])).toEqual({ topology: null, credentials: 'nats-credentials.json', out: null });
    expect(parseNatsAuthArgs(['--topology', 't.json', '--credentials=c.json', '--out', 'a.conf'])).toEqual({ topology: 't.json', credentials: 'c.json', out: 'a.conf' });
    expect(parseNatsAuthArgs(['--help'])).toBe('help');
    expect(() => parseNatsAuthArgs(['--topolgy', 't.json'])).toThrow('unknown argument "--topolgy"');
    expect(() => parseNatsAuthArgs(['--topology'])).toThrow('--topology needs a file name');
  });

  it('prints the demo config, keeps the passwords in a 0600 file (never printed) and reuses them', () => {
    const first = run([], dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^# nats-server authorization/);
    for (const node of DEMO_TOPOLOGY) expect(first.stdout).toContain(`user: "${node.id}"`);
    const file = join(dir, 'nats-credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { password: string; passwordHash: string }>;
    expect(Object.keys(credentials)).toEqual(DEMO_TOPOLOGY.map((n) => n.id));
    for (const { password } of Object.values(credentials)) {
      expect(first.stdout).not.toContain(password);
      expect(first.stderr).not.toContain(password);
    }
    expect(first.stderr).toContain(`passwords are in ${file}`);
    const second = run(['--out', 'auth.conf'], dir);
    expect(second.status).toBe(0);
    expect(readFileSync(join(dir, 'auth.conf'), 'utf8')).toBe(first.stdout);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(credentials);
  });

  it('names each problem of a bad topology or argument and exits non-zero', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ nodes: [{ id: 'conghua', tier: 'district', regionCode: '440117', parentId: 'gz-city' }] }));
    const bad = run(['--topology', 'bad.json', '--credentials', 'other.json'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('nodes: must hold exactly one city, found 0');
    expect(bad.stderr).toContain('nodes[0].parentId: must name the city above conghua, a node of this topology');
    expect(run(['--bogus'], dir)).toMatchObject({ status: 2, stdout: '' });
    expect(run(['--topology', 'missing.json'], dir).stderr).toContain('missing.json: cannot be read (ENOENT)');
  });

  it('is a config nats-server runs: each node connects with its password, with its role in JetStream', async () => {
    const credentials = JSON.parse(readFileSync(join(dir, 'nats-credentials.json'), 'utf8')) as Record<string, { password: string }>;
    const nats = await startNatsServer({ configFile: join(dir, 'auth.conf') });
    const as = (id: string, password = credentials[id]!.password) => connect({ servers: nats.url, user: id, pass: password, inboxPrefix: nodeInboxPrefix(id), reconnect: false });
    const open: Array<Awaited<ReturnType<typeof as>>> = [];
    try {
      await expect(as('jiekou', 'wrong-password')).rejects.toThrow(/Authorization Violation/);
      await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization Violation/);
      const [city, district, township] = await Promise.all(['gz-city', 'conghua', 'jiekou'].map((id) => as(id)));
      open.push(city!, district!, township!);
      const townshipJsm = await jetstreamManager(township!);
      await expect(requireStreams(townshipJsm)).rejects.toThrow(new StreamsNotReadyError(['CATALOG', 'REF', 'CASES']));
      await expect(provisionStreams(townshipJsm)).rejects.toThrow('Permissions Violation');
      await provisionStreams(await jetstreamManager(city!));
      await requireStreams(townshipJsm);
      const jiekou = DEMO_TOPOLOGY.find((n) => n.id === 'jiekou')!;
      await provisionConsumers(townshipJsm, federationNodeSubscriptions(jiekou));
      // Sync monitoring: an ancestor reads its descendants' consumers; a sibling may not.
      const districtJsm = await jetstreamManager(district!);
      expect((await districtJsm.consumers.info('CASES', 'jiekou_cases_440117001')).config.filter_subject).toBe('gov.case.440117.440117001.>');
      expect((await (await jetstreamManager(city!)).consumers.info('CATALOG', 'jiekou_catalog_all')).name).toBe('jiekou_catalog_all');
      const wenquan = await as('wenquan');
      open.push(wenquan);
      await expect((await jetstreamManager(wenquan)).consumers.info('CASES', 'jiekou_cases_440117001')).rejects.toThrow('Permissions Violation');
    } finally {
      for (const nc of open) await nc.close();
      await nats.stop();
    }
  });
});
