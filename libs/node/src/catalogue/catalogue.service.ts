import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ITEM_LIFECYCLE_ACTIONS, ITEM_STATUS_NAMES_ZH, itemActionAllowed, type FieldError, type ItemLifecycleAction, type ItemStatus, type ServiceItemContent } from '@liandong/shared';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { badRequest } from '../http/validation';
import { isUniqueViolation } from '../persistence/db-errors';
import { UnitOfWork } from '../persistence/unit-of-work';
import { CatalogueReplication } from './catalogue-replication';
import type { ServiceItemEntity, ServiceItemVersionEntity } from '../persistence/catalogue.entities';
import { DepartmentsRepository } from '../reference/departments.repository';
import { CatalogueRepository, type ItemFilter } from './catalogue.repository';

/** An item lifecycle action (publish, suspend, resume, cancel): its status change and rule live in libs/shared. */
export type ItemAction = ItemLifecycleAction;

/**
 * Catalogue rules: only the city and districts own items (city items apply everywhere, a district's to its
 * townships); only the owning node changes an item; a change after publishing makes a new version and keeps the
 * old one; cancelling never deletes.
 */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly items: CatalogueRepository,
    private readonly departments: DepartmentsRepository,
    private readonly replication: CatalogueReplication,
    private readonly uow: UnitOfWork,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `all` for the city, the district's own region code for a district. */
  ownScope(): string {
    if (this.config.tier === 'township') throw new ForbiddenException('镇街节点不维护事项目录 (a township does not own catalogue items)');
    return this.config.tier === 'city' ? 'all' : this.config.regionCode;
  }

  page(filter: ItemFilter): Promise<{ items: ServiceItemEntity[]; total: number }> {
    return this.items.page(filter);
  }

  async get(implCode: string): Promise<ServiceItemEntity> {
    const item = await this.items.find(implCode);
    if (item === null) throw new NotFoundException(`事项不存在 (no item with implCode ${implCode})`);
    return item;
  }

  async versions(implCode: string): Promise<ServiceItemVersionEntity[]> {
    await this.get(implCode);
    return this.items.versions(implCode);
  }

  async version(implCode: string, version: number): Promise<ServiceItemVersionEntity> {
    const found = await this.items.version(implCode, version);
    if (found === null) throw new NotFoundException(`事项 ${implCode} 没有第 ${version} 版 (no such version)`);
    return found;
  }

  /** Adds a new item as a draft, version 1. */
  async create(content: ServiceItemContent, actor: string, manager?: EntityManager): Promise<ServiceItemEntity> {
    const scope = this.ownScope();
    await this.checkDepartments(content);
    if ((await this.items.find(content.implCode, manager)) !== null) {
      throw new ConflictException(`实施编码已存在 (implCode ${content.implCode} already exists)`);
    }
    const now = this.clock.now().toISOString();
    const item = this.entity(content, 1, 'draft', scope, now);
    await this.write(item, this.versionRow(item, 'created', actor), { manager });
    return item;
  }

  /**
   * Changes an item's content. A draft is edited in place; a published or suspended item gets a new version
   * (the old one is kept). An unchanged content changes nothing.
   */
  async update(implCode: string, content: ServiceItemContent, actor: string, manager?: EntityManager): Promise<ServiceItemEntity> {
    if (content.implCode !== implCode) throw badRequest([{ field: 'implCode', reason: `must equal the item being changed (${implCode})` }]);
    const current = await this.owned(implCode, manager);
    if (current.status === 'cancelled') throw new ConflictException(`事项已取消，不能修改 (item ${implCode} is cancelled)`);
    await this.checkDepartments(content);
    if (JSON.stringify(current.content) === JSON.stringify(content)) return current;
    const now = this.clock.now().toISOString();
    if (current.status === 'draft') {
      const item = this.entity(content, current.version, 'draft', current.scope, now);
      await this.write(item, this.versionRow(item, 'updated', actor), { replaceVersion: true, manager });
      return item;
    }
    const item = this.entity(content, current.version + 1, current.status, current.scope, now);
    await this.write(item, this.versionRow(item, 'updated', actor), { manager });
    return item;
  }

  /** publish / suspend / resume / cancel: each makes a new version with the same content. */
  async act(implCode: string, action: ItemAction, actor: string, manager?: EntityManager): Promise<ServiceItemEntity> {
    const current = await this.owned(implCode, manager);
    const { to, change } = ITEM_LIFECYCLE_ACTIONS[action];
    if (!itemActionAllowed(action, current.status)) {
      throw new ConflictException(`事项当前状态为“${ITEM_STATUS_NAMES_ZH[current.status]}”，不能${ACTION_NAMES_ZH[action]} (cannot ${action} an item that is ${current.status})`);
    }
    const item = this.entity(current.content, current.version + 1, to, current.scope, this.clock.now().toISOString());
    await this.write(item, this.versionRow(item, change, actor), { manager });
    return item;
  }

  /** The item, when this node owns it; 404 when unknown, 403 when another tier owns it. */
  async owned(implCode: string, manager?: EntityManager): Promise<ServiceItemEntity> {
    const item = await this.items.find(implCode, manager);
    if (item === null) throw new NotFoundException(`事项不存在 (no item with implCode ${implCode})`);
    if (item.ownerNode !== this.config.nodeId) {
      throw new ForbiddenException(`该事项由 ${item.ownerNode} 维护，本节点只能查看 (item ${implCode} is owned by ${item.ownerNode})`);
    }
    return item;
  }

  /** Problems with the departments an item names: each must be an active department of this node. */
  async departmentErrors(content: ServiceItemContent): Promise<FieldError[]> {
    const known = new Set((await this.departments.list(this.config.nodeId)).filter((d) => d.active).map((d) => d.code));
    return [content.handlingDepartment, ...content.coDepartments]
      .map((code, i) => ({ code, field: i === 0 ? 'handlingDepartment' : `coDepartments[${i - 1}]` }))
      .filter(({ code }) => !known.has(code))
      .map(({ code, field }) => ({ field, reason: `is not an active department of this node (${code})` }));
  }

  private async checkDepartments(content: ServiceItemContent): Promise<void> {
    const errors = await this.departmentErrors(content);
    if (errors.length > 0) throw badRequest(errors);
  }

  private entity(content: ServiceItemContent, version: number, status: ItemStatus, scope: string, now: string): ServiceItemEntity {
    return {
      implCode: content.implCode,
      version,
      status,
      scope,
      ownerNode: this.config.nodeId,
      name: content.name,
      baseCode: content.baseCode,
      itemType: content.itemType,
      handlingDepartment: content.handlingDepartment,
      content,
      updatedAt: now,
    };
  }

  private versionRow(item: ServiceItemEntity, change: string, actor: string): ServiceItemVersionEntity {
    return { implCode: item.implCode, version: item.version, status: item.status, change, content: item.content, actor, changedAt: item.updatedAt };
  }

  /** Saves the item, its version and its replication message in one transaction. */
  private async write(item: ServiceItemEntity, version: ServiceItemVersionEntity, options: { replaceVersion?: boolean; manager?: EntityManager } = {}): Promise<void> {
    try {
      await this.uow.run(async (manager) => {
        await this.items.save(item, version, { replaceVersion: options.replaceVersion, manager });
        await this.replication.itemChanged(manager, item, version);
      }, options.manager);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`事项 ${item.implCode} 刚被修改，请刷新后重试 (changed concurrently, retry)`);
      throw error;
    }
  }
}

const ACTION_NAMES_ZH: Readonly<Record<ItemAction, string>> = { publish: '发布', suspend: '暂停', resume: '恢复', cancel: '取消' };

/**
 * The actions that take an item from `from` to `to` (publish, suspend, resume, cancel), or null when no path
 * exists (nothing goes back to draft, nothing leaves cancelled).
 */
export function actionsBetween(from: ItemStatus, to: ItemStatus): ItemAction[] | null {
  if (from === to) return [];
  if (from === 'cancelled' || to === 'draft') return null;
  if (to === 'cancelled') return ['cancel'];
  if (from === 'draft') return to === 'published' ? ['publish'] : ['publish', 'suspend'];
  return from === 'published' ? ['suspend'] : ['resume'];
}
