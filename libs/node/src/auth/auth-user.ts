import type { Role } from '@liandong/shared';

/** What a verified login token says about its holder. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly nodeId: string;
  /** The village station (村/居 政务服务工作站) a village assistant works for; null for centre staff. */
  readonly station: string | null;
}

/** Claims inside the JWT. */
export interface TokenClaims {
  readonly sub: string;
  readonly username: string;
  readonly roles: Role[];
  readonly node: string;
  readonly station?: string | null;
}
