/**
 * Sync throughput benchmark (docs/performance.md): `npm run bench:sync`.
 *
 * Measures, in one run on this machine and with real parts only (a nats-server started here, SQLite files in a
 * temp dir, the real outbox/inbox stores, relay, applier and consumer loops):
 *   1. e2e_eps         A's outbox → OutboxRelay → JetStream CATALOG → ConsumerLoops + InboxApplier → B's SQLite
 *   2. raw_nats_mps    the same client, message size and stream: windowed publish + pull consume with acks
 *   3. raw_sqlite_rps  one transaction per row through the same TypeORM DataSource / better-sqlite3
 *   4. catchup_10k_s   B's link cut (TCP proxy), 10,000 events published, link restored: seconds to apply all
 * and prints `RESULT e2e_eps=… raw_nats_mps=… raw_sqlite_rps=… ratio=… catchup_10k_s=…` as the last line.
 *
 * Environment: BENCH_N (default 5000) messages per round for 1–3; BENCH_ROUNDS (default 3) rounds, each figure
 * the median; BENCH_CATCHUP_N (default 10000) for 4; BENCH_WARMUP (default 1000) untimed messages through paths 1–3
 * first, so that no figure includes JIT warm-up.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient } from '@nats-io/jetstream';
import { dataSourceOptions, InboxRepository, OutboxRepository } from '@liandong/node';
// The benchmark drives libs/sync's relay, applier and consumer loops directly, as SyncRuntime does inside the node
// (the module-boundary rule for scope:tools lists node, shared and harness only; this tool measures sync itself).
import {
  catalogSubject,
  ConsumerLoops,
  encodeEnvelope,
  HybridLogicalClock,
  InboxApplier,
  NatsLink,
  OutboxRelay,
  provisionConsumers,
  provisionStreams,
  uuidv7,
  type AckedPublisher,
  type Envelope,
  type MessageHandler,
  type Subscription,
} from '@liandong/sync';
import { sampleItem, startNatsServer, startTcpProxy, type RunningNatsServer, type TcpProxy } from '@liandong/harness';

const { N, CATCHUP_N, WARMUP, ROUNDS } = readSettings();
/** Size of one encoded envelope: a catalogue item with its materials, as the catalogue replicates it. */
const ENVELOPE_BYTES = 1536;
/** Publishes in flight, as the relay's default window. */
const WINDOW = 128;
/** Outbox rows appended per transaction while filling. */
const FILL_TX = 100;
/** Ceiling for the whole run (the brief: under ~3 minutes on 2 cores). */
const RUN_TIMEOUT_MS = 240_000;
const PHASE_TIMEOUT_MS = 90_000;

const MESSAGE_TYPE = 'bench.item';
const ORIGIN = 'bench-a';
const STREAM = 'CATALOG';

/** One scope per phase, so each phase's consumer sees only its own messages (catalogue subjects, distinct codes). */
const SCOPE_E2E = 'all';
const SCOPE_RAW = '440118';
const SCOPE_CATCHUP = '440117';

const ITEM_TABLE_SQL = 'CREATE TABLE bench_item (code VARCHAR(64) PRIMARY KEY NOT NULL, version INTEGER NOT NULL, hlc VARCHAR(64) NOT NULL, body TEXT NOT NULL, updated_at VARCHAR(30) NOT NULL)';
const UPSERT_SQL =
  'INSERT INTO bench_item (code, version, hlc, body, updated_at) VALUES (?, ?, ?, ?, ?) ' +
  'ON CONFLICT(code) DO UPDATE SET version = excluded.version, hlc = excluded.hlc, body = excluded.body, updated_at = excluded.updated_at';

// ---------------------------------------------------------------------------------------------------------------
// Resources, released in reverse order whatever happens.

const cleanups: Array<{ label: string; run: () => Promise<unknown> | unknown }> = [];
function onCleanup(label: string, run: () => Promise<unknown> | unknown): void {
  cleanups.push({ label, run });
}
async function cleanupAll(): Promise<string[]> {
  const problems: string[] = [];
  while (cleanups.length > 0) {
    const { label, run } = cleanups.pop() as (typeof cleanups)[number];
    try {
      await withTimeout(Promise.resolve(run()), 10_000, `cleanup: ${label}`);
    } catch (error) {
      problems.push(`${label}: ${message(error)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers.

function readSettings(): { N: number; CATCHUP_N: number; WARMUP: number; ROUNDS: number } {
  try {
    return {
      N: positiveInt('BENCH_N', 5000),
      CATCHUP_N: positiveInt('BENCH_CATCHUP_N', 10000),
      // Messages sent through each measured path first, untimed, so that the JIT has compiled it (0: none).
      WARMUP: nonNegativeInt('BENCH_WARMUP', 1000),
      // Timed rounds of N for the e2e and raw figures; each figure is the median (one round on a busy 2-core machine
      // is noisy: the raw ones last well under a second).
      ROUNDS: positiveInt('BENCH_ROUNDS', 3),
    };
  } catch (error) {
    process.stderr.write(`sync benchmark failed: ${message(error)}\n`);
    process.exit(1);
  }
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  return value;
}

function nonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === '0') return 0;
  return raw === undefined || raw === '' ? fallback : positiveInt(name, fallback);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `done` every `intervalMs` until it is true; throws with `describe()` after `timeoutMs`. */
async function waitUntil(done: () => Promise<boolean> | boolean, what: string, describe: () => Promise<string> | string, timeoutMs = PHASE_TIMEOUT_MS, intervalMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`${what}: not done within ${timeoutMs / 1000} s (${await describe()})`);
    await sleep(intervalMs);
  }
}

function rate(count: number, ms: number): number {
  return Math.round(count / (ms / 1000));
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

// Where the CPU goes during a phase: this process (both nodes, the clients, the proxy), its event loop, nats-server.

let natsPid: number | undefined;
const clockTicks = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time of a process in ms from /proc (Linux), or null. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/** Adds up wall time, this process's CPU, its event loop's busy time and nats-server's CPU over timed intervals. */
class CpuMeter {
  private wallMs = 0;
  private selfMs = 0;
  private natsMs: number | null = 0;
  private loopActive = 0;
  private loopIdle = 0;
  private messages = 0;

  /** Starts one timed interval; call the returned function when it ends, with the messages it handled. */
  start(): (messages: number) => void {
    const wall = performance.now();
    const self = process.cpuUsage();
    const nats = processCpuMs(natsPid);
    const loop = performance.eventLoopUtilization();
    return (messages) => {
      const used = process.cpuUsage(self);
      const loopDelta = performance.eventLoopUtilization(loop);
      const natsNow = processCpuMs(natsPid);
      this.wallMs += performance.now() - wall;
      this.selfMs += (used.user + used.system) / 1000;
      this.natsMs = this.natsMs !== null && natsNow !== null && nats !== null ? this.natsMs + natsNow - nats : null;
      this.loopActive += loopDelta.active;
      this.loopIdle += loopDelta.idle;
      this.messages += messages;
    };
  }

  /** E.g. `CPU per message: bench process 476 µs (119% of wall), nats-server 136 µs; event loop busy 100%`. */
  toString(): string {
    const perMessage = (ms: number): string => `${Math.round((1000 * ms) / this.messages)} µs`;
    const nats = this.natsMs === null ? '' : `, nats-server ${perMessage(this.natsMs)}`;
    const busy = Math.round((100 * this.loopActive) / (this.loopActive + this.loopIdle));
    return `CPU per message: bench process ${perMessage(this.selfMs)} (${Math.round((100 * this.selfMs) / this.wallMs)}% of wall)${nats}; event loop busy ${busy}%`;
  }
}

/** The median of the rounds' rates, and the rounds for the log. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Payloads: a catalogue item (the harness's sample item with a distinct code), padded with a `notes` text so that
// every encoded envelope is ENVELOPE_BYTES long.

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

function itemPayload(code: string, version: number, padding: string): Record<string, unknown> {
  return sampleItem({ implCode: code, version, notes: padding });
}

function paddingFor(code: string, clock: HybridLogicalClock): string {
  const probe: Envelope = { id: uuidv7(Date.now()), type: MESSAGE_TYPE, v: 1, aggregate: code, origin: ORIGIN, hlc: clock.last(), actor: 'bench', payload: itemPayload(code, 1, '') };
  const missing = ENVELOPE_BYTES - encodeEnvelope(probe).byteLength;
  if (missing < 0) return '';
  const phrase = '依据《中华人民共和国行政许可法》办理。'; // 57 bytes in UTF-8
  const repeats = Math.floor(missing / byteLength(phrase));
  return phrase.repeat(repeats) + 'x'.repeat(missing - repeats * byteLength(phrase));
}

/** Codes of equal length (so padding is computed once per phase), e.g. `e2e-000042`. */
function codeOf(prefix: string, i: number): string {
  return `${prefix}-${String(i).padStart(6, '0')}`;
}

function buildEnvelope(clock: HybridLogicalClock, code: string, version: number, padding: string): Envelope {
  return { id: uuidv7(Date.now()), type: MESSAGE_TYPE, v: 1, aggregate: code, origin: ORIGIN, hlc: clock.now(), actor: 'bench', payload: itemPayload(code, version, padding) };
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes.

async function openDatabase(path: string): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions({ type: 'sqlite', path }));
  await dataSource.initialize();
  onCleanup(`database ${path}`, () => (dataSource.isInitialized ? dataSource.destroy() : undefined));
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

async function connectNats(servers: string, name: string): Promise<NatsConnection> {
  const nc = await connect({ servers, name, timeout: 5000 });
  onCleanup(`nats connection ${name}`, async () => {
    if (nc.isClosed()) return;
    await Promise.race([nc.drain().catch(() => undefined), sleep(3000)]);
    if (!nc.isClosed()) await nc.close();
  });
  return nc;
}

interface SourceNode {
  readonly db: DataSource;
  readonly outbox: OutboxRepository;
  readonly clock: HybridLogicalClock;
  readonly relayErrors: string[];
  /** A new relay over the outbox (not started), stopped at cleanup; the relay's defaults but for the window. */
  newRelay(): OutboxRelay;
}

async function startSource(dir: string, natsUrl: string): Promise<SourceNode> {
  const db = await openDatabase(join(dir, 'node-a.sqlite'));
  const nc = await connectNats(natsUrl, ORIGIN);
  const js: AckedPublisher = jetstream(nc);
  const relayErrors: string[] = [];
  const outbox = new OutboxRepository(db);
  const newRelay = (): OutboxRelay => {
    const relay = new OutboxRelay(outbox, () => js, { window: WINDOW, onError: (e) => relayErrors.push(message(e)) });
    onCleanup('outbox relay', () => relay.stop());
    return relay;
  };
  return { db, outbox, clock: new HybridLogicalClock(ORIGIN), relayErrors, newRelay };
}

/** Appends `count` envelopes to the source's outbox, FILL_TX per transaction. */
async function fillOutbox(node: SourceNode, scope: string, prefix: string, count: number): Promise<void> {
  const padding = paddingFor(codeOf(prefix, 0), node.clock);
  for (let start = 0; start < count; start += FILL_TX) {
    await node.db.transaction(async (manager) => {
      for (let i = start; i < Math.min(start + FILL_TX, count); i++) {
        const code = codeOf(prefix, i);
        const envelope = buildEnvelope(node.clock, code, 1, padding);
        await node.outbox.append(manager, catalogSubject(scope, code), envelope, new Date().toISOString());
      }
    });
  }
}

/** The one message type the receiving node applies: upsert the item into a small table, in the inbox transaction. */
const itemHandler: MessageHandler<EntityManager> = {
  type: MESSAGE_TYPE,
  authorize: () => null,
  async apply(tx, envelope) {
    const payload = envelope.payload as { version?: unknown };
    await tx.query(UPSERT_SQL, [envelope.aggregate, Number(payload.version ?? 0), envelope.hlc, JSON.stringify(envelope.payload), new Date().toISOString()]);
  },
};

interface SinkNode {
  readonly db: DataSource;
  readonly inbox: InboxRepository;
  readonly applier: InboxApplier<EntityManager>;
  readonly subscription: Subscription;
  readonly consumerErrors: string[];
}

async function createSink(dir: string, nodeId: string, scope: string, nc: NatsConnection): Promise<SinkNode> {
  const db = await openDatabase(join(dir, `${nodeId}.sqlite`));
  await db.query(ITEM_TABLE_SQL);
  const inbox = new InboxRepository(db);
  const applier = new InboxApplier<EntityManager>(inbox, [itemHandler], new HybridLogicalClock(nodeId));
  // The node's own consumer for this scope, named as downstreamSubscriptions names them.
  const subscription: Subscription = { stream: 'catalog', filter: `gov.catalog.${scope}.>`, durable: `${nodeId}_catalog_${scope}` };
  await provisionConsumers(await jetstreamManager(nc), [subscription]);
  return { db, inbox, applier, subscription, consumerErrors: [] };
}

function startLoops(nc: NatsConnection, sink: SinkNode): ConsumerLoops {
  const loops = new ConsumerLoops(nc, [sink.subscription], sink.applier as InboxApplier<unknown>, {
    retryDelayMs: 250,
    onError: (e) => sink.consumerErrors.push(message(e)),
  });
  loops.start();
  onCleanup(`consumer loops ${sink.subscription.durable}`, () => loops.stop());
  return loops;
}

/**
 * True once B's inbox holds `target` rows. COUNT(*) is asked only once the applier's own counter says so, so that
 * polling does not take CPU from the node being measured (a count over 10,000 inbox rows every 10 ms would).
 */
async function inboxReached(sink: SinkNode, target: number): Promise<boolean> {
  const stats = sink.applier.stats();
  if (stats.applied + stats.duplicates < target) return false;
  return (await sink.inbox.inboxCount()) >= target;
}

async function checkSink(sink: SinkNode, expected: number, what: string): Promise<void> {
  const stats = sink.applier.stats();
  const [{ n: items }] = (await sink.db.query('SELECT COUNT(*) AS n FROM bench_item')) as Array<{ n: number }>;
  const quarantined = await sink.inbox.quarantineCount();
  if (items !== expected || quarantined !== 0) {
    throw new Error(`${what}: expected ${expected} items and nothing quarantined, found ${items} items, ${quarantined} quarantined (${JSON.stringify(stats)})`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Phases.

/** 1. Outbox → relay → JetStream → consumer loops → inbox applier, timed from relay start to the last inbox row. */
async function measureEndToEnd(dir: string, nats: RunningNatsServer, source: SourceNode): Promise<number> {
  const ncB = await connectNats(nats.url, 'bench-b');
  const sink = await createSink(dir, 'bench-b', SCOPE_E2E, ncB);
  startLoops(ncB, sink);
  const meter = new CpuMeter();
  let applied = 0;
  /** Fills the outbox with `count` envelopes, then starts a relay; resolves with the ms until B applied them all. */
  const runThrough = async (prefix: string, count: number, timed: boolean): Promise<{ ms: number; relayDoneMs: number }> => {
    await fillOutbox(source, SCOPE_E2E, prefix, count);
    await sleep(300); // let the pull consumer settle before the clock starts
    const relay = source.newRelay();
    const stop = timed ? meter.start() : null;
    const t0 = performance.now();
    relay.start();
    // When JetStream had acknowledged every message (the rest of the time is the applier finishing).
    let relayDoneMs = 0;
    await waitUntil(
      async () => {
        if (relayDoneMs === 0 && relay.stats().published >= count) relayDoneMs = performance.now() - t0;
        return inboxReached(sink, applied + count);
      },
      `end-to-end (${prefix})`,
      async () => `inbox ${await sink.inbox.inboxCount()}/${applied + count}, relay ${JSON.stringify(relay.stats())}, consumer errors ${sink.consumerErrors.slice(-3).join('; ')}`,
    );
    const ms = performance.now() - t0;
    stop?.(count);
    applied += count;
    await relay.stop();
    return { ms, relayDoneMs: relayDoneMs || ms };
  };
  if (WARMUP > 0) await runThrough('warm', WARMUP, false);
  const rates: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const { ms, relayDoneMs } = await runThrough(`e2e${round}`, N, true);
    rates.push(rate(N, ms));
    say(`  e2e round ${round}: ${N} envelopes in ${(ms / 1000).toFixed(2)} s = ${rate(N, ms)} envelopes/s (relay had all acknowledged after ${(relayDoneMs / 1000).toFixed(2)} s)`);
  }
  await checkSink(sink, applied, 'end-to-end');
  const eps = median(rates);
  say(`e2e: outbox → relay → JetStream → consumer loops → applier: ${eps} envelopes/s (median of ${ROUNDS}; duplicates ${sink.applier.stats().duplicates})`);
  say(`  e2e ${meter}`);
  return eps;
}

/** 2. The same client, stream and message size, no databases: windowed publish, pull consume, ack each. */
async function measureRawNats(nats: RunningNatsServer, source: SourceNode): Promise<number> {
  const ncPub = await connectNats(nats.url, 'bench-raw-pub');
  const ncSub = await connectNats(nats.url, 'bench-raw-sub');
  const subscription: Subscription = { stream: 'catalog', filter: `gov.catalog.${SCOPE_RAW}.>`, durable: 'bench-raw_catalog' };
  await provisionConsumers(await jetstreamManager(ncSub), [subscription]);

  const build = (prefix: string, count: number): Array<{ subject: string; id: string; data: Uint8Array }> => {
    const padding = paddingFor(codeOf(prefix, 0), source.clock);
    return Array.from({ length: count }, (_, i) => {
      const code = codeOf(prefix, i);
      const envelope = buildEnvelope(source.clock, code, 1, padding);
      return { subject: catalogSubject(SCOPE_RAW, code), id: envelope.id, data: encodeEnvelope(envelope) };
    });
  };

  // The consumer as ConsumerLoops runs it (pull, 256 buffered), acknowledging each message and nothing else.
  const consumer = await jetstream(ncSub).consumers.get(STREAM, subscription.durable);
  const iterator: ConsumerMessages = await consumer.consume({ max_messages: 256 });
  onCleanup('raw consumer', () => iterator.stop());
  let consumed = 0;
  const consuming = (async () => {
    for await (const m of iterator) {
      m.ack();
      consumed++;
    }
  })();
  consuming.catch(() => undefined);

  const js: JetStreamClient = jetstream(ncPub);
  const meter = new CpuMeter();
  const round = async (messages: ReadonlyArray<{ subject: string; id: string; data: Uint8Array }>, timed: boolean): Promise<number> => {
    const target = consumed + messages.length;
    await sleep(300);
    const stop = timed ? meter.start() : null;
    const t0 = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    let publishError: unknown = null;
    for (const m of messages) {
      const p: Promise<unknown> = js.publish(m.subject, m.data, { msgID: m.id }).catch((error: unknown) => {
        publishError = error;
      });
      const tracked: Promise<unknown> = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= WINDOW) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (publishError !== null) throw new Error(`raw publish failed: ${message(publishError)}`);
    await waitUntil(() => consumed >= target, 'raw consume', () => `${consumed}/${target}`, PHASE_TIMEOUT_MS, 1);
    await ncSub.flush(); // the last acks have reached the server
    const elapsed = performance.now() - t0;
    stop?.(messages.length);
    return elapsed;
  };
  if (WARMUP > 0) await round(build('rawwarm', WARMUP), false);
  const rates: number[] = [];
  let bytes = 0;
  for (let r = 1; r <= ROUNDS; r++) {
    const messages = build(`raw${r}`, N);
    bytes = messages[0]?.data.byteLength ?? 0;
    const ms = await round(messages, true);
    rates.push(rate(N, ms));
    say(`  raw nats round ${r}: ${N} messages in ${(ms / 1000).toFixed(2)} s = ${rate(N, ms)} msgs/s`);
  }
  iterator.stop();
  await consuming;
  const mps = median(rates);
  say(`raw nats: ${bytes}-byte messages published (${WINDOW} in flight) and consumed with acks: ${mps} msgs/s (median of ${ROUNDS})`);
  say(`  raw nats ${meter}`);
  return mps;
}

/** 3. One transaction per row, a row of the applier's size, through TypeORM and better-sqlite3. */
async function measureRawSqlite(dir: string, source: SourceNode): Promise<number> {
  const db = await openDatabase(join(dir, 'raw.sqlite'));
  await db.query(ITEM_TABLE_SQL);
  const build = (prefix: string, count: number): unknown[][] => {
    const padding = paddingFor(codeOf(prefix, 0), source.clock);
    return Array.from({ length: count }, (_, i) => {
      const code = codeOf(prefix, i);
      const envelope = buildEnvelope(source.clock, code, 1, padding);
      return [code, 1, envelope.hlc, JSON.stringify(envelope.payload)];
    });
  };
  const insertEach = async (rows: unknown[][]): Promise<number> => {
    const t0 = performance.now();
    for (const row of rows) {
      await db.transaction((tx) => tx.query(UPSERT_SQL, [...row, new Date().toISOString()]));
    }
    return performance.now() - t0;
  };
  if (WARMUP > 0) await insertEach(build('sqlwarm', WARMUP));
  const meter = new CpuMeter();
  const rates: number[] = [];
  let bytes = 0;
  for (let r = 1; r <= ROUNDS; r++) {
    const rows = build(`sql${r}`, N);
    bytes = byteLength(String(rows[0]?.[3] ?? ''));
    const stop = meter.start();
    const ms = await insertEach(rows);
    stop(N);
    rates.push(rate(N, ms));
    say(`  raw sqlite round ${r}: ${N} rows in ${(ms / 1000).toFixed(2)} s = ${rate(N, ms)} rows/s`);
  }
  const rps = median(rates);
  say(`raw sqlite: rows of ~${bytes} bytes, one transaction each: ${rps} rows/s (median of ${ROUNDS})`);
  say(`  raw sqlite ${meter}`);
  return rps;
}

/** 4. B's link cut, CATCHUP_N events published meanwhile, link restored: seconds until B applied them all. */
async function measureCatchUp(dir: string, nats: RunningNatsServer, source: SourceNode): Promise<{ seconds: number; reconnectMs: number }> {
  const proxy: TcpProxy = await startTcpProxy({ targetPort: nats.port });
  onCleanup('tcp proxy', () => proxy.close());
  // B's link as the node has it (NatsLink: unlimited reconnects), through the proxy; retries every 250 ms.
  const link = new NatsLink({ servers: [proxy.url], name: 'bench-c', retryDelayMs: 250 });
  onCleanup('nats link bench-c', () => link.stop());
  link.start();
  await waitUntil(() => link.current() !== null, 'catch-up link', () => JSON.stringify(link.status()), 15_000);
  const ncC = link.current() as NatsConnection;
  const sink = await createSink(dir, 'bench-c', SCOPE_CATCHUP, ncC);
  startLoops(ncC, sink);
  await sleep(300);

  proxy.cut();
  await waitUntil(() => link.current() === null, 'cut link', () => JSON.stringify(link.status()), 15_000);
  const relay = source.newRelay();
  relay.start(); // A is connected directly: it publishes while B is away
  await fillOutbox(source, SCOPE_CATCHUP, 'cu', CATCHUP_N);
  relay.poke();
  await waitUntil(
    async () => relay.stats().published >= CATCHUP_N && (await source.outbox.depth()) === 0,
    'catch-up publish',
    async () => `relay ${JSON.stringify(relay.stats())}, outbox depth ${await source.outbox.depth()}`,
  );
  await relay.stop();
  const appliedWhileCut = await sink.inbox.inboxCount();
  if (appliedWhileCut !== 0) throw new Error(`catch-up: B applied ${appliedWhileCut} messages while its link was cut`);
  say(`catch-up: link cut, ${CATCHUP_N} events published to JetStream meanwhile; restoring the link`);

  const meter = new CpuMeter();
  const stop = meter.start();
  const t0 = performance.now();
  proxy.restore();
  let reconnectMs = -1;
  await waitUntil(
    async () => {
      if (reconnectMs < 0 && link.current() !== null) reconnectMs = performance.now() - t0;
      return inboxReached(sink, CATCHUP_N);
    },
    'catch-up apply',
    async () => `inbox ${await sink.inbox.inboxCount()}/${CATCHUP_N}, link ${link.status().state}, consumer errors ${sink.consumerErrors.slice(-3).join('; ')}`,
  );
  const ms = performance.now() - t0;
  stop(CATCHUP_N);
  await checkSink(sink, CATCHUP_N, 'catch-up');
  const seconds = ms / 1000;
  say(
    `catch-up: ${CATCHUP_N} events applied ${seconds.toFixed(2)} s after the link was restored (reconnect ${Math.round(reconnectMs)} ms) = ${rate(CATCHUP_N, ms)} events/s`,
  );
  say(`  catch-up ${meter}`);
  if (sink.consumerErrors.length > 0) {
    say(`catch-up: the consumer loop reported ${sink.consumerErrors.length} errors while the link was down (last: ${sink.consumerErrors.at(-1)})`);
  }
  return { seconds, reconnectMs };
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liandong-bench-'));
  onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
  say(
    `sync benchmark: N=${N} × ${ROUNDS} rounds, catch-up ${CATCHUP_N}, warm-up ${WARMUP}, envelope ${ENVELOPE_BYTES} bytes, window ${WINDOW}; ` +
      `Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; temp dir ${dir}`,
  );

  const nats = await startNatsServer({ storeDir: join(dir, 'nats'), name: 'liandong-bench' });
  onCleanup('nats-server', () => nats.stop());
  natsPid = nats.process.pid;
  const setup = await connectNats(nats.url, 'bench-setup');
  await provisionStreams(await jetstreamManager(setup), ['catalog']);

  const source = await startSource(dir, nats.url);
  const e2e = await measureEndToEnd(dir, nats, source);
  const rawNats = await measureRawNats(nats, source);
  const rawSqlite = await measureRawSqlite(dir, source);
  const catchUp = await measureCatchUp(dir, nats, source);
  if (source.relayErrors.length > 0) say(`note: the relay reported ${source.relayErrors.length} errors, last: ${source.relayErrors.at(-1)}`);

  const ratio = e2e / Math.min(rawNats, rawSqlite);
  const catchUpRate = CATCHUP_N / catchUp.seconds;
  const limit = rawNats <= rawSqlite ? 'raw_nats' : 'raw_sqlite';
  say(`ratio: e2e ${e2e} / min(raw_nats ${rawNats}, raw_sqlite ${rawSqlite}) = ${ratio.toFixed(2)} (the lower baseline is ${limit})`);
  say(`target ratio >= 0.50: ${ratio >= 0.5 ? 'MET' : 'NOT MET'} (${ratio.toFixed(2)})`);
  say(`target catch-up throughput >= e2e rate: ${catchUpRate >= e2e ? 'MET' : 'NOT MET'} (${Math.round(catchUpRate)} events/s vs ${e2e} envelopes/s)`);

  say(`load average at the end: ${loadavg()[0]?.toFixed(2)} (other processes on the machine skew every figure)`);
  const problems = await cleanupAll();
  if (problems.length > 0) say(`note: cleanup problems: ${problems.join('; ')}`);
  say(`RESULT e2e_eps=${e2e} raw_nats_mps=${rawNats} raw_sqlite_rps=${rawSqlite} ratio=${ratio.toFixed(2)} catchup_10k_s=${catchUp.seconds.toFixed(2)}`);
}

const watchdog = setTimeout(() => {
  process.stderr.write(`sync benchmark failed: no result within ${RUN_TIMEOUT_MS / 1000} s\n`);
  void cleanupAll().finally(() => process.exit(1));
}, RUN_TIMEOUT_MS);

main().then(
  () => {
    clearTimeout(watchdog);
    process.exit(0);
  },
  async (error: unknown) => {
    clearTimeout(watchdog);
    process.stderr.write(`sync benchmark failed: ${message(error)}\n`);
    if (error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    const problems = await cleanupAll();
    if (problems.length > 0) process.stderr.write(`cleanup problems: ${problems.join('; ')}\n`);
    process.exit(1);
  },
);
