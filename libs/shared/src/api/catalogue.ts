import { canTransition, type ItemStatus, type ServiceItemContent } from '../catalogue/service-item';

/** The node's catalogue answers (libs/node `catalogue/catalogue.mapper.ts` declares these as its return types). */

/** An item of the catalogue at its current version. */
export interface ItemView {
  readonly implCode: string;
  readonly version: number;
  readonly status: ItemStatus;
  readonly statusName: string;
  /** `all` or the owning district's region code. */
  readonly scope: string;
  readonly ownerNode: string;
  readonly updatedAt: string;
  readonly content: ServiceItemContent;
}

/** One version of an item (its history). */
export interface ItemVersionView {
  readonly implCode: string;
  readonly version: number;
  readonly status: ItemStatus;
  readonly change: string;
  readonly actor: string;
  readonly changedAt: string;
  readonly content: ServiceItemContent;
}

/**
 * The lifecycle actions of the catalogue routes (`POST /catalogue/items/:implCode/<action>`): the status each leads
 * to and the version change it records.
 */
export const ITEM_LIFECYCLE_ACTIONS = {
  publish: { to: 'published', change: 'published' },
  suspend: { to: 'suspended', change: 'suspended' },
  resume: { to: 'published', change: 'resumed' },
  cancel: { to: 'cancelled', change: 'cancelled' },
} as const satisfies Record<string, { to: ItemStatus; change: string }>;
export type ItemLifecycleAction = keyof typeof ITEM_LIFECYCLE_ACTIONS;

/** Whether the owner may take `action` on an item in `from`: a transition of `ITEM_TRANSITIONS`; publish only a draft, resume only a suspended item. */
export function itemActionAllowed(action: ItemLifecycleAction, from: ItemStatus): boolean {
  return canTransition(from, ITEM_LIFECYCLE_ACTIONS[action].to) && (action !== 'resume' || from === 'suspended') && (action !== 'publish' || from === 'draft');
}
