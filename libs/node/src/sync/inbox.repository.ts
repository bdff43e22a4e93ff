import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RejectedMessageError, type BatchOutcome, type BatchWork, type InboxStore, type QuarantineEntry } from '@liandong/sync';
import { isUniqueViolation } from '../persistence/db-errors';
import { InboxEntity, QuarantineEntity } from '../persistence/sync.entities';

/** The inbox and the quarantine. */
@Injectable()
export class InboxRepository implements InboxStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One transaction for the batch, one savepoint per envelope: the inbox row goes in first (its primary key refuses
   * a duplicate), then the change. A duplicate or a rejected payload rolls back to its savepoint only.
   */
  async applyBatch(work: ReadonlyArray<BatchWork<EntityManager>>): Promise<BatchOutcome[]> {
    const appliedAt = new Date().toISOString();
    return this.dataSource.transaction(async (manager) => {
      const outcomes: BatchOutcome[] = [];
      for (const { envelope, apply } of work) {
        await manager.query('SAVEPOINT envelope');
        try {
          await manager.insert(InboxEntity, { envelopeId: envelope.id, type: envelope.type, origin: envelope.origin, hlc: envelope.hlc, appliedAt });
          await apply(manager);
          await manager.query('RELEASE SAVEPOINT envelope');
          outcomes.push('applied');
        } catch (error) {
          const duplicate = isUniqueViolation(error);
          if (!duplicate && !(error instanceof RejectedMessageError)) throw error;
          await manager.query('ROLLBACK TO SAVEPOINT envelope');
          await manager.query('RELEASE SAVEPOINT envelope');
          outcomes.push(duplicate ? 'duplicate' : { rejected: (error as Error).message });
        }
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

  async quarantine(entries: readonly QuarantineEntry[]): Promise<void> {
    const receivedAt = new Date().toISOString();
    await this.dataSource.getRepository(QuarantineEntity).insert(
      entries.map((entry) => ({
        envelopeId: entry.envelope?.id ?? null,
        subject: entry.subject.slice(0, 255),
        origin: entry.envelope?.origin ?? null,
        type: entry.envelope?.type ?? null,
        reason: entry.reason.slice(0, 500),
        dataBase64: Buffer.from(entry.data).toString('base64'),
        receivedAt,
      })),
    );
  }

  quarantined(offset: number, limit: number): Promise<[QuarantineEntity[], number]> {
    return this.dataSource.getRepository(QuarantineEntity).findAndCount({ order: { id: 'DESC' }, skip: offset, take: limit });
  }

  quarantineCount(): Promise<number> {
    return this.dataSource.getRepository(QuarantineEntity).count();
  }

  inboxCount(): Promise<number> {
    return this.dataSource.getRepository(InboxEntity).count();
  }
}
