import type { UserEntity } from '../persistence/user.entity';
import type { UserResponse } from './user.dto';

/** Entity → API response. The password hash never leaves the node. */
export function mapUser(user: UserEntity): UserResponse {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    active: user.active,
    station: user.station,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
