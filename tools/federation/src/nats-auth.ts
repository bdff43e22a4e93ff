import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isRecord } from '@liandong/shared';
import { generateNatsPassword, hashNatsPassword, natsAuthorizationConfig, natsPasswordMatches, NATS_BCRYPT_COST, type FederationNode } from '@liandong/sync';

/** A node's NATS password and its bcrypt hash, as kept in the credentials file. */
export interface NodeNatsCredential {
  readonly password: string;
  readonly passwordHash: string;
}

/** Thrown when the credentials file cannot be used (never carries a password). */
export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
}

/**
 * Reads the operator's credentials file (`{ "<nodeId>": { "password", "passwordHash" } }`, mode 0600), adds a new
 * random password for every node of the topology that has none (and a hash where it is missing or does not match),
 * writes it back when it changed, and returns the credentials of the topology's nodes. Passwords of nodes no longer
 * in the topology are kept in the file but not returned.
 * @param cost bcrypt cost of new hashes. @default NATS_BCRYPT_COST
 */
export async function loadOrCreateCredentials(file: string, nodes: readonly FederationNode[], cost: number = NATS_BCRYPT_COST): Promise<Map<string, NodeNatsCredential>> {
  let kept: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!isRecord(parsed)) throw new Error('not an object');
      kept = parsed;
    } catch (error) {
      throw new CredentialsFileError(`${file} is not a credentials file (${(error as Error).message}); move it away to make new passwords`);
    }
  }
  let changed = false;
  const out = new Map<string, NodeNatsCredential>();
  for (const node of nodes) {
    const entry = kept[node.id];
    let password = isRecord(entry) && typeof entry['password'] === 'string' && entry['password'].length >= 16 ? entry['password'] : null;
    let passwordHash = isRecord(entry) && typeof entry['passwordHash'] === 'string' ? entry['passwordHash'] : null;
    if (password === null) {
      password = generateNatsPassword();
      passwordHash = null;
    }
    if (passwordHash === null || !(await natsPasswordMatches(password, passwordHash))) {
      passwordHash = await hashNatsPassword(password, cost);
    }
    if (!isRecord(entry) || entry['password'] !== password || entry['passwordHash'] !== passwordHash) changed = true;
    kept[node.id] = { password, passwordHash };
    out.set(node.id, { password, passwordHash });
  }
  if (changed || !existsSync(file)) writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return out;
}

/** The nats-server authorization config of a topology with these credentials (hashes only). */
export function authorizationConfigFor(nodes: readonly FederationNode[], credentials: ReadonlyMap<string, NodeNatsCredential>): string {
  return natsAuthorizationConfig(
    nodes,
    nodes.filter((n) => credentials.has(n.id)).map((n) => ({ user: n.id, passwordHash: (credentials.get(n.id) as NodeNatsCredential).passwordHash })),
  );
}
