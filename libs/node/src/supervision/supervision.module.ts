import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { UnitOfWork } from '../persistence/unit-of-work';
import { ReferenceModule } from '../reference/reference.module';
import { SupervisionMetrics } from './supervision-metrics';
import { SupervisionReplication } from './supervision-replication';
import { SupervisionScheduler } from './supervision-scheduler';
import { SupervisionController } from './supervision.controller';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';

/** 电子监察: warnings and cards in working days, 督办 between tiers, the node-local scheduler. */
@Module({
  imports: [CasesModule, ReferenceModule],
  controllers: [SupervisionController],
  providers: [SupervisionRepository, SupervisionService, SupervisionReplication, SupervisionScheduler, SupervisionMetrics, UnitOfWork],
  exports: [SupervisionService],
})
export class SupervisionModule {}
