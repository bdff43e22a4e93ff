import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net';
import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import { startNatsServer, type RunningNatsServer } from '../src/nats-server';
import { startTcpProxy, TcpProxyError, type TcpProxy } from '../src/tcp-proxy';

/** Cleanups registered by each test, run in reverse after it (even when it fails). */
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface EchoServer {
  readonly port: number;
  /** Connections the echo server has accepted so far. */
  accepted(): number;
  /** Its connections still open. */
  open(): number;
}

/** A TCP server on a random port that sends every byte back (passing a half-close on once it has echoed all). */
async function startEcho(): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    socket.pipe(socket);
  });
  const port = await listen(server, 0);
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port, accepted: () => accepted, open: () => sockets.size };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

async function proxyTo(targetPort: number): Promise<TcpProxy> {
  const proxy = await startTcpProxy({ targetPort });
  cleanups.push(() => proxy.close());
  return proxy;
}

/** A client socket to the proxy, resolved once connected; errors are recorded, never thrown. */
interface Client {
  readonly socket: Socket;
  /** Resolves when the socket has closed (for whatever reason). */
  readonly closed: Promise<void>;
  /** Every byte received so far. */
  received(): Buffer;
}

async function openClient(port: number): Promise<Client> {
  const socket = connectTcp({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  cleanups.push(() => {
    socket.destroy();
  });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('close', () => reject(new Error('client closed before connecting')));
  });
  return { socket, closed, received: () => Buffer.concat(chunks) };
}

/** Writes `payload` and resolves with the first `payload.length` bytes that come back. */
async function roundTrip(client: Client, payload: Buffer): Promise<Buffer> {
  const before = client.received().length;
  client.socket.write(payload);
  await waitFor(() => client.received().length >= before + payload.length, `${payload.length} bytes echoed`);
  return client.received().subarray(before, before + payload.length);
}

/** Awaits `promise`, failing after `timeoutMs` instead of hanging until Jest's timeout. */
async function within<T>(promise: Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A port with nothing listening on it (bound and released at once). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server, 0);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('startTcpProxy', () => {
  it('relays bytes unchanged in both directions, including a 5 MB payload', async () => {
    const echo = await startEcho();
    const proxy = await proxyTo(echo.port);
    expect(proxy.url).toBe(`nats://127.0.0.1:${proxy.port}`);
    expect(proxy.isCut).toBe(false);

    const client = await openClient(proxy.port);
    expect((await roundTrip(client, Buffer.from('PING\r\n'))).toString()).toBe('PING\r\n');
    const big = randomBytes(5 * 1024 * 1024);
    expect((await roundTrip(client, big)).equals(big)).toBe(true);
    expect(proxy.connections()).toBe(1);
    expect(echo.accepted()).toBe(1);

    client.socket.destroy();
    await waitFor(() => proxy.connections() === 0 && echo.open() === 0, 'the pair to close');
  });

  it('passes a half-close on and still relays the reply', async () => {
    const echo = await startEcho();
    const proxy = await proxyTo(echo.port);
    const client = await openClient(proxy.port);
    const payload = randomBytes(1024 * 1024);
    const ended = new Promise<void>((resolve) => client.socket.once('end', resolve));

    client.socket.end(payload);
    await within(ended, 'the echoed end');
    expect(client.received().equals(payload)).toBe(true);
    await within(client.closed, 'the client to close');
    await waitFor(() => proxy.connections() === 0, 'the proxy to forget the connection');
  });

  it('cut() drops open connections and refuses new ones without reaching the target', async () => {
    const echo = await startEcho();
    const proxy = await proxyTo(echo.port);
    const client = await openClient(proxy.port);
    await roundTrip(client, Buffer.from('hello'));

    proxy.cut();
    expect(proxy.isCut).toBe(true);
    expect(proxy.connections()).toBe(0);
    await within(client.closed, 'the client to see the cut');
    await waitFor(() => echo.open() === 0, 'the target side to be dropped too');

    // The listener stays bound: the connection is accepted, then closed at once.
    const during = connectTcp({ host: '127.0.0.1', port: proxy.port });
    during.on('error', () => undefined);
    cleanups.push(() => {
      during.destroy();
    });
    const received: Buffer[] = [];
    during.on('data', (chunk: Buffer) => received.push(chunk));
    during.write('lost');
    await within(new Promise<void>((resolve) => during.once('close', () => resolve())), 'the refused connection to close');
    expect(Buffer.concat(received).length).toBe(0);
    expect(echo.accepted()).toBe(1);
    expect(proxy.connections()).toBe(0);

    proxy.cut(); // idempotent
    expect(proxy.isCut).toBe(true);
  });

  it('restore() lets new connections through on the same port', async () => {
    const echo = await startEcho();
    const proxy = await proxyTo(echo.port);
    const port = proxy.port;
    const first = await openClient(port);
    proxy.cut();
    await within(first.closed, 'the client to see the cut');

    proxy.restore();
    expect(proxy.isCut).toBe(false);
    expect(proxy.port).toBe(port);
    const again = await openClient(port);
    expect((await roundTrip(again, Buffer.from('back again'))).toString()).toBe('back again');
    expect(echo.accepted()).toBe(2);
    expect(proxy.connections()).toBe(1);
  });

  it('close() is idempotent, drops open connections and frees the port', async () => {
    const echo = await startEcho();
    const proxy = await startTcpProxy({ targetPort: echo.port });
    const client = await openClient(proxy.port);
    await roundTrip(client, Buffer.from('x'));

    await within(Promise.all([proxy.close(), proxy.close()]), 'close()');
    await proxy.close();
    await within(client.closed, 'close() to drop the client');
    expect(proxy.connections()).toBe(0);

    // The same port can be bound again.
    const reuse = createServer();
    await expect(listen(reuse, proxy.port)).resolves.toBe(proxy.port);
    await new Promise<void>((resolve) => reuse.close(() => resolve()));
  });

  it('listens on a given port, on 127.0.0.1 only', async () => {
    const echo = await startEcho();
    const port = await unusedPort();
    const proxy = await startTcpProxy({ targetPort: echo.port, listenPort: port });
    cleanups.push(() => proxy.close());
    expect(proxy.port).toBe(port);
    await openClient(port);

    // Not reachable on the machine's other addresses (when it has any).
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
      .map((a) => a?.address as string);
    for (const address of external) {
      const code = await new Promise<string | undefined>((resolve) => {
        const socket = connectTcp({ host: address, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code));
      });
      expect([address, code]).toEqual([address, 'ECONNREFUSED']);
    }
  });

  it('closes the client socket when the target is down, without an unhandled error', async () => {
    const proxy = await proxyTo(await unusedPort());
    const client = await openClient(proxy.port);
    const errors: Error[] = [];
    client.socket.on('error', (e) => errors.push(e));
    client.socket.write('anyone there?');
    await within(client.closed, 'the client to be closed');
    await waitFor(() => proxy.connections() === 0, 'the refused connection to be forgotten');
    // Whether the client sees a FIN or a reset is up to the kernel; either way nothing is thrown.
    expect(errors.every((e) => (e as NodeJS.ErrnoException).code === 'ECONNRESET')).toBe(true);
  });

  it('rejects invalid options and a port in use with a TcpProxyError', async () => {
    await expect(startTcpProxy({ targetPort: 0 })).rejects.toThrow(TcpProxyError);
    await expect(startTcpProxy({ targetPort: 70000 })).rejects.toThrow(TcpProxyError);
    await expect(startTcpProxy({ targetPort: 4222, listenPort: 1.5 })).rejects.toThrow(TcpProxyError);

    const taken = await proxyTo(await unusedPort());
    const error = await startTcpProxy({ targetPort: 4222, listenPort: taken.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TcpProxyError);
    expect((error as TcpProxyError).name).toBe('TcpProxyError');
    expect(((error as TcpProxyError).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });
});

describe('startTcpProxy with a real nats-server', () => {
  let nats: RunningNatsServer;

  beforeAll(async () => {
    nats = await startNatsServer();
  });

  afterAll(async () => {
    await nats?.stop();
  });

  /** Publishes `text` and waits for the subscription to receive it. */
  async function expectPubSub(nc: NatsConnection, received: string[], text: string): Promise<void> {
    nc.publish('proxy.test', text);
    await nc.flush();
    await waitFor(() => received.includes(text), `"${text}" to arrive`);
  }

  it('relays a NATS client, which sees a disconnect on cut() and reconnects after restore()', async () => {
    const proxy = await proxyTo(nats.port);
    const nc = await connect({ servers: proxy.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const statuses: Status['type'][] = [];
    const watching = (async () => {
      for await (const status of nc.status()) statuses.push(status.type);
    })();
    cleanups.push(async () => {
      await nc.close();
      await watching; // the status iterator ends when the connection closes
    });

    const received: string[] = [];
    nc.subscribe('proxy.test', {
      callback: (err, msg) => {
        if (err === null) received.push(msg.string());
      },
    });
    await expectPubSub(nc, received, 'before the cut');
    expect(proxy.connections()).toBe(1);

    proxy.cut();
    await waitFor(() => statuses.includes('disconnect'), "the client's disconnect status");
    expect(nc.isClosed()).toBe(false);

    proxy.restore();
    await waitFor(() => statuses.includes('reconnect'), "the client's reconnect status");
    expect(statuses.indexOf('reconnect')).toBeGreaterThan(statuses.indexOf('disconnect'));
    expect(proxy.connections()).toBe(1);
    await expectPubSub(nc, received, 'after the restore');
  });
});
