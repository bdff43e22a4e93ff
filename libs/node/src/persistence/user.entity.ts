import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@liandong/shared';

/** A staff account of this node. Users never replicate: each node keeps its own. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  /** Comma-separated roles (see ROLES in libs/shared). */
  @Column({ type: 'simple-array' })
  roles!: Role[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The village station (村/居 政务服务工作站) of a village assistant: their drafts are that station's. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  station!: string | null;

  /** Bumped by a password change, by 停用 and by 结束会话: tokens carrying an older version (claim `sv`) are refused. */
  @Column({ name: 'session_version', type: 'integer', default: 0 })
  sessionVersion!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
