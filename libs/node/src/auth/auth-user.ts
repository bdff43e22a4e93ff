import type { Role } from '@liandong/shared';

/** What a verified login token says about its holder. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly nodeId: string;
}

/** Claims inside the JWT. */
export interface TokenClaims {
  readonly sub: string;
  readonly username: string;
  readonly roles: Role[];
  readonly node: string;
}
