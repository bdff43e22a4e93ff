import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import {
  CalendarRangeError,
  checkIsoDate,
  InvalidCalendarError,
  OFFICIAL_HOLIDAYS,
  validateHolidayYear,
  WorkingDayCalendar,
  type HolidayYear,
} from '@liandong/shared';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { badRequest, validOrThrow } from '../http/validation';
import { isUniqueViolation } from '../persistence/db-errors';
import type { CalendarYearEntity, DepartmentEntity } from '../persistence/catalogue.entities';
import { UnitOfWork } from '../persistence/unit-of-work';
import { CalendarRepository } from './calendar.repository';
import { DepartmentsRepository } from './departments.repository';
import { ReferenceReplication } from './reference-replication';

/** Departments of this node, and the holiday calendar every deadline is computed with. */
@Injectable()
export class ReferenceService implements OnApplicationBootstrap {
  constructor(
    private readonly departments: DepartmentsRepository,
    private readonly years: CalendarRepository,
    private readonly replication: ReferenceReplication,
    private readonly uow: UnitOfWork,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Seeds the official holiday notices (2024–2026) into an empty calendar. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.years.all()).length === 0) {
      const now = this.clock.now().toISOString();
      for (const year of OFFICIAL_HOLIDAYS) await this.years.save(toEntity(year, 1, now));
    }
  }

  listDepartments(): Promise<DepartmentEntity[]> {
    return this.departments.list(this.config.nodeId);
  }

  async createDepartment(code: string, name: string, actor: string): Promise<DepartmentEntity> {
    const department: DepartmentEntity = { nodeId: this.config.nodeId, code, name, active: true, version: 1, updatedAt: this.clock.now().toISOString() };
    try {
      await this.uow.run(async (m) => {
        await this.departments.insert(department, m);
        await this.replication.departmentChanged(m, department, actor);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`部门编码已存在 (department ${code} exists)`);
      throw error;
    }
    return department;
  }

  async updateDepartment(code: string, change: { name?: string; active?: boolean }, actor: string): Promise<DepartmentEntity> {
    const current = await this.departments.find(this.config.nodeId, code);
    if (current === null) throw new NotFoundException(`部门不存在 (no department ${code})`);
    const next: DepartmentEntity = {
      ...current,
      name: change.name ?? current.name,
      active: change.active ?? current.active,
      version: current.version + 1,
      updatedAt: this.clock.now().toISOString(),
    };
    await this.uow.run(async (m) => {
      await this.departments.save(next, m);
      await this.replication.departmentChanged(m, next, actor);
    });
    return next;
  }

  async listYears(): Promise<CalendarYearEntity[]> {
    return this.years.all();
  }

  /**
   * Adds or replaces one year of the holiday calendar (city admins: the calendar flows down from the city).
   * The years must stay contiguous, so a deadline never skips a year without data.
   */
  async putYear(year: number, input: unknown, actor: string): Promise<CalendarYearEntity> {
    if (this.config.tier !== 'city') throw new ForbiddenException('节假日安排由市级维护 (the city keeps the holiday calendar)');
    const value = validOrThrow(validateHolidayYear(input));
    if (value.year !== year) throw badRequest([{ field: 'year', reason: `must equal the year in the path (${year})` }]);
    const existing = await this.years.all();
    const others = existing.filter((y) => y.year !== year).map(fromEntity);
    try {
      new WorkingDayCalendar([...others, value]);
    } catch (error) {
      if (error instanceof InvalidCalendarError) throw badRequest(error.errors.map((e) => ({ field: 'year', reason: e.reason })));
      throw error;
    }
    const version = (existing.find((y) => y.year === year)?.version ?? 0) + 1;
    const entity = toEntity(value, version, this.clock.now().toISOString());
    await this.uow.run(async (m) => {
      await this.years.save(entity, m);
      await this.replication.calendarChanged(m, entity, actor);
    });
    return entity;
  }

  /** The working-day calendar built from the stored years (a few rows; replicated years are seen at once). */
  async workingDays(): Promise<WorkingDayCalendar> {
    return new WorkingDayCalendar((await this.years.all()).map(fromEntity));
  }

  /** The due date `days` working days after `from` (not counted); a 400 when the calendar has no data that far. */
  async dueDate(from: string, days: number): Promise<string> {
    const reason = checkIsoDate(from);
    if (reason !== null) throw badRequest([{ field: 'from', reason }]);
    try {
      return (await this.workingDays()).addWorkingDays(from, days);
    } catch (error) {
      if (error instanceof CalendarRangeError) throw badRequest([{ field: 'days', reason: error.message }]);
      throw error;
    }
  }
}

function toEntity(year: HolidayYear, version: number, now: string): CalendarYearEntity {
  return { year: year.year, data: { holidays: year.holidays, makeUpWorkdays: year.makeUpWorkdays, source: year.source }, version, updatedAt: now };
}

function fromEntity(entity: CalendarYearEntity): HolidayYear {
  return { year: entity.year, holidays: entity.data.holidays, makeUpWorkdays: entity.data.makeUpWorkdays, source: entity.data.source };
}
