/**
 * The village station's device store (IndexedDB): the township's catalogue for offline use and the drafts taken
 * while offline, each with the id the device made for it (the node stores a draft sent twice once).
 */
import type { Applicant } from '../api/types';

export interface CachedItem {
  readonly implCode: string;
  readonly name: string;
  readonly version: number;
  readonly caseKind: string;
  readonly materials: ReadonlyArray<{ readonly name: string; readonly required: boolean }>;
}

export type DraftState = 'queued' | 'uploaded' | 'rejected';

export interface LocalDraft {
  /** Made on the device (crypto.randomUUID): the draft's id at the node too. */
  readonly id: string;
  readonly implCode: string;
  readonly itemName: string;
  readonly applicant: Applicant;
  readonly station: string;
  /** Who took it (the node's user), so one device shared by two assistants uploads each one's drafts as theirs. */
  readonly username: string;
  readonly createdAt: string;
  readonly state: DraftState;
  readonly uploadedAt: string | null;
  /** Why the node refused it (a 400/409), in Chinese. */
  readonly error: string | null;
}

const DB_NAME = 'liandong-village';
const DB_VERSION = 1;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('catalogue')) db.createObjectStore('catalogue', { keyPath: 'implCode' });
      if (!db.objectStoreNames.contains('drafts')) db.createObjectStore('drafts', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

async function store(name: 'catalogue' | 'drafts' | 'meta', mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(name, mode).objectStore(name);
}

/** Replaces the cached catalogue in one transaction. */
export async function saveCatalogue(items: readonly CachedItem[], fetchedAt: string): Promise<void> {
  const db = await open();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(['catalogue', 'meta'], 'readwrite');
    const catalogue = tx.objectStore('catalogue');
    catalogue.clear();
    for (const item of items) catalogue.put(item);
    tx.objectStore('meta').put(fetchedAt, 'catalogueFetchedAt');
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

export async function cachedCatalogue(): Promise<{ items: CachedItem[]; fetchedAt: string | null }> {
  const tx = (await open()).transaction(['catalogue', 'meta'], 'readonly');
  const [items, fetchedAt] = await Promise.all([
    promised(tx.objectStore('catalogue').getAll() as IDBRequest<CachedItem[]>),
    promised(tx.objectStore('meta').get('catalogueFetchedAt') as IDBRequest<string | undefined>),
  ]);
  return { items: items.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')), fetchedAt: fetchedAt ?? null };
}

export async function putDraft(draft: LocalDraft): Promise<void> {
  await promised((await store('drafts', 'readwrite')).put(draft));
}

export async function allDrafts(): Promise<LocalDraft[]> {
  const drafts = await promised((await store('drafts', 'readonly')).getAll() as IDBRequest<LocalDraft[]>);
  return drafts.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function deleteDraft(id: string): Promise<void> {
  await promised((await store('drafts', 'readwrite')).delete(id));
}
