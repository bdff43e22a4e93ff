import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** PostgreSQL returns a bigint as a string; a clock skew fits a JavaScript number. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string | number) => Number(value),
};

/**
 * The last heartbeat of each node below this one (the city: every node; a district: its townships), written once
 * per heartbeat. It outlives a restart, so an ancestor still lists the children it knew while they are silent.
 */
@Entity({ name: 'node_status' })
export class NodeStatusEntity {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 40 })
  nodeId!: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 40 })
  parentId!: string;

  @Column({ type: 'varchar', length: 10 })
  tier!: string;

  /** Null while the child sends version 1 heartbeats (an older release). */
  @Column({ name: 'region_code', type: 'varchar', length: 9, nullable: true })
  regionCode!: string | null;

  /** When the heartbeat reached this node, by this node's clock (ISO 8601). */
  @Column({ name: 'last_contact', type: 'varchar', length: 30 })
  lastContact!: string;

  /** The child's wall clock minus this node's when the heartbeat arrived (a village PC may be off by years). */
  @Column({ name: 'skew_ms', type: 'bigint', transformer: bigintAsNumber })
  skewMs!: number;

  @Column({ name: 'outbox_depth', type: 'integer' })
  outboxDepth!: number;

  @Column({ type: 'integer' })
  quarantined!: number;

  @Column({ name: 'consumer_lag', type: 'integer', nullable: true })
  consumerLag!: number | null;
}
