import type { DelegationState, DelegationVersionEntity } from '../persistence/catalogue.entities';
import type { DelegationResponse, DelegationVersionResponse } from './delegation.dto';

export function mapDelegation(d: DelegationState): DelegationResponse {
  return {
    id: d.id,
    implCode: d.implCode,
    mode: d.mode,
    target: d.targetKind === 'all' ? { kind: 'all' } : { kind: d.targetKind, regionCode: d.targetRegion },
    effectiveFrom: d.effectiveFrom,
    status: d.status,
    version: d.version,
    ownerNode: d.ownerNode,
    revokedAt: d.revokedAt,
  };
}

export function mapDelegationVersion(v: DelegationVersionEntity): DelegationVersionResponse {
  return { version: v.version, change: v.change, actor: v.actor, changedAt: v.changedAt, delegation: mapDelegation(v.snapshot) };
}
