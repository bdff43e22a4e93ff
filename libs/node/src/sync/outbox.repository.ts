import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { encodeEnvelope, type Envelope, type OutboxRecord, type OutboxStore } from '@liandong/sync';
import { OutboxEntity } from '../persistence/sync.entities';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The outbox table: appended to inside domain transactions, read and marked by the relay. */
@Injectable()
export class OutboxRepository implements OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds an envelope inside the caller's transaction (the one that writes the change it describes). */
  async append(manager: EntityManager, subject: string, envelope: Envelope, at: string): Promise<void> {
    await manager.insert(OutboxEntity, {
      envelopeId: envelope.id,
      subject,
      type: envelope.type,
      data: decoder.decode(encodeEnvelope(envelope)),
      createdAt: at,
      sentAt: null,
    });
  }

  async pending(limit: number): Promise<OutboxRecord[]> {
    const rows = await this.dataSource.getRepository(OutboxEntity).find({ where: { sentAt: IsNull() }, order: { seq: 'ASC' }, take: limit });
    return rows.map((r) => ({ seq: r.seq, envelopeId: r.envelopeId, subject: r.subject, data: encoder.encode(r.data) }));
  }

  async markSent(seqs: readonly number[], at: string): Promise<void> {
    for (let i = 0; i < seqs.length; i += 500) {
      await this.dataSource.getRepository(OutboxEntity).update({ seq: In(seqs.slice(i, i + 500)) }, { sentAt: at });
    }
  }

  depth(): Promise<number> {
    return this.dataSource.getRepository(OutboxEntity).countBy({ sentAt: IsNull() });
  }
}
