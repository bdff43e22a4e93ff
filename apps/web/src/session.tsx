import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '@liandong/shared';
import * as auth from './api/auth';
import { NetworkError, setUnauthorizedHandler, storedToken, storeToken } from './api/client';
import type { Me, NodeIdentity } from './api/types';
import { setNodeTime } from './api/node-time';
import { messageZh } from './messages';

const PROFILE_KEY = 'liandong.profile';
const NODE_KEY = 'liandong.node';

export interface Session {
  /** The node that served this app (from /health; the last known one while offline). */
  readonly node: NodeIdentity | null;
  readonly user: Me | null;
  /** True until the first check of the stored token is done. */
  readonly loading: boolean;
  /** Why the last session ended without the user logging out (shown on the login page), or null. */
  readonly ended: string | null;
  login(username: string, password: string): Promise<Me>;
  logout(): void;
  /** 修改密码: every other token of the user ends; this app carries on with the new one. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  has(...roles: Role[]): boolean;
}

const SessionContext = createContext<Session | null>(null);

function readJson<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [node, setNode] = useState<NodeIdentity | null>(() => readJson<NodeIdentity>(NODE_KEY));
  const [user, setUser] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [ended, setEnded] = useState<string | null>(null);

  const logout = useCallback(() => {
    storeToken(null);
    localStorage.removeItem(PROFILE_KEY);
    setUser(null);
  }, []);

  useEffect(() => {
    // a 401 to a signed-in request: back to the login page, saying why (会话已结束, 账户已停用, 登录已失效 …)
    setUnauthorizedHandler((message) => {
      setEnded(/[\u4e00-\u9fff]/.test(message) ? messageZh(message) : '登录已失效，请重新登录');
      logout();
    });
    auth.health()
      .then((h) => {
        setNodeTime(h.time);
        setNode(h.node);
        localStorage.setItem(NODE_KEY, JSON.stringify(h.node));
      })
      .catch(() => undefined);
    if (storedToken() === null) {
      setLoading(false);
      return;
    }
    auth.me()
      .then((me) => {
        setUser(me);
        localStorage.setItem(PROFILE_KEY, JSON.stringify(me));
      })
      .catch((error: unknown) => {
        // Offline (a village station): keep working as the user who signed in last on this device.
        if (error instanceof NetworkError) setUser(readJson<Me>(PROFILE_KEY));
        else logout();
      })
      .finally(() => setLoading(false));
  }, [logout]);

  const login = useCallback(async (username: string, password: string) => {
    const { accessToken } = await auth.login(username, password);
    storeToken(accessToken);
    const me = await auth.me();
    localStorage.setItem(PROFILE_KEY, JSON.stringify(me));
    setEnded(null);
    setUser(me);
    return me;
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const { accessToken } = await auth.changePassword(currentPassword, newPassword);
    storeToken(accessToken);
  }, []);

  const value = useMemo<Session>(
    () => ({ node, user, loading, ended, login, logout, changePassword, has: (...roles: Role[]) => user !== null && roles.some((r) => user.roles.includes(r)) }),
    [node, user, loading, ended, login, logout, changePassword],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The screens of the app and who may use them (the village assistant gets the offline intake only). */
export const SCREENS = [
  { path: '/window', label: '综合受理', roles: ['window_clerk', 'admin'] as Role[], tiers: ['city', 'district', 'township'] },
  { path: '/backoffice', label: '后台审批', roles: ['approver', 'admin', 'supervisor'] as Role[], tiers: ['city', 'district', 'township'] },
  { path: '/catalogue', label: '事项目录', roles: ['admin', 'supervisor'] as Role[], tiers: ['city', 'district', 'township'] },
  { path: '/supervision', label: '监察统计', roles: ['supervisor', 'admin'] as Role[], tiers: ['city', 'district', 'township'] },
  { path: '/sync', label: '同步状态', roles: ['admin', 'supervisor'] as Role[], tiers: ['city', 'district', 'township'] },
  { path: '/village', label: '村居代办', roles: ['village_assistant'] as Role[], tiers: ['township'] },
  { path: '/admin', label: '账户与留痕', roles: ['admin', 'supervisor'] as Role[], tiers: ['city', 'district', 'township'] },
] as const;

export function screensFor(user: Me | null, node: NodeIdentity | null) {
  if (user === null) return [];
  if (user.roles.includes('village_assistant') && user.roles.length === 1) return SCREENS.filter((s) => s.path === '/village');
  return SCREENS.filter((s) => s.roles.some((r) => user.roles.includes(r)) && (node === null || (s.tiers as readonly string[]).includes(node.tier)));
}
