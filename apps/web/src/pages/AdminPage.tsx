import { Alert, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { passwordProblem, ROLE_NAMES_ZH, ROLES } from '@liandong/shared';
import { listAudit, type AuditEntry } from '../api/audit';
import { ApiError } from '../api/client';
import type { User } from '../api/types';
import { createUser, listUsers, userAction, type NewUser, type UserAction } from '../api/users';
import { formatTime } from '../format';
import { errorText, reasonZh } from '../messages';
import { useSession } from '../session';

/** The account actions of the list: what they do, and the question asked before. */
const ACTIONS = {
  disable: { label: '停用', done: '已停用', confirm: '停用后该账户不能登录，已登录的会话立即失效。确定停用？' },
  enable: { label: '启用', done: '已启用', confirm: '启用后该账户可以重新登录。确定启用？' },
  'end-sessions': { label: '结束会话', done: '已结束会话', confirm: '该账户所有已登录的会话将立即失效，需重新登录。确定结束？' },
  unlock: { label: '解锁', done: '已解锁', confirm: '解除因多地址登录失败造成的锁定。确定解锁？' },
} as const satisfies Record<UserAction, unknown>;
type Action = UserAction;

/** 用户管理: the node's staff accounts; a new account follows the password rules, a village assistant names a station. */
function Users() {
  const [form] = Form.useForm<NewUser>();
  const [users, setUsers] = useState<User[]>([]);
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const roles = Form.useWatch('roles', form) ?? [];
  const { user: me } = useSession();
  const load = useCallback(() => {
    listUsers()
      .then((r) => setUsers(r.items))
      .catch((e: unknown) => setNotice({ type: 'error', text: errorText(e) }));
  }, []);
  useEffect(load, [load]);

  const create = async (values: NewUser) => {
    try {
      await createUser({ ...values, username: values.username.trim(), station: roles.includes('village_assistant') ? values.station?.trim() : undefined });
      setNotice({ type: 'success', text: `已创建账户 ${values.username}` });
      form.resetFields();
      load();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length > 0) {
        form.setFields(e.problems.map((p) => ({ name: p.field as keyof NewUser, errors: [reasonZh(p.reason)] })));
      } else setNotice({ type: 'error', text: errorText(e) });
    }
  };

  const act = async (user: User, action: Action) => {
    try {
      await userAction(user.id, action);
      setNotice({ type: 'success', text: `${user.username}：${ACTIONS[action].done}` });
      load();
    } catch (e) {
      setNotice({ type: 'error', text: errorText(e) });
    }
  };
  const actionButton = (user: User, action: Action) => (
    <Popconfirm key={action} title={`${ACTIONS[action].label}账户 ${user.username}`} description={ACTIONS[action].confirm} okText="确定" cancelText="取消" onConfirm={() => act(user, action)}>
      <Button size="small" danger={action === 'disable'} data-testid={`user-${action}-${user.username}`}>
        {ACTIONS[action].label}
      </Button>
    </Popconfirm>
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {notice !== null && <Alert type={notice.type} title={notice.text} closable onClose={() => setNotice(null)} />}
      <Card size="small" title="新建账户">
        <Form<NewUser> form={form} layout="inline" onFinish={create} data-testid="user-form">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }, { pattern: /^[A-Za-z0-9._-]{2,64}$/, message: '用户名应为2–64位字母、数字、“.”、“_”或“-”' }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="password"
            label="初始密码"
            rules={[
              { required: true, message: '请填写初始密码' },
              {
                validator: async (_rule, value: string | undefined) => {
                  const problem = value === undefined || value === '' ? null : passwordProblem(value, form.getFieldValue('username') ?? null);
                  if (problem !== null) throw new Error(reasonZh(problem));
                },
              },
            ]}
          >
            <Input.Password style={{ width: 180 }} autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="roles" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
            <Select mode="multiple" style={{ minWidth: 220 }} options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES_ZH[r] }))} />
          </Form.Item>
          {roles.includes('village_assistant') && (
            <Form.Item name="station" label="所属工作站" rules={[{ required: true, message: '村(居)代办员须填写所属工作站' }]}>
              <Input style={{ width: 220 }} placeholder="如 温泉镇石坑村政务服务工作站" maxLength={100} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit">
            创建
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          密码至少10位，须包含小写字母、大写字母、数字、其他字符中的至少两类，不得包含用户名。同一地址连续登录失败（默认3次）后须等待，等待时间逐次加倍；多个地址（默认10个）15分钟内登录失败将锁定账户，在此显示“锁定”，可解锁。
        </Typography.Paragraph>
      </Card>
      <Table<User>
        size="small"
        rowKey="id"
        dataSource={users}
        pagination={false}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', render: (_, u) => u.roles.map((r) => <Tag key={r}>{ROLE_NAMES_ZH[r]}</Tag>) },
          { title: '所属工作站', render: (_, u) => u.station ?? '—' },
          {
            title: '状态',
            render: (_, u) => (
              <Space size={4} data-testid={`user-state-${u.username}`}>
                {u.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
                {u.lock !== null && (
                  <Tooltip title={`${u.lock.addresses} 个地址登录失败；${formatTime(u.lock.since)} 起锁定，至 ${formatTime(u.lock.until)}`}>
                    <Tag color="red">锁定至 {formatTime(u.lock.until)}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { title: '创建时间', render: (_, u) => formatTime(u.createdAt) },
          {
            title: '操作',
            render: (_, u) => (
              <Space size={4} wrap>
                {u.active ? (u.id === me?.id ? null : actionButton(u, 'disable')) : actionButton(u, 'enable')}
                {u.active && actionButton(u, 'end-sessions')}
                {u.lock !== null && actionButton(u, 'unlock')}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

/** 操作留痕: the append-only audit log of every write request on this node. */
function Audit() {
  const [entries, setEntries] = useState<{ items: AuditEntry[]; total: number }>({ items: [], total: 0 });
  const [filter, setFilter] = useState<{ actor?: string; route?: string }>({});
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listAudit({ ...filter, offset: (page - 1) * 50, limit: 50 })
      .then((r) => {
        setEntries(r);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [filter, page]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error !== null && <Alert type="error" title={error} />}
      <Space>
        <Input.Search placeholder="操作人" allowClear style={{ width: 160 }} onSearch={(actor) => (setPage(1), setFilter((f) => ({ ...f, actor: actor.trim() || undefined })))} />
        <Input.Search placeholder="接口前缀，如 /cases" allowClear style={{ width: 220 }} onSearch={(route) => (setPage(1), setFilter((f) => ({ ...f, route: route.trim() || undefined })))} />
      </Space>
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        dataSource={entries.items}
        data-testid="audit-log"
        pagination={{ current: page, pageSize: 50, total: entries.total, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          { title: '时间', render: (_, e) => formatTime(e.at) },
          { title: '操作人', dataIndex: 'actor' },
          { title: '操作', render: (_, e) => `${e.method} ${e.route}` },
          { title: '对象', dataIndex: 'target' },
          { title: '结果', render: (_, e) => <Tag color={e.status < 300 ? 'green' : e.status < 500 ? 'orange' : 'red'}>{e.status}</Tag> },
          { title: '摘要（已脱敏）', render: (_, e) => <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: e.summary }}>{e.summary}</Typography.Text>, width: 360 },
        ]}
      />
    </Space>
  );
}

/** 账户与留痕: staff accounts (admins) and the audit log (admins and supervisors). */
export function AdminPage({ canManageUsers }: { canManageUsers: boolean }) {
  return (
    <Tabs
      items={[
        ...(canManageUsers ? [{ key: 'users', label: '账户管理', children: <Users /> }] : []),
        { key: 'audit', label: '操作留痕', children: <Audit /> },
      ]}
    />
  );
}
