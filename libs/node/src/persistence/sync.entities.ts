import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { QuarantineKind } from '@liandong/sync';

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

/**
 * Messages that could not be applied, with the kind and the reason (ADR 0014): invalid (envelope or payload codec,
 * unknown type), unauthorized (origin), rejected (handler), failed (dead letter after the delivery bound) and held (a
 * newer payload version, applied after an upgrade).
 */
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

  /** invalid | unauthorized | rejected | failed | held (QuarantineKind). */
  @Index('IDX_quarantine_kind')
  @Column({ type: 'varchar', length: 16, default: 'invalid' })
  kind!: QuarantineKind;

  /** Stream key of the consumer that delivered it (`cases`, `catalog`, `ref`); null when unknown. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  stream!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  durable!: string | null;

  /** Deliveries and retries it has had. */
  @Column({ type: 'integer', default: 1 })
  attempts!: number;

  @Column({ name: 'payload_version', type: 'integer', nullable: true })
  payloadVersion!: number | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}
