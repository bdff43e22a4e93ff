import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROLE_NAMES_ZH, TIER_NAMES_ZH } from '@liandong/shared';
import { findNatsServer, planNatsInstall, runNatsInstall, startNatsServer, stopProcess, type RunningNatsServer } from '@liandong/harness';
import { authorizationConfigFor, loadOrCreateCredentials } from './nats-auth';
import { DEMO_USERS } from './demo-users';
import { DEMO_TOPOLOGY, type LocalNode } from './topology';

/** Printed once every node is healthy; tests wait for it. */
export const READY_LINE = '联动本地联邦已启动 (local federation is up)';

const root = resolve(__dirname, '../../..');
const dataDir = resolve(process.env['LIANDONG_DATA_DIR'] ?? resolve(root, '.data'));
const natsPort = portFromEnv('LIANDONG_NATS_PORT', 14222);
const httpBasePort = portFromEnv('LIANDONG_HTTP_BASE_PORT', 3001);
const demoPassword = process.env['LIANDONG_DEMO_PASSWORD'] ?? 'Liandong@2026';

interface RunningNode {
  readonly node: LocalNode;
  readonly url: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

async function main(): Promise<void> {
  if (findNatsServer() === null) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const plan = planNatsInstall(isRoot, existsSync('/etc/debian_version'));
    if (plan.kind === 'tell') {
      console.error(`未找到 nats-server (nats-server is missing). Install it with:\n  ${plan.command}`);
      process.exit(1);
    }
    console.log('nats-server is missing: installing the Debian package nats-server …');
    if (!runNatsInstall(plan)) {
      console.error('Installing nats-server failed. Install it with:\n  apt-get install -y nats-server');
      process.exit(1);
    }
  }

  mkdirSync(resolve(dataDir, 'logs'), { recursive: true });
  const secrets = loadSecrets(resolve(dataDir, 'secrets.json'));
  // NATS with one user per node and the permissions of the topology (ADR 0012): passwords made once, kept with the
  // store (mode 0600) and reused; the server reads only their bcrypt hashes.
  const natsDir = resolve(dataDir, 'nats');
  mkdirSync(natsDir, { recursive: true });
  const natsCredentials = await loadOrCreateCredentials(resolve(natsDir, 'credentials.json'), DEMO_TOPOLOGY);
  const authFile = resolve(natsDir, 'auth.conf');
  writeFileSync(authFile, authorizationConfigFor(DEMO_TOPOLOGY, natsCredentials), { mode: 0o600 });
  const topologyFile = resolve(natsDir, 'topology.json');
  writeFileSync(topologyFile, `${JSON.stringify({ nodes: DEMO_TOPOLOGY }, null, 2)}\n`);

  let nats: RunningNatsServer | null = null;
  const nodes: RunningNode[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    console.log('\n正在停止 (stopping) …');
    await Promise.all(nodes.map((n) => stopProcess(n.child, 10000)));
    await nats?.stop();
    console.log('已停止 (stopped). Data kept in', dataDir);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    nats = await startNatsServer({ port: natsPort, storeDir: natsDir, name: 'liandong-local', configFile: authFile });
  } catch (error) {
    console.error(`NATS failed to start on port ${natsPort}: ${(error as Error).message}`);
    return stopAll(1);
  }

  DEMO_TOPOLOGY.forEach((node, i) => {
    const port = httpBasePort + i;
    const logFile = resolve(dataDir, 'logs', `${node.id}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [resolve(root, `apps/${node.tier}-node/dist/main.js`)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: Ctrl-C reaches only the launcher, which stops the nodes, then NATS.
      detached: true,
      env: {
        ...process.env,
        NODE_TIER: node.tier,
        NODE_ID: node.id,
        NODE_NAME: node.name,
        REGION_CODE: node.regionCode,
        PARENT_ID: node.parentId ?? '',
        CITY_ID: DEMO_TOPOLOGY[0]?.id ?? '',
        DATABASE_URL: '',
        DATA_DIR: resolve(dataDir, node.id),
        NATS_URL: nats?.url,
        NATS_USER: node.id,
        NATS_PASSWORD: natsCredentials.get(node.id)?.password,
        FEDERATION_TOPOLOGY: topologyFile,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        JWT_SECRET: secrets[node.id],
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: demoPassword,
        SEED_DEMO: 'true',
        DEMO_PASSWORD: demoPassword,
      },
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${node.id}] ${chunk.toString()}`));
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`节点 ${node.id} 意外退出 (node exited: code ${code}, signal ${signal}); its log: ${logFile}`);
        void stopAll(1);
      }
    });
    process.once('exit', () => child.kill('SIGKILL'));
    nodes.push({ node, url: `http://127.0.0.1:${port}`, child, logFile });
  });

  try {
    await Promise.all(nodes.map((n) => waitForHealth(n.url, 90000)));
  } catch (error) {
    console.error((error as Error).message);
    return stopAll(1);
  }

  const lines = [
    '',
    READY_LINE,
    `  NATS JetStream   ${nats.url}   (store ${natsDir}; one user per node, passwords in ${resolve(natsDir, 'credentials.json')})`,
    ...nodes.map((n) => `  ${pad(`${TIER_NAMES_ZH[n.node.tier]} ${n.node.name}`, 22)} ${n.url}   API 文档 ${n.url}/api/docs   日志 ${n.logFile}`),
    '',
    '工作台 (staff web app, every node serves it at /; sign in with a demo login below):',
    `  综合受理 / 村居代办 (township)   ${nodes[3]?.url ?? nodes[0]?.url}/`,
    `  后台审批 / 事项目录 (city)       ${nodes[0]?.url}/`,
    `  办件进度查询 (public, no login)  ${nodes[3]?.url ?? nodes[0]?.url}/#/query`,
    '',
    `演示账号 (demo logins, every node, password "${demoPassword}"):`,
    ...DEMO_USERS.map((u) => `  ${pad(u.username, 12)} ${ROLE_NAMES_ZH[u.role]}`),
    '',
    `  e.g. curl -s -X POST ${nodes[2]?.url}/auth/login -H 'content-type: application/json' -d '{"username":"clerk","password":"${demoPassword}"}'`,
    '',
    '按 Ctrl-C 停止 (Ctrl-C stops everything; data stays in ' + dataDir + ')',
  ];
  console.log(lines.join('\n'));
}

/** Per-node JWT secrets, made once and kept with the data (mode 0600) so logins survive a restart. */
function loadSecrets(file: string): Record<string, string> {
  const secrets: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  let changed = false;
  for (const node of DEMO_TOPOLOGY) {
    if (typeof secrets[node.id] !== 'string' || (secrets[node.id] as string).length < 32) {
      secrets[node.id] = randomBytes(32).toString('hex');
      changed = true;
    }
  }
  if (changed) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      const body = (await res.json()) as { status?: string };
      if (res.status === 200 && body.status === 'ok') return;
      last = `HTTP ${res.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url}/health not ok after ${timeoutMs / 1000} s: ${last}`);
}

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number (1–65535), got "${value}"`);
    process.exit(1);
  }
  return port;
}

function pad(text: string, width: number): string {
  const w = [...text].reduce((sum, ch) => sum + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(1, width - w));
}

void main();
