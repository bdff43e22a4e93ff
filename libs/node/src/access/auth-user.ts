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
  /** The user's session version when the token was issued: older than the user's ⇒ the session was ended. */
  readonly sv: number;
  /** Expiry (seconds since the epoch), set by the signer; a token without it is refused. */
  readonly exp?: number;
}
