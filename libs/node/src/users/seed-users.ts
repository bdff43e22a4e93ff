import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROLES, type Role } from '@liandong/shared';
import { SEED_DATA_DIR } from '../config/seed-data';

/** A user SEED_DEMO=true adds on every node (with DEMO_PASSWORD); a village assistant names their station. */
export interface SeedUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly station?: string;
}

/** The seed users file: `demo/users.json`. */
export function seedUsersFile(dir: string = SEED_DATA_DIR): string {
  return resolve(dir, 'users.json');
}

/** Reads a seed users file `{ "users": [{ username, displayName, role, station? }] }`. */
export function readSeedUsers(file: string = seedUsersFile()): SeedUser[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { users?: unknown };
  if (!Array.isArray(data.users)) throw new Error(`${file}: a seed users file needs the list users`);
  return data.users.map((entry: Partial<SeedUser>, i) => {
    if (typeof entry.username !== 'string' || typeof entry.displayName !== 'string' || !(ROLES as readonly string[]).includes(entry.role as string)) {
      throw new Error(`${file}: users[${i}] needs a username, a displayName and one of the roles ${ROLES.join(', ')}`);
    }
    if (entry.station !== undefined && typeof entry.station !== 'string') throw new Error(`${file}: users[${i}].station must be a string`);
    return { username: entry.username, displayName: entry.displayName, role: entry.role as Role, ...(entry.station === undefined ? {} : { station: entry.station }) };
  });
}
