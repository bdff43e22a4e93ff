import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isRecord, ITEM_STATUSES, validateHolidayYear, validateServiceItemContent } from '@liandong/shared';
import { catalogSubject, refSubject, RejectedMessageError, type Envelope, type MessageHandler, type MessageMeta } from '@liandong/sync';
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
import { EventRecorder } from '../sync/event-recorder';
import { SyncRuntime } from '../sync/sync-runtime';

export const MESSAGE_TYPES = {
  item: 'catalogue.item',
  delegation: 'catalogue.delegation',
  department: 'reference.department',
  calendar: 'reference.calendar',
} as const;

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
 * at each version; a receiver applies a newer version and ignores an older one. Authorization on apply: scope `all`
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
    return {
      type: MESSAGE_TYPES.item,
      authorize: (env: Envelope, meta: MessageMeta) => {
        const item = (env.payload as Partial<ItemPayload> | null)?.item;
        if (!isRecord(item)) return 'payload has no item';
        if (item.ownerNode !== env.origin) return `origin ${env.origin} is not the item's owner (${String(item.ownerNode)})`;
        return this.subjectCheck(meta, () => catalogSubject(String(item.scope), String(item.implCode))) ?? this.scopeAuthority(item.scope, env.origin);
      },
      apply: async (tx, env) => {
        const { item, version } = env.payload as ItemPayload;
        const content = validateServiceItemContent(item.content);
        if (!content.ok) throw new RejectedMessageError(`invalid item: ${content.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
        if (content.value.implCode !== item.implCode || !Number.isInteger(item.version) || item.version < 1 || !ITEM_STATUSES.includes(item.status)) {
          throw new RejectedMessageError('invalid item state (implCode, version or status)');
        }
        const local = await tx.findOneBy(ServiceItemEntity, { implCode: item.implCode });
        if (local !== null && local.ownerNode !== item.ownerNode) throw new RejectedMessageError(`implCode ${item.implCode} belongs to ${local.ownerNode} here`);
        if (local !== null && local.version >= item.version) return; // older or same: state-based, ignore
        const state: ServiceItemEntity = {
          implCode: item.implCode,
          version: item.version,
          status: item.status,
          scope: item.scope,
          ownerNode: item.ownerNode,
          name: content.value.name,
          baseCode: content.value.baseCode,
          itemType: content.value.itemType,
          handlingDepartment: content.value.handlingDepartment,
          content: content.value,
          updatedAt: String(item.updatedAt),
        };
        await tx.save(ServiceItemEntity, state);
        if ((await tx.findOneBy(ServiceItemVersionEntity, { implCode: item.implCode, version: item.version })) === null) {
          await tx.insert(ServiceItemVersionEntity, {
            implCode: item.implCode,
            version: item.version,
            status: item.status,
            change: String(version?.change ?? 'replicated').slice(0, 12),
            content: content.value,
            actor: String(version?.actor ?? env.actor).slice(0, 64),
            changedAt: String(version?.changedAt ?? item.updatedAt),
          });
        }
      },
    };
  }

  private delegationHandler(): MessageHandler<EntityManager> {
    return {
      type: MESSAGE_TYPES.delegation,
      authorize: (env, meta) => {
        const p = env.payload as Partial<DelegationPayload> | null;
        if (!isRecord(p) || !isRecord(p.delegation)) return 'payload has no delegation';
        if (p.delegation.ownerNode !== env.origin) return `origin ${env.origin} is not the delegation's owner (${String(p.delegation.ownerNode)})`;
        return this.subjectCheck(meta, () => refSubject('delegation', String(p.scope), String(p.delegation?.id))) ?? this.scopeAuthority(p.scope, env.origin);
      },
      apply: async (tx, env) => {
        const { delegation: d, change, changedAt } = env.payload as DelegationPayload;
        if (!Number.isInteger(d.version) || d.version < 1 || !['active', 'revoked'].includes(d.status) || !['devolved', 'entrusted'].includes(d.mode)) {
          throw new RejectedMessageError('invalid delegation state');
        }
        const local = await tx.findOneBy(DelegationEntity, { id: d.id });
        if (local !== null && local.version >= d.version) return;
        const state: DelegationEntity = { ...d };
        await tx.save(DelegationEntity, state);
        if ((await tx.findOneBy(DelegationVersionEntity, { delegationId: d.id, version: d.version })) === null) {
          await tx.insert(DelegationVersionEntity, { delegationId: d.id, version: d.version, change, snapshot: d, actor: env.actor, changedAt });
        }
      },
    };
  }

  private departmentHandler(): MessageHandler<EntityManager> {
    return {
      type: MESSAGE_TYPES.department,
      authorize: (env, meta) => {
        const p = env.payload as Partial<DepartmentPayload> | null;
        if (!isRecord(p) || !isRecord(p.department)) return 'payload has no department';
        if (p.department.nodeId !== env.origin) return `origin ${env.origin} may only send its own departments`;
        return this.subjectCheck(meta, () => refSubject('department', String(p.scope), String(p.department?.nodeId), String(p.department?.code))) ?? this.scopeAuthority(p.scope, env.origin);
      },
      apply: async (tx, env) => {
        const { department: d } = env.payload as DepartmentPayload;
        if (typeof d.name !== 'string' || d.name.length === 0 || d.name.length > 100 || !Number.isInteger(d.version) || typeof d.active !== 'boolean') {
          throw new RejectedMessageError('invalid department');
        }
        const local = await tx.findOneBy(DepartmentEntity, { nodeId: d.nodeId, code: d.code });
        if (local !== null && local.version >= d.version) return;
        await tx.save(DepartmentEntity, { nodeId: d.nodeId, code: d.code, name: d.name, active: d.active, version: d.version, updatedAt: d.updatedAt });
      },
    };
  }

  private calendarHandler(): MessageHandler<EntityManager> {
    return {
      type: MESSAGE_TYPES.calendar,
      authorize: (env, meta) => {
        if (env.origin !== this.config.cityId) return `only the city (${this.config.cityId}) sends the holiday calendar, not ${env.origin}`;
        const p = env.payload as Partial<CalendarPayload> | null;
        return this.subjectCheck(meta, () => refSubject('calendar', 'all', String(p?.year)));
      },
      apply: async (tx, env) => {
        const y = env.payload as CalendarPayload;
        const valid = validateHolidayYear({ year: y.year, ...y.data });
        if (!valid.ok || !Number.isInteger(y.version)) throw new RejectedMessageError('invalid calendar year');
        const local = await tx.findOneBy(CalendarYearEntity, { year: y.year });
        if (local !== null && local.version >= y.version) return;
        await tx.save(CalendarYearEntity, { year: y.year, data: { holidays: valid.value.holidays, makeUpWorkdays: valid.value.makeUpWorkdays, source: valid.value.source }, version: y.version, updatedAt: y.updatedAt });
      },
    };
  }
}
