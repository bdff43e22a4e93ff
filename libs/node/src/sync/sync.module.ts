import { Global, Module } from '@nestjs/common';
import { HybridLogicalClock } from '@liandong/sync';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { EventRecorder, HLC } from './event-recorder';
import { InboxRepository } from './inbox.repository';
import { OutboxRepository } from './outbox.repository';
import { SyncController } from './sync.controller';
import { SyncRuntime } from './sync-runtime';

/** Replication: outbox, inbox, quarantine, relay, consumers, heartbeats (libs/sync does the protocol). */
@Global()
@Module({
  controllers: [SyncController],
  providers: [
    { provide: HLC, inject: [NODE_CONFIG, CLOCK], useFactory: (config: NodeConfig, clock: Clock) => new HybridLogicalClock(config.nodeId, () => clock.now().getTime()) },
    OutboxRepository,
    InboxRepository,
    EventRecorder,
    SyncRuntime,
  ],
  exports: [EventRecorder, SyncRuntime, HLC, OutboxRepository, InboxRepository],
})
export class SyncModule {}
