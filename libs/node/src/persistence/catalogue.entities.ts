import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ItemStatus, ServiceItemContent } from '@liandong/shared';

/** The current state of each catalogue item held by this node (own items and, later, replicated ones). */
@Entity({ name: 'service_items' })
export class ServiceItemEntity {
  @PrimaryColumn({ name: 'impl_code', type: 'varchar', length: 36 })
  implCode!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Index('IDX_service_items_status')
  @Column({ type: 'varchar', length: 12 })
  status!: ItemStatus;

  /** `all` (city item) or the 6-digit region code of the owning district. */
  @Column({ type: 'varchar', length: 6 })
  scope!: string;

  @Column({ name: 'owner_node', type: 'varchar', length: 40 })
  ownerNode!: string;

  /** Copies of content fields the window searches by. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('IDX_service_items_base_code')
  @Column({ name: 'base_code', type: 'varchar', length: 12 })
  baseCode!: string;

  @Column({ name: 'item_type', type: 'varchar', length: 2 })
  itemType!: string;

  @Index('IDX_service_items_department')
  @Column({ name: 'handling_department', type: 'varchar', length: 32 })
  handlingDepartment!: string;

  @Column({ type: 'simple-json' })
  content!: ServiceItemContent;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}

/** Every version of every item, never changed once written: cases cite (implCode, version). */
@Entity({ name: 'service_item_versions' })
export class ServiceItemVersionEntity {
  @PrimaryColumn({ name: 'impl_code', type: 'varchar', length: 36 })
  implCode!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 12 })
  status!: ItemStatus;

  /** What made this version: created, updated, published, suspended, resumed, cancelled, imported. */
  @Column({ type: 'varchar', length: 12 })
  change!: string;

  @Column({ type: 'simple-json' })
  content!: ServiceItemContent;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ name: 'changed_at', type: 'varchar', length: 30 })
  changedAt!: string;
}

/** A department (部门) of a node; item handling departments refer to these codes. */
@Entity({ name: 'departments' })
export class DepartmentEntity {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 40 })
  nodeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}

export type DelegationMode = 'devolved' | 'entrusted';
export type DelegationTargetKind = 'township' | 'district' | 'all';

/** A grant of an item to townships (下放 devolved / 委托受理 entrusted). Revoking keeps the row. */
@Entity({ name: 'delegations' })
export class DelegationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_delegations_impl_code')
  @Column({ name: 'impl_code', type: 'varchar', length: 36 })
  implCode!: string;

  @Column({ type: 'varchar', length: 10 })
  mode!: DelegationMode;

  @Column({ name: 'target_kind', type: 'varchar', length: 10 })
  targetKind!: DelegationTargetKind;

  /** The township's 9-digit or the district's 6-digit region code; empty for all townships. */
  @Column({ name: 'target_region', type: 'varchar', length: 9 })
  targetRegion!: string;

  @Column({ name: 'effective_from', type: 'varchar', length: 10 })
  effectiveFrom!: string;

  @Column({ type: 'varchar', length: 8 })
  status!: 'active' | 'revoked';

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'owner_node', type: 'varchar', length: 40 })
  ownerNode!: string;

  @Column({ name: 'revoked_at', type: 'varchar', length: 30, nullable: true })
  revokedAt!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}

/** A delegation's fields, as stored in its version history. */
export type DelegationState = Pick<
  DelegationEntity,
  'id' | 'implCode' | 'mode' | 'targetKind' | 'targetRegion' | 'effectiveFrom' | 'status' | 'version' | 'ownerNode' | 'revokedAt' | 'updatedAt'
>;

/** Every version of every delegation (grant, revocation), never changed once written. */
@Entity({ name: 'delegation_versions' })
export class DelegationVersionEntity {
  @PrimaryColumn({ name: 'delegation_id', type: 'varchar', length: 36 })
  delegationId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 8 })
  change!: 'granted' | 'revoked';

  /** The delegation as it was at this version. */
  @Column({ type: 'simple-json' })
  snapshot!: DelegationState;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ name: 'changed_at', type: 'varchar', length: 30 })
  changedAt!: string;
}

/** One year of the holiday calendar (official notice), versioned. */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'simple-json' })
  data!: { holidays: Array<{ name: string; from: string; to: string }>; makeUpWorkdays: string[]; source: string };

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}
