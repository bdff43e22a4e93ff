import { Module } from '@nestjs/common';
import { DelegationController } from '../delegation/delegation.controller';
import { DelegationRepository } from '../delegation/delegation.repository';
import { DelegationService } from '../delegation/delegation.service';
import { CalendarRepository } from '../reference/calendar.repository';
import { DepartmentsRepository } from '../reference/departments.repository';
import { ReferenceController } from '../reference/reference.controller';
import { ReferenceService } from '../reference/reference.service';
import { UnitOfWork } from '../persistence/unit-of-work';
import { CatalogueReplication } from './catalogue-replication';
import { CatalogueController } from './catalogue.controller';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';
import { CatalogueSeeder } from './demo/catalogue-seeder';
import { CatalogueTransferController } from './transfer/catalogue-transfer.controller';
import { CatalogueTransferService } from './transfer/catalogue-transfer.service';

/** The item catalogue, delegation and reference data (departments, holiday calendar). */
@Module({
  controllers: [CatalogueController, CatalogueTransferController, DelegationController, ReferenceController],
  providers: [
    UnitOfWork,
    CatalogueReplication,
    CatalogueRepository,
    CatalogueService,
    DelegationRepository,
    DelegationService,
    DepartmentsRepository,
    CalendarRepository,
    ReferenceService,
    CatalogueSeeder,
    CatalogueTransferService,
  ],
  exports: [CatalogueService, DelegationService, ReferenceService],
})
export class CatalogueModule {}
