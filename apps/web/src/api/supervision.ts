/** The supervision routes (电子监察): live warnings, cards and their summary, 督办 notices. */
import { api } from './client';
import type { Page, SupervisionCard, SupervisionNotice, Warning } from './types';

/** Cards by node, department or month: one count per warning kind. */
export interface SummaryRow {
  key: string;
  notice: number;
  yellow: number;
  red: number;
  promise_overdue: number;
  follow_up_overdue: number;
  total: number;
}

type Query = Readonly<Record<string, string | number | undefined>>;

export function listWarnings(query: Query): Promise<Page<Warning>> {
  return api<Page<Warning>>('/supervision/warnings', { query });
}

export function listCards(query: Query): Promise<Page<SupervisionCard>> {
  return api<Page<SupervisionCard>>('/supervision/cards', { query });
}

export function cardsSummary(query: Query): Promise<{ rows: SummaryRow[] }> {
  return api<{ rows: SummaryRow[] }>('/supervision/cards/summary', { query });
}

export function listNotices(query: { direction: 'sent' | 'received' }): Promise<{ items: SupervisionNotice[] }> {
  return api<{ items: SupervisionNotice[] }>('/supervision/notices', { query });
}

/** 督办: a notice about a case to the node responsible for it. */
export function sendNotice(caseId: string, message: unknown): Promise<unknown> {
  return api('/supervision/notices', { body: { caseId, message } });
}

export function answerNotice(id: string, answer: unknown): Promise<unknown> {
  return api(`/supervision/notices/${id}/answer`, { body: { answer } });
}
