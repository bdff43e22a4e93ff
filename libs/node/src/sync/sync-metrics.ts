import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsLink } from '@liandong/sync';
import { MetricsService } from '../metrics/metrics.service';
import { NATS_LINK } from '../nats/nats.module';
import { InboxRepository } from './inbox.repository';
import { NodeMonitor, type NodeBelow } from './node-monitor';
import { OutboxRepository } from './outbox.repository';
import { SyncRuntime } from './sync-runtime';

/** The sync metrics of `/metrics`: this node's outbox, inbox, quarantine and consumers, and every node below it. */
@Injectable()
export class SyncMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly runtime: SyncRuntime,
    private readonly monitor: NodeMonitor,
    private readonly outbox: OutboxRepository,
    private readonly inbox: InboxRepository,
    @Inject(NATS_LINK) private readonly link: NatsLink,
  ) {}

  onModuleInit(): void {
    const m = this.metrics;
    m.gauge({ name: 'liandong_sync_link_up', help: '1 while the NATS link is up', collect: () => [{ value: this.link.current() === null ? 0 : 1 }] });
    m.gauge({ name: 'liandong_sync_outbox_depth', help: 'Outbox rows not yet acknowledged by JetStream', collect: async () => [{ value: await this.outbox.depth() }] });
    m.collectedCounter({
      name: 'liandong_sync_outbox_published_total',
      help: 'Envelopes the relay published since the node started',
      collect: () => [{ value: this.runtime.stats().relay?.published ?? 0 }],
    });
    m.collectedCounter({
      name: 'liandong_sync_inbox_messages_total',
      help: 'Envelopes received since the node started, by outcome (applied, duplicate)',
      labelNames: ['outcome'],
      collect: () => {
        const inbox = this.runtime.stats().inbox;
        return [
          { labels: { outcome: 'applied' }, value: inbox?.applied ?? 0 },
          { labels: { outcome: 'duplicate' }, value: inbox?.duplicates ?? 0 },
        ];
      },
    });
    m.gauge({ name: 'liandong_sync_quarantined', help: 'Messages in quarantine (held ones not counted)', collect: async () => [{ value: await this.inbox.quarantineCount() }] });
    const perConsumer = (pick: (c: { redelivered: number; retried: number }) => number) => () =>
      this.runtime.subscriptions.map((s) => ({ labels: { stream: s.stream, durable: s.durable }, value: pick(this.runtime.consumerCounters().get(s.durable) ?? { redelivered: 0, retried: 0 }) }));
    m.collectedCounter({
      name: 'liandong_sync_redeliveries_total',
      help: 'Messages that arrived again (JetStream delivery count above 1) since the node started',
      labelNames: ['stream', 'durable'],
      collect: perConsumer((c) => c.redelivered),
    });
    m.collectedCounter({
      name: 'liandong_sync_retries_total',
      help: 'Messages nak’d for redelivery with backoff (their apply failed) since the node started',
      labelNames: ['stream', 'durable'],
      collect: perConsumer((c) => c.retried),
    });
    m.gauge({
      name: 'liandong_sync_held_messages',
      help: 'Messages of a newer payload version held until this node is upgraded',
      labelNames: ['stream', 'durable'],
      collect: async () =>
        (await this.runtime.quarantineCounts()).filter((c) => c.kind === 'held').map((c) => ({ labels: { stream: c.stream ?? '', durable: c.durable ?? '' }, value: c.count })),
    });
    m.gauge({
      name: 'liandong_sync_quarantined_messages',
      help: 'Messages in quarantine by kind (invalid, unauthorized, rejected, failed) and consumer',
      labelNames: ['stream', 'durable', 'kind'],
      collect: async () =>
        (await this.runtime.quarantineCounts())
          .filter((c) => c.kind !== 'held')
          .map((c) => ({ labels: { stream: c.stream ?? '', durable: c.durable ?? '', kind: c.kind }, value: c.count })),
    });
    m.gauge({
      name: 'liandong_sync_consumer_pending',
      help: 'Messages the server holds for this node’s durable consumer (not delivered or not acknowledged); absent while unknown',
      labelNames: ['stream', 'durable'],
      collect: async () =>
        (await this.runtime.consumerLag()).flatMap((c) => (c.pending === null ? [] : [{ labels: { stream: c.stream, durable: c.durable }, value: c.pending }])),
    });
    m.gauge({
      name: 'liandong_sync_consumer_stalled',
      help: '1 while this node’s durable consumer has work and its ack floor has not moved for NODE_OFFLINE_AFTER_SECONDS, else 0; absent while unknown',
      labelNames: ['stream', 'durable'],
      collect: async () =>
        (await this.runtime.consumerLag()).flatMap((c) => (c.stalled === null ? [] : [{ labels: { stream: c.stream, durable: c.durable }, value: c.stalled ? 1 : 0 }])),
    });

    // The per-node gauges of one scrape share one call (prom-client starts every collect in the same tick).
    let inFlight: Promise<NodeBelow[]> | null = null;
    const nodesBelow = (): Promise<NodeBelow[]> => {
      inFlight ??= this.monitor.nodesBelow().finally(() => {
        inFlight = null;
      });
      return inFlight;
    };
    const perNode = (name: string, help: string, value: (n: NodeBelow) => number | null): void =>
      m.gauge({
        name,
        help,
        labelNames: ['node', 'parent', 'tier'],
        collect: async () =>
          (await nodesBelow()).flatMap((n) => {
            const v = value(n);
            return v === null ? [] : [{ labels: { node: n.nodeId, parent: n.parentId, tier: n.tier }, value: v }];
          }),
      });
    perNode('liandong_node_below_online', '1 while a node below this one is online (heard within NODE_OFFLINE_AFTER_SECONDS)', (n) => (n.online ? 1 : 0));
    perNode('liandong_node_below_silent_seconds', 'Seconds since the last heartbeat of a node below', (n) => n.silentSeconds);
    // A reported figure older than NODE_OFFLINE_AFTER_SECONDS is unknown: its series is left out, never its last value.
    perNode('liandong_node_below_figures_age_seconds', 'Seconds since the figures a node below reported reached this node', (n) => n.figures.ageSeconds);
    perNode('liandong_node_below_outbox_depth', 'Outbox depth a node below last reported; absent once stale', (n) => n.outboxDepth);
    perNode('liandong_node_below_consumer_lag', 'Consumer lag a node below last reported; absent while unknown or stale', (n) => n.consumerLag);
    perNode('liandong_node_below_server_pending', 'Messages the server holds for the durable consumers of a node below; absent while unknown', (n) => n.serverPending);
    perNode('liandong_node_below_quarantined', 'Quarantined messages a node below last reported; absent once stale', (n) => n.quarantined);
    perNode('liandong_node_below_consumers_stalled', 'Stalled durable consumers a node below last reported; absent while unknown or stale', (n) => n.stalled?.length ?? null);
    perNode('liandong_node_below_clock_skew_seconds', 'Wall clock of a node below minus this node’s, at its last heartbeat; absent once stale', (n) => (n.skewMs === null ? null : n.skewMs / 1000));
  }
}
