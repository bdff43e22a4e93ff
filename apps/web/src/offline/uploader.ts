import { uploadDraft } from '../api/cases';
import { ApiError, NetworkError } from '../api/client';
import { errorText } from '../messages';
import { allDrafts, putDraft, type LocalDraft } from './db';

export interface UploadReport {
  readonly uploaded: number;
  readonly rejected: number;
  /** Still queued: the node could not be reached, or the login has expired. */
  readonly pending: number;
  readonly needsLogin: boolean;
}

let running: Promise<UploadReport> | null = null;

/**
 * Sends every queued draft of `username` to the township node, oldest first. A draft is marked uploaded only on
 * the node's 201 (stored) or 200 (already stored: the same id again), so a draft is never lost and, being keyed by
 * its id at the node, never stored twice. One upload runs at a time; a second call joins it.
 */
export function uploadQueued(username: string): Promise<UploadReport> {
  running ??= run(username).finally(() => {
    running = null;
  });
  return running;
}

async function run(username: string): Promise<UploadReport> {
  const queued = (await allDrafts()).filter((d) => d.state === 'queued' && d.username === username).reverse();
  let uploaded = 0;
  let rejected = 0;
  for (const [index, draft] of queued.entries()) {
    try {
      await uploadDraft(draft);
      await putDraft({ ...draft, state: 'uploaded', uploadedAt: new Date().toISOString(), error: null });
      uploaded++;
    } catch (error) {
      const pending = queued.length - index;
      if (error instanceof NetworkError) return { uploaded, rejected, pending, needsLogin: false };
      if (error instanceof ApiError && error.status === 401) return { uploaded, rejected, pending, needsLogin: true };
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        await putDraft({ ...draft, state: 'rejected', error: errorText(error) } satisfies LocalDraft);
        rejected++;
        continue;
      }
      return { uploaded, rejected, pending, needsLogin: false };
    }
  }
  return { uploaded, rejected, pending: 0, needsLogin: false };
}
