import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RejectedMessageError, stampedAt, type MessageHandler } from '@liandong/sync';
import { NODE_CONFIG } from '../config/config.module';
import type { NodeConfig } from '../config/node-config';
import { CaseOrigins } from '../sync/case-origins';
import { decodedHandler } from '../sync/decoded-handler';
import { SyncRuntime } from '../sync/sync-runtime';
import { CARD_PAYLOAD, NOTICE_ANSWERED_PAYLOAD, NOTICE_SENT_PAYLOAD, SUPERVISION_MESSAGES } from './supervision-messages';
import { SupervisionRepository } from './supervision.repository';
import { cardEntity, noticeEntity } from './supervision.service';

/**
 * Applies cards and 督办 notices from other nodes (they come with the case's events, so every ancestor and the
 * home window hold them). Payloads are decoded by their codecs (supervision-messages.ts) before anything here runs. Authorization on apply: the origin may write on the case's subject (`CaseOrigins`); a card only from the node it names as responsible; a notice only
 * from a node other than its addressee — at the addressee, only from one of its ancestors; an answer only from the
 * node the notice was sent to.
 */
@Injectable()
export class SupervisionReplication implements OnModuleInit {
  constructor(
    private readonly runtime: SyncRuntime,
    private readonly repository: SupervisionRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly origins: CaseOrigins,
  ) {}

  onModuleInit(): void {
    this.runtime.register(this.cardHandler());
    this.runtime.register(this.noticeSentHandler());
    this.runtime.register(this.noticeAnsweredHandler());
  }

  private cardHandler(): MessageHandler<EntityManager> {
    return decodedHandler({
      type: SUPERVISION_MESSAGES.card,
      payload: CARD_PAYLOAD,
      authorize: (env, meta) =>
        this.origins.caseMessageProblem(env, meta) ?? (env.payload.node === env.origin ? null : `a card names its issuer: ${env.origin} may not issue a card for ${env.payload.node}`),
      apply: async (tx, env) => {
        await this.repository.insertCard(tx, cardEntity(env.id, env.aggregate, env.payload, stampedAt(env.hlc)));
      },
    });
  }

  private noticeSentHandler(): MessageHandler<EntityManager> {
    return decodedHandler({
      type: SUPERVISION_MESSAGES.noticeSent,
      payload: NOTICE_SENT_PAYLOAD,
      authorize: (env, meta) => {
        const problem = this.origins.caseMessageProblem(env, meta);
        if (problem !== null) return problem;
        const p = env.payload;
        if (p.toNode === env.origin) return `${env.origin} may not send a supervision notice to itself`;
        const ancestors = [this.config.parentId, this.config.cityId];
        if (p.toNode === this.config.nodeId && !ancestors.includes(env.origin)) return `${env.origin} is not above ${this.config.nodeId}: it may not supervise it`;
        return null;
      },
      apply: async (tx, env) => {
        await this.repository.insertNotice(tx, noticeEntity(env.id, env.aggregate, env.origin, env.actor.slice(0, 64), stampedAt(env.hlc), env.payload));
      },
    });
  }

  private noticeAnsweredHandler(): MessageHandler<EntityManager> {
    return decodedHandler({
      type: SUPERVISION_MESSAGES.noticeAnswered,
      payload: NOTICE_ANSWERED_PAYLOAD,
      authorize: (env, meta) => this.origins.caseMessageProblem(env, meta),
      apply: async (tx, env, meta) => {
        const p = env.payload;
        const notice = await this.repository.findNotice(p.noticeId, tx);
        if (notice === null || notice.caseId !== env.aggregate) throw new RejectedMessageError(`no supervision notice ${p.noticeId} for case ${env.aggregate} (subject ${meta.subject})`);
        if (notice.toNode !== env.origin) throw new RejectedMessageError(`notice ${p.noticeId} was sent to ${notice.toNode}: ${env.origin} may not answer it`);
        if (notice.answer !== null) return; // our own answer coming back, or a redelivery
        await this.repository.answerNotice(tx, p.noticeId, { answer: p.answer, answeredBy: env.actor.slice(0, 64), answeredAt: stampedAt(env.hlc) });
      },
    });
  }
}
