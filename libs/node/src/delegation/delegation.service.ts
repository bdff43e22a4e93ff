import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { checkIsoDate, chinaDate, districtOf, isRegionWithin, scopeCovers, type FieldError } from '@liandong/shared';
import { CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { UnitOfWork } from '../persistence/unit-of-work';
import { CatalogueService } from '../catalogue/catalogue.service';
import { badRequest } from '../http/validation';
import { isUniqueViolation } from '../persistence/db-errors';
import type { DelegationEntity, DelegationMode, DelegationTargetKind, DelegationVersionEntity, ServiceItemEntity } from '../persistence/catalogue.entities';
import { DelegationReplication } from './delegation-replication';
import { DelegationRepository } from './delegation.repository';

export interface DelegationTarget {
  readonly kind: DelegationTargetKind;
  readonly regionCode?: string;
}

export interface GrantInput {
  readonly implCode: string;
  readonly mode: DelegationMode;
  readonly target: DelegationTarget;
  readonly effectiveFrom: string;
}

/** Whether `delegation` reaches the township with `townshipRegion` (9 digits). */
export function delegationCovers(delegation: Pick<DelegationEntity, 'targetKind' | 'targetRegion'>, townshipRegion: string): boolean {
  switch (delegation.targetKind) {
    case 'all':
      return true;
    case 'district':
      return townshipRegion.startsWith(delegation.targetRegion);
    case 'township':
      return townshipRegion === delegation.targetRegion;
  }
}

/**
 * Delegation (下放 / 委托受理) of items to townships. Only the item's owner grants or revokes; a district
 * delegates only to its own townships; only published items are delegated. Revoking keeps the delegation and
 * its history; cases keep the route they were accepted under.
 */
@Injectable()
export class DelegationService {
  constructor(
    private readonly delegations: DelegationRepository,
    private readonly catalogue: CatalogueService,
    private readonly items: CatalogueRepository,
    private readonly replication: DelegationReplication,
    private readonly uow: UnitOfWork,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(filter: { implCode?: string; status?: 'active' | 'revoked' }): Promise<DelegationEntity[]> {
    return this.delegations.list(filter);
  }

  async get(id: string): Promise<DelegationEntity> {
    const delegation = await this.delegations.find(id);
    if (delegation === null) throw new NotFoundException(`授权不存在 (no delegation ${id})`);
    return delegation;
  }

  async versions(id: string): Promise<DelegationVersionEntity[]> {
    await this.get(id);
    return this.delegations.versions(id);
  }

  async grant(input: GrantInput, actor: string, manager?: EntityManager): Promise<DelegationEntity> {
    const errors = this.checkTarget(input.target);
    const dateReason = checkIsoDate(input.effectiveFrom);
    if (dateReason !== null) errors.push({ field: 'effectiveFrom', reason: dateReason });
    if (errors.length > 0) throw badRequest(errors);

    const item = await this.catalogue.owned(input.implCode, manager);
    if (item.status !== 'published') {
      throw new ConflictException(`只能下放或委托已发布的事项 (item ${item.implCode} is ${item.status}, not published)`);
    }
    const targetRegion = input.target.regionCode ?? '';
    const duplicate = (await this.delegations.list({ implCode: item.implCode, status: 'active' })).find(
      (d) => d.targetKind === input.target.kind && d.targetRegion === targetRegion && d.mode === input.mode,
    );
    if (duplicate !== undefined) throw new ConflictException(`已有相同的有效授权 (an identical active delegation exists: ${duplicate.id})`);

    const now = this.clock.now().toISOString();
    const delegation: DelegationEntity = {
      id: randomUUID(),
      implCode: item.implCode,
      mode: input.mode,
      targetKind: input.target.kind,
      targetRegion,
      effectiveFrom: input.effectiveFrom,
      status: 'active',
      version: 1,
      ownerNode: this.config.nodeId,
      revokedAt: null,
      updatedAt: now,
    };
    await this.write(delegation, item.scope, 'granted', actor, manager);
    return delegation;
  }

  async revoke(id: string, actor: string): Promise<DelegationEntity> {
    const current = await this.get(id);
    if (current.ownerNode !== this.config.nodeId) throw new ForbiddenException(`该授权由 ${current.ownerNode} 管理 (delegation owned by ${current.ownerNode})`);
    if (current.status === 'revoked') throw new ConflictException(`授权已撤销 (delegation ${id} is already revoked)`);
    const now = this.clock.now().toISOString();
    const revoked: DelegationEntity = { ...current, status: 'revoked', version: current.version + 1, revokedAt: now, updatedAt: now };
    const item = await this.items.find(current.implCode);
    await this.write(revoked, item?.scope ?? this.catalogue.ownScope(), 'revoked', actor);
    return revoked;
  }

  /** The active devolved delegation in effect today that lets the township decide `implCode`, or null. */
  async devolvedTo(implCode: string, townshipRegion: string): Promise<DelegationEntity | null> {
    const today = chinaDate(this.clock.now());
    const found = (await this.delegations.list({ implCode, status: 'active' })).find(
      (d) => d.mode === 'devolved' && d.effectiveFrom <= today && delegationCovers(d, townshipRegion),
    );
    return found ?? null;
  }

  /**
   * What a township may decide itself (DESIGN.md §5, route `local`): published items devolved to it by an active
   * delegation already in effect, plus published immediate items (即办件) of township level (镇级) in its scope.
   */
  async decidable(townshipRegion: string): Promise<ServiceItemEntity[]> {
    if (!/^\d{9}$/.test(townshipRegion)) throw badRequest([{ field: 'township', reason: 'must be the 9-digit region code of a township (GB/T 10114)' }]);
    const today = chinaDate(this.clock.now());
    const devolved = new Set(
      (await this.delegations.list({ status: 'active' }))
        .filter((d) => d.mode === 'devolved' && d.effectiveFrom <= today && delegationCovers(d, townshipRegion))
        .map((d) => d.implCode),
    );
    return (await this.items.all()).filter(
      (item) =>
        item.status === 'published' &&
        scopeCovers(item.scope, townshipRegion) &&
        (devolved.has(item.implCode) || (item.content.caseKind === 'immediate' && item.content.exerciseLevel === '5')),
    );
  }

  /** A target must be a township or district inside this node's region; `all` only from the city. */
  private checkTarget(target: DelegationTarget): FieldError[] {
    const own = this.config.regionCode;
    const code = target.regionCode;
    if (target.kind === 'all') {
      if (code !== undefined) return [{ field: 'target.regionCode', reason: 'must be absent when the target is all townships' }];
      if (this.config.tier !== 'city') return [{ field: 'target.kind', reason: `a district delegates to its own townships: use kind "district" with ${own}` }];
      return [];
    }
    const length = target.kind === 'township' ? 9 : 6;
    if (code === undefined || !new RegExp(`^\\d{${length}}$`).test(code)) {
      return [{ field: 'target.regionCode', reason: `must be the ${length}-digit region code of a ${target.kind}` }];
    }
    const inside =
      this.config.tier === 'city'
        ? target.kind === 'township'
          ? isRegionWithin(own, districtOf(code))
          : isRegionWithin(own, code)
        : target.kind === 'township'
          ? code.startsWith(own)
          : code === own;
    if (!inside) return [{ field: 'target.regionCode', reason: `${code} is not within this node's region ${own}` }];
    return [];
  }

  /** Saves the delegation, its version and its replication message in one transaction. */
  private async write(delegation: DelegationEntity, scope: string, change: 'granted' | 'revoked', actor: string, manager?: EntityManager): Promise<void> {
    const version: DelegationVersionEntity = {
      delegationId: delegation.id,
      version: delegation.version,
      change,
      snapshot: { ...delegation },
      actor,
      changedAt: delegation.updatedAt,
    };
    try {
      await this.uow.run(async (m) => {
        await this.delegations.save(delegation, version, m);
        await this.replication.delegationChanged(m, scope, delegation, version);
      }, manager);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`授权 ${delegation.id} 刚被修改，请刷新后重试 (changed concurrently, retry)`);
      throw error;
    }
  }
}
