import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DelegationModule } from '../delegation/delegation.module';
import { UnitOfWork } from '../persistence/unit-of-work';
import { ReferenceModule } from '../reference/reference.module';
import { CaseProjection } from './case-projection';
import { CaseNoticesController } from './case-notices.controller';
import { CaseReplication } from './case-replication';
import { CasesController, PublicCasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { QueryAttemptsRepository } from './query-attempts.repository';

/** Cases (办件): acceptance at any window, decision at the handling node, issuance at the accepting window. */
@Module({
  imports: [CatalogueModule, DelegationModule, ReferenceModule],
  controllers: [CasesController, CaseNoticesController, PublicCasesController],
  providers: [CasesRepository, CasesService, CaseProjection, CaseReplication, UnitOfWork, QueryAttemptsRepository],
  exports: [CasesRepository],
})
export class CasesModule {}
