import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed logins per user name (known or not, so the answer says nothing about whether the account exists) and client
 * address. After LOGIN_MAX_FAILURES failures from one address each further try waits a growing delay; a success from
 * that address clears its row. Rows of one name from many addresses lock the account (see AccountLockEntity).
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  /** The client address as the node sees it (req.ip, behind a trusted proxy the forwarded one). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  address!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'last_failure_at', type: 'varchar', length: 30 })
  lastFailureAt!: string;

  /** Until when logins with this name from this address wait (ISO 8601), or null. */
  @Column({ name: 'blocked_until', type: 'varchar', length: 30, nullable: true })
  blockedUntil!: string | null;
}

/**
 * An account (user name, known or not) locked because logins failed from many addresses; the admin sees it on the
 * accounts screen and may unlock it before `lockedUntil`.
 */
@Entity({ name: 'account_lock' })
export class AccountLockEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'locked_at', type: 'varchar', length: 30 })
  lockedAt!: string;

  @Column({ name: 'locked_until', type: 'varchar', length: 30 })
  lockedUntil!: string;

  /** How many distinct addresses failed within the window when the lock was set. */
  @Column({ type: 'integer' })
  addresses!: number;
}

/**
 * Wrong public query codes per case number (known or not, so a lock says nothing about whether the case exists).
 * Rows whose window has passed are removed as new failures come in, so the table stays small.
 */
@Entity({ name: 'query_attempts' })
export class QueryAttemptEntity {
  @PrimaryColumn({ name: 'case_number', type: 'varchar', length: 40 })
  caseNumber!: string;

  @Column({ type: 'integer' })
  failures!: number;

  /** When the first counted failure happened (ISO 8601): the window runs from it. */
  @Index('IDX_query_attempts_window_start')
  @Column({ name: 'window_start', type: 'varchar', length: 30 })
  windowStart!: string;

  /** Until when the case's public query and rating answer as if the case did not exist, or null. */
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
