import { InitialSchema1763856000000 } from './1763856000000-initial-schema';
import { Catalogue1763900000000 } from './1763900000000-catalogue';
import { Sync1763950000000 } from './1763950000000-sync';
import { Cases1764000000000 } from './1764000000000-cases';
import { NodeStatus1764050000000 } from './1764050000000-node-status';
import { Supervision1764100000000 } from './1764100000000-supervision';
import { Security1764200000000 } from './1764200000000-security';
import { QuarantineKinds1764300000000 } from './1764300000000-quarantine-kinds';
import { SessionsAndThrottle1764310000000 } from './1764310000000-sessions-and-throttle';

/** Every migration, oldest first. Add new ones at the end: `<timestamp>-<name>.ts` with `up` and `down`. */
export const MIGRATIONS = [InitialSchema1763856000000, Catalogue1763900000000, Sync1763950000000, Cases1764000000000, NodeStatus1764050000000, Supervision1764100000000, Security1764200000000, QuarantineKinds1764300000000, SessionsAndThrottle1764310000000];
