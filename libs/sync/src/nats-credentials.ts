import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * bcrypt cost of the hashes in the nats-server config (the `nats server passwd` default is 11). The server checks
 * the hash at each connect only, so a node's reconnects stay cheap.
 */
export const NATS_BCRYPT_COST = 11;

/** A new random NATS password (32 bytes, base64url: no character the config or a URL would need escaped). */
export function generateNatsPassword(): string {
  return randomBytes(32).toString('base64url');
}

/** The bcrypt hash of a NATS password, for the nats-server authorization config. */
export function hashNatsPassword(password: string, cost: number = NATS_BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

/** True when `password` matches the bcrypt hash (to reuse a kept hash instead of hashing again). */
export function natsPasswordMatches(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
