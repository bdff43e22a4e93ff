import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Envelopes waiting to be published, written in the same transaction as the change they describe. The relay
 * publishes them in `seq` order and sets `sent_at` on PubAck; a crash re-sends, never loses.
 */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  @Index('IDX_outbox_envelope_id', { unique: true })
  @Column({ name: 'envelope_id', type: 'varchar', length: 36 })
  envelopeId!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  /** The encoded envelope (UTF-8 JSON). */
  @Column({ type: 'text' })
  data!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Index('IDX_outbox_sent_at')
  @Column({ name: 'sent_at', type: 'varchar', length: 30, nullable: true })
  sentAt!: string | null;
}

/** Every envelope this node has applied, by id. Never expires (JetStream's duplicate window does). */
@Entity({ name: 'inbox' })
export class InboxEntity {
  @PrimaryColumn({ name: 'envelope_id', type: 'varchar', length: 36 })
  envelopeId!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'varchar', length: 40 })
  origin!: string;

  @Column({ type: 'varchar', length: 64 })
  hlc!: string;

  @Column({ name: 'applied_at', type: 'varchar', length: 30 })
  appliedAt!: string;
}

/** Messages that could not be applied (undecodable, unknown type, not allowed for their origin), with the reason. */
@Entity({ name: 'quarantine' })
export class QuarantineEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ name: 'envelope_id', type: 'varchar', length: 36, nullable: true })
  envelopeId!: string | null;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  origin!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  type!: string | null;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  /** The raw message, base64 (it may not be text). */
  @Column({ name: 'data_base64', type: 'text' })
  dataBase64!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 30 })
  receivedAt!: string;
}
