import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Where the proxy listens: loopback only, so tests never expose it. */
const LISTEN_HOST = '127.0.0.1';

export interface TcpProxyOptions {
  /** Host the proxy relays to. @default '127.0.0.1' */
  readonly targetHost?: string;
  /** Port the proxy relays to (1–65535). */
  readonly targetPort: number;
  /** Port to listen on (127.0.0.1 only). @default 0: a free port */
  readonly listenPort?: number;
}

export interface TcpProxy {
  /** Where clients connect (on 127.0.0.1). Stays the same across cut() and restore(). */
  readonly port: number;
  /** `nats://127.0.0.1:${port}`, for NATS clients. */
  readonly url: string;
  /** True between cut() and restore(). */
  readonly isCut: boolean;
  /**
   * Drops every open connection at once (both directions, like a pulled cable: destroy, not a graceful end)
   * and refuses new ones (accepts and destroys them immediately, without reaching the target) until restore().
   * The listener stays bound. Idempotent.
   */
  cut(): void;
  /** Lets new connections through again. Connections dropped by cut() stay dropped. Idempotent. */
  restore(): void;
  /** Connections currently relayed (accepted and not yet closed on both sides, including ones still connecting to the target). */
  connections(): number;
  /** Closes the listener and destroys every socket; resolves once the port is free. Idempotent. */
  close(): Promise<void>;
}

/** Thrown when a proxy cannot start: invalid options, or the listen port cannot be bound (the cause says why). */
export class TcpProxyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TcpProxyError';
  }
}

/**
 * Starts a TCP proxy on 127.0.0.1 that relays bytes unchanged, in both directions and with backpressure, to
 * `targetHost:targetPort`. Federation tests put one between a node and NATS to cut and restore that node's link
 * (DESIGN.md §6). Each accepted connection opens its own connection to the target; if the target refuses, the
 * client socket is destroyed. Socket errors (ECONNRESET, ECONNREFUSED, EPIPE) tear down the pair and never reach
 * the caller. Always `close()` the proxy.
 */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const targetHost = options.targetHost ?? '127.0.0.1';
  const listenPort = options.listenPort ?? 0;
  if (!isPort(options.targetPort) || options.targetPort === 0) {
    throw new TcpProxyError(`targetPort must be an integer from 1 to 65535, got ${String(options.targetPort)}`);
  }
  if (!isPort(listenPort)) {
    throw new TcpProxyError(`listenPort must be an integer from 0 to 65535, got ${String(listenPort)}`);
  }
  if (targetHost === '') throw new TcpProxyError('targetHost must not be empty');

  const proxy = new RunningTcpProxy(targetHost, options.targetPort);
  await proxy.listen(listenPort);
  return proxy;
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 65535;
}

/** One relayed connection: the accepted client socket and its own socket to the target. */
interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

class RunningTcpProxy implements TcpProxy {
  // allowHalfOpen: a FIN from one side is passed on (by pipe) while the other direction keeps flowing.
  private readonly server: Server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
  private readonly pairs = new Set<Pair>();
  private listeningPort = 0;
  private cutOff = false;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `nats://${LISTEN_HOST}:${this.listeningPort}`;
  }

  get isCut(): boolean {
    return this.cutOff;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(new TcpProxyError(`TCP proxy could not listen on ${LISTEN_HOST}:${port}: ${error.message}`, { cause: error }));
      };
      this.server.once('error', onError);
      this.server.listen(port, LISTEN_HOST, () => {
        this.server.removeListener('error', onError);
        // Accept errors (e.g. EMFILE) after start must not become uncaught exceptions; the next accept retries.
        this.server.on('error', () => undefined);
        const address = this.server.address();
        this.listeningPort = typeof address === 'object' && address !== null ? address.port : port;
        resolve();
      });
    });
  }

  cut(): void {
    this.cutOff = true;
    this.dropAll();
  }

  restore(): void {
    this.cutOff = false;
  }

  connections(): number {
    return this.pairs.size;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      // server.close() stops accepting at once and calls back when every accepted socket is gone.
      this.server.close(() => resolve());
      this.dropAll();
    });
    return this.closing;
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.cutOff || this.closing !== null) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort, allowHalfOpen: true, noDelay: true });
    upstream.on('error', () => undefined);
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);

    let open = 2;
    const onClose = (from: Socket, to: Socket) => (): void => {
      // A socket that closed before its read side ended (error, reset, refused, destroyed) takes its peer with it.
      // One that ended normally has already ended the peer's write side through pipe, so the peer drains first.
      if (!from.readableEnded) to.destroy();
      if (--open === 0) this.pairs.delete(pair);
    };
    client.once('close', onClose(client, upstream));
    upstream.once('close', onClose(upstream, client));

    // pipe() gives backpressure and passes each end on; writes to upstream are buffered until it connects.
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Destroys both sockets of every relayed connection, like a pulled cable (no graceful end). */
  private dropAll(): void {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }
}
