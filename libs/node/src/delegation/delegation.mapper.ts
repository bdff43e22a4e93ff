import type { DelegationState, DelegationVersionEntity } from '../persistence/catalogue.entities';
import type { DelegationVersionView, DelegationView } from '@liandong/shared';

export function mapDelegation(d: DelegationState): DelegationView {
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

export function mapDelegationVersion(v: DelegationVersionEntity): DelegationVersionView {
  return { version: v.version, change: v.change, actor: v.actor, changedAt: v.changedAt, delegation: mapDelegation(v.snapshot) };
}
