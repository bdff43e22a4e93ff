import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HybridLogicalClock, uuidv7, type Envelope } from '@liandong/sync';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { OutboxRepository } from './outbox.repository';

/** Injection token of the node's hybrid logical clock. */
export const HLC = Symbol('HLC');

export interface RecordedEvent<P> {
  readonly type: string;
  readonly aggregate: string;
  readonly subject: string;
  readonly actor: string;
  readonly payload: P;
}

/**
 * Turns a change into an envelope in the outbox, inside the transaction that makes the change: the change and its
 * message are committed together or not at all.
 */
@Injectable()
export class EventRecorder {
  private listener: (() => void) | null = null;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(HLC) private readonly hlc: HybridLogicalClock,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record<P>(manager: EntityManager, event: RecordedEvent<P>): Promise<Envelope<P>> {
    const envelope = this.stamp(event);
    await this.append(manager, event.subject, envelope);
    return envelope;
  }

  /** A new envelope from this node: a UUIDv7 id and the next HLC timestamp. */
  stamp<P>(event: Omit<RecordedEvent<P>, 'subject'>): Envelope<P> {
    return {
      id: uuidv7(this.clock.now().getTime()),
      type: event.type,
      v: 1,
      aggregate: event.aggregate,
      origin: this.config.nodeId,
      hlc: this.hlc.now(),
      actor: event.actor,
      payload: event.payload,
    };
  }

  /** Puts a stamped envelope in the outbox, inside the caller's transaction. */
  async append(manager: EntityManager, subject: string, envelope: Envelope): Promise<void> {
    await this.outbox.append(manager, subject, envelope, this.clock.now().toISOString());
    // Wake the relay once the caller's transaction has had time to commit; the relay polls anyway.
    if (this.listener !== null) setTimeout(this.listener, 5).unref();
  }

  /** Called (shortly) after each recorded event: the relay's wake-up. */
  onRecorded(listener: () => void): void {
    this.listener = listener;
  }
}
