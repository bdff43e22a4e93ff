import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  applyCaseEvent,
  CASE_STATUS_NAMES_ZH,
  checkCreditCode,
  checkResidentId,
  decodeCaseEventPayload,
  DECIDING_EVENTS,
  foldCase,
  formatQueryCode,
  newQueryCode,
  normalizeQueryCode,
  scopeCovers,
  WINDOW_EVENTS,
  type CaseApplicant,
  type CaseEvent,
  type CaseEventPayloads,
  type CaseEventType,
  type CaseState,
  type FieldError,
} from '@liandong/shared';
import { caseSubjectFor } from '@liandong/sync';
import type { AuthUser } from '../access/auth-user';
import { CatalogueService } from '../catalogue/catalogue.service';
import { chinaDate, CLOCK, type Clock } from '../clock/clock';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { DelegationService } from '../delegation/delegation.service';
import { badRequest } from '../http/validation';
import { isUniqueViolation } from '../persistence/db-errors';
import { UnitOfWork } from '../persistence/unit-of-work';
import { ReferenceService } from '../reference/reference.service';
import { EventRecorder } from '../sync/event-recorder';
import type { CaseEntity } from '../persistence/case.entities';
import { CaseProjection } from './case-projection';
import { CasesRepository } from './cases.repository';
import { QueryAttemptsRepository } from './query-attempts.repository';

/** Wrong query codes for one case number within QUERY_WINDOW_MS that lock its public query (and rating) at this node. */
export const QUERY_MAX_FAILURES = 10;
export const QUERY_WINDOW_MS = 60 * 60_000;
export const QUERY_LOCK_MS = 60 * 60_000;
/** Case numbers this node can give (`<regionCode>-<yyyymmdd>-<seq>`); anything else is unknown without a count. */
const CASE_NUMBER = /^\d{6,12}-\d{8}-\d{4,8}$/;
const NO_SUCH_CASE = '未找到该办件，请核对办件编号和查询码 (no case with this number and query code)';

export interface AcceptInput {
  readonly implCode: string;
  readonly applicant: CaseApplicant;
  readonly outcome: 'accept' | 'refuse' | 'supplement';
  readonly missing?: readonly string[];
  readonly reason?: string;
  readonly legalBasis?: string;
  /** 容缺受理: materials the applicant promises to bring, and by when. */
  readonly tolerated?: { readonly materials: readonly string[]; readonly due: string };
  /** Submit this village-station draft (代办) instead of starting a new case. */
  readonly draftId?: string;
  /** The checklist at the window: the materials of the item version that were handed in. */
  readonly received?: readonly string[];
  /** 补正后复核: decide again on this case, back at the window after its supplement (it keeps its query code). */
  readonly resubmittedId?: string;
  /** 网上申报: the application came in online (the item must be 网办); a draft is 代办. @default 'window' */
  readonly channel?: 'window' | 'online';
}

export interface DraftInput {
  /** Made by the client (the offline village app), so a draft sent twice is stored once. */
  readonly id: string;
  readonly implCode: string;
  readonly applicant: CaseApplicant;
  /** The village station (村/居 政务服务工作站); a village assistant's own station when absent. */
  readonly station?: string;
}

export interface AcceptResult {
  readonly caseId: string;
  /** Given to the applicant once, for the public progress query; only its hash is kept (null on a re-check: the first one stays). */
  readonly queryCode: string | null;
  readonly warnings: readonly string[];
}

/** Window clerks and admins work for the whole centre; a village assistant only for their station. */
function isCentreStaff(user: AuthUser): boolean {
  return user.roles.includes('window_clerk') || user.roles.includes('admin');
}

/** SHA-256 (hex) of a query code as `normalizeQueryCode` gives it (old 8-digit codes hash as they always did). */
export function hashQueryCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/**
 * Cases (办件) at this node's window and back office. Every change is an event: stored, folded into the case
 * and put in the outbox in one transaction; the fold decides whether the event is allowed in the case's state.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly catalogue: CatalogueService,
    private readonly delegations: DelegationService,
    private readonly reference: ReferenceService,
    private readonly recorder: EventRecorder,
    private readonly projection: CaseProjection,
    private readonly uow: UnitOfWork,
    private readonly attempts: QueryAttemptsRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * 综合受理 at this node's window: any published catalogue item in this node's scope. The route is fixed here:
   * `local` when this township may decide the item (devolved to it, or a township-level immediate item) or this
   * node owns it; otherwise `up` to the item's owner.
   */
  async accept(input: AcceptInput, user: AuthUser): Promise<AcceptResult> {
    const warnings: string[] = [];
    const errors: FieldError[] = this.checkApplicant(input.applicant, warnings);
    if (input.outcome === 'refuse' && (!input.reason || !input.legalBasis)) errors.push({ field: 'reason', reason: 'a refusal needs a reason and its legal basis (legalBasis)' });
    if (input.outcome === 'supplement' && (input.missing ?? []).length === 0) errors.push({ field: 'missing', reason: 'list everything missing at once (一次性告知)' });
    if (input.draftId !== undefined && input.channel !== undefined) errors.push({ field: 'channel', reason: 'a village-station draft comes in as 代办 (leave channel out)' });
    if (errors.length > 0) throw badRequest(errors);

    const item = await this.catalogue.get(input.implCode);
    if (input.channel === 'online' && !item.content.online) throw badRequest([{ field: 'channel', reason: `item ${item.implCode} is not handled online (是否网办: 否)` }]);
    if (input.tolerated !== undefined) {
      if (input.outcome !== 'accept') throw badRequest([{ field: 'tolerated', reason: 'only an acceptance can be 容缺受理' }]);
      const allowed = new Set(item.content.materials.filter((m) => m.toleranceAllowed).map((m) => m.name));
      const toleranceErrors: FieldError[] = input.tolerated.materials
        .map((name, i) => ({ name, i }))
        .filter(({ name }) => !allowed.has(name))
        .map(({ name, i }) => ({ field: `tolerated.materials[${i}]`, reason: `"${name}" is not a material of this item that may be promised later (容缺)` }));
      if (input.tolerated.due <= chinaDate(this.clock.now())) toleranceErrors.push({ field: 'tolerated.due', reason: 'must be a day after today' });
      if (toleranceErrors.length > 0) throw badRequest(toleranceErrors);
    }
    if (item.status !== 'published') throw new ConflictException(`事项当前不可受理 (item ${item.implCode} is ${item.status})`);
    if (input.received !== undefined) this.checkChecklist(item.content.materials, input);
    if (!scopeCovers(item.scope, this.config.regionCode) && item.scope !== 'all') throw new ForbiddenException(`事项不在本节点范围内 (item scope ${item.scope})`);

    const delegation = this.config.tier === 'township' ? await this.delegations.devolvedTo(item.implCode, this.config.regionCode) : null;
    const local =
      item.ownerNode === this.config.nodeId ||
      delegation !== null ||
      (this.config.tier === 'township' && item.content.caseKind === 'immediate' && item.content.exerciseLevel === '5');
    const today = chinaDate(this.clock.now());
    const dueDate = input.outcome === 'accept' ? await this.reference.dueDate(today, item.content.promisedLimitDays) : today;
    const queryCode = input.resubmittedId === undefined ? newQueryCode((n) => randomInt(n)) : null;
    let caseId: string = randomUUID();
    if (input.resubmittedId !== undefined) {
      const found = await this.get(input.resubmittedId);
      if (found.status !== 'submitted') throw new ConflictException(`办件当前状态为“${found.status === null ? '新件' : CASE_STATUS_NAMES_ZH[found.status]}”，无需复核 (case ${found.caseId} is ${found.status})`);
      if (found.state.timeline[0]?.origin !== this.config.nodeId) throw new ForbiddenException(`本件在 ${found.state.timeline[0]?.origin ?? '—'} 收件，请在收件窗口复核 (only the window that received it)`);
      caseId = found.caseId;
    }
    if (input.draftId !== undefined) {
      const draft = await this.get(input.draftId);
      if (draft.status !== 'draft') throw new ConflictException(`该预审件已提交 (draft ${input.draftId} is ${draft.status})`);
      if (draft.state.implCode !== item.implCode) throw badRequest([{ field: 'implCode', reason: `must be the draft's item (${draft.state.implCode})` }]);
      caseId = draft.caseId;
    }

    const submitted: CaseEventPayloads['case.submitted'] | null =
      queryCode === null
        ? null
        : {
            implCode: item.implCode,
            itemVersion: item.version,
            itemName: item.content.name,
            applicant: input.applicant,
            queryCodeHash: hashQueryCode(queryCode),
            channel: input.draftId !== undefined ? 'proxy' : (input.channel ?? 'window'),
            department: item.content.handlingDepartment,
          };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.uow.run(async (manager) => {
          const prefix = `${this.config.regionCode}-${today.replaceAll('-', '')}-`;
          const caseNumber = `${prefix}${String((await this.cases.countNumbers(manager, prefix)) + 1 + attempt).padStart(4, '0')}`;
          const second: [CaseEventType, unknown] =
            input.outcome === 'accept'
              ? [
                  'case.accepted',
                  {
                    caseNumber,
                    route: local ? 'local' : 'up',
                    handlingNode: local ? this.config.nodeId : item.ownerNode,
                    coDepartments: [...item.content.coDepartments],
                    tolerated: input.tolerated ?? null,
                    dueDate,
                    limitDays: item.content.promisedLimitDays,
                    statutoryDays: item.content.statutoryLimitDays,
                    delegation: delegation === null ? null : { id: delegation.id, version: delegation.version },
                    department: item.content.handlingDepartment,
                    feeDueFen: item.content.fees.reduce((sum, fee) => sum + fee.amountFen, 0),
                    maxVisits: item.content.maxVisits,
                  } satisfies CaseEventPayloads['case.accepted'],
                ]
              : input.outcome === 'refuse'
                ? ['case.refused', { reason: input.reason ?? '', legalBasis: input.legalBasis ?? '' }]
                : ['case.supplement_requested', { missing: [...(input.missing ?? [])] }];
          const subject = (await this.cases.find(caseId, manager))?.subject ?? caseSubjectFor(this.config, caseId);
          if (submitted !== null) await this.append(manager, caseId, subject, 'case.submitted', submitted, user.username);
          await this.append(manager, caseId, subject, second[0], second[1], user.username);
        });
        return { caseId, queryCode: queryCode === null ? null : formatQueryCode(queryCode), warnings };
      } catch (error) {
        if (isUniqueViolation(error) && attempt < 3) continue; // another window took the same case number
        throw error;
      }
    }
  }

  /**
   * One step of a case at this node. The handling node's back office reviews and decides; the accepting window
   * issues and takes withdrawals. 403 when this node may not take the step, 409 when the case's state forbids it.
   */
  async act<T extends CaseEventType>(caseId: string, type: T, payload: CaseEventPayloads[T], user: AuthUser): Promise<void> {
    const found = await this.get(caseId);
    const current = found.state;
    if (DECIDING_EVENTS.includes(type) && current.handlingNode !== this.config.nodeId) {
      throw new ForbiddenException(`本件由 ${current.handlingNode ?? '—'} 审批 (only the handling node decides)`);
    }
    const windowNode = current.acceptingNode ?? current.timeline[0]?.origin ?? null;
    if (WINDOW_EVENTS.includes(type) && windowNode !== this.config.nodeId) {
      throw new ForbiddenException(`本件在 ${windowNode ?? '—'} 受理，请在受理窗口办理 (only the accepting window)`);
    }
    await this.uow.run(async (manager) => {
      await this.append(manager, caseId, found.subject, type, payload, user.username);
      if (type === 'case.approved' || type === 'case.denied') {
        await this.append(manager, caseId, found.subject, 'case.ready_for_issue', {}, user.username);
      }
    });
  }

  async get(caseId: string): Promise<CaseEntity> {
    const found = await this.cases.find(caseId);
    if (found === null) throw new NotFoundException(`办件不存在 (no case ${caseId})`);
    return found;
  }

  /**
   * The public progress query: the timeline, only with the query code the applicant holds (any case, with or without
   * separators; old 8-digit codes too). QUERY_MAX_FAILURES wrong codes for one case number within an hour lock its
   * query at this node for an hour, answered exactly like an unknown number; unknown numbers are counted the same way,
   * and a right code does not end a lock early (ADR 0016).
   */
  async publicTimeline(caseNumber: string, code: string): Promise<CaseEntity> {
    if (!CASE_NUMBER.test(caseNumber)) throw new NotFoundException(NO_SUCH_CASE);
    const now = this.clock.now().getTime();
    const attempts = await this.attempts.find(caseNumber);
    if (attempts?.lockedUntil != null && Date.parse(attempts.lockedUntil) > now) throw new NotFoundException(NO_SUCH_CASE);
    const normalized = normalizeQueryCode(code);
    const found = await this.cases.findByNumber(caseNumber);
    if (found !== null && normalized !== null && found.state.queryCodeHash === hashQueryCode(normalized)) return found;
    const open = attempts !== null && now - Date.parse(attempts.windowStart) < QUERY_WINDOW_MS;
    const failures = (open ? attempts.failures : 0) + 1;
    await this.attempts.prune(new Date(now - QUERY_WINDOW_MS - QUERY_LOCK_MS).toISOString());
    await this.attempts.save({
      caseNumber,
      failures,
      windowStart: open ? attempts.windowStart : new Date(now).toISOString(),
      lockedUntil: failures >= QUERY_MAX_FAILURES ? new Date(now + QUERY_LOCK_MS).toISOString() : null,
    });
    throw new NotFoundException(NO_SUCH_CASE);
  }

  /**
   * 重新生成查询码 at the accepting window: a new code for the applicant (returned once, grouped), the old one stops
   * working on every node as the event travels; this node's count of wrong codes for the case starts again.
   */
  async reissueQueryCode(caseId: string, user: AuthUser): Promise<{ caseNumber: string; queryCode: string }> {
    const found = await this.get(caseId);
    if (found.state.acceptingNode === null || found.state.caseNumber === null) {
      throw new ConflictException(`办件尚未受理，没有可查询的办件编号 (case ${caseId} is not accepted)`);
    }
    const code = newQueryCode((n) => randomInt(n));
    await this.act(caseId, 'case.query_code_reissued', { queryCodeHash: hashQueryCode(code) }, user);
    await this.attempts.clear(found.state.caseNumber);
    return { caseNumber: found.state.caseNumber, queryCode: formatQueryCode(code) };
  }

  page(filter: Parameters<CasesRepository['page']>[0]) {
    return this.cases.page(filter);
  }

  /**
   * 代办: a village assistant records an application for a villager at the township node, which needs no upstream
   * link. Idempotent by the client's id: the same draft sent again is returned, not stored twice.
   */
  async draft(input: DraftInput, user: AuthUser): Promise<{ entity: CaseEntity; created: boolean }> {
    if (this.config.tier !== 'township') throw new ForbiddenException('代办预审件由镇街便民服务中心接收 (drafts are taken by township nodes)');
    const station = this.stationFor(user, input.station);
    const existing = await this.cases.find(input.id);
    if (existing !== null) {
      const same = existing.state.timeline[0]?.type === 'case.drafted' && existing.state.timeline[0].actor === user.username && existing.state.implCode === input.implCode;
      if (!same) throw new ConflictException(`编号已被使用 (id ${input.id} is taken)`);
      return { entity: existing, created: false };
    }
    const warnings: string[] = [];
    const errors = this.checkApplicant(input.applicant, warnings);
    if (errors.length > 0) throw badRequest(errors);
    const item = await this.catalogue.get(input.implCode);
    if (item.status !== 'published') throw new ConflictException(`事项当前不可受理 (item ${item.implCode} is ${item.status})`);
    const payload: CaseEventPayloads['case.drafted'] = {
      implCode: item.implCode,
      itemVersion: item.version,
      itemName: item.content.name,
      applicant: input.applicant,
      proxy: `${station}/${user.username}`,
      station,
    };
    try {
      await this.uow.run((manager) => this.append(manager, input.id, caseSubjectFor(this.config, input.id), 'case.drafted', payload, user.username));
    } catch (error) {
      if (isUniqueViolation(error)) return { entity: await this.get(input.id), created: false }; // the same draft, twice at once
      throw error;
    }
    return { entity: await this.get(input.id), created: true };
  }

  /** Drafts at this node: a village assistant sees their station's, the window sees all. */
  async drafts(user: AuthUser): Promise<CaseEntity[]> {
    const { items } = await this.cases.page({ status: 'draft', offset: 0, limit: 500 });
    return isCentreStaff(user) ? items : items.filter((c) => user.station !== null && c.state.station === user.station);
  }

  /**
   * The station a draft is taken for: a village assistant's own (another one is refused); the window names any.
   */
  private stationFor(user: AuthUser, requested: string | undefined): string {
    if (isCentreStaff(user)) {
      if (requested === undefined) throw badRequest([{ field: 'station', reason: 'name the village station the draft comes from' }]);
      return requested;
    }
    if (user.station === null) throw new ForbiddenException('账户未设置所属村(居)工作站，无法代办 (this assistant has no village station)');
    if (requested !== undefined && requested !== user.station) throw new ForbiddenException(`只能为本工作站（${user.station}）代办 (a village assistant takes drafts for their own station)`);
    return user.station;
  }

  /** 后台审批: cases this node decides that wait for review or decision, optionally of one department. */
  queue(department: string | undefined, offset: number, limit: number) {
    return this.cases.queue(this.config.nodeId, department, offset, limit);
  }

  /** 好差评 by the applicant, with the query code, at the accepting window's node. */
  async rate(caseNumber: string, code: string, score: 1 | 2 | 3 | 4 | 5, comment: string): Promise<CaseEntity> {
    const found = await this.publicTimeline(caseNumber, code);
    await this.act(found.caseId, 'case.rated', { score, comment }, { id: 'applicant', username: 'applicant', roles: [], nodeId: this.config.nodeId, station: null });
    return this.get(found.caseId);
  }

  /**
   * Stamps, checks, stores and publishes one event; returns the case's new state. The payload passes the codec every
   * receiver decodes it with first (400 otherwise), so what this node folds, every node folds.
   */
  private async append(manager: EntityManager, caseId: string, subject: string, type: CaseEventType, payload: unknown, actor: string): Promise<CaseState> {
    const decoded = decodeCaseEventPayload(type, payload);
    if (!decoded.ok) throw badRequest([{ field: decoded.path === '' ? 'payload' : decoded.path, reason: decoded.problem }]);
    const events = await this.cases.events(manager, caseId);
    const before = foldCase(caseId, events);
    const envelope = this.recorder.stamp({ type, aggregate: caseId, actor, payload: decoded.value });
    const event = envelope as unknown as CaseEvent;
    const result = applyCaseEvent(before, event);
    if (typeof result === 'string') {
      const status = before.status === null ? '新件' : CASE_STATUS_NAMES_ZH[before.status];
      throw new ConflictException(`办件当前状态为“${status}”，不能办理此操作 (${result})`);
    }
    const now = this.clock.now().toISOString();
    await this.cases.insertEvent(manager, event, now);
    await this.recorder.append(manager, subject, envelope);
    return this.projection.refresh(manager, caseId, [...events, event], subject, now);
  }

  /**
   * The window's checklist against the item version: every name must be a material of the item; to accept, every
   * required material must be handed in or promised under 容缺 (otherwise: supplement or refuse).
   */
  private checkChecklist(materials: ReadonlyArray<{ name: string; required: boolean }>, input: AcceptInput): void {
    const names = new Set(materials.map((m) => m.name));
    const received = input.received ?? [];
    const errors: FieldError[] = received
      .map((name, i) => ({ name, i }))
      .filter(({ name }) => !names.has(name))
      .map(({ name, i }) => ({ field: `received[${i}]`, reason: `"${name}" is not a material of this item version` }));
    if (input.outcome === 'accept') {
      const promised = new Set(input.tolerated?.materials ?? []);
      for (const m of materials) {
        if (m.required && !received.includes(m.name) && !promised.has(m.name)) {
          errors.push({ field: 'received', reason: `required material "${m.name}" is missing: ask for it at once (supplement) or accept with a promise (容缺)` });
        }
      }
    }
    if (errors.length > 0) throw badRequest(errors);
  }

  private checkApplicant(applicant: CaseApplicant, warnings: string[]): FieldError[] {
    if (applicant.kind === 'person') {
      const id = checkResidentId(applicant.idNumber, { today: chinaDate(this.clock.now()) });
      return id.ok ? [] : [{ field: 'applicant.idNumber', reason: id.reason }];
    }
    const code = checkCreditCode(applicant.idNumber);
    if (!code.ok) return [{ field: 'applicant.idNumber', reason: code.reason }];
    if (code.warning !== null) warnings.push(code.warning);
    return [];
  }
}
