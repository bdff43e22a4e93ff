import { Inject, Injectable } from '@nestjs/common';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import type { EntityManager } from 'typeorm';
import { hlcDay, hlcWall, parseCaseSubject } from '@liandong/sync';
import { caseDeadline, caseFacts, foldCase, isBadRating, tierOfRegion, withinCalendar, type CaseEvent, type CaseState, type Tier } from '@liandong/shared';
import { DelegationEntity } from '../persistence/catalogue.entities';
import { CaseFactsEntity } from '../persistence/supervision.entities';
import { ReferenceService } from '../reference/reference.service';
import { CasesRepository } from './cases.repository';

/**
 * Folds a case and stores what lists and supervision read: its state, its current due date, and whether staff must
 * review it. Used for local changes and for replicated events alike, so every node derives the same.
 */
@Injectable()
export class CaseProjection {
  constructor(
    private readonly cases: CasesRepository,
    private readonly reference: ReferenceService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async refresh(manager: EntityManager, caseId: string, events: readonly CaseEvent[], subject: string, at: string): Promise<CaseState> {
    const state = foldCase(caseId, events);
    const calendar = await this.reference.workingDays();
    const dueDate = withinCalendar(() => caseDeadline(state, calendar, hlcDay).dueDate);
    const rated = state.timeline.find((s) => s.type === 'case.rated');
    const followUpDue =
      rated !== undefined && isBadRating(state.rating) && !state.followUpAnswered
        ? withinCalendar(() => calendar.addWorkingDays(hlcDay(rated.hlc), this.config.followUpDays))
        : null;
    await this.cases.saveProjection(manager, state, { subject, dueDate, followUpDue, reviewReason: await this.reviewReason(manager, state) }, at);
    await manager.upsert(CaseFactsEntity, { ...caseFacts(state, this.windowTier(subject), calendar, hlcDay) }, ['caseId']);
    return state;
  }

  /**
   * The tier of the window a case was made at, from the subject its events travel on
   * (`gov.case.<district>.<window region>.<caseId>`): 9 digits are a township; the city's own region is the city.
   */
  private windowTier(subject: string): Tier | null {
    const parts = parseCaseSubject(subject);
    if (parts === null) return null;
    return tierOfRegion(parts.window, this.config.tier === 'city' ? this.config.regionCode : null);
  }

  /**
   * A township's local decision made after the delegation it relied on was revoked (it was offline) is kept and
   * flagged here, wherever the revocation is known (the owner of the delegation and the nodes above).
   */
  private async reviewReason(manager: EntityManager, state: CaseState): Promise<string | null> {
    if (state.route !== 'local' || state.delegation === null) return null;
    const decision = state.timeline.find((s) => s.type === 'case.approved' || s.type === 'case.denied');
    if (decision === undefined) return null;
    const delegation = await manager.findOneBy(DelegationEntity, { id: state.delegation.id });
    if (delegation === null || delegation.status !== 'revoked' || delegation.revokedAt === null) return null;
    const decidedAt = hlcWall(decision.hlc);
    if (Date.parse(delegation.revokedAt) > decidedAt) return null;
    return `决定作出时授权已撤销，需复核 (decided ${new Date(decidedAt).toISOString()} under delegation ${delegation.id}, revoked ${delegation.revokedAt})`;
  }
}
