import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseEventType, CaseState, CaseStatus } from '@liandong/shared';

/** Every event of every case this node holds, never changed once written (operations, not state). */
@Entity({ name: 'case_events' })
export class CaseEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 36 })
  eventId!: string;

  @Index('IDX_case_events_case_id')
  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: CaseEventType;

  @Column({ type: 'varchar', length: 40 })
  origin!: string;

  @Column({ type: 'varchar', length: 64 })
  hlc!: string;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'simple-json' })
  payload!: unknown;

  @Column({ name: 'recorded_at', type: 'varchar', length: 30 })
  recordedAt!: string;
}

/** The applicant of a case (personal data: masked in lists and logs). */
export interface Applicant {
  readonly kind: 'person' | 'organisation';
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
}

/** A case as lists and windows read it: the fold of its events plus what was fixed at submission. */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @Index('IDX_cases_case_number', { unique: true })
  @Column({ name: 'case_number', type: 'varchar', length: 40, nullable: true })
  caseNumber!: string | null;

  @Index('IDX_cases_status')
  @Column({ type: 'varchar', length: 24, nullable: true })
  status!: CaseStatus | null;

  @Column({ name: 'impl_code', type: 'varchar', length: 36, nullable: true })
  implCode!: string | null;

  @Column({ name: 'accepting_node', type: 'varchar', length: 40, nullable: true })
  acceptingNode!: string | null;

  @Column({ name: 'handling_node', type: 'varchar', length: 40, nullable: true })
  handlingNode!: string | null;

  @Column({ type: 'integer' })
  conflicts!: number;

  /** The handling department (the approver's queue). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  department!: string | null;

  /** 容缺: the due date of promised materials not yet delivered, or null. */
  @Column({ name: 'promise_due', type: 'varchar', length: 10, nullable: true })
  promiseDue!: string | null;

  /** A 差评 (rating 4 or 5) whose follow-up is not answered. */
  @Column({ name: 'follow_up_open', type: 'boolean', default: false })
  followUpOpen!: boolean;

  /** When the open follow-up must be answered (working days after the rating). */
  @Column({ name: 'follow_up_due', type: 'varchar', length: 10, nullable: true })
  followUpDue!: string | null;

  /** The current 办结期限 (null before acceptance and while a special procedure stops the clock). */
  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  /** Why staff must review the case (e.g. decided under a delegation revoked meanwhile), or null. */
  @Column({ name: 'review_reason', type: 'varchar', length: 500, nullable: true })
  reviewReason!: string | null;

  /** The subject the case's events travel on, under the accepting window (fixed by its first event). */
  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** The folded state (timeline, conflicts, opinions…). */
  @Column({ type: 'simple-json' })
  state!: CaseState;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}
