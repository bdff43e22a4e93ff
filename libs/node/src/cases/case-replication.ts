import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { caseEventDecoder, CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from '@liandong/shared';
import type { MessageHandler } from '@liandong/sync';
import { CLOCK, type Clock } from '../clock/clock';
import { CaseOrigins } from '../sync/case-origins';
import { decodedHandler } from '../sync/decoded-handler';
import { SyncRuntime } from '../sync/sync-runtime';
import { CaseProjection } from './case-projection';
import { CasesRepository } from './cases.repository';

/**
 * Case events replicate as operations (DESIGN.md §3): each payload is decoded by its type's codec (a malformed one is
 * quarantined by the applier and never folded), stored once, and the case is folded again from all its
 * events, so late and out-of-order arrivals end in the same state everywhere. Whether an origin may send an event
 * (only the handling node decides, only the accepting window issues) is part of the fold: a refused event is kept as
 * a conflict, listed for staff, on every node alike. Before that, a message from a node that may not write on the
 * case's subject at all is quarantined (`CaseOrigins`).
 */
@Injectable()
export class CaseReplication implements OnModuleInit {
  constructor(
    private readonly runtime: SyncRuntime,
    private readonly cases: CasesRepository,
    private readonly projection: CaseProjection,
    private readonly origins: CaseOrigins,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const type of CASE_EVENT_TYPES) this.runtime.register(this.handler(type));
  }

  private handler<T extends CaseEventType>(type: T): MessageHandler<EntityManager> {
    return decodedHandler({
      type,
      // Decoded by the payload codec of the type (libs/shared case-event-codecs.ts): a malformed payload never reaches the fold.
      payload: caseEventDecoder(type),
      // The subject names the case and the origin may write there (window, its district, the city); the fold decides the rest.
      authorize: (env, meta) => this.origins.caseMessageProblem(env, meta),
      apply: async (tx, env, meta) => {
        const event: CaseEvent<T> = { id: env.id, type, aggregate: env.aggregate, origin: env.origin, hlc: env.hlc, actor: env.actor, payload: env.payload };
        const now = this.clock.now().toISOString();
        if (!(await this.cases.insertEvent(tx, event, now))) return;
        const subject = (await this.cases.find(event.aggregate, tx))?.subject ?? meta.subject;
        await this.projection.refresh(tx, event.aggregate, await this.cases.events(tx, event.aggregate), subject, now);
      },
    });
  }
}
