import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CASE_EVENT_TYPES, isRecord, type CaseEvent } from '@liandong/shared';
import type { Envelope, MessageHandler, MessageMeta } from '@liandong/sync';
import { SyncRuntime } from '../sync/sync-runtime';
import { CaseProjection } from './case-projection';
import { CasesRepository } from './cases.repository';

/** Null when `meta.subject` is a case subject naming the envelope's case (`gov.case.<district>.<window>.<caseId>`), otherwise the reason. */
export function caseSubjectProblem(env: Envelope, meta: MessageMeta): string | null {
  if (!isRecord(env.payload)) return 'payload must be an object';
  const tokens = meta.subject.split('.');
  if (tokens[0] !== 'gov' || tokens[1] !== 'case' || tokens.length !== 5 || tokens[4] !== env.aggregate) return `subject ${meta.subject} does not name case ${env.aggregate}`;
  return null;
}

/**
 * Case events replicate as operations (DESIGN.md §3): each is stored once and the case is folded again from all its
 * events, so late and out-of-order arrivals end in the same state everywhere. Whether an origin may send an event
 * (only the handling node decides, only the accepting window issues) is part of the fold: a refused event is kept as
 * a conflict, listed for staff, on every node alike.
 */
@Injectable()
export class CaseReplication implements OnModuleInit {
  constructor(
    private readonly runtime: SyncRuntime,
    private readonly cases: CasesRepository,
    private readonly projection: CaseProjection,
  ) {}

  onModuleInit(): void {
    for (const type of CASE_EVENT_TYPES) this.runtime.register(this.handler(type));
  }

  private handler(type: string): MessageHandler<EntityManager> {
    return {
      type,
      authorize: caseSubjectProblem,
      apply: async (tx, env, meta) => {
        const event = env as unknown as CaseEvent;
        const now = new Date().toISOString();
        if (!(await this.cases.insertEvent(tx, event, now))) return;
        const subject = (await this.cases.find(event.aggregate, tx))?.subject ?? meta.subject;
        await this.projection.refresh(tx, event.aggregate, await this.cases.events(tx, event.aggregate), subject, now);
      },
    };
  }
}
