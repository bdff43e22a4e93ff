import { isRecord, ITEM_STATUSES, type ItemStatus, type ServiceItemContent } from '@liandong/shared';
import { MAX_WORKBOOK_ITEMS } from './catalogue-workbook';

/** The JSON export format (also accepted by import). */
export interface CatalogueJson {
  readonly format: typeof JSON_FORMAT;
  readonly formatVersion: 1;
  readonly node: string;
  readonly exportedAt: string;
  readonly items: ReadonlyArray<{ readonly status: ItemStatus; readonly version: number; readonly content: ServiceItemContent }>;
}

export const JSON_FORMAT = 'liandong-catalogue';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** More rows than this in one import is refused (split the file); the same limit as a workbook's. */
export const MAX_IMPORT_ITEMS = MAX_WORKBOOK_ITEMS;

/** One problem with an imported row: where it is (JSON path, or sheet and row) and why. */
export interface ImportError {
  readonly field: string;
  readonly reason: string;
  readonly sheet?: string;
  readonly row?: number;
}

/** A row to import, before validation, with a way to name where a content field came from. */
export interface ImportRow {
  readonly content: unknown;
  readonly status: string | null;
  readonly where: (path: string) => Pick<ImportError, 'field' | 'sheet' | 'row'>;
}

/** Reads the JSON import body `{ items: [{ content, status? }] }` (an export file is one). */
export function jsonImportRows(body: unknown): { rows: ImportRow[]; errors: ImportError[] } {
  if (!isRecord(body) || !Array.isArray(body['items'])) {
    return { rows: [], errors: [{ field: 'items', reason: 'must be a list of { content, status }' }] };
  }
  const items = body['items'] as unknown[];
  if (items.length > MAX_IMPORT_ITEMS) {
    return { rows: [], errors: [{ field: 'items', reason: `must have at most ${MAX_IMPORT_ITEMS} entries (got ${items.length})` }] };
  }
  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  items.forEach((entry, i) => {
    if (!isRecord(entry) || !isRecord(entry['content'])) {
      errors.push({ field: `items[${i}]`, reason: 'must be an object with the item in "content"', row: i + 1 });
      return;
    }
    const status = entry['status'];
    if (status !== undefined && status !== null && typeof status !== 'string') {
      errors.push({ field: `items[${i}].status`, reason: `must be one of ${ITEM_STATUSES.join(', ')}`, row: i + 1 });
      return;
    }
    rows.push({
      content: entry['content'],
      status: typeof status === 'string' ? status : null,
      where: (path) => ({ field: path === 'status' ? `items[${i}].status` : `items[${i}].content.${path}`, row: i + 1 }),
    });
  });
  return { rows, errors };
}
