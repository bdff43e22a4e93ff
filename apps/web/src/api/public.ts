/** The public routes an applicant uses without a token: the query by case number and code, and the rating. */
import { api } from './client';
import type { PublicTimeline } from './types';

export function publicTimeline(caseNumber: string, code: string): Promise<PublicTimeline> {
  return api<PublicTimeline>(`/public/cases/${encodeURIComponent(caseNumber)}`, { query: { code }, anonymous: true });
}

export function rateCase(caseNumber: string, body: { code: string; score: number; comment: string }): Promise<PublicTimeline> {
  return api<PublicTimeline>(`/public/cases/${encodeURIComponent(caseNumber)}/rating`, { body, anonymous: true });
}
