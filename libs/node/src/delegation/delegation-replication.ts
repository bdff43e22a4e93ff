import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { codecs, type VersionedDecoder } from '@liandong/shared';
import { refSubject } from '@liandong/sync';
import { IMPL_CODE } from '../catalogue/catalogue-replication';
import type { DelegationEntity, DelegationState, DelegationVersionEntity } from '../persistence/catalogue.entities';
import { EventRecorder } from '../sync/event-recorder';
import { STATE_FIELDS, StateReplication } from '../sync/state-replication';
import { DelegationRepository } from './delegation.repository';

export const DELEGATION_MESSAGE_TYPES = {
  delegation: 'catalogue.delegation',
} as const;

interface DelegationPayload {
  readonly scope: string;
  readonly delegation: DelegationState;
  readonly change: 'granted' | 'revoked';
  readonly changedAt: string;
}

const DELEGATION_PAYLOAD: VersionedDecoder<DelegationPayload> = codecs.versioned({
  1: codecs.object({
    scope: STATE_FIELDS.scope,
    delegation: codecs.object({
      id: codecs.string({ max: 36 }),
      implCode: IMPL_CODE,
      mode: codecs.oneOf(['devolved', 'entrusted']),
      targetKind: codecs.oneOf(['township', 'district', 'all']),
      targetRegion: codecs.string({ min: 0, max: 9, pattern: /^(\d{6}|\d{9})?$/, patternReason: 'must be a 6- or 9-digit region code, or empty' }),
      effectiveFrom: codecs.isoDate(),
      status: codecs.oneOf(['active', 'revoked']),
      version: STATE_FIELDS.version,
      ownerNode: STATE_FIELDS.nodeId,
      revokedAt: codecs.nullable(STATE_FIELDS.timestamp),
      updatedAt: STATE_FIELDS.timestamp,
    }),
    change: codecs.oneOf(['granted', 'revoked']),
    changedAt: STATE_FIELDS.timestamp,
  }),
});

/** The payload decoder of each delegation message type. */
export const DELEGATION_PAYLOADS = {
  [DELEGATION_MESSAGE_TYPES.delegation]: DELEGATION_PAYLOAD,
} as const;

/**
 * State-based replication of delegations through StateReplication: only from the delegation's owner, under the
 * item's scope.
 */
@Injectable()
export class DelegationReplication implements OnModuleInit {
  constructor(
    private readonly state: StateReplication,
    private readonly recorder: EventRecorder,
    private readonly delegations: DelegationRepository,
  ) {}

  onModuleInit(): void {
    this.state.register<DelegationPayload, DelegationEntity>({
      type: DELEGATION_MESSAGE_TYPES.delegation,
      payload: DELEGATION_PAYLOAD,
      origin: (env) => (env.payload.delegation.ownerNode === env.origin ? null : `origin ${env.origin} is not the delegation's owner (${env.payload.delegation.ownerNode})`),
      subject: (p) => refSubject('delegation', p.scope, p.delegation.id),
      scope: (p) => p.scope,
      version: (p) => p.delegation.version,
      current: (tx, p) => this.delegations.find(p.delegation.id, tx),
      save: async (tx, env) => {
        const { delegation: d, change, changedAt } = env.payload;
        await this.delegations.saveReplicated({ ...d }, { delegationId: d.id, version: d.version, change, snapshot: d, actor: env.actor, changedAt }, tx);
      },
    });
  }

  async delegationChanged(manager: EntityManager, scope: string, delegation: DelegationState, version: DelegationVersionEntity): Promise<void> {
    const payload: DelegationPayload = { scope, delegation, change: version.change, changedAt: version.changedAt };
    await this.recorder.record(manager, { type: DELEGATION_MESSAGE_TYPES.delegation, aggregate: delegation.id, subject: refSubject('delegation', scope, delegation.id), actor: version.actor, payload });
  }
}
