import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Envelope, InboxStore, QuarantineEntry } from '@liandong/sync';
import { isUniqueViolation } from '../persistence/db-errors';
import { InboxEntity, QuarantineEntity } from '../persistence/sync.entities';

/** Signals a duplicate found inside the transaction, so it rolls back. */
class Duplicate extends Error {}

/** The inbox and the quarantine. */
@Injectable()
export class InboxRepository implements InboxStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {}

  async applyOnce(envelope: Envelope, apply: (tx: EntityManager) => Promise<void>): Promise<'applied' | 'duplicate'> {
    try {
      await this.dataSource.transaction(async (manager) => {
        if ((await manager.findOneBy(InboxEntity, { envelopeId: envelope.id })) !== null) throw new Duplicate();
        await manager.insert(InboxEntity, { envelopeId: envelope.id, type: envelope.type, origin: envelope.origin, hlc: envelope.hlc, appliedAt: new Date().toISOString() });
        await apply(manager);
      });
      return 'applied';
    } catch (error) {
      if (error instanceof Duplicate || isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  async quarantine(entry: QuarantineEntry): Promise<void> {
    await this.dataSource.getRepository(QuarantineEntity).insert({
      envelopeId: entry.envelope?.id ?? null,
      subject: entry.subject.slice(0, 255),
      origin: entry.envelope?.origin ?? null,
      type: entry.envelope?.type ?? null,
      reason: entry.reason.slice(0, 500),
      dataBase64: Buffer.from(entry.data).toString('base64'),
      receivedAt: new Date().toISOString(),
    });
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
