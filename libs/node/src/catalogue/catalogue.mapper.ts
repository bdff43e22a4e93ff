import { ITEM_STATUS_NAMES_ZH, type ItemVersionView, type ItemView } from '@liandong/shared';
import type { ServiceItemEntity, ServiceItemVersionEntity } from '../persistence/catalogue.entities';

export function mapItem(item: ServiceItemEntity): ItemView {
  return {
    implCode: item.implCode,
    version: item.version,
    status: item.status,
    statusName: ITEM_STATUS_NAMES_ZH[item.status],
    scope: item.scope,
    ownerNode: item.ownerNode,
    updatedAt: item.updatedAt,
    content: item.content,
  };
}

export function mapItemVersion(v: ServiceItemVersionEntity): ItemVersionView {
  return { implCode: v.implCode, version: v.version, status: v.status, change: v.change, actor: v.actor, changedAt: v.changedAt, content: v.content };
}
