import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { InboxApplier } from './inbox-applier';
import { STREAMS, type StreamKey, type Subscription } from './subjects';

const NANOS_PER_MS = 1_000_000;
/** Messages applied in one database transaction at most (and pulled per request). */
const BATCH_MAX = 256;
const IDLE = Symbol('idle');

/**
 * Groups an async stream into batches of what is already buffered (up to `max`), without waiting for more: a lone
 * message is applied at once, a backlog in big transactions.
 */
export async function* batches<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const first = await next;
    if (first.done === true) return;
    const batch = [first.value];
    next = iterator.next();
    let done = false;
    while (batch.length < max) {
      const result = await Promise.race([next, new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)))]);
      if (result === IDLE) break;
      if (result.done === true) {
        done = true;
        break;
      }
      batch.push(result.value);
      next = iterator.next();
    }
    yield batch;
    if (done) return;
  }
}

/** How each stream keeps messages: state streams keep the last value per subject, cases keep every event. */
export function streamConfig(key: StreamKey, replicas = 1): Partial<StreamConfig> & { name: string; subjects: string[] } {
  const stream = STREAMS[key];
  return {
    name: stream.name,
    subjects: [...stream.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: key === 'cases' ? -1 : 1,
    duplicate_window: 2 * 60 * 1000 * NANOS_PER_MS,
    num_replicas: replicas,
  };
}

/** Creates the streams, or updates them to this configuration; safe to run at every boot on every node. */
export async function provisionStreams(jsm: JetStreamManager, keys: readonly StreamKey[] = ['catalog', 'ref', 'cases'], replicas = 1): Promise<void> {
  for (const key of keys) {
    const config = streamConfig(key, replicas);
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (addError) {
        // Another node created it in the meantime: make sure it has our configuration.
        if (!/already in use/i.test(String(addError))) throw addError;
        await jsm.streams.update(config.name, config);
      }
    }
  }
}

/** Thrown by `requireStreams` while a stream does not exist yet (the city has not created it). */
export class StreamsNotReadyError extends Error {
  override readonly name = 'StreamsNotReadyError';
  constructor(readonly missing: readonly string[]) {
    super(`stream${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not created yet (only the city creates the streams)`);
  }
}

/**
 * Checks that the streams exist, without creating or changing them: what every node but the city does (with per-node
 * credentials only the city may manage streams). Callers retry until it passes.
 * @throws StreamsNotReadyError naming the missing streams.
 */
export async function requireStreams(jsm: JetStreamManager, keys: readonly StreamKey[] = ['catalog', 'ref', 'cases']): Promise<void> {
  const missing: string[] = [];
  for (const key of keys) {
    try {
      await jsm.streams.info(STREAMS[key].name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      missing.push(STREAMS[key].name);
    }
  }
  if (missing.length > 0) throw new StreamsNotReadyError(missing);
}

/** Creates the node's durable pull consumers (one per filter: nats-server 2.9 takes one filter subject each). */
export async function provisionConsumers(jsm: JetStreamManager, subscriptions: readonly Subscription[]): Promise<void> {
  for (const s of subscriptions) {
    const stream = STREAMS[s.stream].name;
    const config = {
      durable_name: s.durable,
      filter_subject: s.filter,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30_000 * NANOS_PER_MS,
      max_deliver: -1,
      max_ack_pending: 1000,
    };
    try {
      await jsm.consumers.info(stream, s.durable);
      await jsm.consumers.update(stream, s.durable, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.consumers.add(stream, config);
    }
  }
}

/** What the server holds for one durable consumer: not yet delivered plus delivered and not acknowledged. */
export interface ConsumerPending {
  readonly subscription: Subscription;
  /** Null when the server could not say (the consumer does not exist, or the request failed). */
  readonly pending: number | null;
}

/**
 * Asks the server (JetStream consumer info) how many messages each durable has not had applied yet. Works for any
 * node's durables, not only this connection's own: an ancestor asks about a silent child's.
 */
export async function consumerPending(jsm: JetStreamManager, subscriptions: readonly Subscription[]): Promise<ConsumerPending[]> {
  return Promise.all(
    subscriptions.map(async (subscription) => {
      try {
        const info = await jsm.consumers.info(STREAMS[subscription.stream].name, subscription.durable);
        return { subscription, pending: info.num_pending + info.num_ack_pending };
      } catch {
        return { subscription, pending: null };
      }
    }),
  );
}

/** The total of `counts`, or null when any of them is unknown (a partial sum would understate the backlog). */
export function totalOrNull(counts: ReadonlyArray<number | null>): number | null {
  let total = 0;
  for (const count of counts) {
    if (count === null) return null;
    total += count;
  }
  return total;
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error instanceof Error ? error.message : error));
}

export interface ConsumerLoopOptions {
  /** Pause before a consumer that failed (no connection, no consumer) is tried again. @default 1000 */
  readonly retryDelayMs?: number;
  /**
   * First redelivery delay of a message whose apply failed; it doubles with every delivery (backoff), up to
   * `maxRetryDelayMs`. @default 1000
   */
  readonly retryBaseMs?: number;
  /** Longest redelivery delay. @default 60000 */
  readonly maxRetryDelayMs?: number;
  readonly onError?: (error: unknown, subscription: Subscription) => void;
}

/** What one consumer has seen since the node started. */
export interface ConsumerCounters {
  /** Messages that arrived with a delivery count above 1 (JetStream delivered them before). */
  readonly redelivered: number;
  /** Messages nak'd for redelivery (their apply failed). */
  readonly retried: number;
}

/** The delay before redelivery n+1 of a message delivered n times: base, doubling, capped. */
export function retryDelay(deliveryCount: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(deliveryCount, 1) - 1, 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/**
 * Runs the node's consumers on one connection: what has arrived is applied in one database transaction (each
 * message in its own savepoint), then acknowledged; quarantined, held and duplicate messages are acknowledged too. A
 * message whose apply failed (`retry`) is nak'd with a growing delay; the applier dead-letters it at its delivery
 * bound. When the store is down the whole batch is nak'd. Acknowledgements follow the commit. `stop()` ends all loops.
 */
export class ConsumerLoops {
  private readonly abort = new AbortController();
  private readonly running: Array<{ messages: ConsumerMessages | null; done: Promise<void> }> = [];
  private readonly counters = new Map<string, { redelivered: number; retried: number }>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly subscriptions: readonly Subscription[],
    private readonly applier: InboxApplier<unknown>,
    private readonly options: ConsumerLoopOptions = {},
    counters?: Map<string, { redelivered: number; retried: number }>,
  ) {
    // The caller may keep the counters across connections (a new ConsumerLoops per connection).
    if (counters !== undefined) this.counters = counters;
  }

  start(): void {
    const js = jetstream(this.nc);
    for (const s of this.subscriptions) {
      const slot: { messages: ConsumerMessages | null; done: Promise<void> } = { messages: null, done: Promise.resolve() };
      slot.done = this.consume(js, s, slot);
      this.running.push(slot);
    }
  }

  /** Messages not yet delivered to this node, per consumer. */
  async pending(): Promise<ConsumerPending[]> {
    return consumerPending(await jetstreamManager(this.nc), this.subscriptions);
  }

  /** Redeliveries and retries per durable since the counters were made. */
  counts(durable: string): ConsumerCounters {
    return { ...(this.counters.get(durable) ?? { redelivered: 0, retried: 0 }) };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const slot of this.running) slot.messages?.stop();
    await Promise.all(this.running.map((slot) => slot.done));
  }

  private counter(durable: string): { redelivered: number; retried: number } {
    let counter = this.counters.get(durable);
    if (counter === undefined) {
      counter = { redelivered: 0, retried: 0 };
      this.counters.set(durable, counter);
    }
    return counter;
  }

  private async consume(js: JetStreamClient, s: Subscription, slot: { messages: ConsumerMessages | null }): Promise<void> {
    const signal = this.abort.signal;
    const retryDelayMs = this.options.retryDelayMs ?? 1000;
    const baseMs = this.options.retryBaseMs ?? 1000;
    const maxMs = this.options.maxRetryDelayMs ?? 60_000;
    const counter = this.counter(s.durable);
    while (!signal.aborted && !this.nc.isClosed()) {
      try {
        const consumer = await js.consumers.get(STREAMS[s.stream].name, s.durable);
        const messages = await consumer.consume({ max_messages: BATCH_MAX });
        slot.messages = messages;
        if (signal.aborted) messages.stop();
        for await (const batch of batches(messages, BATCH_MAX)) {
          const deliveries = batch.map((m) => m.info.deliveryCount);
          for (const n of deliveries) if (n > 1) counter.redelivered++;
          try {
            const outcomes = await this.applier.handleBatch(
              batch.map((m, i) => ({ data: m.data, meta: { subject: m.subject, stream: s.stream, durable: s.durable, deliveryCount: deliveries[i] } })),
            );
            batch.forEach((m, i) => {
              if (outcomes[i] === 'retry') {
                counter.retried++;
                m.nak(retryDelay(deliveries[i] ?? 1, baseMs, maxMs));
              } else m.ack();
            });
          } catch (error) {
            // The store is down (or the quarantine could not be written): nothing was applied; all of it comes back.
            this.options.onError?.(error, s);
            batch.forEach((m, i) => {
              counter.retried++;
              m.nak(retryDelay(deliveries[i] ?? 1, baseMs, maxMs));
            });
          }
        }
      } catch (error) {
        if (signal.aborted || this.nc.isClosed()) return;
        this.options.onError?.(error, s);
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, retryDelayMs));
    }
  }
}
