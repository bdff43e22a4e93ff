/** The catalogue routes: items, their versions and lifecycle, import and export; the window's item search. */
import type { ItemLifecycleAction } from '@liandong/shared';
import { match } from 'pinyin-pro';
import { api, download } from './client';
import type { ImportSummary, Item, ItemVersion, Page } from './types';

const PAGE = 200;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every item of the node's catalogue with `status` (the API pages at most 200 at a time). */
export async function loadItems(status?: string): Promise<Item[]> {
  const items: Item[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api<Page<Item>>('/catalogue/items', { query: { status, offset, limit: PAGE } });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

/**
 * Window search: a code (实施编码 or 基本编码) or name substring, or the name's pinyin — full or initials
 * ("shiminka", "smk" find 市民卡申领).
 */
export function matchesItem(item: { implCode: string; name: string; baseCode?: string }, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  const upper = q.toUpperCase();
  if (item.implCode.includes(upper) || (item.baseCode ?? '').includes(upper) || item.name.includes(q)) return true;
  if (/^[a-zA-Z\s]+$/.test(q)) return match(item.name, q.toLowerCase().replace(/\s+/g, ''), { continuous: false }) !== null;
  return false;
}

export function getItem(implCode: string): Promise<Item> {
  return api<Item>(`/catalogue/items/${encodeURIComponent(implCode)}`);
}

export function itemVersions(implCode: string): Promise<ItemVersion[]> {
  return api<ItemVersion[]>(`/catalogue/items/${implCode}/versions`);
}

/** publish / suspend / resume / cancel: the item at its new version. */
export function itemAction(implCode: string, action: ItemLifecycleAction): Promise<Item> {
  return api<Item>(`/catalogue/items/${implCode}/${action}`, { method: 'POST' });
}

/** An .xlsx workbook: checked only (`dryRun`) or imported; a 400 lists every row problem. */
export function importCatalogue(file: Blob, dryRun: boolean): Promise<ImportSummary> {
  return api<ImportSummary>('/catalogue/import', { method: 'POST', raw: { data: file, type: XLSX }, query: { dryRun } });
}

export function exportCatalogue(filename: string, query: { format: 'xlsx' | 'json'; include?: 'all' }): Promise<void> {
  return download('/catalogue/export', filename, query);
}
