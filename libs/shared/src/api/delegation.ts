/** The node's delegation answers (libs/node `delegation/delegation.mapper.ts` declares these as its return types). */

export interface DelegationView {
  readonly id: string;
  readonly implCode: string;
  readonly mode: 'devolved' | 'entrusted';
  readonly target: { readonly kind: 'township' | 'district' | 'all'; readonly regionCode?: string };
  readonly effectiveFrom: string;
  readonly status: 'active' | 'revoked';
  readonly version: number;
  readonly ownerNode: string;
  readonly revokedAt: string | null;
}

export interface DelegationVersionView {
  readonly version: number;
  readonly change: 'granted' | 'revoked';
  readonly actor: string;
  readonly changedAt: string;
  readonly delegation: DelegationView;
}
