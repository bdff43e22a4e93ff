import { createHash } from 'node:crypto';
/**
 * docker-compose.yml: (a) a real compose validator accepts it, and refuses it while a required secret is
 * missing; (b) the node services it defines are valid node configurations (checked with the node's own
 * CONFIG_VARIABLES and loadNodeConfig), form a city → district → township tree, use the databases the design
 * gives each tier, and reach a 3-server NATS cluster whose servers are routed to each other.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadNodeConfig } from '@liandong/node';
import { isRegionWithin, isTier, type Tier } from '@liandong/shared';

const ROOT = resolve(__dirname, '../..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const INSTALL_COMMAND = 'apt-get install -y --no-install-recommends docker-compose';

// ---------------------------------------------------------------------------------------------------------
// The file and its ${...} interpolations

const source = readFileSync(COMPOSE_FILE, 'utf8');

interface Interpolation {
  readonly text: string;
  readonly name: string;
  /** `?` / `:?` (required, with an error message), `-` / `:-` (default), or '' (plain). */
  readonly operator: string;
  readonly argument: string;
}

const INTERPOLATION = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

function interpolationsIn(text: string): Interpolation[] {
  const withoutEscapes = text.replace(/\$\$/g, '');
  return [...withoutEscapes.matchAll(INTERPOLATION)].map((m) => ({
    text: m[0],
    name: m[1],
    operator: m[2] ?? '',
    argument: m[3] ?? '',
  }));
}

const interpolations = interpolationsIn(source);
/** Variables the file refuses to run without (`${NAME:?message}`): the secrets. */
const requiredVariables = [...new Set(interpolations.filter((i) => i.operator.endsWith('?')).map((i) => i.name))].sort();

/**
 * A value that passes every node rule: URL-safe (it goes into DATABASE_URL), longer than 32 characters, and a valid
 * password (no user name inside): a digest of the variable's name.
 */
function dummyValue(name: string): string {
  return `Dummy-${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
}

const dummyEnv: Record<string, string> = Object.fromEntries(requiredVariables.map((name) => [name, dummyValue(name)]));

/** Resolves interpolations the way compose does, with the dummy values for required variables. */
function substitute(value: string): string {
  return value
    .split('$$')
    .map((part) =>
      part.replace(INTERPOLATION, (_match, name: string, operator: string | undefined, argument: string | undefined) => {
        if (dummyEnv[name] !== undefined) return dummyEnv[name];
        if (operator?.endsWith('-')) return argument ?? '';
        throw new Error(`\${${name}} in docker-compose.yml has neither a default nor a required-error`);
      }),
    )
    .join('$');
}

// ---------------------------------------------------------------------------------------------------------
// (a) validation by a real compose implementation

interface Validator {
  readonly command: string;
  readonly prefix: readonly string[];
}

/** `docker compose` (v2 plugin) when it runs here, else the standalone `docker-compose`; null when neither does. */
function findValidator(): Validator | null {
  const candidates: Validator[] = [
    { command: 'docker', prefix: ['compose'] },
    { command: 'docker-compose', prefix: [] },
  ];
  return candidates.find((c) => spawnSync(c.command, [...c.prefix, 'version'], { encoding: 'utf8' }).status === 0) ?? null;
}

const validator = findValidator();
const inCi = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());

describe('docker-compose.yml passes a compose validator (`config -q`)', () => {
  if (validator === null) {
    if (inCi) {
      it('has a compose validator installed', () => {
        throw new Error(
          `Neither \`docker compose\` nor \`docker-compose\` runs on this machine; .ci/run should have installed it (${INSTALL_COMMAND}).`,
        );
      });
    } else {
      console.warn(
        `SKIPPED: docker-compose.yml validation (neither \`docker compose\` nor \`docker-compose\` is installed). Install it with: ${INSTALL_COMMAND}`,
      );
      it.skip('validates docker-compose.yml (no compose validator installed)', () => undefined);
    }
    return;
  }
  const tool: Validator = validator;

  let workDir: string;
  let emptyEnvFile: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'liandong-compose-'));
    emptyEnvFile = join(workDir, 'empty.env');
    writeFileSync(emptyEnvFile, '');
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  /** Runs `config -q` with exactly `variables` set among the file's required ones (a local .env is ignored). */
  function validate(variables: Record<string, string>): { status: number | null; output: string } {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!requiredVariables.includes(key) && !key.startsWith('COMPOSE_')) env[key] = value;
    }
    const result = spawnSync(
      tool.command,
      [...tool.prefix, '--env-file', emptyEnvFile, '-f', COMPOSE_FILE, 'config', '-q'],
      { cwd: ROOT, env: { ...env, ...variables }, encoding: 'utf8' },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
  }

  it('accepts the file when every required variable is set', () => {
    const { status, output } = validate(dummyEnv);
    expect({ status, output }).toEqual({ status: 0, output: '' });
  });

  it.each(requiredVariables)('refuses to run without %s and names it', (missing) => {
    const { [missing]: _omitted, ...others } = dummyEnv;
    const { status, output } = validate(others);
    expect(status).not.toBe(0);
    expect(output).toMatch(new RegExp(`\\bset ${missing}\\b`));
  });
});

// ---------------------------------------------------------------------------------------------------------
// (b) what the file says, checked against the node's own configuration rules

type Environment = Record<string, string>;

interface ComposeService {
  image?: string;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  ports?: (string | number | { target: number; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

// `merge: true` resolves the `<<: *anchor` keys, as compose does.
const compose = parse(source, { merge: true }) as ComposeFile;
const services = compose.services;

/** The service's environment as written (interpolations left in place), list or map syntax. */
function rawEnvironment(service: ComposeService): Environment {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

function environment(service: ComposeService): Environment {
  return Object.fromEntries(Object.entries(rawEnvironment(service)).map(([key, value]) => [key, substitute(value)]));
}

function isNamedVolume(sourceName: string): boolean {
  return !/^[./~]/.test(sourceName);
}

/** [source, target] of each mount. */
function mounts(service: ComposeService): [string, string][] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'string') {
      const [from, to] = volume.split(':');
      return [from, to];
    }
    return [volume.source ?? '', volume.target];
  });
}

function namedVolumeAt(service: ComposeService, path: string): string | undefined {
  const declared = Object.keys(compose.volumes ?? {});
  return mounts(service).find(([from, to]) => to === path && isNamedVolume(from) && declared.includes(from))?.[0];
}

function dependencies(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

function commandArgs(service: ComposeService): string[] {
  const command = service.command ?? [];
  return Array.isArray(command) ? command.map(String) : command.trim().split(/\s+/);
}

/** The value after the first of `flags` in a command, e.g. `--routes a,b`. */
function flagValue(args: readonly string[], ...flags: string[]): string | undefined {
  const index = args.findIndex((arg) => flags.includes(arg));
  return index === -1 ? undefined : args[index + 1];
}

function healthcheckText(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

const nodeServiceNames = Object.keys(services).filter((name) => rawEnvironment(services[name]).NODE_TIER !== undefined);
const natsServiceNames = Object.keys(services).filter((name) => /^nats(:|$)/.test(services[name].image ?? ''));

function tierOf(name: string): Tier {
  const tier = environment(services[name]).NODE_TIER;
  if (!isTier(tier)) throw new Error(`service ${name}: NODE_TIER "${tier}" is not city, district or township`);
  return tier;
}

function nodeServiceOfTier(tier: Tier): string {
  const names = nodeServiceNames.filter((name) => tierOf(name) === tier);
  expect(names).toHaveLength(1);
  return names[0];
}

describe('docker-compose.yml node services', () => {
  it('runs one node of each tier', () => {
    expect(nodeServiceNames.map(tierOf).sort()).toEqual(['city', 'district', 'township']);
  });

  it('requires every secret from the environment (no secret written in the file)', () => {
    expect(requiredVariables.length).toBeGreaterThan(0);
    for (const name of nodeServiceNames) {
      const raw = rawEnvironment(services[name]);
      for (const secret of ['JWT_SECRET', 'ADMIN_PASSWORD', 'NATS_PASSWORD']) {
        expect({ service: name, [secret]: raw[secret] }).toEqual({
          service: name,
          [secret]: expect.stringMatching(/^\$\{[A-Z0-9_]+:\?[^}]*\}$/),
        });
      }
      if (raw.DATABASE_URL !== undefined) {
        const password = new URL(raw.DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x')).password;
        expect({ service: name, databasePassword: password }).toEqual({ service: name, databasePassword: 'x' });
        expect(raw.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/[^:]+:\$\{[A-Z0-9_]+:\?[^}]*\}@/);
      }
    }
  });

  describe.each(nodeServiceNames)('%s', (name) => {
    const service = services[name];

    it('sets every variable CONFIG_VARIABLES requires for its tier, and only known variables', () => {
      const env = environment(service);
      const tier = tierOf(name);
      const required = CONFIG_VARIABLES.filter((v) => v.requiredFor.includes(tier)).map((v) => v.name);
      expect(required.length).toBeGreaterThan(0);
      const missing = required.filter((variable) => (env[variable] ?? '').trim() === '');
      expect({ service: name, missing }).toEqual({ service: name, missing: [] });
      const known = CONFIG_VARIABLES.map((v) => v.name);
      const unknown = Object.keys(env).filter((variable) => !known.includes(variable));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    });

    it('is a configuration the node accepts (loadNodeConfig)', () => {
      const env = environment(service);
      // The topology file is read at boot: check the one the service mounts there.
      const topology = env.FEDERATION_TOPOLOGY === undefined ? undefined : mounts(service).find(([, to]) => to.split(':')[0] === env.FEDERATION_TOPOLOGY)?.[0];
      if (env.FEDERATION_TOPOLOGY !== undefined) {
        expect({ service: name, topologyMounted: topology !== undefined }).toEqual({ service: name, topologyMounted: true });
        env.FEDERATION_TOPOLOGY = resolve(ROOT, topology as string);
      }
      // Throws ConfigError naming each bad variable (region code, node id, parent, URLs, secret length, topology...).
      const config = loadNodeConfig(env, tierOf(name), '/');
      expect(config.nodeId).toBe(env.NODE_ID);
      expect(config.regionCode).toBe(env.REGION_CODE);
    });

    it('has a healthcheck on /health, a restart policy and a published HTTP port', () => {
      const env = environment(service);
      expect(healthcheckText(service)).toContain(`:${env.HTTP_PORT ?? '3000'}/health`);
      expect(service.restart).toMatch(/^(always|unless-stopped|on-failure)/);
      const targets = (service.ports ?? []).map((port) =>
        typeof port === 'object' ? String(port.target) : String(port).split(':').at(-1),
      );
      expect(targets).toContain(env.HTTP_PORT ?? '3000');
    });

    it('waits for every service it depends on to be healthy', () => {
      const deps = dependencies(service);
      expect(Object.keys(deps).length).toBeGreaterThan(0);
      for (const [dependency, condition] of Object.entries(deps)) {
        expect({ dependency, condition }).toEqual({ dependency, condition: 'service_healthy' });
        expect(services[dependency]?.healthcheck?.test).toBeDefined();
      }
    });

    it('connects to exactly the three NATS servers', () => {
      const urls = environment(service).NATS_URL.split(',').map((url) => new URL(url.trim()));
      expect(urls.map((url) => `${url.protocol}//${url.hostname}:${url.port || '4222'}`).sort()).toEqual(
        natsServiceNames.map((nats) => `nats://${nats}:${flagValue(commandArgs(services[nats]), '-p', '--port') ?? '4222'}`).sort(),
      );
    });
  });

  it('gives node services distinct node ids and distinct published ports', () => {
    const ids = nodeServiceNames.map((name) => environment(services[name]).NODE_ID);
    expect(new Set(ids).size).toBe(ids.length);
    const published = nodeServiceNames.flatMap((name) =>
      (services[name].ports ?? []).map((port) => (typeof port === 'object' ? String(port.published) : String(port).split(':').slice(0, -1).join(':'))),
    );
    expect(new Set(published).size).toBe(published.length);
  });

  it.each(['district', 'township'] as const)('the %s node’s PARENT_ID names the node of the tier above, whose region contains it', (tier) => {
    const above: Record<'district' | 'township', Tier> = { district: 'city', township: 'district' };
    const child = environment(services[nodeServiceOfTier(tier)]);
    const parents = nodeServiceNames.filter((name) => environment(services[name]).NODE_ID === child.PARENT_ID);
    expect({ PARENT_ID: child.PARENT_ID, services: parents }).toEqual({ PARENT_ID: child.PARENT_ID, services: [expect.any(String)] });
    expect(tierOf(parents[0])).toBe(above[tier]);
    const parent = environment(services[parents[0]]);
    expect({ parent: parent.REGION_CODE, child: child.REGION_CODE, within: isRegionWithin(parent.REGION_CODE, child.REGION_CODE) }).toEqual({
      parent: parent.REGION_CODE,
      child: child.REGION_CODE,
      within: true,
    });
  });

  it.each(['city', 'district'] as const)('the %s node uses its own PostgreSQL service, waiting for it to be healthy', (tier) => {
    const name = nodeServiceOfTier(tier);
    const url = new URL(environment(services[name]).DATABASE_URL ?? 'missing://');
    expect(['postgres:', 'postgresql:']).toContain(url.protocol);
    const database = services[url.hostname];
    expect({ host: url.hostname, image: database?.image }).toEqual({ host: url.hostname, image: expect.stringMatching(/^postgres:16/) });
    expect(dependencies(services[name])[url.hostname]).toBe('service_healthy');

    const dbEnv = environment(database);
    expect({ user: url.username, password: url.password, db: url.pathname.slice(1) }).toEqual({
      user: dbEnv.POSTGRES_USER,
      password: dbEnv.POSTGRES_PASSWORD,
      db: dbEnv.POSTGRES_DB ?? dbEnv.POSTGRES_USER,
    });
    expect(healthcheckText(database)).toContain('pg_isready');
    expect(namedVolumeAt(database, '/var/lib/postgresql/data')).toBeDefined();
  });

  it('gives the city and the district separate database servers (each node owns its database)', () => {
    const hosts = (['city', 'district'] as const).map((tier) => new URL(environment(services[nodeServiceOfTier(tier)]).DATABASE_URL ?? 'missing://').hostname);
    expect(new Set(hosts).size).toBe(2);
  });

  it('the township node uses SQLite in a named volume mounted at its DATA_DIR', () => {
    const name = nodeServiceOfTier('township');
    const env = environment(services[name]);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toMatch(/^\//);
    expect({ DATA_DIR: env.DATA_DIR, volume: namedVolumeAt(services[name], env.DATA_DIR) }).toEqual({
      DATA_DIR: env.DATA_DIR,
      volume: expect.any(String),
    });
    expect(loadNodeConfig(env, 'township', '/').database).toEqual({ type: 'sqlite', path: `${env.DATA_DIR}/${env.NODE_ID}.sqlite` });
  });
});

describe('docker-compose.yml NATS JetStream cluster', () => {
  it('has 3 servers', () => {
    expect(natsServiceNames).toHaveLength(3);
  });

  it('names each server uniquely, in one cluster', () => {
    const args = natsServiceNames.map((name) => commandArgs(services[name]));
    const serverNames = args.map((a) => flagValue(a, '--server_name', '-n', '--name'));
    expect(serverNames.every((n) => n !== undefined && n !== '')).toBe(true);
    expect(new Set(serverNames).size).toBe(3);
    const clusterNames = args.map((a) => flagValue(a, '--cluster_name'));
    expect(clusterNames[0]).toBeTruthy();
    expect(new Set(clusterNames).size).toBe(1);
  });

  it.each(natsServiceNames)('%s runs JetStream with its store on a named volume, monitored on /healthz', (name) => {
    const service = services[name];
    const args = commandArgs(service);
    expect(args.some((arg) => arg === '-js' || arg === '--jetstream')).toBe(true);
    const storeDir = flagValue(args, '-sd', '--store_dir');
    expect(storeDir).toBeDefined();
    expect({ storeDir, volume: namedVolumeAt(service, storeDir!) }).toEqual({ storeDir, volume: expect.any(String) });
    const monitorPort = flagValue(args, '-m', '--http_port');
    expect(monitorPort).toMatch(/^\d+$/);
    expect(healthcheckText(service)).toContain(`:${monitorPort}/healthz`);
  });

  it.each(natsServiceNames)('%s is routed to the other two servers on their cluster ports', (name) => {
    const args = commandArgs(services[name]);
    const routes = (flagValue(args, '--routes') ?? '').split(',').filter((r) => r !== '').map((r) => new URL(r.trim()));
    const expected = natsServiceNames
      .filter((other) => other !== name)
      .map((other) => `${other}:${new URL(flagValue(commandArgs(services[other]), '--cluster') ?? 'nats://missing').port}`);
    expect(routes.map((route) => `${route.hostname}:${route.port}`).sort()).toEqual(expected.sort());
  });
});
