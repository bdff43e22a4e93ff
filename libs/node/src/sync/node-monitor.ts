import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { isTier } from '@liandong/shared';
import { consumerPending, decodeHeartbeat, figureAge, type FigureAge, isHeartbeatFromBelow, liveness, type Liveness, nodeSubscriptions, totalOrNull, type NatsLink } from '@liandong/sync';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { NATS_LINK } from '../nats/nats.module';
import type { NodeStatusEntity } from '../persistence/node-status.entity';
import { NodeStatusRepository } from './node-status.repository';

/**
 * A node below this one, as its heartbeats and the NATS server tell (`GET /sync/status` → `nodesBelow`). The figures
 * it reported (outbox depth, consumer lag, quarantined, stalled consumers, clock skew) come from its last heartbeat;
 * `figures` says when that reached this node and how old it is. Once older than NODE_OFFLINE_AFTER_SECONDS (the child
 * silent, or this node's own link down) each of them is null, unknown, never its last value.
 */
export interface NodeBelow {
  readonly nodeId: string;
  readonly parentId: string;
  readonly tier: string;
  /** Null while the node sends version 1 heartbeats (an older release). */
  readonly regionCode: string | null;
  /** When its last heartbeat reached this node (this node's clock, ISO 8601). */
  readonly lastContact: string;
  readonly silentSeconds: number;
  /** Heard since this node started, and silent for less than NODE_OFFLINE_AFTER_SECONDS. */
  readonly online: boolean;
  /** When its reported figures reached this node, their age, and whether they are stale (then the figures are null). */
  readonly figures: FigureAge;
  /** Its outbox depth when it last spoke: what it still had to send up; null once stale. */
  readonly outboxDepth: number | null;
  /** What its own consumers had not applied when it last spoke; null when it could not tell, or once stale. */
  readonly consumerLag: number | null;
  /**
   * What the NATS server holds for its durable consumers now (not delivered, or not acknowledged), asked by this node:
   * its backlog even while it is cut off. Null while this node's own link is down, or when the server cannot say.
   */
  readonly serverPending: number | null;
  /** Its quarantined messages when it last spoke; null once stale. */
  readonly quarantined: number | null;
  /**
   * The durable names of its consumers it reported stalled (empty: none); null once stale, when it runs an older
   * release (heartbeat v1/v2), or after this node restarted until it speaks again (not kept in `node_status`).
   */
  readonly stalled: readonly string[] | null;
  /** Its wall clock minus this node's, when its last heartbeat arrived; null once stale. */
  readonly skewMs: number | null;
}

const JETSTREAM_API_TIMEOUT_MS = 2000;

/** A node below as this node knows it: its last heartbeat, and whether it has spoken since this node started. */
interface KnownNode {
  status: NodeStatusEntity;
  heardSinceStart: boolean;
  /** Its stalled consumers from its last heartbeat (memory only); null when unknown. */
  stalled: readonly string[] | null;
}

/**
 * Sync monitoring at an ancestor: keeps the last heartbeat of each node below (the city: every node; a district: its
 * townships) in memory and in `node_status`, one write per heartbeat, and says which are online. Silence is measured
 * with the node's clock.
 */
@Injectable()
export class NodeMonitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NodeMonitor');
  private readonly known = new Map<string, KnownNode>();
  private writes: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NATS_LINK) private readonly link: NatsLink,
    private readonly repository: NodeStatusRepository,
  ) {}

  /** The children known before the restart: listed (offline) until they speak again. */
  async onApplicationBootstrap(): Promise<void> {
    for (const status of await this.repository.all()) {
      if (!this.known.has(status.nodeId)) this.known.set(status.nodeId, { status, heardSinceStart: false, stalled: null });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.writes;
  }

  /**
   * A heartbeat received on `subject`. Kept (and written once) when it decodes and comes from a node below this one;
   * anything else is ignored, since a heartbeat is a hint, not data. Returns whether it was kept.
   */
  receive(subject: string, data: Uint8Array): boolean {
    if (this.closing) return false;
    const decoded = decodeHeartbeat(data, subject);
    if (!decoded.ok) {
      this.logger.debug?.(`heartbeat on ${subject.slice(0, 120)} ignored: ${decoded.reason}`);
      return false;
    }
    const beat = decoded.heartbeat;
    if (!isHeartbeatFromBelow(this.config, beat)) return false;
    const now = this.clock.now();
    const status: NodeStatusEntity = {
      nodeId: beat.nodeId,
      parentId: beat.parentId as string,
      tier: beat.tier,
      regionCode: beat.regionCode,
      lastContact: now.toISOString(),
      skewMs: beat.wall - now.getTime(),
      outboxDepth: beat.outboxDepth,
      quarantined: beat.quarantined,
      consumerLag: beat.consumerLag,
    };
    this.known.set(beat.nodeId, { status, heardSinceStart: true, stalled: beat.stalled });
    // One write per heartbeat, in arrival order; a failed write is logged and the next heartbeat writes again.
    this.writes = this.writes.then(
      () => this.repository.save(status).catch((error: unknown) => this.logger.warn(`node status of ${status.nodeId} not saved: ${String(error)}`)),
    );
    return true;
  }

  /** Resolves when every heartbeat received so far is written. */
  flushed(): Promise<void> {
    return this.writes;
  }

  /**
   * Removes a node that has gone for good (a township merged or decommissioned) from the list and from `node_status`,
   * so it no longer shows as offline. A node that is online is kept ('online'); one never heard of is 'unknown'. If the
   * node speaks again it is listed again: a heartbeat is what puts a node on the list.
   */
  async forget(nodeId: string): Promise<'forgotten' | 'online' | 'unknown'> {
    const entry = this.known.get(nodeId);
    if (entry === undefined) return 'unknown';
    if (this.liveness(entry, this.clock.now().getTime()).online) return 'online';
    // After the heartbeats already queued for writing, so none of them puts the row back.
    const removal = this.writes.then(() => this.repository.remove(nodeId));
    this.writes = removal.then(
      () => undefined,
      (error: unknown) => this.logger.warn(`node status of ${nodeId} not removed: ${String(error)}`),
    );
    await removal;
    // A heartbeat that came meanwhile is written after the removal: the node spoke again and stays listed.
    if (this.known.get(nodeId) !== entry) return 'online';
    this.known.delete(nodeId);
    return 'forgotten';
  }

  /** Every node below this one that has ever spoken, by node id, with its liveness and its backlog on the server. */
  async nodesBelow(): Promise<NodeBelow[]> {
    const entries = [...this.known.values()].sort((a, b) => a.status.nodeId.localeCompare(b.status.nodeId));
    const pending = await this.serverPending(entries.map((e) => e.status));
    const now = this.clock.now().getTime();
    return entries.map((entry, i) => {
      const { status } = entry;
      const alive = this.liveness(entry, now);
      const contactMs = Date.parse(status.lastContact);
      const figures = figureAge(Number.isFinite(contactMs) ? contactMs : 0, now, this.config.offlineAfterSeconds * 1000);
      const reported = <T>(value: T): T | null => (figures.stale ? null : value);
      return {
        nodeId: status.nodeId,
        parentId: status.parentId,
        tier: status.tier,
        regionCode: status.regionCode,
        lastContact: status.lastContact,
        silentSeconds: alive.silentSeconds ?? 0,
        online: alive.online,
        figures,
        outboxDepth: reported(status.outboxDepth),
        consumerLag: reported(status.consumerLag),
        serverPending: pending[i] ?? null,
        quarantined: reported(status.quarantined),
        stalled: reported(entry.stalled),
        skewMs: reported(status.skewMs),
      };
    });
  }

  /** Whether the node is online at `nowMs` (silent for less than NODE_OFFLINE_AFTER_SECONDS, heard since this start). */
  private liveness(entry: KnownNode, nowMs: number): Liveness {
    return liveness(Date.parse(entry.status.lastContact), nowMs, this.config.offlineAfterSeconds * 1000, entry.heardSinceStart);
  }

  /**
   * For each node, what the server holds for its durables (their names follow from its topology); all null while the
   * link is down. A node whose region code is unknown (version 1 heartbeats) gets null.
   */
  private async serverPending(statuses: readonly NodeStatusEntity[]): Promise<Array<number | null>> {
    const nc = this.link.current();
    if (nc === null || statuses.length === 0) return statuses.map(() => null);
    try {
      const jsm = await jetstreamManager(nc, { timeout: JETSTREAM_API_TIMEOUT_MS, checkAPI: false });
      return await Promise.all(
        statuses.map(async (s) => {
          if (s.regionCode === null || !isTier(s.tier)) return null;
          const subscriptions = nodeSubscriptions({ tier: s.tier, nodeId: s.nodeId, regionCode: s.regionCode, parentId: s.parentId });
          return totalOrNull((await consumerPending(jsm, subscriptions)).map((p) => p.pending));
        }),
      );
    } catch (error) {
      this.logger.debug?.(`server pending unknown: ${String(error)}`);
      return statuses.map(() => null);
    }
  }
}
