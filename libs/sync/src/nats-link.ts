import { connect, type NatsConnection } from '@nats-io/transport-node';

export type NatsLinkState = 'connecting' | 'up' | 'down' | 'closed';

export interface NatsLinkOptions {
  /** NATS server URLs, tried in order. */
  readonly servers: readonly string[];
  /** Client name shown by the server (use the node id). */
  readonly name: string;
  /**
   * Pause between connection attempts while the server is unreachable.
   * @default 2000
   */
  readonly retryDelayMs?: number;
  /** NATS user and password (the node's credentials); both or neither. The password is never logged. */
  readonly credentials?: { readonly user: string; readonly password: string } | null;
  /**
   * Prefix of the client's reply inboxes; with per-node credentials the node may subscribe only to its own.
   * @default '_INBOX'
   */
  readonly inboxPrefix?: string;
}

export interface NatsLinkStatus {
  readonly state: NatsLinkState;
  /** The server currently connected to, when up. */
  readonly server: string | null;
  /** When the state last changed (ISO 8601). */
  readonly since: string;
  /** The last connection error, when down. */
  readonly lastError: string | null;
}

/**
 * A node's link to NATS. It never blocks the node: `start()` returns at once and keeps trying in the
 * background (a township must work while its link is down); `status()` tells the current state.
 * Reconnection after a drop is left to the client (unlimited attempts).
 */
export class NatsLink {
  private readonly abort = new AbortController();
  private connection: NatsConnection | null = null;
  private state: NatsLinkState = 'connecting';
  private since = new Date().toISOString();
  private lastError: string | null = null;
  private loop: Promise<void> | null = null;
  private readonly listeners = new Set<(nc: NatsConnection) => void>();

  constructor(private readonly options: NatsLinkOptions) {}

  start(): void {
    if (this.loop === null) this.loop = this.run();
  }

  status(): NatsLinkStatus {
    return {
      state: this.state,
      server: this.state === 'up' ? (this.connection?.getServer() ?? null) : null,
      since: this.since,
      lastError: this.state === 'up' ? null : this.lastError,
    };
  }

  /** The live connection, or null while the link is not up. */
  current(): NatsConnection | null {
    return this.state === 'up' ? this.connection : null;
  }

  /**
   * Calls `listener` whenever the link comes up: after the first connect, after each reconnect of the same
   * connection, and with each new connection (a server restarted without its store needs its streams again).
   */
  onConnect(listener: (nc: NatsConnection) => void): () => void {
    this.listeners.add(listener);
    if (this.state === 'up' && this.connection !== null) listener(this.connection);
    return () => this.listeners.delete(listener);
  }

  /** Stops retrying and drains the connection. Safe to call more than once. */
  async stop(): Promise<void> {
    this.abort.abort();
    const nc = this.connection;
    if (nc !== null && !nc.isClosed()) {
      // Drain only a live connection (a drain waits for the server); bound it so shutdown never hangs.
      if (this.state === 'up') {
        await Promise.race([nc.drain().catch(() => undefined), delay(DRAIN_TIMEOUT_MS)]);
      }
      if (!nc.isClosed()) await nc.close();
    }
    await this.loop;
    this.setState('closed');
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const retryDelayMs = this.options.retryDelayMs ?? 2000;
    while (!signal.aborted) {
      let nc: NatsConnection;
      try {
        nc = await connect({
          servers: [...this.options.servers],
          name: this.options.name,
          maxReconnectAttempts: -1,
          reconnectTimeWait: retryDelayMs,
          timeout: 5000,
          ...(this.options.credentials ? { user: this.options.credentials.user, pass: this.options.credentials.password } : {}),
          ...(this.options.inboxPrefix !== undefined ? { inboxPrefix: this.options.inboxPrefix } : {}),
        });
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.setState('down');
        await sleep(retryDelayMs, signal);
        continue;
      }
      if (signal.aborted) {
        await nc.close();
        return;
      }
      this.connection = nc;
      this.setState('up');
      for (const listener of this.listeners) listener(nc);
      void this.watch(nc);
      const closed = await nc.closed();
      if (closed instanceof Error) this.lastError = closed.message;
      if (!signal.aborted) this.setState('down');
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const event of nc.status()) {
      if (event.type === 'disconnect') {
        this.lastError = `disconnected from ${event.server}`;
        this.setState('down');
      } else if (event.type === 'reconnect') {
        this.setState('up');
        for (const listener of this.listeners) listener(nc);
      } else if (event.type === 'error') {
        this.lastError = event.error.message;
      }
    }
  }

  private setState(state: NatsLinkState): void {
    if (this.state !== state) {
      this.state = state;
      this.since = new Date().toISOString();
    }
  }
}

const DRAIN_TIMEOUT_MS = 5000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
