import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { UnitOfWork } from '../persistence/unit-of-work';
import { DelegationReplication } from './delegation-replication';
import { DelegationController } from './delegation.controller';
import { DelegationRepository } from './delegation.repository';
import { DelegationService } from './delegation.service';

/** Delegations (下放, 委托受理) of catalogue items to townships, the "may decide" view, and their replication. */
@Module({
  imports: [CatalogueModule],
  controllers: [DelegationController],
  providers: [UnitOfWork, DelegationRepository, DelegationService, DelegationReplication],
  exports: [DelegationService],
})
export class DelegationModule {}
