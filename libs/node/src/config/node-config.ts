import { isAbsolute, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { checkRegionCode, isTier, MIN_PASSWORD_LENGTH, passwordProblem, type SupervisionThresholds, type Tier } from '@liandong/shared';
import { NODE_ID_PATTERN, NODE_ID_RULE, parseTopology, TopologyError, type FederationNode } from '@liandong/sync';

/** Where a node keeps its own database. SQLite is the default; PostgreSQL when DATABASE_URL says so. */
export type DatabaseConfig =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string };

/** The typed configuration of one node, validated once at boot (see `loadNodeConfig`). */
export interface NodeConfig {
  readonly tier: Tier;
  readonly nodeId: string;
  readonly nodeName: string;
  readonly regionCode: string;
  /** Node id of the tier above; null for the city. */
  readonly parentId: string | null;
  /** Node id of the city (this node's own id on the city): only it may send city-wide catalogue and calendar data. */
  readonly cityId: string;
  readonly database: DatabaseConfig;
  readonly natsServers: readonly string[];
  /** This node's NATS user and password (NATS_USER, NATS_PASSWORD); null to connect without credentials. Never log it. */
  readonly natsCredentials: { readonly user: string; readonly password: string } | null;
  /**
   * The federation topology file (FEDERATION_TOPOLOGY), read at boot and again when it changes: the city and the
   * districts learn from it which node a window region belongs to, to check the origin of case-subject messages.
   */
  readonly topologyFile: string | null;
  readonly httpHost: string;
  /**
   * Express `trust proxy`: false, a hop count, or the proxies' addresses, so that the client address (the public
   * query's rate limit, the logs) is the applicant's and not the reverse proxy's.
   */
  readonly trustProxy: false | number | readonly string[];
  readonly httpPort: number;
  readonly dataDir: string;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds: number;
  /** The first admin, created at first boot when the node has no user yet. */
  readonly initialAdmin: { readonly username: string; readonly password: string | null };
  /** Demo users for every role (used by `npm start`); null when demo seeding is off. */
  readonly demo: { readonly password: string } | null;
  readonly logLevel: LogLevel;
  /** Working days the window has to answer a 差评 (rating 4 or 5). */
  readonly followUpDays: number;
  /**
   * Login throttling: failures per user name and address before each try waits 2^n seconds (capped at
   * `lockoutSeconds`); distinct failing addresses within `lockoutSeconds` that lock the account, and for how long.
   */
  readonly login: { readonly maxFailures: number; readonly lockAddresses: number; readonly lockoutSeconds: number };
  /** 电子监察: how often the node checks its cases, and the warning thresholds in working days. */
  readonly supervision: { readonly intervalSeconds: number; readonly thresholds: SupervisionThresholds };
  /** Request limits checked on the raw JSON body before it is parsed (HTTP_JSON_MAX_DEPTH, HTTP_JSON_MAX_ARRAY). */
  readonly httpLimits: { readonly jsonMaxDepth: number; readonly jsonMaxArray: number };
  /** Seconds between two heartbeats this node sends its ancestors; smaller than `offlineAfterSeconds`. */
  readonly heartbeatSeconds: number;
  /** Seconds without a heartbeat after which this node shows a child as offline. */
  readonly offlineAfterSeconds: number;
  /** Bounded retries of a message whose handler fails (ADR 0014): deliveries before the dead letter, first backoff. */
  readonly syncRetry: { readonly maxDeliveries: number; readonly baseMs: number };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The accepted range of an integer setting (both ends included). */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/**
 * One environment variable: the README table, the docker-compose test and the loader all read this table. The
 * loader takes a variable's default from here when `literalDefault` is set (otherwise `default` documents what the
 * loader derives), and an integer's range from `range`.
 */
export interface ConfigVariable {
  readonly name: string;
  /** Tiers on which the variable must be set (no default applies). */
  readonly requiredFor: readonly Tier[];
  /** The default as the README shows it; null when there is none. */
  readonly default: string | null;
  /** Whether `default` is the value the loader uses when the variable is unset or blank. */
  readonly literalDefault: boolean;
  /** For an integer (or a count such as TRUST_PROXY's proxies): the accepted range. */
  readonly range?: IntegerRange;
  readonly description: string;
}

/** A variable with a default the loader uses as it is. */
interface ValueVariable extends ConfigVariable {
  readonly default: string;
  readonly literalDefault: true;
}

/** An integer setting: its default and range live here only; a value outside the range stops the boot. */
interface IntegerVariable extends ValueVariable {
  readonly range: IntegerRange;
}

const ALL_TIERS: readonly Tier[] = ['city', 'district', 'township'];
const JWT_SECRET_MIN_LENGTH = 32;
/** TRUST_PROXY as a number of proxies in front of the node. */
const TRUST_PROXY_HOPS: IntegerRange = { min: 1, max: 10 };

/** No default: required on `requiredFor`, optional elsewhere. */
function variable(name: string, requiredFor: readonly Tier[], description: string): ConfigVariable {
  return { name, requiredFor, default: null, literalDefault: false, description };
}

/** A default the loader derives from other variables; `shown` says how, for the README. */
function derived(name: string, requiredFor: readonly Tier[], shown: string, description: string): ConfigVariable {
  return { name, requiredFor, default: shown, literalDefault: false, description };
}

function valued(name: string, fallback: string, description: string): ValueVariable {
  return { name, requiredFor: [], default: fallback, literalDefault: true, description };
}

/** An integer from `min` to `max`; `describe` gets the range as "min–max" for the description. */
function integer(name: string, fallback: number, min: number, max: number, describe: (range: string) => string): IntegerVariable {
  return { name, requiredFor: [], default: String(fallback), literalDefault: true, range: { min, max }, description: describe(`${min}–${max}`) };
}

/** Every variable the node reads, in the README's order. */
const VARIABLES = {
  NODE_TIER: derived('NODE_TIER', [], 'the app’s tier', '`city`, `district` or `township`; when set it must match the app started'),
  NODE_ID: variable('NODE_ID', ALL_TIERS, 'this node’s id: lowercase letters, digits and `-`, 2–40 chars, unique in the federation'),
  NODE_NAME: derived('NODE_NAME', [], 'NODE_ID', 'display name, e.g. `从化区政务服务中心`'),
  REGION_CODE: variable('REGION_CODE', ALL_TIERS, '行政区划代码: 6 digits for city and district (GB/T 2260), 9 for a township (GB/T 10114)'),
  PARENT_ID: variable('PARENT_ID', ['district', 'township'], 'node id of the tier above; must be empty on the city'),
  CITY_ID: derived('CITY_ID', ['township'], 'NODE_ID on the city, PARENT_ID on a district', 'node id of the city; sync accepts city-wide catalogue and calendar data only from it'),
  DATABASE_URL: derived('DATABASE_URL', [], 'SQLite file `<DATA_DIR>/<NODE_ID>.sqlite`', '`postgres://user:pass@host:5432/db` to use PostgreSQL instead of SQLite'),
  NATS_URL: valued('NATS_URL', 'nats://127.0.0.1:4222', 'NATS server URL(s), comma-separated'),
  NATS_USER: variable('NATS_USER', [], 'this node’s NATS user (its node id in the generated authorization config, `npm run nats:auth`); set together with NATS_PASSWORD'),
  NATS_PASSWORD: variable('NATS_PASSWORD', [], 'this node’s NATS password; required with NATS_USER; from the environment only, never logged or committed'),
  FEDERATION_TOPOLOGY: variable(
    'FEDERATION_TOPOLOGY',
    [],
    'path of the federation topology JSON (the file `npm run nats:auth` reads); the city and the districts need it to accept case events from the windows below them, re-read when it changes',
  ),
  HTTP_HOST: valued('HTTP_HOST', '0.0.0.0', 'address the HTTP API listens on'),
  TRUST_PROXY: {
    ...valued(
      'TRUST_PROXY',
      'false',
      `behind a reverse proxy: \`false\`, the number of proxies (${TRUST_PROXY_HOPS.min}–${TRUST_PROXY_HOPS.max}), or their addresses / CIDRs (\`loopback\`, \`10.0.0.0/8\`, comma-separated), so the public query limits each applicant, not the proxy`,
    ),
    range: TRUST_PROXY_HOPS,
  },
  HTTP_JSON_MAX_DEPTH: integer('HTTP_JSON_MAX_DEPTH', 32, 4, 256, (range) => `deepest nesting of objects and arrays a JSON request body may have (${range}); deeper is refused with 400 before parsing`),
  HTTP_JSON_MAX_ARRAY: integer(
    'HTTP_JSON_MAX_ARRAY',
    1000,
    10,
    100_000,
    (range) => `most elements of one array, and members of one object, in a JSON request body (${range}; the catalogue import allows at least 20000); more is refused with 400 before parsing; also the most query parameters`,
  ),
  HTTP_PORT: integer('HTTP_PORT', 3000, 0, 65535, () => 'HTTP port (0 picks a free port)'),
  DATA_DIR: derived('DATA_DIR', [], '`./.data/<NODE_ID>`', 'directory for this node’s files (SQLite database)'),
  JWT_SECRET: variable('JWT_SECRET', ALL_TIERS, `secret that signs login tokens, at least ${JWT_SECRET_MIN_LENGTH} characters; never commit it`),
  JWT_TTL_SECONDS: integer('JWT_TTL_SECONDS', 28800, 60, 604800, (range) => `login token lifetime in seconds (${range})`),
  LOGIN_MAX_FAILURES: integer(
    'LOGIN_MAX_FAILURES',
    3,
    1,
    100,
    (range) => `failed logins on one user name from one address before each further try from there waits 2, 4, 8 … seconds, at most LOGIN_LOCKOUT_SECONDS (${range})`,
  ),
  LOGIN_LOCK_ADDRESSES: integer(
    'LOGIN_LOCK_ADDRESSES',
    10,
    2,
    1000,
    (range) => `distinct addresses failing on one user name within LOGIN_LOCKOUT_SECONDS that lock the account (${range}); the admin sees it and may unlock`,
  ),
  LOGIN_LOCKOUT_SECONDS: integer(
    'LOGIN_LOCKOUT_SECONDS',
    900,
    60,
    86400,
    (range) => `the window that counts failing addresses, how long a locked account stays locked, and the longest delay, in seconds (${range})`,
  ),
  ADMIN_USERNAME: valued('ADMIN_USERNAME', 'admin', 'user name of the first admin, created at first boot'),
  ADMIN_PASSWORD: variable('ADMIN_PASSWORD', [], 'password of the first admin; required at first boot (when the node has no user), ignored later'),
  SEED_DEMO: valued('SEED_DEMO', 'false', '`true` adds demo users for every role and, on the city and the district, the demo catalogue of `demo/` (used by `npm start`)'),
  DEMO_PASSWORD: variable('DEMO_PASSWORD', [], 'password of the demo users; required when SEED_DEMO is true'),
  LOG_LEVEL: valued('LOG_LEVEL', 'info', `one of ${LOG_LEVELS.join(', ')}`),
  FOLLOW_UP_DAYS: integer('FOLLOW_UP_DAYS', 5, 1, 30, () => 'working days to answer a 差评 (rating 4–5); local rules range from 5 to 15'),
  SUPERVISION_INTERVAL_SECONDS: integer('SUPERVISION_INTERVAL_SECONDS', 60, 1, 3600, (range) => `how often the node checks its cases for warnings and issues cards (${range})`),
  SUPERVISION_NOTICE_DAYS: integer('SUPERVISION_NOTICE_DAYS', 1, 0, 30, (range) => `提醒 when at most this many working days of the promised limit are left (${range})`),
  SUPERVISION_YELLOW_AFTER_DAYS: integer('SUPERVISION_YELLOW_AFTER_DAYS', 0, 0, 60, (range) => `黄牌 when more working days than this have passed since the promised due date (${range})`),
  SUPERVISION_RED_AFTER_DAYS: integer('SUPERVISION_RED_AFTER_DAYS', 0, 0, 60, (range) => `红牌 when more working days than this have passed since the statutory due date (${range})`),
  SYNC_HEARTBEAT_SECONDS: integer(
    'SYNC_HEARTBEAT_SECONDS',
    5,
    1,
    300,
    (range) => `seconds between two heartbeats a node sends its ancestors (${range}); must be smaller than NODE_OFFLINE_AFTER_SECONDS`,
  ),
  NODE_OFFLINE_AFTER_SECONDS: integer('NODE_OFFLINE_AFTER_SECONDS', 30, 2, 86400, (range) => `seconds without a heartbeat after which a node shows a node below it as offline (${range})`),
  SYNC_MAX_DELIVERIES: integer('SYNC_MAX_DELIVERIES', 5, 1, 100, (range) => `deliveries of a message whose handler keeps failing before it goes to quarantine as a dead letter (${range})`),
  SYNC_RETRY_BASE_MS: integer('SYNC_RETRY_BASE_MS', 1000, 10, 60000, (range) => `first redelivery delay of a failed message in ms, doubling with every delivery up to 60 s (${range})`),
} as const;

export const CONFIG_VARIABLES: readonly ConfigVariable[] = Object.values(VARIABLES);

export interface ConfigProblem {
  readonly variable: string;
  readonly reason: string;
}

/** Thrown when the environment does not describe a valid node. Lists every problem, each with its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the node's configuration from the environment.
 * @param appTier the tier of the app that is starting (each app bootstraps one tier).
 * @param cwd base for relative paths (default: process.cwd()).
 * @throws ConfigError naming every bad or missing variable.
 */
export function loadNodeConfig(env: Env, appTier: Tier, cwd: string = process.cwd()): NodeConfig {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, reason: string): void => {
    problems.push({ variable, reason });
  };
  /** The variable's value, or undefined when it is unset or blank. */
  const read = (variable: ConfigVariable): string | undefined => {
    const value = env[variable.name]?.trim();
    return value === '' ? undefined : value;
  };
  /** The variable's value, or its default from the table. */
  const valueOf = (variable: ValueVariable): string => read(variable) ?? variable.default;
  /** The variable's value (or default) as an integer in its range; null (and a problem) when it is not one. */
  const integerOf = (variable: IntegerVariable): number | null => {
    const { min, max } = variable.range;
    const parsed = readInteger(valueOf(variable), min, max);
    if (parsed === null) problem(variable.name, `must be an integer from ${min} to ${max} (got "${read(variable)}")`);
    return parsed;
  };

  let tier: Tier = appTier;
  const tierValue = read(VARIABLES.NODE_TIER);
  if (tierValue !== undefined) {
    if (!isTier(tierValue)) {
      problem('NODE_TIER', `must be one of city, district, township (got "${tierValue}")`);
    } else if (tierValue !== appTier) {
      problem('NODE_TIER', `is "${tierValue}" but this is the ${appTier}-node app`);
    } else {
      tier = tierValue;
    }
  }

  const nodeId = read(VARIABLES.NODE_ID) ?? '';
  if (nodeId === '') {
    problem('NODE_ID', 'is required');
  } else if (!NODE_ID_PATTERN.test(nodeId)) {
    problem('NODE_ID', `${NODE_ID_RULE} (got "${nodeId}")`);
  } else if (nodeId === 'root') {
    problem('NODE_ID', '"root" is reserved (it stands for "no parent" in sync subjects)');
  }

  const regionCode = read(VARIABLES.REGION_CODE) ?? '';
  if (regionCode === '') {
    problem('REGION_CODE', 'is required');
  } else {
    const reason = checkRegionCode(tier, regionCode);
    if (reason !== null) problem('REGION_CODE', reason);
  }

  const parentValue = read(VARIABLES.PARENT_ID);
  let parentId: string | null = null;
  if (tier === 'city') {
    if (parentValue !== undefined) problem('PARENT_ID', 'must be empty on the city node (the city has no parent)');
  } else if (parentValue === undefined) {
    problem('PARENT_ID', `is required on a ${tier} node`);
  } else if (!NODE_ID_PATTERN.test(parentValue)) {
    problem('PARENT_ID', `must be a node id (got "${parentValue}")`);
  } else if (parentValue === nodeId) {
    problem('PARENT_ID', 'must differ from NODE_ID');
  } else {
    parentId = parentValue;
  }

  const cityValue = read(VARIABLES.CITY_ID);
  let cityId = tier === 'city' ? nodeId : tier === 'district' ? (parentId ?? '') : '';
  if (cityValue !== undefined) {
    if (!NODE_ID_PATTERN.test(cityValue)) problem('CITY_ID', `must be a node id (got "${cityValue}")`);
    else if (tier === 'city' && cityValue !== nodeId) problem('CITY_ID', 'must equal NODE_ID on the city node (or be unset)');
    else if (tier === 'district' && parentValue !== undefined && cityValue !== parentValue) problem('CITY_ID', 'must equal PARENT_ID on a district node (or be unset)');
    else cityId = cityValue;
  } else if (tier === 'township') {
    problem('CITY_ID', 'is required on a township node');
  }

  const dataDirValue = read(VARIABLES.DATA_DIR) ?? `./.data/${nodeId || 'node'}`;
  const dataDir = isAbsolute(dataDirValue) ? dataDirValue : resolve(cwd, dataDirValue);

  let database: DatabaseConfig = { type: 'sqlite', path: resolve(dataDir, `${nodeId || 'node'}.sqlite`) };
  const databaseUrl = read(VARIABLES.DATABASE_URL);
  if (databaseUrl !== undefined) {
    const url = parseUrl(databaseUrl);
    if (url === null || !['postgres:', 'postgresql:'].includes(url.protocol)) {
      problem('DATABASE_URL', 'must be a postgres:// or postgresql:// URL (leave it unset for SQLite)');
    } else if (url.hostname === '' || url.pathname.length <= 1) {
      problem('DATABASE_URL', 'must name a host and a database, e.g. postgres://liandong@db:5432/liandong');
    } else {
      database = { type: 'postgres', url: databaseUrl };
    }
  }

  const natsServers = valueOf(VARIABLES.NATS_URL).split(',').map((s) => s.trim());
  for (const server of natsServers) {
    const url = parseUrl(server);
    if (url === null || !['nats:', 'tls:'].includes(url.protocol) || url.hostname === '') {
      problem('NATS_URL', `"${server}" is not a nats:// URL`);
    }
  }

  const natsUser = read(VARIABLES.NATS_USER);
  // The password is never echoed in a message or a log line.
  const natsPassword = read(VARIABLES.NATS_PASSWORD);
  let natsCredentials: NodeConfig['natsCredentials'] = null;
  if (natsUser !== undefined && natsPassword === undefined) problem('NATS_PASSWORD', 'is required when NATS_USER is set');
  else if (natsUser === undefined && natsPassword !== undefined) problem('NATS_USER', 'is required when NATS_PASSWORD is set');
  else if (natsUser !== undefined && natsPassword !== undefined) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(natsUser)) problem('NATS_USER', 'must be 1–64 letters, digits, ".", "_" or "-"');
    else if (/[\s\u0000-\u001f]/.test(natsPassword)) problem('NATS_PASSWORD', 'must not contain whitespace or control characters');
    else if (natsPassword.length < MIN_PASSWORD_LENGTH) problem('NATS_PASSWORD', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    else natsCredentials = { user: natsUser, password: natsPassword };
  }

  const topologyValue = read(VARIABLES.FEDERATION_TOPOLOGY);
  const topologyFile = topologyValue === undefined ? null : isAbsolute(topologyValue) ? topologyValue : resolve(cwd, topologyValue);

  if (topologyFile !== null) {
    const reason = topologyFileProblem(topologyFile, { id: nodeId, tier, regionCode, parentId });
    if (reason !== null) problem('FEDERATION_TOPOLOGY', reason);
  }

  const httpHost = valueOf(VARIABLES.HTTP_HOST);
  const trustProxyValue = valueOf(VARIABLES.TRUST_PROXY);
  const proxies = VARIABLES.TRUST_PROXY.range;
  let trustProxy: NodeConfig['trustProxy'] = false;
  if (/^\d+$/.test(trustProxyValue)) {
    const hops = readInteger(trustProxyValue, proxies.min, proxies.max);
    if (hops === null) problem('TRUST_PROXY', `must be false, ${proxies.min} to ${proxies.max} proxies, or their addresses (got "${trustProxyValue}")`);
    else trustProxy = hops;
  } else if (trustProxyValue !== 'false') {
    const entries = trustProxyValue.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !/^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)$/.test(e));
    if (bad.length > 0) problem('TRUST_PROXY', `must be false, ${proxies.min} to ${proxies.max} proxies, or their addresses / CIDRs (not ${bad.map((b) => `"${b}"`).join(', ')})`);
    else trustProxy = entries;
  }
  const httpPort = integerOf(VARIABLES.HTTP_PORT);

  const jwtSecret = read(VARIABLES.JWT_SECRET) ?? '';
  if (jwtSecret === '') {
    problem('JWT_SECRET', `is required (at least ${JWT_SECRET_MIN_LENGTH} characters)`);
  } else if (jwtSecret.length < JWT_SECRET_MIN_LENGTH) {
    problem('JWT_SECRET', `must be at least ${JWT_SECRET_MIN_LENGTH} characters (got ${jwtSecret.length})`);
  }
  const jwtTtlSeconds = integerOf(VARIABLES.JWT_TTL_SECONDS);

  const adminUsername = valueOf(VARIABLES.ADMIN_USERNAME);
  if (!USERNAME_PATTERN.test(adminUsername)) {
    problem('ADMIN_USERNAME', 'must be 2–64 letters, digits, ".", "_" or "-"');
  }
  const adminPassword = read(VARIABLES.ADMIN_PASSWORD) ?? null;
  const adminPasswordProblem = adminPassword === null ? null : passwordProblem(adminPassword, adminUsername);
  if (adminPasswordProblem !== null) problem('ADMIN_PASSWORD', adminPasswordProblem);

  const seedDemo = readBoolean(valueOf(VARIABLES.SEED_DEMO));
  if (seedDemo === null) problem('SEED_DEMO', `must be true or false (got "${read(VARIABLES.SEED_DEMO)}")`);
  const demoPassword = read(VARIABLES.DEMO_PASSWORD) ?? null;
  if (seedDemo === true) {
    if (demoPassword === null) problem('DEMO_PASSWORD', 'is required when SEED_DEMO is true');
    else if (passwordProblem(demoPassword) !== null) problem('DEMO_PASSWORD', passwordProblem(demoPassword) as string);
  }

  const followUpDays = integerOf(VARIABLES.FOLLOW_UP_DAYS);

  /** An integer setting that never stays null: a bad value is a problem, and the boot stops before it is used. */
  const integerSetting = (variable: IntegerVariable): number => integerOf(variable) ?? Number(variable.default);
  const login = {
    maxFailures: integerSetting(VARIABLES.LOGIN_MAX_FAILURES),
    lockAddresses: integerSetting(VARIABLES.LOGIN_LOCK_ADDRESSES),
    lockoutSeconds: integerSetting(VARIABLES.LOGIN_LOCKOUT_SECONDS),
  };
  const syncRetry = {
    maxDeliveries: integerSetting(VARIABLES.SYNC_MAX_DELIVERIES),
    baseMs: integerSetting(VARIABLES.SYNC_RETRY_BASE_MS),
  };
  const supervision = {
    intervalSeconds: integerSetting(VARIABLES.SUPERVISION_INTERVAL_SECONDS),
    thresholds: {
      noticeDays: integerSetting(VARIABLES.SUPERVISION_NOTICE_DAYS),
      yellowAfterDays: integerSetting(VARIABLES.SUPERVISION_YELLOW_AFTER_DAYS),
      redAfterDays: integerSetting(VARIABLES.SUPERVISION_RED_AFTER_DAYS),
    },
  };
  const httpLimits = {
    jsonMaxDepth: integerSetting(VARIABLES.HTTP_JSON_MAX_DEPTH),
    jsonMaxArray: integerSetting(VARIABLES.HTTP_JSON_MAX_ARRAY),
  };
  const heartbeatSeconds = integerOf(VARIABLES.SYNC_HEARTBEAT_SECONDS);
  const offlineAfterSeconds = integerOf(VARIABLES.NODE_OFFLINE_AFTER_SECONDS);
  if (offlineAfterSeconds !== null && heartbeatSeconds !== null && offlineAfterSeconds <= heartbeatSeconds) {
    problem(
      'NODE_OFFLINE_AFTER_SECONDS',
      `must be greater than SYNC_HEARTBEAT_SECONDS (${heartbeatSeconds}), or every node would flicker offline between two heartbeats (got ${offlineAfterSeconds})`,
    );
  }

  const logLevel = valueOf(VARIABLES.LOG_LEVEL) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problem('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    tier,
    nodeId,
    nodeName: read(VARIABLES.NODE_NAME) ?? nodeId,
    regionCode,
    parentId,
    cityId,
    database,
    natsServers,
    natsCredentials,
    topologyFile,
    httpHost,
    trustProxy,
    httpPort: httpPort as number,
    dataDir,
    jwtSecret,
    jwtTtlSeconds: jwtTtlSeconds as number,
    initialAdmin: { username: adminUsername, password: adminPassword },
    demo: seedDemo === true && demoPassword !== null ? { password: demoPassword } : null,
    logLevel,
    followUpDays: followUpDays as number,
    login,
    supervision,
    httpLimits,
    heartbeatSeconds: heartbeatSeconds as number,
    offlineAfterSeconds: offlineAfterSeconds as number,
    syncRetry,
  };
}

/** Reads and validates a topology file; throws TopologyError (or a file error) when it is not usable. */
export function readTopologyFile(file: string): FederationNode[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TopologyError([{ path: file, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TopologyError([{ path: file, reason: `is not JSON (${(error as Error).message})` }]);
  }
  return parseTopology(document);
}

/** Null when the topology file is valid and lists this node as configured, otherwise the reason. */
export function topologyFileProblem(file: string, self: Pick<FederationNode, 'id' | 'tier' | 'regionCode' | 'parentId'>): string | null {
  let nodes: FederationNode[];
  try {
    nodes = readTopologyFile(file);
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    return `${file}: ${error.problems.map((p) => `${p.path} ${p.reason}`).join('; ')}`;
  }
  const listed = nodes.find((n) => n.id === self.id);
  if (listed === undefined) return `${file} does not list this node (${self.id})`;
  if (listed.tier !== self.tier || listed.regionCode !== self.regionCode || listed.parentId !== self.parentId) {
    return `${file} lists ${self.id} as ${listed.tier} ${listed.regionCode} under ${listed.parentId ?? 'nobody'}, but this node is ${self.tier} ${self.regionCode} under ${self.parentId ?? 'nobody'}`;
  }
  return null;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function readInteger(value: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

function readBoolean(value: string): boolean | null {
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  return null;
}

/** Removes the password from a database URL so it can be logged. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.type === 'sqlite') return `sqlite:${database.path}`;
  const url = new URL(database.url);
  if (url.password !== '') url.password = '***';
  return url.toString();
}
