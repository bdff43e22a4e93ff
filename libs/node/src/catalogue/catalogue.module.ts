import { Module } from '@nestjs/common';
import { UnitOfWork } from '../persistence/unit-of-work';
import { ReferenceModule } from '../reference/reference.module';
import { CatalogueReplication } from './catalogue-replication';
import { CatalogueController } from './catalogue.controller';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';
import { CatalogueTransferController } from './transfer/catalogue-transfer.controller';
import { CatalogueTransferService } from './transfer/catalogue-transfer.service';

/** The item catalogue with its versions, import/export, and its replication (items need departments: reference). */
@Module({
  imports: [ReferenceModule],
  controllers: [CatalogueController, CatalogueTransferController],
  providers: [UnitOfWork, CatalogueReplication, CatalogueRepository, CatalogueService, CatalogueTransferService],
  exports: [CatalogueService, CatalogueRepository, CatalogueTransferService],
})
export class CatalogueModule {}
