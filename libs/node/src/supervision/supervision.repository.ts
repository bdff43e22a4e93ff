import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { WARNING_KINDS, type WarningKind } from '@liandong/shared';
import { CaseEntity } from '../persistence/case.entities';
import { SupervisionCardEntity, SupervisionNoticeEntity } from '../persistence/supervision.entities';

/** Statuses in which a case can carry a deadline warning (the decision or the issuance is pending). */
const DEADLINE_OPEN = ['accepted', 'in_review', 'suspended', 'approved', 'denied', 'ready_for_issue'];

export interface CardFilter {
  readonly kind?: WarningKind;
  readonly node?: string;
  readonly department?: string;
  readonly from?: string;
  readonly to?: string;
}

export type CardGroup = 'node' | 'department' | 'month';

/** The only place that reads and writes cards and 督办 notices, and the cases supervision watches. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Cases that may carry a warning: a deadline still running, an undelivered 容缺 promise, an open 差评 follow-up.
   * With `node`, only those where that node could be responsible (it handles the case or accepted it).
   */
  watched(node?: string): Promise<CaseEntity[]> {
    const query = this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where(
        new Brackets((open) => {
          open.where('c.status IN (:...open)', { open: DEADLINE_OPEN }).orWhere('c.promiseDue IS NOT NULL').orWhere('c.followUpOpen = :yes', { yes: true });
        }),
      );
    if (node !== undefined) query.andWhere(new Brackets((mine) => mine.where('c.handlingNode = :node', { node }).orWhere('c.acceptingNode = :node', { node })));
    return query.orderBy('c.caseId').getMany();
  }

  /** The kinds already issued for each of `caseIds`. */
  async issuedKinds(caseIds: readonly string[]): Promise<Map<string, Set<WarningKind>>> {
    const out = new Map<string, Set<WarningKind>>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const rows = await this.dataSource.getRepository(SupervisionCardEntity).find({ select: { caseId: true, kind: true }, where: { caseId: In(caseIds.slice(i, i + 500)) } });
      for (const row of rows) {
        const kinds = out.get(row.caseId) ?? new Set<WarningKind>();
        kinds.add(row.kind);
        out.set(row.caseId, kinds);
      }
    }
    return out;
  }

  /** Stores a card unless the case already has one of that kind; returns whether it was new. */
  async insertCard(manager: EntityManager, card: SupervisionCardEntity): Promise<boolean> {
    if ((await manager.findOneBy(SupervisionCardEntity, { caseId: card.caseId, kind: card.kind })) !== null) return false;
    await manager.insert(SupervisionCardEntity, card);
    return true;
  }

  async cards(filter: CardFilter, offset: number, limit: number): Promise<{ items: SupervisionCardEntity[]; total: number }> {
    const [items, total] = await this.cardQuery(filter).orderBy('card.issuedAt', 'DESC').addOrderBy('card.id', 'ASC').skip(offset).take(limit).getManyAndCount();
    return { items, total };
  }

  /** Cards counted per group and kind. */
  async cardCounts(filter: CardFilter, groupBy: CardGroup): Promise<Array<{ key: string; kind: WarningKind; count: number }>> {
    const key = groupBy === 'month' ? 'SUBSTR(card.issuedOn, 1, 7)' : groupBy === 'node' ? 'card.node' : 'card.department';
    const rows = (await this.cardQuery(filter).select(key, 'key').addSelect('card.kind', 'kind').addSelect('COUNT(*)', 'count').groupBy(key).addGroupBy('card.kind').getRawMany()) as Array<{
      key: string | null;
      kind: string;
      count: string | number;
    }>;
    return rows
      .filter((r): r is typeof r & { kind: WarningKind } => (WARNING_KINDS as readonly string[]).includes(r.kind))
      .map((r) => ({ key: r.key ?? '—', kind: r.kind, count: Number(r.count) }));
  }

  /** Open cards per kind (for the metrics gauges). */
  async cardTotals(): Promise<Map<WarningKind, number>> {
    const rows = (await this.dataSource.getRepository(SupervisionCardEntity).createQueryBuilder('card').select('card.kind', 'kind').addSelect('COUNT(*)', 'count').groupBy('card.kind').getRawMany()) as Array<{
      kind: WarningKind;
      count: string | number;
    }>;
    return new Map(rows.map((r) => [r.kind, Number(r.count)]));
  }

  findNotice(id: string, manager: EntityManager = this.dataSource.manager): Promise<SupervisionNoticeEntity | null> {
    return manager.findOneBy(SupervisionNoticeEntity, { id });
  }

  /** Stores a notice unless it is already there; returns whether it was new. */
  async insertNotice(manager: EntityManager, notice: SupervisionNoticeEntity): Promise<boolean> {
    if ((await this.findNotice(notice.id, manager)) !== null) return false;
    await manager.insert(SupervisionNoticeEntity, notice);
    return true;
  }

  async answerNotice(manager: EntityManager, id: string, answer: Pick<SupervisionNoticeEntity, 'answer' | 'answeredBy' | 'answeredAt'>): Promise<void> {
    await manager.update(SupervisionNoticeEntity, { id }, answer);
  }

  async notices(where: FindOptionsWhere<SupervisionNoticeEntity>, offset: number, limit: number): Promise<{ items: SupervisionNoticeEntity[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(SupervisionNoticeEntity).findAndCount({ where, order: { sentAt: 'DESC', id: 'ASC' }, skip: offset, take: limit });
    return { items, total };
  }

  private cardQuery(filter: CardFilter) {
    const query = this.dataSource.getRepository(SupervisionCardEntity).createQueryBuilder('card').where('1 = 1');
    if (filter.kind !== undefined) query.andWhere('card.kind = :kind', { kind: filter.kind });
    if (filter.node !== undefined) query.andWhere('card.node = :node', { node: filter.node });
    if (filter.department !== undefined) query.andWhere('card.department = :department', { department: filter.department });
    if (filter.from !== undefined) query.andWhere('card.issuedOn >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('card.issuedOn <= :to', { to: filter.to });
    return query;
  }
}
