/** The sync routes: this node's sync status, the quarantine and its retry, forgetting a node below (admins). */
import { api } from './client';

export interface SyncStatus {
  node: { id: string; tier: string; parentId: string | null };
  link: { state: 'up' | 'down' | 'connecting'; server: string | null; since: string; lastError: string | null };
  outbox: { depth: number; published: number; lastError: string | null };
  inbox: { applied: number; duplicates: number; total: number };
  quarantined: number;
  /** Messages of a newer payload version kept until this node is upgraded; needsUpgrade while there are any. */
  held: number;
  needsUpgrade: boolean;
  consumers: Array<{
    stream: string;
    filter: string;
    durable: string;
    pending: number | null;
    /** When `pending` was last known (the node's clock) and how long ago; null if never since the node started. */
    reportedAt: string | null;
    ageSeconds: number | null;
    /** Work waiting and the ack floor still for the offline threshold; null while unknown. */
    stalled: boolean | null;
    /** Since the node started: messages delivered again, and messages nak'd for a retry. */
    redelivered: number;
    retried: number;
    held: number;
    quarantined: number;
  }>;
  clockSkewMs: Record<string, number>;
  nodesBelow: Array<{
    nodeId: string;
    parentId: string;
    tier: string | null;
    lastContact: string;
    silentSeconds: number;
    /** The node's own verdict: false after NODE_OFFLINE_AFTER_SECONDS of silence. */
    online: boolean;
    /** When its figures reached this node and their age; stale ones (older than the offline threshold) are null. */
    figures: { reportedAt: string; ageSeconds: number; stale: boolean };
    skewMs: number | null;
    outboxDepth: number | null;
    consumerLag: number | null;
    /** What NATS holds for the node's consumers now (its backlog even while it is cut off). */
    serverPending: number | null;
    quarantined: number | null;
    /** Durable names of its consumers it reported stalled; null when unknown. */
    stalled: string[] | null;
  }>;
}

export interface Quarantined {
  id: number;
  envelopeId: string | null;
  subject: string;
  origin: string | null;
  type: string | null;
  kind: QuarantineKind;
  reason: string;
  attempts: number;
  receivedAt: string;
  updatedAt: string;
}

export type QuarantineKind = 'invalid' | 'unauthorized' | 'rejected' | 'failed' | 'held';

export function syncStatus(): Promise<SyncStatus> {
  return api<SyncStatus>('/sync/status');
}

export function listQuarantine(): Promise<{ items: Quarantined[] }> {
  return api<{ items: Quarantined[] }>('/sync/quarantine', { query: { limit: 50 } });
}

/** Applies a quarantined message again. */
export function retryQuarantined(id: number): Promise<{ outcome: 'applied' | 'duplicate' }> {
  return api<{ outcome: 'applied' | 'duplicate' }>(`/sync/quarantine/${id}/retry`, { method: 'POST' });
}

/** Forgets a node below (DELETE /sync/nodes/:nodeId). */
export function forgetNode(nodeId: string): Promise<unknown> {
  return api(`/sync/nodes/${encodeURIComponent(nodeId)}`, { method: 'DELETE' });
}
