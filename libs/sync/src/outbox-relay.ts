/** One unsent outbox row. */
export interface OutboxRecord {
  readonly seq: number;
  readonly envelopeId: string;
  readonly subject: string;
  readonly data: Uint8Array;
}

/**
 * Where the relay reads the outbox. Delivery guarantee: a row is marked sent only after JetStream acknowledged
 * it; anything not marked is published again (with the same msgID, so JetStream drops the duplicate within its
 * window, and the receiver's inbox drops it after that). Marking sent does not delete: the row stays for audit.
 */
export interface OutboxStore {
  /** Unsent rows in `seq` order, at most `limit`. */
  pending(limit: number): Promise<OutboxRecord[]>;
  /** Records that these rows were acknowledged by JetStream. */
  markSent(seqs: readonly number[], at: string): Promise<void>;
  /** How many rows wait to be sent. */
  depth(): Promise<number>;
}

/** What the relay needs from a JetStream client: publish and resolve on PubAck. */
export interface AckedPublisher {
  publish(subject: string, data: Uint8Array, options: { msgID: string }): Promise<unknown>;
}

export interface OutboxRelayOptions {
  /**
   * Publishes in flight at once (windowed async publish).
   * @default 128
   */
  readonly window?: number;
  /**
   * Rows read from the outbox per round.
   * @default 512
   */
  readonly batch?: number;
  /**
   * Pause when the outbox is empty (a `poke()` ends it early).
   * @default 250
   */
  readonly idleMs?: number;
  /**
   * First pause after a failure; doubles up to `maxBackoffMs`.
   * @default 200
   */
  readonly backoffMs?: number;
  /** @default 10000 */
  readonly maxBackoffMs?: number;
  /** Called with each failure (for the log). */
  readonly onError?: (error: unknown) => void;
  /** The clock for `sent_at`. @default () => new Date() */
  readonly now?: () => Date;
}

export interface RelayStats {
  readonly published: number;
  readonly failures: number;
  readonly lastError: string | null;
}

/**
 * Publishes the outbox to JetStream in order, many messages in flight, marking rows sent on PubAck, retrying with
 * backoff while NATS is unreachable. `getPublisher` returns null while the link is down.
 */
export class OutboxRelay {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private published = 0;
  private failures = 0;
  private lastError: string | null = null;

  constructor(
    private readonly store: OutboxStore,
    private readonly getPublisher: () => AckedPublisher | null,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Wakes an idle relay (call after writing to the outbox). */
  poke(): void {
    this.wake?.();
  }

  stats(): RelayStats {
    return { published: this.published, failures: this.failures, lastError: this.lastError };
  }

  /** Stops after the current round; rows not acknowledged stay pending. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.poke();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const batch = this.options.batch ?? 512;
    let backoff = this.options.backoffMs ?? 200;
    while (!signal.aborted) {
      const publisher = this.getPublisher();
      if (publisher === null) {
        await this.pause(this.options.idleMs ?? 250);
        continue;
      }
      try {
        const rows = await this.store.pending(batch);
        if (rows.length === 0) {
          await this.pause(this.options.idleMs ?? 250);
          continue;
        }
        const acked = await this.publishWindowed(publisher, rows, signal);
        if (acked.length > 0) {
          await this.store.markSent(acked, (this.options.now?.() ?? new Date()).toISOString());
          this.published += acked.length;
        }
        if (acked.length < rows.length) throw new Error(`${rows.length - acked.length} of ${rows.length} publishes failed`);
        backoff = this.options.backoffMs ?? 200;
      } catch (error) {
        this.failures++;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 10000);
      }
    }
  }

  /** Publishes `rows` keeping up to `window` in flight; returns the seqs that were acknowledged. */
  private async publishWindowed(publisher: AckedPublisher, rows: readonly OutboxRecord[], signal: AbortSignal): Promise<number[]> {
    const window = this.options.window ?? 128;
    const acked: number[] = [];
    let failed = false;
    const inFlight = new Set<Promise<void>>();
    for (const row of rows) {
      if (failed || signal.aborted) break;
      const p: Promise<void> = publisher.publish(row.subject, row.data, { msgID: row.envelopeId }).then(
        () => {
          acked.push(row.seq);
        },
        (error: unknown) => {
          failed = true;
          this.lastError = error instanceof Error ? error.message : String(error);
        },
      );
      const tracked = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return acked;
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).then(() => {
      this.wake = null;
    });
  }
}
