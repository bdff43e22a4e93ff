import type { UserView } from '@liandong/shared';
import type { AccountLockEntity } from '../persistence/security.entities';
import type { UserEntity } from '../persistence/user.entity';

/** Entity → API response. The password hash and the session version never leave the node. */
export function mapUser(user: UserEntity, lock: AccountLockEntity | null = null): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    active: user.active,
    station: user.station,
    createdAt: new Date(user.createdAt).toISOString(),
    lock: lock === null ? null : { since: lock.lockedAt, until: lock.lockedUntil, addresses: lock.addresses },
  };
}
