import type { ItemStatus, ServiceItemContent } from '../catalogue/service-item';

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
