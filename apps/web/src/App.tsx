import { Button, Layout, Menu, message, Result, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_NAMES_ZH, TIER_NAMES_ZH } from '@liandong/shared';
import { screensFor, useSession } from './session';
import { LoginPage } from './pages/LoginPage';
import { PublicQueryPage } from './pages/PublicQueryPage';
import { WindowPage } from './pages/WindowPage';
import { BackOfficePage } from './pages/BackOfficePage';
import { CaseDetailPage } from './pages/CaseDetailPage';
import { CataloguePage } from './pages/CataloguePage';
import { SyncStatusPage } from './pages/SyncStatusPage';
import { SupervisionPage } from './pages/SupervisionPage';
import { VillagePage } from './pages/VillagePage';
import { AdminPage } from './pages/AdminPage';
import { ChangePasswordDialog } from './components/ChangePasswordDialog';
import type { ReactNode } from 'react';

const { Header, Sider, Content } = Layout;

export function App() {
  const { user, loading } = useSession();
  const location = useLocation();
  if (location.pathname === '/query') return <PublicQueryPage />;
  if (loading) return <Spin fullscreen tip="正在加载…" />;
  if (user === null) return <LoginPage />;
  return <StaffShell />;
}

function StaffShell() {
  const { user, node, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = screensFor(user, node);
  const [changingPassword, setChangingPassword] = useState(false);
  const home = screens[0]?.path ?? '/none';
  const allowed = (path: string, element: ReactNode) =>
    screens.some((s) => s.path === path) ? element : <Result status="403" title="无权访问" subTitle="您的角色不能使用此功能" />;
  const selected = screens.find((s) => location.pathname.startsWith(s.path))?.path ?? (location.pathname.startsWith('/cases') ? '/window' : home);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#1f4e9c' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          联动 · 政务服务
        </Typography.Title>
        <span style={{ color: '#dbe6ff' }} data-testid="node-name">
          {node === null ? '' : `${node.name}（${TIER_NAMES_ZH[node.tier]}级）`}
        </span>
        <div style={{ flex: 1 }} />
        <Space>
          <span style={{ color: '#fff' }}>{user?.username}</span>
          {user?.roles.map((r) => (
            <Tag key={r} color="blue">
              {ROLE_NAMES_ZH[r]}
            </Tag>
          ))}
          <Button size="small" onClick={() => setChangingPassword(true)}>
            修改密码
          </Button>
          <Button size="small" onClick={logout}>
            退出登录
          </Button>
        </Space>
        <ChangePasswordDialog
          open={changingPassword}
          onClose={(changed) => {
            setChangingPassword(false);
            if (changed) void message.success('密码已修改，其他设备上的登录已失效');
          }}
        />
      </Header>
      <Layout>
        {screens.length > 1 && (
          <Sider width={168} theme="light" breakpoint="md" collapsedWidth={0}>
            <Menu mode="inline" selectedKeys={[selected]} items={screens.map((s) => ({ key: s.path, label: s.label }))} onClick={(e) => navigate(e.key)} />
          </Sider>
        )}
        <Content style={{ padding: 16 }}>
          <Routes>
            <Route path="/window" element={allowed('/window', <WindowPage />)} />
            <Route path="/backoffice" element={allowed('/backoffice', <BackOfficePage />)} />
            <Route path="/cases/:caseId" element={<CaseDetailPage />} />
            <Route path="/catalogue" element={allowed('/catalogue', <CataloguePage />)} />
            <Route path="/supervision" element={allowed('/supervision', <SupervisionPage />)} />
            <Route path="/sync" element={allowed('/sync', <SyncStatusPage />)} />
            <Route path="/village" element={allowed('/village', <VillagePage />)} />
            <Route path="/admin" element={allowed('/admin', <AdminPage canManageUsers={user?.roles.includes('admin') ?? false} />)} />
            <Route path="/none" element={<Result status="info" title="暂无可用功能" subTitle="请联系中心管理员分配角色" />} />
            <Route path="*" element={<Navigate to={home} replace />} />
          </Routes>
        </Content>
      </Layout>
    </Layout>
  );
}
