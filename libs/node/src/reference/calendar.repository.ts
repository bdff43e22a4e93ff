import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CalendarYearEntity } from '../persistence/catalogue.entities';

/** The only place that reads and writes the holiday calendar. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  all(): Promise<CalendarYearEntity[]> {
    return this.dataSource.getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } });
  }

  find(year: number, manager: EntityManager = this.dataSource.manager): Promise<CalendarYearEntity | null> {
    return manager.findOneBy(CalendarYearEntity, { year });
  }

  save(year: CalendarYearEntity, manager: EntityManager = this.dataSource.manager): Promise<unknown> {
    return manager.save(CalendarYearEntity, year);
  }
}
