/** The staff account routes (admins). */
import type { Role } from '@liandong/shared';
import { api } from './client';
import type { User } from './types';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  station?: string;
}

/** 停用, 启用, 结束会话, 解锁. */
export type UserAction = 'disable' | 'enable' | 'end-sessions' | 'unlock';

export function listUsers(): Promise<{ items: User[] }> {
  return api<{ items: User[] }>('/users', { query: { limit: 200 } });
}

export function createUser(body: NewUser): Promise<unknown> {
  return api('/users', { body });
}

export function userAction(userId: string, action: UserAction): Promise<unknown> {
  return api(`/users/${encodeURIComponent(userId)}/${action}`, { method: 'POST' });
}
