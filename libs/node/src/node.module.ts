import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import type { Clock } from './clock/clock';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import type { NodeConfig } from './config/node-config';
import { DelegationModule } from './delegation/delegation.module';
import { HealthModule } from './health/health.module';
import { loggingParams } from './logging/logging';
import { MetricsModule } from './metrics/metrics.module';
import { NatsModule } from './nats/nats.module';
import { dataSourceOptions } from './persistence/data-source';
import { ReferenceModule } from './reference/reference.module';
import { SeedModule } from './seed/seed.module';
import { StatisticsModule } from './statistics/statistics.module';
import { SupervisionModule } from './supervision/supervision.module';
import { SyncModule } from './sync/sync.module';
import { SyncOptionsModule, type SyncOptions } from './sync/sync-options';
import { UsersModule } from './users/users.module';
import { UsersService } from './users/users.service';

export interface NodeModuleOptions {
  /** Where JSON logs go. @default process.stdout */
  readonly logStream?: DestinationStream;
  /** The node's clock (tests set time with it). @default the system clock */
  readonly clock?: Clock;
  /** Replication options (payload codecs that replace built-in ones: a node "upgraded" in a test). @default {} */
  readonly sync?: SyncOptions;
}

/** The whole node for one tier. Every tier runs this module; only the configuration differs. */
@Module({})
export class NodeModule implements OnApplicationBootstrap {
  constructor(private readonly users: UsersService) {}

  static forRoot(config: NodeConfig, options: NodeModuleOptions = {}): DynamicModule {
    return {
      module: NodeModule,
      imports: [
        ConfigModule.forRoot(config),
        DiscoveryModule,
        LoggerModule.forRoot(loggingParams(config, options.logStream)),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database),
          migrationsRun: true,
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        ClockModule.forRoot(options.clock),
        MetricsModule,
        NatsModule,
        SyncOptionsModule.forRoot(options.sync),
        SyncModule,
        UsersModule,
        AuthModule,
        AuditModule,
        HealthModule,
        CatalogueModule,
        DelegationModule,
        ReferenceModule,
        SeedModule,
        CasesModule,
        SupervisionModule,
        StatisticsModule,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.users.seedAtBoot();
  }
}
