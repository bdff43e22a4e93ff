import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { codecs, DEPARTMENT_CODE_PATTERN, validateHolidayYear, type Codec, type VersionedDecoder } from '@liandong/shared';
import { refSubject } from '@liandong/sync';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import type { CalendarYearEntity, DepartmentEntity } from '../persistence/catalogue.entities';
import { EventRecorder } from '../sync/event-recorder';
import { fieldProblems, STATE_FIELDS, StateReplication } from '../sync/state-replication';
import { CalendarRepository } from './calendar.repository';
import { DepartmentsRepository } from './departments.repository';

export const REFERENCE_MESSAGE_TYPES = {
  department: 'reference.department',
  calendar: 'reference.calendar',
} as const;

interface DepartmentPayload {
  readonly scope: string;
  readonly department: DepartmentEntity;
}
type CalendarPayload = CalendarYearEntity;

const DEPARTMENT_PAYLOAD: VersionedDecoder<DepartmentPayload> = codecs.versioned({
  1: codecs.object({
    scope: STATE_FIELDS.scope,
    department: codecs.object({
      nodeId: STATE_FIELDS.nodeId,
      code: codecs.string({ max: 32, pattern: DEPARTMENT_CODE_PATTERN, patternReason: 'must be a department code (letters, digits, "-", "_")' }),
      // As the departments route takes it: any character.
      name: codecs.string({ max: 100, characters: 'any' }),
      active: codecs.boolean(),
      version: STATE_FIELDS.version,
      updatedAt: STATE_FIELDS.timestamp,
    }),
  }),
});

/** Any JSON: what validateHolidayYear checks itself. */
const CHECKED_LATER: Codec<unknown> = codecs.codec((value) => ({ ok: true, value }));
const CALENDAR_RECORD = codecs.object({
  year: codecs.integer(0, 9999),
  data: codecs.object({ holidays: codecs.array(CHECKED_LATER, { max: 100 }), makeUpWorkdays: codecs.array(CHECKED_LATER, { max: 100 }), source: CHECKED_LATER }),
  version: STATE_FIELDS.version,
  updatedAt: STATE_FIELDS.timestamp,
});

/** A year of the holiday calendar: its data by the calendar's own rules (validateHolidayYear). */
const CALENDAR_PAYLOAD: VersionedDecoder<CalendarPayload> = codecs.versioned({
  1: codecs.codec((input) => {
    const decoded = CALENDAR_RECORD.decode(input);
    if (!decoded.ok) return decoded;
    const { year, data, version, updatedAt } = decoded.value;
    const valid = validateHolidayYear({ year, ...data });
    if (!valid.ok) return codecs.failure(`invalid calendar year: ${fieldProblems(valid.errors)}`);
    return { ok: true, value: { year, data: { holidays: valid.value.holidays, makeUpWorkdays: valid.value.makeUpWorkdays, source: valid.value.source }, version, updatedAt } };
  }),
});

/** The payload decoder of each reference message type. */
export const REFERENCE_PAYLOADS = {
  [REFERENCE_MESSAGE_TYPES.department]: DEPARTMENT_PAYLOAD,
  [REFERENCE_MESSAGE_TYPES.calendar]: CALENDAR_PAYLOAD,
} as const;

/**
 * State-based replication of the reference data (departments, the holiday calendar) through StateReplication: a
 * department only from the node it belongs to, under that node's scope; the calendar only from the city.
 */
@Injectable()
export class ReferenceReplication implements OnModuleInit {
  constructor(
    private readonly state: StateReplication,
    private readonly recorder: EventRecorder,
    private readonly departments: DepartmentsRepository,
    private readonly calendar: CalendarRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    this.state.register<DepartmentPayload, DepartmentEntity>({
      type: REFERENCE_MESSAGE_TYPES.department,
      payload: DEPARTMENT_PAYLOAD,
      origin: (env) => (env.payload.department.nodeId === env.origin ? null : `origin ${env.origin} may only send its own departments`),
      subject: ({ scope, department }) => refSubject('department', scope, department.nodeId, department.code),
      scope: (p) => p.scope,
      version: (p) => p.department.version,
      current: (tx, p) => this.departments.find(p.department.nodeId, p.department.code, tx),
      save: async (tx, env) => {
        const d = env.payload.department;
        await this.departments.save({ nodeId: d.nodeId, code: d.code, name: d.name, active: d.active, version: d.version, updatedAt: d.updatedAt }, tx);
      },
    });
    this.state.register<CalendarPayload, CalendarYearEntity>({
      type: REFERENCE_MESSAGE_TYPES.calendar,
      payload: CALENDAR_PAYLOAD,
      origin: (env) => (env.origin === this.config.cityId ? null : `only the city (${this.config.cityId}) sends the holiday calendar, not ${env.origin}`),
      subject: (y) => refSubject('calendar', 'all', String(y.year)),
      scope: () => 'all',
      version: (y) => y.version,
      current: (tx, y) => this.calendar.find(y.year, tx),
      save: async (tx, env) => {
        const y = env.payload;
        await this.calendar.save({ year: y.year, data: y.data, version: y.version, updatedAt: y.updatedAt }, tx);
      },
    });
  }

  async departmentChanged(manager: EntityManager, department: DepartmentEntity, actor: string): Promise<void> {
    const scope = this.state.ownScope();
    if (scope === null) return;
    const payload: DepartmentPayload = { scope, department };
    await this.recorder.record(manager, {
      type: REFERENCE_MESSAGE_TYPES.department,
      aggregate: `${department.nodeId}/${department.code}`,
      subject: refSubject('department', scope, department.nodeId, department.code),
      actor,
      payload,
    });
  }

  async calendarChanged(manager: EntityManager, year: CalendarYearEntity, actor: string): Promise<void> {
    await this.recorder.record(manager, { type: REFERENCE_MESSAGE_TYPES.calendar, aggregate: String(year.year), subject: refSubject('calendar', 'all', String(year.year)), actor, payload: year });
  }
}
