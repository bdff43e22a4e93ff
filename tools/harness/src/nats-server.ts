import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';

/** Where Debian's `nats-server` package puts the binary. */
const DEBIAN_PATH = '/usr/sbin/nats-server';

/** Finds the nats-server binary: $NATS_SERVER_BIN, then $PATH, then Debian's location. Null when missing. */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env['NATS_SERVER_BIN'] !== undefined && env['NATS_SERVER_BIN'] !== '') {
    return existsSync(env['NATS_SERVER_BIN']) ? env['NATS_SERVER_BIN'] : null;
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'nats-server'))) return join(dir, 'nats-server');
  }
  return existsSync(DEBIAN_PATH) ? DEBIAN_PATH : null;
}

export type NatsInstallPlan =
  | { readonly kind: 'install'; readonly command: readonly string[] }
  | { readonly kind: 'tell'; readonly command: string };

/**
 * What to do when nats-server is missing: as root on a Debian-family system, install the Debian package;
 * otherwise tell the user the one command that would.
 */
export function planNatsInstall(isRoot: boolean, isDebianFamily: boolean): NatsInstallPlan {
  if (isRoot && isDebianFamily) {
    return { kind: 'install', command: ['sh', '-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nats-server'] };
  }
  return { kind: 'tell', command: isDebianFamily ? 'sudo apt-get install -y nats-server' : 'install nats-server 2.9+ (https://docs.nats.io), e.g. sudo apt-get install -y nats-server' };
}

/** Runs an install plan (inheriting the terminal). Returns true when nats-server is present afterwards. */
export function runNatsInstall(plan: NatsInstallPlan & { kind: 'install' }): boolean {
  const [cmd, ...args] = plan.command;
  const result = spawnSync(cmd as string, args, { stdio: 'inherit' });
  return result.status === 0 && findNatsServer() !== null;
}

export interface NatsServerOptions {
  /** Client port; 0 or unset picks a free one. */
  readonly port?: number;
  /** JetStream store directory; a temp dir (removed on stop) when unset. */
  readonly storeDir?: string;
  /** Server name. @default 'liandong-test' */
  readonly name?: string;
  /**
   * A config file to include (e.g. an `authorization` block). The server then runs from a generated config beside
   * it (`<file>.server.conf`: server name, JetStream store, `include`), so `reload()` reads the file again with
   * the same name and store (nats-server does not keep `-n` and `-sd` across a reload).
   */
  readonly configFile?: string;
  /** Extra arguments. */
  readonly args?: readonly string[];
  /** Called with each line the server logs. */
  readonly onLog?: (line: string) => void;
}

export interface RunningNatsServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  readonly process: ChildProcess;
  /**
   * Makes the server read its config file again (SIGHUP, as `nats-server --signal reload`) and resolves once it
   * reports the reload; rejects with the server's reason when the new config is refused.
   */
  reload(timeoutMs?: number): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes a temp store dir. */
  stop(): Promise<void>;
}

/**
 * Starts a real nats-server with JetStream on 127.0.0.1 and resolves once it accepts clients.
 * Used by `npm start` and by every test file that needs NATS (one server per file).
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<RunningNatsServer> {
  const bin = findNatsServer();
  if (bin === null) {
    throw new Error(`nats-server not found. Install it with: ${planNatsInstall(false, true).command}`);
  }
  const tempStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'liandong-nats-'));
  const name = options.name ?? 'liandong-test';
  const args = ['-a', '127.0.0.1', '-p', String(options.port ?? -1), '-js'];
  if (options.configFile === undefined) {
    args.push('-sd', storeDir, '-n', name);
  } else {
    // nats-server resolves an include relative to the including file: the generated config sits beside it.
    const serverConf = `${options.configFile}.server.conf`;
    const quoted = (value: string): string => JSON.stringify(value);
    writeFileSync(serverConf, [`server_name: ${quoted(name)}`, `jetstream { store_dir: ${quoted(storeDir)} }`, `include ${quoted(basename(options.configFile))}`, ''].join('\n'), { mode: 0o600 });
    args.push('-c', serverConf);
  }
  args.push(...(options.args ?? []));
  // Own process group: a Ctrl-C at the terminal reaches the launcher, which stops the server in order.
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));

  const lineListeners = new Set<(line: string) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    let listening: number | null = null;
    const timer = setTimeout(() => fail(new Error(`nats-server did not start within 15 s:\n${buffer.slice(-2000)}`)), 15000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      buffer += text;
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        options.onLog?.(line);
        for (const listener of lineListeners) listener(line);
      }
      const match = /Listening for client connections on [^\s]+:(\d+)/.exec(buffer);
      if (match !== null) listening = Number(match[1]);
      if (listening !== null && buffer.includes('Server is ready')) {
        clearTimeout(timer);
        resolve(listening);
      }
    };
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`nats-server exited with code ${code}:\n${buffer.slice(-2000)}`)));
  });

  let stopped: Promise<void> | null = null;
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    process: child,
    reload: (timeoutMs = 10000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`nats-server did not report a reload within ${timeoutMs} ms`)), timeoutMs);
        const listener = (line: string): void => {
          if (line.includes('Reloaded server configuration')) done(null);
          else if (/Failed to reload|reload.*error/i.test(line)) done(new Error(`nats-server refused the new config: ${line}`));
        };
        const done = (error: Error | null): void => {
          clearTimeout(timer);
          lineListeners.delete(listener);
          if (error === null) resolve();
          else reject(error);
        };
        lineListeners.add(listener);
        child.kill('SIGHUP');
      }),
    stop: () => {
      stopped ??= stopProcess(child, 5000).then(() => {
        if (tempStore) rmSync(storeDir, { recursive: true, force: true });
      });
      return stopped;
    },
  };
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL. Resolves with the exit code (null when killed). */
export function stopProcess(child: ChildProcess, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
