import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HybridLogicalClock } from '@liandong/sync';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { CaseOrigins } from './case-origins';
import { EventRecorder, HLC } from './event-recorder';
import { InboxRepository } from './inbox.repository';
import { NodeMonitor } from './node-monitor';
import { NodeStatusRepository } from './node-status.repository';
import { OutboxRepository } from './outbox.repository';
import { StateReplication } from './state-replication';
import { SyncController } from './sync.controller';
import { SyncMetrics } from './sync-metrics';
import { SyncRuntime } from './sync-runtime';

/**
 * Replication: outbox, inbox, quarantine, relay, consumers, heartbeats, the nodes below (libs/sync does the protocol)
 * and StateReplication, through which each context registers its replicated state records.
 */
@Global()
@Module({
  controllers: [SyncController],
  providers: [
    {
      provide: HLC,
      inject: [NODE_CONFIG, CLOCK, DataSource],
      // Resume after the last timestamp this node issued, so a wall clock set back across a restart cannot make
      // new events sort before old ones.
      useFactory: async (config: NodeConfig, clock: Clock, dataSource: DataSource) => {
        const last = (await dataSource.query('SELECT data FROM outbox ORDER BY seq DESC LIMIT 1')) as Array<{ data: string }>;
        const resumeFrom = last.length > 0 ? (JSON.parse(last[0]!.data) as { hlc?: string }).hlc : undefined;
        return new HybridLogicalClock(config.nodeId, () => clock.now().getTime(), { resumeFrom });
      },
    },
    OutboxRepository,
    InboxRepository,
    EventRecorder,
    NodeStatusRepository,
    NodeMonitor,
    SyncRuntime,
    SyncMetrics,
    CaseOrigins,
    StateReplication,
  ],
  exports: [EventRecorder, SyncRuntime, NodeMonitor, CaseOrigins, StateReplication, HLC, OutboxRepository, InboxRepository],
})
export class SyncModule {}
