import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, Like, MoreThan, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { isBadRating, type CaseEvent, type CaseState, type CaseStatus } from '@liandong/shared';
import { CaseEntity, CaseEventEntity } from '../persistence/case.entities';

/** The only place that reads and writes case events and the case projection. */
@Injectable()
export class CasesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async events(manager: EntityManager, caseId: string): Promise<CaseEvent[]> {
    const rows = await manager.find(CaseEventEntity, { where: { caseId } });
    return rows.map((r) => ({ id: r.eventId, type: r.type, aggregate: r.caseId, origin: r.origin, hlc: r.hlc, actor: r.actor, payload: r.payload }) as CaseEvent);
  }

  /** Stores an event unless it is already there; returns whether it was new. */
  async insertEvent(manager: EntityManager, event: CaseEvent, at: string): Promise<boolean> {
    if ((await manager.findOneBy(CaseEventEntity, { eventId: event.id })) !== null) return false;
    await manager.insert(CaseEventEntity, {
      eventId: event.id,
      caseId: event.aggregate,
      type: event.type,
      origin: event.origin,
      hlc: event.hlc,
      actor: event.actor.slice(0, 64),
      payload: event.payload,
      recordedAt: at,
    });
    return true;
  }

  async saveProjection(manager: EntityManager, state: CaseState, extra: Pick<CaseEntity, 'subject' | 'dueDate' | 'reviewReason' | 'followUpDue'>, at: string): Promise<void> {
    const rated = state.rating;
    await manager.save(CaseEntity, {
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      status: state.status,
      implCode: state.implCode,
      acceptingNode: state.acceptingNode,
      handlingNode: state.handlingNode,
      conflicts: state.conflicts.length,
      department: state.department,
      promiseDue: state.tolerated !== null && !state.materialsDelivered ? state.tolerated.due : null,
      followUpOpen: isBadRating(rated) && !state.followUpAnswered,
      ...extra,
      state,
      updatedAt: at,
    });
  }

  find(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<CaseEntity | null> {
    return manager.findOneBy(CaseEntity, { caseId });
  }

  findByNumber(caseNumber: string): Promise<CaseEntity | null> {
    return this.dataSource.getRepository(CaseEntity).findOneBy({ caseNumber });
  }

  /** How many case numbers this node has given with `prefix` (its region code and the day). */
  countNumbers(manager: EntityManager, prefix: string): Promise<number> {
    return manager.countBy(CaseEntity, { caseNumber: Like(`${prefix}%`) });
  }

  /** Cases `nodeId` decides that wait for review or a decision, oldest due first. */
  async queue(nodeId: string, department: string | undefined, offset: number, limit: number): Promise<{ items: CaseEntity[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(CaseEntity).findAndCount({
      where: { handlingNode: nodeId, status: In(['accepted', 'in_review', 'suspended']), ...(department === undefined ? {} : { department }) },
      order: { dueDate: 'ASC', caseId: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { items, total };
  }

  async page(filter: {
    status?: CaseStatus;
    withConflicts?: boolean;
    toReview?: boolean;
    /** 容缺 promises not delivered: all of them, or those due before `before`. */
    promises?: { before?: string };
    /** 差评 whose follow-up is not answered. */
    openFollowUps?: boolean;
    offset: number;
    limit: number;
  }): Promise<{ items: CaseEntity[]; total: number }> {
    const where: FindOptionsWhere<CaseEntity> = {};
    if (filter.promises !== undefined) where.promiseDue = filter.promises.before === undefined ? Not(IsNull()) : LessThan(filter.promises.before);
    if (filter.openFollowUps === true) where.followUpOpen = true;
    if (filter.toReview === true) where.reviewReason = Not(IsNull());
    if (filter.status !== undefined) where.status = filter.status;
    if (filter.withConflicts === true) where.conflicts = MoreThan(0);
    const [items, total] = await this.dataSource.getRepository(CaseEntity).findAndCount({ where, order: { updatedAt: 'DESC' }, skip: filter.offset, take: filter.limit });
    return { items, total };
  }
}
