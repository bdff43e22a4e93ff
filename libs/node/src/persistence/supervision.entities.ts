import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseChannel, Tier, WarningKind } from '@liandong/shared';

/**
 * 电子监察 cards: a warning recorded once per case and kind by the node responsible for the case, and replicated
 * upward with the case's events. Never changed once written.
 */
@Entity({ name: 'supervision_cards' })
@Index('IDX_supervision_cards_case_kind', ['caseId', 'kind'], { unique: true })
export class SupervisionCardEntity {
  /** The id of the envelope that issued the card. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ name: 'case_number', type: 'varchar', length: 40, nullable: true })
  caseNumber!: string | null;

  @Column({ name: 'item_name', type: 'varchar', length: 200, nullable: true })
  itemName!: string | null;

  @Column({ type: 'varchar', length: 24 })
  kind!: WarningKind;

  /** The handling department of the case. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  department!: string | null;

  /** The node responsible (it issued the card). */
  @Index('IDX_supervision_cards_node')
  @Column({ type: 'varchar', length: 40 })
  node!: string;

  /** The date the card is about (promised or statutory due date, the promise's, the follow-up's). */
  @Column({ name: 'due_date', type: 'varchar', length: 10 })
  dueDate!: string;

  /** Working days left to `dueDate` when the card was issued (negative: past it). */
  @Column({ name: 'working_days_left', type: 'integer' })
  workingDaysLeft!: number;

  /** The day of issue, China Standard Time (counts by period). */
  @Index('IDX_supervision_cards_issued_on')
  @Column({ name: 'issued_on', type: 'varchar', length: 10 })
  issuedOn!: string;

  @Column({ name: 'issued_at', type: 'varchar', length: 30 })
  issuedAt!: string;
}

/** 督办: a supervision notice an upper tier sends about a case to the node responsible for it, and its answer. */
@Entity({ name: 'supervision_notices' })
export class SupervisionNoticeEntity {
  /** The id of the envelope that sent the notice. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_supervision_notices_case_id')
  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ name: 'case_number', type: 'varchar', length: 40, nullable: true })
  caseNumber!: string | null;

  @Index('IDX_supervision_notices_from_node')
  @Column({ name: 'from_node', type: 'varchar', length: 40 })
  fromNode!: string;

  @Index('IDX_supervision_notices_to_node')
  @Column({ name: 'to_node', type: 'varchar', length: 40 })
  toNode!: string;

  @Column({ type: 'varchar', length: 1000 })
  message!: string;

  @Column({ name: 'sent_by', type: 'varchar', length: 64 })
  sentBy!: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 30 })
  sentAt!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  answer!: string | null;

  @Column({ name: 'answered_by', type: 'varchar', length: 64, nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answered_at', type: 'varchar', length: 30, nullable: true })
  answeredAt!: string | null;
}

/** What statistics read of each case (`caseFacts` in libs/shared), kept with the case projection. */
@Entity({ name: 'case_facts' })
export class CaseFactsEntity {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ name: 'accepting_node', type: 'varchar', length: 40, nullable: true })
  acceptingNode!: string | null;

  @Column({ name: 'accepting_tier', type: 'varchar', length: 10, nullable: true })
  acceptingTier!: Tier | null;

  @Column({ name: 'handling_node', type: 'varchar', length: 40, nullable: true })
  handlingNode!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  department!: string | null;

  @Column({ name: 'impl_code', type: 'varchar', length: 36, nullable: true })
  implCode!: string | null;

  @Column({ name: 'item_name', type: 'varchar', length: 200, nullable: true })
  itemName!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  channel!: CaseChannel | null;

  @Index('IDX_case_facts_received_on')
  @Column({ name: 'received_on', type: 'varchar', length: 10, nullable: true })
  receivedOn!: string | null;

  @Column({ name: 'accepted_on', type: 'varchar', length: 10, nullable: true })
  acceptedOn!: string | null;

  @Column({ name: 'refused_on', type: 'varchar', length: 10, nullable: true })
  refusedOn!: string | null;

  @Index('IDX_case_facts_concluded_on')
  @Column({ name: 'concluded_on', type: 'varchar', length: 10, nullable: true })
  concludedOn!: string | null;

  @Column({ name: 'withdrawn_on', type: 'varchar', length: 10, nullable: true })
  withdrawnOn!: string | null;

  @Column({ name: 'rated_on', type: 'varchar', length: 10, nullable: true })
  ratedOn!: string | null;

  @Column({ name: 'supplement_requests', type: 'integer' })
  supplementRequests!: number;

  @Column({ type: 'integer', nullable: true })
  visits!: number | null;

  @Column({ name: 'max_visits', type: 'integer', nullable: true })
  maxVisits!: number | null;

  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime!: boolean | null;

  @Column({ name: 'working_days', type: 'integer', nullable: true })
  workingDays!: number | null;

  @Column({ type: 'integer', nullable: true })
  score!: number | null;
}
