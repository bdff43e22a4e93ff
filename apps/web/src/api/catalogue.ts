import { match } from 'pinyin-pro';
import { api } from './client';
import type { Item, Page } from './types';

const PAGE = 200;

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
