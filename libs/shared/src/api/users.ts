import type { Role } from '../role';

/** A staff account as the node answers it (libs/node `users/user.mapper.ts`): no password hash, no session version. */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly active: boolean;
  readonly station: string | null;
  readonly createdAt: string;
  /** 锁定: logins failed from many addresses; until when, unless an admin unlocks it. */
  readonly lock: { readonly since: string; readonly until: string; readonly addresses: number } | null;
}
