/** The delegation routes: 下放 / 委托 of an item to townships. */
import { api } from './client';
import type { Delegation } from './types';

export interface NewDelegation {
  readonly implCode: string;
  readonly mode: 'devolved' | 'entrusted';
  readonly target: { readonly kind: string; readonly regionCode?: string };
  readonly effectiveFrom: string;
}

export function listDelegations(): Promise<Delegation[]> {
  return api<Delegation[]>('/delegations');
}

export function grantDelegation(body: NewDelegation): Promise<unknown> {
  return api('/delegations', { body });
}

export function revokeDelegation(id: string): Promise<unknown> {
  return api(`/delegations/${id}/revoke`, { method: 'POST' });
}
