/** Staff roles on a node. Every user belongs to exactly one node. */
export const ROLES = ['admin', 'window_clerk', 'approver', 'village_assistant', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES_ZH: Readonly<Record<Role, string>> = {
  admin: '中心管理员',
  window_clerk: '综合窗口工作人员',
  approver: '后台审批人员',
  village_assistant: '村(居)代办员',
  supervisor: '电子监察人员',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
