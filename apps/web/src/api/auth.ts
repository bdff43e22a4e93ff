/** Login, the signed-in user, 修改密码, and the node's /health (who the node is, its clock). */
import { api } from './client';
import type { Health, Me } from './types';

export function health(): Promise<Health> {
  return api<Health>('/health', { anonymous: true });
}

export function login(username: string, password: string): Promise<{ accessToken: string }> {
  return api<{ accessToken: string }>('/auth/login', { body: { username, password }, anonymous: true });
}

export function me(): Promise<Me> {
  return api<Me>('/auth/me');
}

/** Every other token of the user ends: the new token. */
export function changePassword(currentPassword: string, newPassword: string): Promise<{ accessToken: string }> {
  return api<{ accessToken: string }>('/auth/password', { body: { currentPassword, newPassword } });
}
