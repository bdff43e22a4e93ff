import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { RejectedMessageError, type BatchOutcome, type BatchWork, type InboxStore, type QuarantineEntry, type QuarantineKind } from '@liandong/sync';
import { CLOCK, systemClock, type Clock } from '../clock/clock';
import { isUniqueViolation } from '../persistence/db-errors';
import { InboxEntity, QuarantineEntity } from '../persistence/sync.entities';

/** What the quarantine holds for one consumer (or for messages no consumer delivered: stream and durable null). */
export interface QuarantineCount {
  readonly stream: string | null;
  readonly durable: string | null;
  readonly kind: QuarantineKind;
  readonly count: number;
}

/** The inbox and the quarantine. */
@Injectable()
export class InboxRepository implements InboxStore<EntityManager> {
  constructor(
    private readonly dataSource: DataSource,
    /** The node's clock (the injected CLOCK); the system clock when built by hand (storage tests, benchmarks). */
    @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /**
   * One transaction for the batch, one savepoint per envelope: the inbox row goes in first (its primary key refuses
   * a duplicate: the only unique violation that means one), then the change. A duplicate or a rejected payload rolls
   * back to its savepoint only; anything else the change throws (a unique violation of its own included) rolls back
   * the batch and is thrown.
   */
  async applyBatch(work: ReadonlyArray<BatchWork<EntityManager>>): Promise<BatchOutcome[]> {
    const appliedAt = this.clock.now().toISOString();
    return this.dataSource.transaction(async (manager) => {
      const outcomes: BatchOutcome[] = [];
      for (const { envelope, apply } of work) {
        await manager.query('SAVEPOINT envelope');
        let outcome: BatchOutcome;
        try {
          await manager.insert(InboxEntity, { envelopeId: envelope.id, type: envelope.type, origin: envelope.origin, hlc: envelope.hlc, appliedAt });
          outcome = 'applied';
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          outcome = 'duplicate';
        }
        if (outcome === 'applied') {
          try {
            await apply(manager);
          } catch (error) {
            if (!(error instanceof RejectedMessageError)) throw error;
            outcome = { rejected: error.message };
          }
        }
        if (outcome === 'applied') {
          await manager.query('RELEASE SAVEPOINT envelope');
        } else {
          await manager.query('ROLLBACK TO SAVEPOINT envelope');
          await manager.query('RELEASE SAVEPOINT envelope');
        }
        outcomes.push(outcome);
      }
      return outcomes;
    });
  }

  /** Applies one envelope once (a batch of one). */
  async applyOnce(envelope: BatchWork<EntityManager>['envelope'], apply: BatchWork<EntityManager>['apply']): Promise<'applied' | 'duplicate'> {
    const [outcome] = await this.applyBatch([{ envelope, apply }]);
    if (typeof outcome === 'object') throw new RejectedMessageError(outcome.rejected);
    return outcome as 'applied' | 'duplicate';
  }

  /** The store answers (`SELECT 1`). */
  async available(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async quarantine(entries: readonly QuarantineEntry[]): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.dataSource.getRepository(QuarantineEntity).insert(
      entries.map((entry) => ({
        envelopeId: entry.envelope?.id ?? null,
        subject: entry.subject.slice(0, 255),
        origin: entry.envelope?.origin ?? null,
        type: entry.envelope?.type ?? null,
        reason: entry.reason.slice(0, 500),
        dataBase64: Buffer.from(entry.data).toString('base64'),
        receivedAt: now,
        kind: entry.kind,
        stream: entry.stream?.slice(0, 16) ?? null,
        durable: entry.durable?.slice(0, 128) ?? null,
        attempts: entry.attempts,
        payloadVersion: entry.payloadVersion,
        updatedAt: now,
      })),
    );
  }

  /** Quarantined messages, newest first, of one kind or all. */
  quarantined(offset: number, limit: number, kind?: QuarantineKind): Promise<[QuarantineEntity[], number]> {
    return this.dataSource
      .getRepository(QuarantineEntity)
      .findAndCount({ where: kind === undefined ? {} : { kind }, order: { id: 'DESC' }, skip: offset, take: limit });
  }

  quarantinedEntry(id: number): Promise<QuarantineEntity | null> {
    return this.dataSource.getRepository(QuarantineEntity).findOneBy({ id });
  }

  /** Held messages, oldest first (re-applied when the node starts). */
  held(): Promise<QuarantineEntity[]> {
    return this.dataSource.getRepository(QuarantineEntity).find({ where: { kind: 'held' }, order: { id: 'ASC' } });
  }

  /** Takes a message out of the quarantine (it has been applied); false when it was not there. */
  async release(id: number): Promise<boolean> {
    const result = await this.dataSource.getRepository(QuarantineEntity).delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** Records a new refusal of a quarantined message: its kind and reason now, one more attempt. */
  async refusedAgain(id: number, refusal: { kind: QuarantineKind; reason: string; payloadVersion: number | null }): Promise<void> {
    await this.dataSource
      .getRepository(QuarantineEntity)
      .createQueryBuilder()
      .update()
      .set({
        kind: refusal.kind,
        reason: refusal.reason.slice(0, 500),
        payloadVersion: refusal.payloadVersion,
        attempts: () => 'attempts + 1',
        updatedAt: this.clock.now().toISOString(),
      })
      .where('id = :id', { id })
      .execute();
  }

  /** Messages in quarantine (held ones not counted: they are not bad). */
  async quarantineCount(): Promise<number> {
    return this.dataSource.getRepository(QuarantineEntity).count({ where: { kind: Not('held') } });
  }

  /** Rows per consumer and kind. */
  async quarantineCounts(): Promise<QuarantineCount[]> {
    const rows = (await this.dataSource
      .getRepository(QuarantineEntity)
      .createQueryBuilder('q')
      .select('q.stream', 'stream')
      .addSelect('q.durable', 'durable')
      .addSelect('q.kind', 'kind')
      .addSelect('COUNT(*)', 'count')
      .groupBy('q.stream')
      .addGroupBy('q.durable')
      .addGroupBy('q.kind')
      .orderBy('q.stream')
      .addOrderBy('q.durable')
      .addOrderBy('q.kind')
      .getRawMany()) as Array<{ stream: string | null; durable: string | null; kind: QuarantineKind; count: string | number }>;
    return rows.map((r) => ({ stream: r.stream, durable: r.durable, kind: r.kind, count: Number(r.count) }));
  }

  inboxCount(): Promise<number> {
    return this.dataSource.getRepository(InboxEntity).count();
  }
}
