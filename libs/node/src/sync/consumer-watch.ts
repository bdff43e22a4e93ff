import { Logger } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS, StallWatch, type ConsumerProgress, type NatsLink, type StreamKey } from '@liandong/sync';
import type { Clock } from '../clock/clock';

const JETSTREAM_API_TIMEOUT_MS = 2000;

/** What `/sync/status` adds to each of this node's consumers: the age of its figures and whether it is stalled. */
export interface ConsumerWatchFields {
  /** When its figures (pending) were last known, by the node's clock (ISO 8601); null if never since the start. */
  readonly reportedAt: string | null;
  /** Whole seconds since then; null if never known. */
  readonly ageSeconds: number | null;
  /** Work waiting and its ack floor still for NODE_OFFLINE_AFTER_SECONDS (the stall rule); null while unknown. */
  readonly stalled: boolean | null;
}

/**
 * Watches this node's own durable consumers: remembers when each one's figures were last known (so a status read
 * while the link is down says how old the last knowledge is, never the last value), and applies the stall rule to
 * the ack floor JetStream reports (consumer info `ack_floor.stream_seq`), on the node's clock.
 */
export class ConsumerWatch {
  private readonly logger = new Logger('ConsumerWatch');
  private readonly lastKnown = new Map<string, number>();
  private readonly stalls: StallWatch;

  constructor(
    private readonly link: NatsLink,
    private readonly clock: Clock,
    stallAfterSeconds: number,
  ) {
    this.stalls = new StallWatch(stallAfterSeconds * 1000);
  }

  /** `consumers` with their figures' age and stall flag (one consumer info request per consumer while the link is up). */
  async annotate<T extends { readonly stream: StreamKey; readonly durable: string; readonly pending: number | null }>(consumers: readonly T[]): Promise<Array<T & ConsumerWatchFields>> {
    const progress = await this.progress(consumers);
    const now = this.clock.now().getTime();
    return consumers.map((c, i) => {
      if (c.pending !== null) this.lastKnown.set(c.durable, now);
      const known = this.lastKnown.get(c.durable);
      return {
        ...c,
        reportedAt: known === undefined ? null : new Date(known).toISOString(),
        ageSeconds: known === undefined ? null : Math.floor(Math.max(0, now - known) / 1000),
        stalled: this.stalls.observe(c.durable, progress[i] ?? null, now),
      };
    });
  }

  /** Pending and ack floor of each consumer from the server; null entries while the link is down or info fails. */
  private async progress(consumers: ReadonlyArray<{ readonly stream: StreamKey; readonly durable: string }>): Promise<Array<ConsumerProgress | null>> {
    const nc = this.link.current();
    if (nc === null || consumers.length === 0) return consumers.map(() => null);
    try {
      const jsm = await jetstreamManager(nc, { timeout: JETSTREAM_API_TIMEOUT_MS, checkAPI: false });
      return await Promise.all(
        consumers.map(async (c) => {
          try {
            const info = await jsm.consumers.info(STREAMS[c.stream].name, c.durable);
            return { pending: info.num_pending + info.num_ack_pending, ackFloor: info.ack_floor.stream_seq };
          } catch {
            return null;
          }
        }),
      );
    } catch (error) {
      this.logger.debug?.(`consumer progress unknown: ${String(error)}`);
      return consumers.map(() => null);
    }
  }
}
