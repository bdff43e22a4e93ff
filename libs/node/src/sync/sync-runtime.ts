import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import {
  ConsumerLoops,
  encodeHeartbeat,
  HEARTBEAT_VERSION,
  HybridLogicalClock,
  InboxApplier,
  nodeSubscriptions,
  OutboxRelay,
  provisionConsumers,
  provisionStreams,
  requireStreams,
  StreamsNotReadyError,
  statusSubject,
  childStatusFilter,
  totalOrNull,
  type AckedPublisher,
  type MessageHandler,
  type NatsLink,
  type QuarantineKind,
  type ReapplyOutcome,
  type Subscription,
} from '@liandong/sync';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { NATS_LINK } from '../nats/nats.module';
import { ConsumerWatch, type ConsumerWatchFields } from './consumer-watch';
import { EventRecorder, HLC } from './event-recorder';
import { InboxRepository } from './inbox.repository';
import { NodeMonitor } from './node-monitor';
import { OutboxRepository } from './outbox.repository';
import { SYNC_OPTIONS, type SyncOptions } from './sync-options';

/** One durable consumer of this node as `/sync/status` shows it (with the age of its figures and the stall flag). */
export interface ConsumerStatus extends ConsumerWatchFields {
  readonly stream: string;
  readonly filter: string;
  readonly durable: string;
  /** What the server holds for it (not delivered or not acknowledged); null while unknown. */
  readonly pending: number | null;
  /** Messages that arrived with a delivery count above 1, since the node started. */
  readonly redelivered: number;
  /** Messages nak'd for redelivery (their apply failed), since the node started. */
  readonly retried: number;
  /** Messages of a newer payload version kept until this node is upgraded. */
  readonly held: number;
  /** Messages in quarantine (every kind but held). */
  readonly quarantined: number;
}

/** Thrown by `retryQuarantined` for an id the quarantine does not hold. */
export class QuarantinedMessageNotFoundError extends Error {
  override readonly name = 'QuarantinedMessageNotFoundError';
}

/** Thrown by `retryQuarantined` while the database does not answer (nothing was changed). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

const ALL_STATUS = 'gov.status.>';

/**
 * The node's replication at run time: the outbox relay, the consumers of state that flows down (catalogue and
 * reference data), heartbeats to the ancestors and from the nodes below (kept by the NodeMonitor). It starts without waiting for NATS and
 * re-provisions streams and consumers on every (re)connection.
 */
@Injectable()
export class SyncRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sync');
  private readonly handlers: Array<MessageHandler<EntityManager>> = [];
  private applier: InboxApplier<EntityManager> | null = null;
  private relay: OutboxRelay | null = null;
  private loops: ConsumerLoops | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeatSub: NatsSubscription | null = null;
  private heartbeatNc: NatsConnection | null = null;
  /** Redeliveries and retries per durable, kept across connections. */
  private readonly counters = new Map<string, { redelivered: number; retried: number }>();
  private unsubscribeLink: (() => void) | null = null;
  private publisher: { nc: NatsConnection; js: AckedPublisher } | null = null;
  readonly subscriptions: readonly Subscription[];
  /** The age of the consumers' figures and the stall rule (monitoring, ADR 0009). */
  private readonly watch: ConsumerWatch;

  constructor(
    @Inject(NATS_LINK) private readonly link: NatsLink,
    @Inject(HLC) private readonly hlc: HybridLogicalClock,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    private readonly inbox: InboxRepository,
    private readonly recorder: EventRecorder,
    private readonly monitor: NodeMonitor,
    @Optional() @Inject(SYNC_OPTIONS) private readonly options: SyncOptions | null = null,
  ) {
    this.subscriptions = nodeSubscriptions({ tier: config.tier, nodeId: config.nodeId, regionCode: config.regionCode, parentId: config.parentId });
    this.watch = new ConsumerWatch(link, clock, config.offlineAfterSeconds);
  }

  /** Feature modules register the message types they apply (before the application bootstraps). */
  register(handler: MessageHandler<EntityManager>): void {
    const choose = this.options?.payloadDecoders;
    if (choose === undefined) {
      this.handlers.push(handler);
      return;
    }
    const { payload: builtIn, ...rest } = handler;
    const decoder = choose(handler.type, builtIn);
    this.handlers.push(decoder === undefined ? rest : { ...rest, payload: decoder });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.applier = new InboxApplier(this.inbox, this.handlers, this.hlc, { maxDeliveries: this.config.syncRetry.maxDeliveries });
    // After an upgrade the handlers know newer payload versions: apply what was held for them before consuming.
    await this.reapplyHeld();
    this.relay = new OutboxRelay(this.outbox, () => this.currentPublisher(), { onError: (e) => this.logger.warn(`relay: ${String(e)}`) });
    this.recorder.onRecorded(() => this.relay?.poke());
    this.relay.start();
    this.unsubscribeLink = this.link.onConnect((nc) => void this.connected(nc));
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.config.heartbeatSeconds * 1000);
    this.heartbeatTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.unsubscribeLink?.();
    this.heartbeatSub?.unsubscribe();
    await this.relay?.stop();
    await this.loops?.stop();
  }

  stats() {
    return { relay: this.relay?.stats() ?? null, inbox: this.applier?.stats() ?? null };
  }

  /** Each consumer with its backlog, redeliveries, retries, and what the quarantine holds from it. */
  async consumers(): Promise<ConsumerStatus[]> {
    const [lag, counts] = await Promise.all([this.consumerLag(), this.inbox.quarantineCounts()]);
    return lag.map((c) => {
      const mine = counts.filter((q) => q.durable === c.durable);
      const counters = this.counters.get(c.durable) ?? { redelivered: 0, retried: 0 };
      return {
        ...c,
        redelivered: counters.redelivered,
        retried: counters.retried,
        held: mine.filter((q) => q.kind === 'held').reduce((n, q) => n + q.count, 0),
        quarantined: mine.filter((q) => q.kind !== 'held').reduce((n, q) => n + q.count, 0),
      };
    });
  }

  /**
   * Runs a quarantined message through the applier again (admin retry after a fix, held messages after an upgrade):
   * applied or a duplicate, it leaves the quarantine; refused again, its row gets the new kind and reason.
   * @throws QuarantinedMessageNotFoundError for an unknown id; StoreUnavailableError while the database is down.
   */
  async retryQuarantined(id: number): Promise<ReapplyOutcome> {
    const applier = this.applier;
    if (applier === null) throw new StoreUnavailableError('the node is still starting');
    const row = await this.inbox.quarantinedEntry(id);
    if (row === null) throw new QuarantinedMessageNotFoundError(`no quarantined message ${id}`);
    let result: ReapplyOutcome;
    try {
      const meta = { subject: row.subject, ...(row.stream === null ? {} : { stream: row.stream }), ...(row.durable === null ? {} : { durable: row.durable }) };
      result = await applier.reapply(Buffer.from(row.dataBase64, 'base64'), meta, row.attempts + 1);
    } catch (error) {
      throw new StoreUnavailableError(String(error));
    }
    if (result.outcome === 'refused') await this.inbox.refusedAgain(id, result);
    else await this.inbox.release(id);
    return result;
  }

  /** Applies held messages whose payload version this node now knows; what is still too new stays held. */
  private async reapplyHeld(): Promise<void> {
    try {
      let applied = 0;
      for (const row of await this.inbox.held()) {
        const result = await this.retryQuarantined(row.id);
        if (result.outcome !== 'refused') applied++;
      }
      if (applied > 0) this.logger.log(`applied ${applied} held message${applied > 1 ? 's' : ''} after an upgrade`);
    } catch (error) {
      this.logger.warn(`held messages not re-applied: ${String(error)}`);
    }
  }

  /** Quarantined messages per consumer and kind (for /metrics). */
  quarantineCounts(): Promise<Array<{ stream: string | null; durable: string | null; kind: QuarantineKind; count: number }>> {
    return this.inbox.quarantineCounts();
  }

  /** Redeliveries and retries per durable since the node started. */
  consumerCounters(): ReadonlyMap<string, { readonly redelivered: number; readonly retried: number }> {
    return this.counters;
  }

  /** Pending messages per consumer; null entries while the link is down (with the age of what was last known, and stalled). */
  async consumerLag(): Promise<Array<{ stream: string; filter: string; durable: string; pending: number | null } & ConsumerWatchFields>> {
    const lag = this.link.current() !== null && this.loops !== null ? await this.loops.pending() : this.subscriptions.map((subscription) => ({ subscription, pending: null }));
    return this.watch.annotate(lag.map(({ subscription, pending }) => ({ stream: subscription.stream, filter: subscription.filter, durable: subscription.durable, pending })));
  }

  private currentPublisher(): AckedPublisher | null {
    const nc = this.link.current();
    if (nc === null) return null;
    if (this.publisher?.nc !== nc) this.publisher = { nc, js: jetstream(nc) };
    return this.publisher.js;
  }

  private async connected(nc: NatsConnection): Promise<void> {
    // Heartbeats are core NATS: read them from the start, whether or not the streams exist yet.
    if (this.heartbeatNc !== nc) this.subscribeHeartbeats(nc);
    try {
      const jsm = await jetstreamManager(nc);
      // Only the city creates and updates the streams (its NATS user alone may); the others wait until they exist.
      if (this.config.tier === 'city') await provisionStreams(jsm);
      else await requireStreams(jsm);
      await provisionConsumers(jsm, this.subscriptions);
      await this.loops?.stop();
      this.loops = new ConsumerLoops(
        nc,
        this.subscriptions,
        this.applier as InboxApplier<unknown>,
        { retryBaseMs: this.config.syncRetry.baseMs, onError: (e, s) => this.logger.warn(`consumer ${s.durable}: ${String(e)}`) },
        this.counters,
      );
      this.loops.start();
      void this.heartbeat();
    } catch (error) {
      if (error instanceof StreamsNotReadyError) this.logger.debug(`waiting for the city: ${error.message}`);
      else this.logger.warn(`sync provisioning failed, retrying: ${String(error)}`);
      setTimeout(() => {
        const current = this.link.current();
        if (current === nc) void this.connected(nc);
      }, 2000).unref();
    }
  }

  /**
   * Ancestors read heartbeats: a district its townships; the city every node (districts and their townships). A
   * township has no node below it (and its NATS user may not subscribe to heartbeats).
   */
  private subscribeHeartbeats(nc: NatsConnection): void {
    this.heartbeatSub?.unsubscribe();
    this.heartbeatSub = null;
    this.heartbeatNc = nc;
    if (this.config.tier === 'township') return;
    const filter = this.config.tier === 'city' ? ALL_STATUS : childStatusFilter(this.config.nodeId);
    this.heartbeatSub = nc.subscribe(filter, {
      callback: (err, msg) => {
        if (err) this.logger.warn(`heartbeat subscription ${filter}: ${String(err)}`);
        else void this.monitor.receive(msg.subject, msg.data);
      },
    });
  }

  private async heartbeat(): Promise<void> {
    const nc = this.link.current();
    if (nc === null) return;
    try {
      const lag = await this.consumerLag();
      const beat = encodeHeartbeat({
        v: HEARTBEAT_VERSION,
        nodeId: this.config.nodeId,
        tier: this.config.tier,
        regionCode: this.config.regionCode,
        parentId: this.config.parentId,
        wall: this.clock.now().getTime(),
        hlc: this.hlc.now(),
        outboxDepth: await this.outbox.depth(),
        quarantined: await this.inbox.quarantineCount(),
        consumerLag: totalOrNull(lag.map((c) => c.pending)),
        stalled: lag.some((c) => c.stalled === null) ? null : lag.filter((c) => c.stalled === true).map((c) => c.durable),
      });
      nc.publish(statusSubject(this.config.parentId, this.config.nodeId), beat);
    } catch (error) {
      this.logger.debug?.(`heartbeat not sent: ${String(error)}`);
    }
  }
}
