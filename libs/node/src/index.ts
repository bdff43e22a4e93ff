import { CATALOGUE_MESSAGE_TYPES } from './catalogue/catalogue-replication';
import { DELEGATION_MESSAGE_TYPES } from './delegation/delegation-replication';
import { REFERENCE_MESSAGE_TYPES } from './reference/reference-replication';
export { bootstrapNode, createNodeApp, EXIT_CONFIG } from './bootstrap';
export { NodeModule, type NodeModuleOptions } from './node.module';
export {
  CONFIG_VARIABLES,
  ConfigError,
  describeDatabase,
  loadNodeConfig,
  readTopologyFile,
  type ConfigProblem,
  type ConfigVariable,
  type DatabaseConfig,
  type NodeConfig,
} from './config/node-config';
export { dataSourceOptions, ENTITIES } from './persistence/data-source';
export { MIGRATIONS } from './persistence/migrations';
export { readSeedUsers, seedUsersFile, type SeedUser } from './users/seed-users';
export { SEED_DATA_DIR } from './config/seed-data';
export type { ErrorBody } from './http/http-error.filter';
export { CLOCK, chinaDate, systemClock, type Clock } from './clock/clock';
export { CatalogueRepository } from './catalogue/catalogue.repository';
export { readSeedCatalogue, seedCatalogueFile, type SeedCatalogue } from './seed/catalogue-seeder';
export { OutboxRepository } from './sync/outbox.repository';
export { InboxRepository } from './sync/inbox.repository';
export { SyncRuntime, type ConsumerStatus } from './sync/sync-runtime';
export { type SyncOptions } from './sync/sync-options';
export { NodeMonitor, type NodeBelow } from './sync/node-monitor';
export { NodeStatusRepository } from './sync/node-status.repository';
export { MetricsService, type CounterOptions, type GaugeOptions, type GaugeSample } from './metrics/metrics.service';
export { routeDeclarations, undeclaredRoutes, type RouteDeclaration } from './access/route-declarations';
export { loginDelaySeconds } from './auth/auth.service';
export { CasesService, hashQueryCode } from './cases/cases.service';

/** The message type of each replicated state record, by entity. */
export const MESSAGE_TYPES = { ...CATALOGUE_MESSAGE_TYPES, ...DELEGATION_MESSAGE_TYPES, ...REFERENCE_MESSAGE_TYPES } as const;
