import { readSeedUsers, type SeedUser } from '@liandong/node';

/** One demo user per role, read from `demo/users.json`: what SEED_DEMO=true adds on every node (`npm start`). */
export const DEMO_USERS: readonly SeedUser[] = readSeedUsers();

/** The village station of the demo village assistant. */
export const DEMO_STATION: string = DEMO_USERS.find((u) => u.station !== undefined)?.station ?? '';
