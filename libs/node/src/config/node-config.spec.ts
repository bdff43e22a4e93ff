import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, describeDatabase, loadNodeConfig } from './node-config';

const SECRET = 'x'.repeat(32);
const township = { NODE_ID: 'jiekou', REGION_CODE: '440117001', PARENT_ID: 'conghua', CITY_ID: 'gz-city', JWT_SECRET: SECRET };

/** The problems a ConfigError reports, as `VARIABLE: reason`. */
function problemsOf(env: Record<string, string>, tier: 'city' | 'district' | 'township' = 'township'): string[] {
  try {
    loadNodeConfig(env, tier, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.reason}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadNodeConfig', () => {
  it('reads a township with SQLite under its data dir and sensible defaults', () => {
    const config = loadNodeConfig(township, 'township', '/srv');
    expect(config).toMatchObject({
      tier: 'township',
      nodeId: 'jiekou',
      nodeName: 'jiekou',
      regionCode: '440117001',
      parentId: 'conghua',
      cityId: 'gz-city',
      database: { type: 'sqlite', path: '/srv/.data/jiekou/jiekou.sqlite' },
      natsServers: ['nats://127.0.0.1:4222'],
      httpPort: 3000,
      jwtTtlSeconds: 28800,
      initialAdmin: { username: 'admin', password: null },
      demo: null,
      logLevel: 'info',
      heartbeatSeconds: 5,
      offlineAfterSeconds: 30,
    });
  });

  it('uses PostgreSQL when DATABASE_URL says so and never prints its password', () => {
    const config = loadNodeConfig(
      { NODE_ID: 'gz-city', REGION_CODE: '440100', JWT_SECRET: SECRET, DATABASE_URL: 'postgres://city:s3cret@db:5432/city', NATS_URL: 'nats://a:4222, nats://b:4222' },
      'city',
    );
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://city:s3cret@db:5432/city' });
    expect(config.parentId).toBeNull();
    expect(config.cityId).toBe('gz-city');
    expect(config.natsServers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(describeDatabase(config.database)).toBe('postgres://city:***@db:5432/city');
  });

  it('names every missing required variable at once', () => {
    expect(problemsOf({})).toEqual([
      'NODE_ID: is required',
      'REGION_CODE: is required',
      'PARENT_ID: is required on a township node',
      'CITY_ID: is required on a township node',
      'JWT_SECRET: is required (at least 32 characters)',
    ]);
  });

  it.each([
    [{ NODE_TIER: 'village' }, 'NODE_TIER: must be one of city, district, township (got "village")'],
    [{ NODE_TIER: 'city' }, 'NODE_TIER: is "city" but this is the township-node app'],
    [{ NODE_ID: 'Jie Kou' }, 'NODE_ID: must be 2–40 lowercase letters, digits or "-", not starting or ending with "-" (got "Jie Kou")'],
    [{ REGION_CODE: '440117' }, 'REGION_CODE: must be 9 digits for a township (GB/T 10114), got 6'],
    [{ PARENT_ID: 'jiekou' }, 'PARENT_ID: must differ from NODE_ID'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL (leave it unset for SQLite)'],
    [{ DATABASE_URL: 'postgres://db' }, 'DATABASE_URL: must name a host and a database, e.g. postgres://liandong@db:5432/liandong'],
    [{ NATS_URL: 'http://nats:4222' }, 'NATS_URL: "http://nats:4222" is not a nats:// URL'],
    [{ HTTP_PORT: '70000' }, 'HTTP_PORT: must be an integer from 0 to 65535 (got "70000")'],
    [{ HTTP_PORT: '3e3' }, 'HTTP_PORT: must be an integer from 0 to 65535 (got "3e3")'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET: must be at least 32 characters (got 5)'],
    [{ JWT_TTL_SECONDS: '10' }, 'JWT_TTL_SECONDS: must be an integer from 60 to 604800 (got "10")'],
    [{ ADMIN_PASSWORD: 'abc' }, 'ADMIN_PASSWORD: must be at least 10 characters'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO: must be true or false (got "maybe")'],
    [{ SEED_DEMO: 'true' }, 'DEMO_PASSWORD: is required when SEED_DEMO is true'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ SYNC_HEARTBEAT_SECONDS: '0' }, 'SYNC_HEARTBEAT_SECONDS: must be an integer from 1 to 300 (got "0")'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY: must be false, 1 to 10 proxies, or their addresses (got "11")'],
    [{ TRUST_PROXY: 'loopback, nginx' }, 'TRUST_PROXY: must be false, 1 to 10 proxies, or their addresses / CIDRs (not "nginx")'],
    [{ SUPERVISION_INTERVAL_SECONDS: '0' }, 'SUPERVISION_INTERVAL_SECONDS: must be an integer from 1 to 3600 (got "0")'],
    [{ SUPERVISION_NOTICE_DAYS: 'two' }, 'SUPERVISION_NOTICE_DAYS: must be an integer from 0 to 30 (got "two")'],
    [{ SUPERVISION_RED_AFTER_DAYS: '-1' }, 'SUPERVISION_RED_AFTER_DAYS: must be an integer from 0 to 60 (got "-1")'],
    [{ NODE_OFFLINE_AFTER_SECONDS: '30s' }, 'NODE_OFFLINE_AFTER_SECONDS: must be an integer from 2 to 86400 (got "30s")'],
    [
      { SYNC_HEARTBEAT_SECONDS: '10', NODE_OFFLINE_AFTER_SECONDS: '10' },
      'NODE_OFFLINE_AFTER_SECONDS: must be greater than SYNC_HEARTBEAT_SECONDS (10), or every node would flicker offline between two heartbeats (got 10)',
    ],
    [{ NODE_OFFLINE_AFTER_SECONDS: '4' }, 'NODE_OFFLINE_AFTER_SECONDS: must be greater than SYNC_HEARTBEAT_SECONDS (5), or every node would flicker offline between two heartbeats (got 4)'],
    [{ SYNC_MAX_DELIVERIES: '0' }, 'SYNC_MAX_DELIVERIES: must be an integer from 1 to 100 (got "0")'],
    [{ SYNC_MAX_DELIVERIES: '101' }, 'SYNC_MAX_DELIVERIES: must be an integer from 1 to 100 (got "101")'],
    [{ SYNC_RETRY_BASE_MS: '5' }, 'SYNC_RETRY_BASE_MS: must be an integer from 10 to 60000 (got "5")'],
    [{ SYNC_RETRY_BASE_MS: '1s' }, 'SYNC_RETRY_BASE_MS: must be an integer from 10 to 60000 (got "1s")'],
  ])('rejects %j with the variable and the reason', (override, expected) => {
    expect(problemsOf({ ...township, ...override })).toEqual([expected]);
  });

  it('takes the city from PARENT_ID on a district and refuses a different CITY_ID', () => {
    expect(loadNodeConfig({ NODE_ID: 'conghua', REGION_CODE: '440117', PARENT_ID: 'gz-city', JWT_SECRET: SECRET }, 'district').cityId).toBe('gz-city');
    expect(problemsOf({ NODE_ID: 'conghua', REGION_CODE: '440117', PARENT_ID: 'gz-city', CITY_ID: 'sz-city', JWT_SECRET: SECRET }, 'district')).toEqual([
      'CITY_ID: must equal PARENT_ID on a district node (or be unset)',
    ]);
  });

  it('bounds the retries of a failing message: 5 deliveries from 1 s by default, or as set', () => {
    expect(loadNodeConfig(township, 'township', '/srv').syncRetry).toEqual({ maxDeliveries: 5, baseMs: 1000 });
    expect(loadNodeConfig({ ...township, SYNC_MAX_DELIVERIES: '3', SYNC_RETRY_BASE_MS: '100' }, 'township', '/srv').syncRetry).toEqual({ maxDeliveries: 3, baseMs: 100 });
  });

  it('bounds JSON request bodies: depth 32 and arrays of 1,000 by default, or as set within range', () => {
    expect(loadNodeConfig(township, 'township', '/srv').httpLimits).toEqual({ jsonMaxDepth: 32, jsonMaxArray: 1000 });
    expect(loadNodeConfig({ ...township, HTTP_JSON_MAX_DEPTH: '4', HTTP_JSON_MAX_ARRAY: '100000' }, 'township', '/srv').httpLimits).toEqual({ jsonMaxDepth: 4, jsonMaxArray: 100_000 });
    expect(problemsOf({ ...township, HTTP_JSON_MAX_DEPTH: '257', HTTP_JSON_MAX_ARRAY: '9' })).toEqual([
      'HTTP_JSON_MAX_DEPTH: must be an integer from 4 to 256 (got "257")',
      'HTTP_JSON_MAX_ARRAY: must be an integer from 10 to 100000 (got "9")',
    ]);
    expect(problemsOf({ ...township, HTTP_JSON_MAX_DEPTH: 'deep' })).toEqual(['HTTP_JSON_MAX_DEPTH: must be an integer from 4 to 256 (got "deep")']);
  });

  it('takes short heartbeat and offline settings (tests use 1 s and 3 s)', () => {
    expect(loadNodeConfig({ ...township, SYNC_HEARTBEAT_SECONDS: '1', NODE_OFFLINE_AFTER_SECONDS: '3' }, 'township', '/srv')).toMatchObject({
      heartbeatSeconds: 1,
      offlineAfterSeconds: 3,
    });
  });

  it('trusts no proxy by default, or a hop count, or the proxies named', () => {
    expect(loadNodeConfig(township, 'township', '/srv').trustProxy).toBe(false);
    expect(loadNodeConfig({ ...township, TRUST_PROXY: '1' }, 'township', '/srv').trustProxy).toBe(1);
    expect(loadNodeConfig({ ...township, TRUST_PROXY: 'loopback, 10.0.0.0/8' }, 'township', '/srv').trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('reads the supervision interval and thresholds, with DOMAIN.md defaults', () => {
    expect(loadNodeConfig(township, 'township', '/srv').supervision).toEqual({ intervalSeconds: 60, thresholds: { noticeDays: 1, yellowAfterDays: 0, redAfterDays: 0 } });
    expect(loadNodeConfig({ ...township, SUPERVISION_NOTICE_DAYS: '2', SUPERVISION_YELLOW_AFTER_DAYS: '1' }, 'township', '/srv').supervision.thresholds).toEqual({
      noticeDays: 2,
      yellowAfterDays: 1,
      redAfterDays: 0,
    });
  });

  it('refuses a parent on the city', () => {
    expect(problemsOf({ NODE_ID: 'gz-city', REGION_CODE: '440100', JWT_SECRET: SECRET, PARENT_ID: 'x1' }, 'city')).toEqual([
      'PARENT_ID: must be empty on the city node (the city has no parent)',
    ]);
  });

  it('takes NATS credentials both or neither, and never repeats the password', () => {
    expect(loadNodeConfig(township, 'township').natsCredentials).toBeNull();
    expect(loadNodeConfig({ ...township, NATS_USER: 'jiekou', NATS_PASSWORD: 'n4ts-secret-pw' }, 'township').natsCredentials).toEqual({ user: 'jiekou', password: 'n4ts-secret-pw' });
    expect(problemsOf({ ...township, NATS_USER: 'jiekou' })).toEqual(['NATS_PASSWORD: is required when NATS_USER is set']);
    expect(problemsOf({ ...township, NATS_PASSWORD: 'n4ts-secret-pw' })).toEqual(['NATS_USER: is required when NATS_PASSWORD is set']);
    const short = problemsOf({ ...township, NATS_USER: 'jiekou', NATS_PASSWORD: 'sh0rt' });
    expect(short).toEqual(['NATS_PASSWORD: must be at least 10 characters']);
    const spaced = problemsOf({ ...township, NATS_USER: 'jie kou', NATS_PASSWORD: 'pass word-secret' });
    expect(spaced).toEqual(['NATS_USER: must be 1–64 letters, digits, ".", "_" or "-"']);
    expect(problemsOf({ ...township, NATS_USER: 'jiekou', NATS_PASSWORD: 'pass word-secret' }).join('\n')).not.toContain('word-secret');
  });

  it('checks FEDERATION_TOPOLOGY at boot: a valid federation that lists this node as configured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'liandong-config-'));
    const file = (name: string, content: string): string => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const nodes = [
      { id: 'gz-city', tier: 'city', regionCode: '440100', parentId: null },
      { id: 'conghua', tier: 'district', regionCode: '440117', parentId: 'gz-city' },
      { id: 'jiekou', tier: 'township', regionCode: '440117001', parentId: 'conghua' },
    ];
    const good = file('good.json', JSON.stringify({ nodes }));
    expect(loadNodeConfig({ ...township, FEDERATION_TOPOLOGY: 'good.json' }, 'township', dir).topologyFile).toBe(good);
    expect(problemsOf({ ...township, FEDERATION_TOPOLOGY: join(dir, 'missing.json') })).toEqual([`FEDERATION_TOPOLOGY: ${join(dir, 'missing.json')}: ${join(dir, 'missing.json')} cannot be read (ENOENT)`]);
    const broken = file('broken.json', '{ nodes: ');
    expect(problemsOf({ ...township, FEDERATION_TOPOLOGY: broken })[0]).toMatch(new RegExp(`^FEDERATION_TOPOLOGY: ${broken}: ${broken} is not JSON`));
    const invalid = file('invalid.json', JSON.stringify({ nodes: nodes.slice(1) }));
    expect(problemsOf({ ...township, FEDERATION_TOPOLOGY: invalid })).toEqual([`FEDERATION_TOPOLOGY: ${invalid}: nodes must hold exactly one city, found 0; nodes[0].parentId must name the city above conghua, a node of this topology`]);
    const other = file('other.json', JSON.stringify({ nodes: nodes.slice(0, 2) }));
    expect(problemsOf({ ...township, FEDERATION_TOPOLOGY: other })).toEqual([`FEDERATION_TOPOLOGY: ${other} does not list this node (jiekou)`]);
    const moved = file('moved.json', JSON.stringify({ nodes: [...nodes.slice(0, 2), { ...nodes[2], regionCode: '440117002' }] }));
    expect(problemsOf({ ...township, FEDERATION_TOPOLOGY: moved })).toEqual([
      `FEDERATION_TOPOLOGY: ${moved} lists jiekou as township 440117002 under conghua, but this node is township 440117001 under conghua`,
    ]);
  });

  it('documents every variable it reads', () => {
    const read = new Set<string>();
    const env = new Proxy<Record<string, string | undefined>>(
      { ...township, NATS_USER: 'jiekou', NATS_PASSWORD: 'nats-password-1', SEED_DEMO: 'true', DEMO_PASSWORD: 'demo-password-1' },
      { get: (target, name) => (typeof name === 'string' && read.add(name), Reflect.get(target, name) as string | undefined) },
    );
    loadNodeConfig(env, 'township', '/srv');
    expect(read).toEqual(new Set(CONFIG_VARIABLES.map((v) => v.name)));
  });

  it('takes each default and range from the variables table', () => {
    const config = loadNodeConfig(township, 'township', '/srv');
    const table = new Map(CONFIG_VARIABLES.map((v) => [v.name, v]));
    expect(String(config.jwtTtlSeconds)).toBe(table.get('JWT_TTL_SECONDS')?.default);
    expect(String(config.supervision.intervalSeconds)).toBe(table.get('SUPERVISION_INTERVAL_SECONDS')?.default);
    expect(config.httpHost).toBe(table.get('HTTP_HOST')?.default);
    for (const variable of CONFIG_VARIABLES.filter((v) => v.range !== undefined && v.name !== 'TRUST_PROXY')) {
      const { min, max } = variable.range!;
      expect(problemsOf({ ...township, [variable.name]: String(max + 1) })).toEqual([`${variable.name}: must be an integer from ${min} to ${max} (got "${max + 1}")`]);
      if (variable.name !== 'NODE_OFFLINE_AFTER_SECONDS') expect(() => loadNodeConfig({ ...township, [variable.name]: String(min) }, 'township', '/srv')).not.toThrow();
    }
  });
});
