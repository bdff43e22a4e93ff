/** The reference routes: departments (the holiday calendar has no screen). */
import { api } from './client';
import type { Department } from './types';

export function listDepartments(): Promise<Department[]> {
  return api<Department[]>('/departments');
}
