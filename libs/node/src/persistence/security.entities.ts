import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed logins per user name, known or not (so a lockout says nothing about whether the account exists). A
 * successful login clears the row.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'last_failure_at', type: 'varchar', length: 30 })
  lastFailureAt!: string;

  /** Until when logins are refused (ISO 8601), or null. */
  @Column({ name: 'locked_until', type: 'varchar', length: 30, nullable: true })
  lockedUntil!: string | null;
}

/**
 * 全程留痕: every write request with who, where, when and what. Append-only: no route changes it, and database
 * triggers refuse UPDATE and DELETE.
 */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_audit_log_at')
  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ type: 'varchar', length: 40 })
  node!: string;

  /** The user name, or `anonymous` (login attempts carry the name tried, the public query the applicant). */
  @Index('IDX_audit_log_actor')
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 200 })
  roles!: string;

  @Column({ type: 'varchar', length: 8 })
  method!: string;

  /** The route pattern, e.g. `/cases/:caseId/approve`. */
  @Column({ type: 'varchar', length: 200 })
  route!: string;

  /** The route's parameters (JSON), e.g. `{"caseId":"…"}`. */
  @Column({ type: 'varchar', length: 500 })
  target!: string;

  @Column({ type: 'integer' })
  status!: number;

  /** The request body, personal data masked, secrets removed, shortened (JSON). */
  @Column({ type: 'varchar', length: 2000 })
  summary!: string;
}
