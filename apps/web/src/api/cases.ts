/** The case routes: lists, one case, acceptance, the steps, drafts, the query code and the printable notices. */
import { api, request, type RequestOptions } from './client';
import type { AcceptedCase, CaseDetail, CaseSummary, Page } from './types';

export type NoticeKind = 'acceptance' | 'refusal' | 'supplement' | 'decision';

const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

/** The node's cases (`cases`) or its back-office queue (`queue`), a page at a time. */
export function listCases(source: 'cases' | 'queue', query: RequestOptions['query']): Promise<Page<CaseSummary>> {
  return api<Page<CaseSummary>>(source === 'queue' ? '/cases/queue' : '/cases', { query });
}

export function getCase(caseId: string): Promise<CaseDetail> {
  return api<CaseDetail>(casePath(caseId));
}

/** 综合受理: accept, refuse or ask for supplements. */
export function acceptCase(body: Record<string, unknown>): Promise<AcceptedCase> {
  return api<AcceptedCase>('/cases', { body });
}

/** One step on a case (`review`, `approve`, `issue` …): the case as it is after it. */
export function caseStep(caseId: string, step: string, body: Record<string, unknown>): Promise<CaseDetail> {
  return api<CaseDetail>(`${casePath(caseId)}/${step}`, { body });
}

/** 重新生成查询码: the new code, shown once. */
export function reissueQueryCode(caseId: string): Promise<{ queryCode: string }> {
  return api<{ queryCode: string }>(`${casePath(caseId)}/query-code`, { method: 'POST' });
}

/** 代办预审件 waiting for the window. */
export function listDrafts(): Promise<Page<CaseSummary>> {
  return api<Page<CaseSummary>>('/cases/drafts');
}

/** A village station's draft, under the id the device made for it (the node stores it once). */
export function uploadDraft(draft: { id: string; implCode: string; applicant: unknown; station: string }): Promise<unknown> {
  return api('/cases/drafts', { body: { id: draft.id, implCode: draft.implCode, applicant: draft.applicant, station: draft.station } });
}

/** Opens a printable HTML notice (it needs the token, so it is fetched and shown from a blob). */
export async function openNotice(caseId: string, kind: NoticeKind): Promise<void> {
  const target = window.open('', '_blank');
  const html = await (await request(`/cases/${encodeURIComponent(caseId)}/notices/${kind}`)).text();
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  if (target !== null) target.location.href = url;
  else window.location.href = url;
}
