import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CODE_LIMITS,
  CODE_PATTERN,
  codecs,
  DEPARTMENT_CODE_PATTERN,
  ITEM_STATUSES,
  validateHolidayYear,
  validateServiceItemContent,
  type Codec,
  type FieldError,
  type ServiceItemContent,
  type TypeOf,
  type VersionedDecoder,
} from '@liandong/shared';
import { catalogSubject, NODE_ID_PATTERN, refSubject, RejectedMessageError, type MessageHandler, type MessageMeta } from '@liandong/sync';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import {
  CalendarYearEntity,
  DelegationEntity,
  DelegationVersionEntity,
  DepartmentEntity,
  ServiceItemEntity,
  ServiceItemVersionEntity,
  type DelegationState,
} from '../persistence/catalogue.entities';
import { decodedHandler } from '../sync/decoded-handler';
import { EventRecorder } from '../sync/event-recorder';
import { SyncRuntime } from '../sync/sync-runtime';

export const MESSAGE_TYPES = {
  item: 'catalogue.item',
  delegation: 'catalogue.delegation',
  department: 'reference.department',
  calendar: 'reference.calendar',
} as const;

// Payload codecs (version 1) of the state records, as the writers below publish them.
const NODE_ID = codecs.string({ max: 40, pattern: NODE_ID_PATTERN, patternReason: 'must be a node id' });
const SCOPE = codecs.string({ max: 6, pattern: /^(all|\d{6})$/, patternReason: 'must be all or a 6-digit district code' });
const IMPL_CODE = codecs.string({ max: CODE_LIMITS.implCode, pattern: CODE_PATTERN, patternReason: 'must contain only digits and uppercase letters' });
const VERSION = codecs.integer(1, Number.MAX_SAFE_INTEGER);
/** Timestamps as stored (ISO 8601 from the writer's clock); their form is the writer's, only their size is ours. */
const TIMESTAMP = codecs.string({ max: 30 });

/** A copy of a content field: ignored on apply (the content's own value is taken), so only its size matters. */
const COPY = codecs.string({ min: 0, max: 200, characters: 'any' });

/** The first few problems of a FieldError list, as one reason. */
function problems(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 5).map((e) => (e.field === '' ? e.reason : `${e.field} ${e.reason}`));
  return `${shown.join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`;
}

/** Item content by the catalogue's own rules (validateServiceItemContent). */
const ITEM_CONTENT: Codec<ServiceItemContent> = codecs.codec((input) => {
  const content = validateServiceItemContent(input);
  return content.ok ? { ok: true, value: content.value } : codecs.failure(`invalid item: ${problems(content.errors)}`);
});

const ITEM_PAYLOAD_V1 = codecs.refine(
  codecs.object({
    item: codecs.object({
      implCode: IMPL_CODE,
      version: VERSION,
      status: codecs.oneOf(ITEM_STATUSES),
      scope: SCOPE,
      ownerNode: NODE_ID,
      // Copies of content fields (for the window's search): the receiver takes them from the content.
      name: codecs.optional(COPY),
      baseCode: codecs.optional(COPY),
      itemType: codecs.optional(COPY),
      handlingDepartment: codecs.optional(COPY),
      content: ITEM_CONTENT,
      updatedAt: TIMESTAMP,
    }),
    version: codecs.object({ change: codecs.string({ max: 12 }), actor: codecs.string({ max: 64, characters: 'any' }), changedAt: TIMESTAMP }),
  }),
  (p) => (p.item.content.implCode === p.item.implCode ? null : codecs.failure("must be the content's implCode", 'item.implCode')),
);
/** An item as a receiver decodes it. */
type ReplicatedItemPayload = TypeOf<typeof ITEM_PAYLOAD_V1>;
const ITEM_PAYLOAD: VersionedDecoder<ReplicatedItemPayload> = codecs.versioned({ 1: ITEM_PAYLOAD_V1 });

const DELEGATION_PAYLOAD: VersionedDecoder<DelegationPayload> = codecs.versioned({
  1: codecs.object({
    scope: SCOPE,
    delegation: codecs.object({
      id: codecs.string({ max: 36 }),
      implCode: IMPL_CODE,
      mode: codecs.oneOf(['devolved', 'entrusted']),
      targetKind: codecs.oneOf(['township', 'district', 'all']),
      targetRegion: codecs.string({ min: 0, max: 9, pattern: /^(\d{6}|\d{9})?$/, patternReason: 'must be a 6- or 9-digit region code, or empty' }),
      effectiveFrom: codecs.isoDate(),
      status: codecs.oneOf(['active', 'revoked']),
      version: VERSION,
      ownerNode: NODE_ID,
      revokedAt: codecs.nullable(TIMESTAMP),
      updatedAt: TIMESTAMP,
    }),
    change: codecs.oneOf(['granted', 'revoked']),
    changedAt: TIMESTAMP,
  }),
});

const DEPARTMENT_PAYLOAD: VersionedDecoder<DepartmentPayload> = codecs.versioned({
  1: codecs.object({
    scope: SCOPE,
    department: codecs.object({
      nodeId: NODE_ID,
      code: codecs.string({ max: 32, pattern: DEPARTMENT_CODE_PATTERN, patternReason: 'must be a department code (letters, digits, "-", "_")' }),
      // As the departments route takes it: any character.
      name: codecs.string({ max: 100, characters: 'any' }),
      active: codecs.boolean(),
      version: VERSION,
      updatedAt: TIMESTAMP,
    }),
  }),
});

/** Any JSON: what validateHolidayYear checks itself. */
const CHECKED_LATER: Codec<unknown> = codecs.codec((value) => ({ ok: true, value }));
const CALENDAR_RECORD = codecs.object({
  year: codecs.integer(0, 9999),
  data: codecs.object({ holidays: codecs.array(CHECKED_LATER, { max: 100 }), makeUpWorkdays: codecs.array(CHECKED_LATER, { max: 100 }), source: CHECKED_LATER }),
  version: VERSION,
  updatedAt: TIMESTAMP,
});

/** A year of the holiday calendar: its data by the calendar's own rules (validateHolidayYear). */
const CALENDAR_PAYLOAD: VersionedDecoder<CalendarPayload> = codecs.versioned({
  1: codecs.codec((input) => {
    const decoded = CALENDAR_RECORD.decode(input);
    if (!decoded.ok) return decoded;
    const { year, data, version, updatedAt } = decoded.value;
    const valid = validateHolidayYear({ year, ...data });
    if (!valid.ok) return codecs.failure(`invalid calendar year: ${problems(valid.errors)}`);
    return { ok: true, value: { year, data: { holidays: valid.value.holidays, makeUpWorkdays: valid.value.makeUpWorkdays, source: valid.value.source }, version, updatedAt } };
  }),
});

/** The payload decoder of each catalogue and reference message type. */
export const CATALOGUE_PAYLOADS = {
  [MESSAGE_TYPES.item]: ITEM_PAYLOAD,
  [MESSAGE_TYPES.delegation]: DELEGATION_PAYLOAD,
  [MESSAGE_TYPES.department]: DEPARTMENT_PAYLOAD,
  [MESSAGE_TYPES.calendar]: CALENDAR_PAYLOAD,
} as const;

/** An item as its owner publishes it. */
interface ItemPayload {
  readonly item: ServiceItemEntity;
  readonly version: Pick<ServiceItemVersionEntity, 'change' | 'actor' | 'changedAt'>;
}
interface DelegationPayload {
  readonly scope: string;
  readonly delegation: DelegationState;
  readonly change: 'granted' | 'revoked';
  readonly changedAt: string;
}
interface DepartmentPayload {
  readonly scope: string;
  readonly department: DepartmentEntity;
}
type CalendarPayload = CalendarYearEntity;

/**
 * State-based replication of the catalogue and reference data (DESIGN.md §3): the owner publishes the full state
 * at each version; a receiver applies a newer version and ignores an older one. Each payload is decoded by its codec
 * above (item content and calendar years by the same rules as their own HTTP routes) before anything here runs. Authorization on apply: scope `all`
 * only from the city; a district's scope only from that district (the township's parent); the owner named in the
 * payload must be the origin, and the subject must match the payload.
 */
@Injectable()
export class CatalogueReplication implements OnModuleInit {
  constructor(
    private readonly runtime: SyncRuntime,
    private readonly recorder: EventRecorder,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    for (const handler of [this.itemHandler(), this.delegationHandler(), this.departmentHandler(), this.calendarHandler()]) this.runtime.register(handler);
  }

  /** The scope this node publishes its own reference data under, or null (townships publish none). */
  ownScope(): string | null {
    return this.config.tier === 'city' ? 'all' : this.config.tier === 'district' ? this.config.regionCode : null;
  }

  async itemChanged(manager: EntityManager, item: ServiceItemEntity, version: ServiceItemVersionEntity): Promise<void> {
    if (item.status === 'draft') return; // a draft is not in effect anywhere yet
    const payload: ItemPayload = { item, version: { change: version.change, actor: version.actor, changedAt: version.changedAt } };
    await this.recorder.record(manager, { type: MESSAGE_TYPES.item, aggregate: item.implCode, subject: catalogSubject(item.scope, item.implCode), actor: version.actor, payload });
  }

  async delegationChanged(manager: EntityManager, scope: string, delegation: DelegationState, version: DelegationVersionEntity): Promise<void> {
    const payload: DelegationPayload = { scope, delegation, change: version.change, changedAt: version.changedAt };
    await this.recorder.record(manager, { type: MESSAGE_TYPES.delegation, aggregate: delegation.id, subject: refSubject('delegation', scope, delegation.id), actor: version.actor, payload });
  }

  async departmentChanged(manager: EntityManager, department: DepartmentEntity, actor: string): Promise<void> {
    const scope = this.ownScope();
    if (scope === null) return;
    const payload: DepartmentPayload = { scope, department };
    await this.recorder.record(manager, {
      type: MESSAGE_TYPES.department,
      aggregate: `${department.nodeId}/${department.code}`,
      subject: refSubject('department', scope, department.nodeId, department.code),
      actor,
      payload,
    });
  }

  async calendarChanged(manager: EntityManager, year: CalendarYearEntity, actor: string): Promise<void> {
    await this.recorder.record(manager, { type: MESSAGE_TYPES.calendar, aggregate: String(year.year), subject: refSubject('calendar', 'all', String(year.year)), actor, payload: year });
  }

  /** Null when `origin` may send data of `scope` to this node. */
  private scopeAuthority(scope: unknown, origin: string): string | null {
    if (scope === 'all') return origin === this.config.cityId ? null : `only the city (${this.config.cityId}) sends city-wide data, not ${origin}`;
    if (this.config.tier === 'township' && scope === this.config.regionCode.slice(0, 6) && origin === this.config.parentId) return null;
    return `${origin} may not send data of scope ${String(scope)} to ${this.config.nodeId}`;
  }

  private subjectCheck(meta: MessageMeta, expected: () => string): string | null {
    try {
      const subject = expected();
      return meta.subject === subject ? null : `subject ${meta.subject} does not match the payload (${subject})`;
    } catch (error) {
      return `payload names an invalid subject: ${(error as Error).message}`;
    }
  }

  private itemHandler(): MessageHandler<EntityManager> {
    return decodedHandler({
      type: MESSAGE_TYPES.item,
      payload: ITEM_PAYLOAD,
      authorize: (env, meta) => {
        const { item } = env.payload;
        if (item.ownerNode !== env.origin) return `origin ${env.origin} is not the item's owner (${item.ownerNode})`;
        return this.subjectCheck(meta, () => catalogSubject(item.scope, item.implCode)) ?? this.scopeAuthority(item.scope, env.origin);
      },
      apply: async (tx, env) => {
        const { item, version } = env.payload;
        const local = await tx.findOneBy(ServiceItemEntity, { implCode: item.implCode });
        if (local !== null && local.ownerNode !== item.ownerNode) throw new RejectedMessageError(`implCode ${item.implCode} belongs to ${local.ownerNode} here`);
        if (local !== null && local.version >= item.version) return; // older or same: state-based, ignore
        const state: ServiceItemEntity = {
          implCode: item.implCode,
          version: item.version,
          status: item.status,
          scope: item.scope,
          ownerNode: item.ownerNode,
          name: item.content.name,
          baseCode: item.content.baseCode,
          itemType: item.content.itemType,
          handlingDepartment: item.content.handlingDepartment,
          content: item.content,
          updatedAt: item.updatedAt,
        };
        await tx.save(ServiceItemEntity, state);
        if ((await tx.findOneBy(ServiceItemVersionEntity, { implCode: item.implCode, version: item.version })) === null) {
          await tx.insert(ServiceItemVersionEntity, {
            implCode: item.implCode,
            version: item.version,
            status: item.status,
            change: version.change,
            content: item.content,
            actor: version.actor,
            changedAt: version.changedAt,
          });
        }
      },
    });
  }

  private delegationHandler(): MessageHandler<EntityManager> {
    return decodedHandler({
      type: MESSAGE_TYPES.delegation,
      payload: DELEGATION_PAYLOAD,
      authorize: (env, meta) => {
        const p = env.payload;
        if (p.delegation.ownerNode !== env.origin) return `origin ${env.origin} is not the delegation's owner (${p.delegation.ownerNode})`;
        return this.subjectCheck(meta, () => refSubject('delegation', p.scope, p.delegation.id)) ?? this.scopeAuthority(p.scope, env.origin);
      },
      apply: async (tx, env) => {
        const { delegation: d, change, changedAt } = env.payload;
        const local = await tx.findOneBy(DelegationEntity, { id: d.id });
        if (local !== null && local.version >= d.version) return;
        const state: DelegationEntity = { ...d };
        await tx.save(DelegationEntity, state);
        if ((await tx.findOneBy(DelegationVersionEntity, { delegationId: d.id, version: d.version })) === null) {
          await tx.insert(DelegationVersionEntity, { delegationId: d.id, version: d.version, change, snapshot: d, actor: env.actor, changedAt });
        }
      },
    });
  }

  private departmentHandler(): MessageHandler<EntityManager> {
    return decodedHandler({
      type: MESSAGE_TYPES.department,
      payload: DEPARTMENT_PAYLOAD,
      authorize: (env, meta) => {
        const { scope, department } = env.payload;
        if (department.nodeId !== env.origin) return `origin ${env.origin} may only send its own departments`;
        return this.subjectCheck(meta, () => refSubject('department', scope, department.nodeId, department.code)) ?? this.scopeAuthority(scope, env.origin);
      },
      apply: async (tx, env) => {
        const { department: d } = env.payload;
        const local = await tx.findOneBy(DepartmentEntity, { nodeId: d.nodeId, code: d.code });
        if (local !== null && local.version >= d.version) return;
        await tx.save(DepartmentEntity, { nodeId: d.nodeId, code: d.code, name: d.name, active: d.active, version: d.version, updatedAt: d.updatedAt });
      },
    });
  }

  private calendarHandler(): MessageHandler<EntityManager> {
    return decodedHandler({
      type: MESSAGE_TYPES.calendar,
      payload: CALENDAR_PAYLOAD,
      authorize: (env, meta) => {
        if (env.origin !== this.config.cityId) return `only the city (${this.config.cityId}) sends the holiday calendar, not ${env.origin}`;
        return this.subjectCheck(meta, () => refSubject('calendar', 'all', String(env.payload.year)));
      },
      apply: async (tx, env) => {
        const y = env.payload;
        const local = await tx.findOneBy(CalendarYearEntity, { year: y.year });
        if (local !== null && local.version >= y.version) return;
        await tx.save(CalendarYearEntity, { year: y.year, data: y.data, version: y.version, updatedAt: y.updatedAt });
      },
    });
  }
}
