/** The audit log route (admins and supervisors). */
import { api } from './client';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  roles: string;
  method: string;
  route: string;
  target: string;
  status: number;
  summary: string;
}

export function listAudit(query: { actor?: string; route?: string; offset: number; limit: number }): Promise<{ items: AuditEntry[]; total: number }> {
  return api<{ items: AuditEntry[]; total: number }>('/audit', { query });
}
