import { Module } from '@nestjs/common';
import { UnitOfWork } from '../persistence/unit-of-work';
import { CalendarRepository } from './calendar.repository';
import { DepartmentsRepository } from './departments.repository';
import { ReferenceReplication } from './reference-replication';
import { ReferenceController } from './reference.controller';
import { ReferenceService } from './reference.service';

/** Reference data: the node's departments and the holiday calendar, and their replication. */
@Module({
  controllers: [ReferenceController],
  providers: [UnitOfWork, DepartmentsRepository, CalendarRepository, ReferenceService, ReferenceReplication],
  exports: [ReferenceService, DepartmentsRepository],
})
export class ReferenceModule {}
