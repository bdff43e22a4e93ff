import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { IsNull, Not, type FindOptionsWhere } from 'typeorm';
import { caseWarnings, isFinal, responsibleNode, statutoryDueDate, WARNING_KINDS, type CaseWarning, type WarningKind } from '@liandong/shared';
import { hlcDay, stampedAt } from '@liandong/sync';
import type { AuthUser } from '../access/auth-user';
import { CasesRepository } from '../cases/cases.repository';
import { chinaDate, CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import type { CaseEntity } from '../persistence/case.entities';
import type { SupervisionCardEntity, SupervisionNoticeEntity } from '../persistence/supervision.entities';
import { UnitOfWork } from '../persistence/unit-of-work';
import { ReferenceService } from '../reference/reference.service';
import { EventRecorder } from '../sync/event-recorder';
import { SUPERVISION_MESSAGES, type CardPayload, type NoticeAnsweredPayload, type NoticeSentPayload } from './supervision-messages';
import { SupervisionRepository, type CardFilter, type CardGroup } from './supervision.repository';

/** A warning a case carries now, with what a supervisor needs to find the case. */
export interface LiveWarning extends CaseWarning {
  readonly caseId: string;
  readonly caseNumber: string | null;
  readonly itemName: string | null;
  readonly status: string | null;
  readonly promisedDueDate: string | null;
  readonly statutoryDueDate: string | null;
}

/** The last run of the node's checks. */
export interface CheckRun {
  /** The node's clock when the run started, and its day in China Standard Time. */
  readonly at: string;
  readonly day: string;
  readonly issued: number;
}

const SEVERITY: Readonly<Record<WarningKind, number>> = { red: 0, yellow: 1, promise_overdue: 2, follow_up_overdue: 3, notice: 4 };

/**
 * 电子监察 at this node: the warnings its cases carry (computed in working days for the cases it holds, so the city
 * sees all, a district its townships, a township itself), the cards it issues for the cases it is responsible for,
 * and 督办 notices between tiers. Cards and notices travel with the case's events.
 */
@Injectable()
export class SupervisionService {
  private readonly logger = new Logger('Supervision');
  private lastRun: CheckRun | null = null;

  constructor(
    private readonly repository: SupervisionRepository,
    private readonly cases: CasesRepository,
    private readonly reference: ReferenceService,
    private readonly recorder: EventRecorder,
    private readonly uow: UnitOfWork,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  status() {
    return { lastCheck: this.lastRun, intervalSeconds: this.config.supervision.intervalSeconds, thresholds: this.config.supervision.thresholds };
  }

  /** Warnings of the cases this node holds, today; the most severe first, then by due date. */
  async warnings(filter: { kind?: WarningKind; department?: string; node?: string }): Promise<LiveWarning[]> {
    const today = chinaDate(this.clock.now());
    const all = await this.compute(await this.repository.watched(), today);
    // A case past its statutory limit shows its red card, not also the yellow one.
    const red = new Set(all.filter((w) => w.kind === 'red').map((w) => w.caseId));
    return all
      .filter((w) => !(w.kind === 'yellow' && red.has(w.caseId) && filter.kind !== 'yellow'))
      .filter((w) => (filter.kind === undefined || w.kind === filter.kind) && (filter.department === undefined || w.department === filter.department))
      .filter((w) => filter.node === undefined || w.responsibleNode === filter.node)
      .sort((a, b) => SEVERITY[a.kind] - SEVERITY[b.kind] || a.dueDate.localeCompare(b.dueDate) || a.caseId.localeCompare(b.caseId));
  }

  /**
   * The scheduler's check: every warning of a case this node is responsible for that has no card yet becomes one,
   * stored and put in the outbox in one transaction. A card is issued once per case and kind, also across restarts.
   */
  async check(): Promise<CheckRun> {
    const now = this.clock.now();
    const today = chinaDate(now);
    const watched = await this.repository.watched(this.config.nodeId);
    const due = (await this.compute(watched, today)).filter((w) => w.responsibleNode === this.config.nodeId);
    const issued = await this.repository.issuedKinds([...new Set(due.map((w) => w.caseId))]);
    const subjects = new Map(watched.map((c) => [c.caseId, c.subject]));
    let count = 0;
    for (const warning of due) {
      if (issued.get(warning.caseId)?.has(warning.kind) === true) continue;
      await this.uow.run(async (manager) => {
        const payload: CardPayload = {
          kind: warning.kind,
          caseNumber: warning.caseNumber,
          itemName: warning.itemName,
          department: warning.department,
          node: this.config.nodeId,
          dueDate: warning.dueDate,
          workingDaysLeft: warning.workingDaysLeft,
          issuedOn: today,
        };
        const envelope = this.recorder.stamp({ type: SUPERVISION_MESSAGES.card, aggregate: warning.caseId, actor: 'system', payload });
        if (await this.repository.insertCard(manager, cardEntity(envelope.id, warning.caseId, payload, stampedAt(envelope.hlc)))) {
          await this.recorder.append(manager, subjects.get(warning.caseId) as string, envelope);
          count++;
        }
      });
    }
    if (count > 0) this.logger.log(`issued ${count} supervision card(s) for ${today}`);
    this.lastRun = { at: now.toISOString(), day: today, issued: count };
    return this.lastRun;
  }

  cards(filter: CardFilter, offset: number, limit: number) {
    return this.repository.cards(filter, offset, limit);
  }

  /** Cards counted per node, department or month, one column per kind. */
  async summary(filter: CardFilter, groupBy: CardGroup) {
    const rows = new Map<string, Record<WarningKind, number>>();
    for (const { key, kind, count } of await this.repository.cardCounts(filter, groupBy)) {
      const row = rows.get(key) ?? (Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])) as Record<WarningKind, number>);
      row[kind] += count;
      rows.set(key, row);
    }
    return [...rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, counts]) => ({ key, ...counts, total: WARNING_KINDS.reduce((sum, k) => sum + counts[k], 0) }));
  }

  /**
   * 督办: this node (city or district) sends a supervision notice about a case it holds to the node responsible for
   * the case's next step. A district supervises the nodes below it, not the city.
   */
  async sendNotice(caseId: string, message: string, user: AuthUser): Promise<SupervisionNoticeEntity> {
    if (this.config.tier === 'township') throw new ForbiddenException('督办由市、区政务服务中心发出 (only the city and districts send supervision notices)');
    const found = await this.cases.find(caseId);
    if (found === null) throw new NotFoundException(`办件不存在 (no case ${caseId})`);
    const target = responsibleNode(found.state);
    if (target === null) throw new ConflictException('办件尚未受理，无责任节点 (the case has no responsible node yet)');
    if (isFinal(found.state) && !found.followUpOpen) throw new ConflictException('办件已办结，无需督办 (the case is closed)');
    if (target === this.config.nodeId) throw new ConflictException('本节点即为责任节点，无需督办 (this node is responsible for the case)');
    if (this.config.tier === 'district' && target === this.config.cityId) throw new ForbiddenException('区级只能督办下级节点 (a district supervises the nodes below it)');
    const payload: NoticeSentPayload = { caseNumber: found.caseNumber, toNode: target, message };
    const envelope = this.recorder.stamp({ type: SUPERVISION_MESSAGES.noticeSent, aggregate: caseId, actor: user.username, payload });
    const notice = noticeEntity(envelope.id, caseId, this.config.nodeId, user.username, stampedAt(envelope.hlc), payload);
    await this.uow.run(async (manager) => {
      await this.repository.insertNotice(manager, notice);
      await this.recorder.append(manager, found.subject, envelope);
    });
    return notice;
  }

  /** The responsible node answers a 督办; the answer travels back to the sender with the case's events. */
  async answerNotice(id: string, answer: string, user: AuthUser): Promise<SupervisionNoticeEntity> {
    const notice = await this.repository.findNotice(id);
    if (notice === null) throw new NotFoundException(`督办通知不存在 (no supervision notice ${id})`);
    if (notice.toNode !== this.config.nodeId) throw new ForbiddenException(`该督办发给 ${notice.toNode}，由其答复 (only the node it was sent to answers)`);
    if (notice.answer !== null) throw new ConflictException('该督办已答复 (already answered)');
    const found = await this.cases.find(notice.caseId);
    if (found === null) throw new NotFoundException(`办件不存在 (no case ${notice.caseId})`);
    const payload: NoticeAnsweredPayload = { noticeId: id, answer };
    const envelope = this.recorder.stamp({ type: SUPERVISION_MESSAGES.noticeAnswered, aggregate: notice.caseId, actor: user.username, payload });
    const answered = { answer, answeredBy: user.username, answeredAt: stampedAt(envelope.hlc) };
    await this.uow.run(async (manager) => {
      await this.repository.answerNotice(manager, id, answered);
      await this.recorder.append(manager, found.subject, envelope);
    });
    return { ...notice, ...answered };
  }

  /** Notices this node received, sent, or every one it holds; open (unanswered) or answered. */
  notices(direction: 'received' | 'sent' | undefined, status: 'open' | 'answered' | undefined, offset: number, limit: number) {
    const where: FindOptionsWhere<SupervisionNoticeEntity> = {};
    if (direction === 'received') where.toNode = this.config.nodeId;
    if (direction === 'sent') where.fromNode = this.config.nodeId;
    if (status !== undefined) where.answer = status === 'open' ? IsNull() : Not(IsNull());
    return this.repository.notices(where, offset, limit);
  }

  /** Open cards per kind, for the metrics. */
  cardTotals() {
    return this.repository.cardTotals();
  }

  private async compute(watched: readonly CaseEntity[], today: string): Promise<LiveWarning[]> {
    const calendar = await this.reference.workingDays();
    const thresholds = this.config.supervision.thresholds;
    return watched.flatMap((c) => {
      const found = caseWarnings(c.state, { today, calendar, dateOf: hlcDay, followUpDue: c.followUpDue, thresholds });
      if (found.length === 0) return [];
      const statutory = statutoryDueDate(c.state, calendar, hlcDay);
      return found.map((w) => ({
        ...w,
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        itemName: c.state.itemName,
        status: c.status,
        promisedDueDate: c.dueDate,
        statutoryDueDate: statutory,
      }));
    });
  }
}

export function cardEntity(id: string, caseId: string, p: CardPayload, issuedAt: string): SupervisionCardEntity {
  return {
    id,
    caseId,
    caseNumber: p.caseNumber,
    itemName: p.itemName,
    kind: p.kind,
    department: p.department,
    node: p.node,
    dueDate: p.dueDate,
    workingDaysLeft: p.workingDaysLeft,
    issuedOn: p.issuedOn,
    issuedAt,
  };
}

export function noticeEntity(id: string, caseId: string, fromNode: string, sentBy: string, sentAt: string, p: NoticeSentPayload): SupervisionNoticeEntity {
  return { id, caseId, caseNumber: p.caseNumber, fromNode, toNode: p.toNode, message: p.message, sentBy, sentAt, answer: null, answeredBy: null, answeredAt: null };
}
