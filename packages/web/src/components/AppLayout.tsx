import { useState, type ReactNode } from 'react';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import {
  AlertOutlined, AuditOutlined, CloudUploadOutlined, DashboardOutlined, DatabaseOutlined, FileSearchOutlined,
  GlobalOutlined, LockOutlined, LogoutOutlined, TeamOutlined, TrophyOutlined, UserOutlined,
} from '@ant-design/icons';
import type { Role } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { navigate } from '../router.ts';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';

const BUSINESS: Role[] = ['supervisor', 'agency-admin', 'legal-reviewer', 'officer', 'file-reviewer', 'evaluator'];

interface MenuEntry { key: string; label: MessageKey; icon: ReactNode; roles: Role[]; }

/** Side menu by role (三员分立: the admin roles see no business data). */
export const MENU: MenuEntry[] = [
  { key: 'home', label: 'menu.home', icon: <DashboardOutlined />, roles: [...BUSINESS, 'sysadmin'] },
  { key: 'warnings', label: 'menu.warnings', icon: <AlertOutlined />, roles: ['supervisor', 'agency-admin', 'legal-reviewer', 'officer', 'evaluator'] },
  { key: 'cases', label: 'menu.cases', icon: <FileSearchOutlined />, roles: BUSINESS },
  { key: 'assessments', label: 'menu.assessments', icon: <TrophyOutlined />, roles: BUSINESS },
  { key: 'imports', label: 'menu.imports', icon: <CloudUploadOutlined />, roles: ['supervisor', 'agency-admin'] },
  { key: 'registries', label: 'menu.registries', icon: <DatabaseOutlined />, roles: [...BUSINESS, 'sysadmin'] },
  { key: 'users', label: 'menu.users', icon: <TeamOutlined />, roles: ['secadmin'] },
  { key: 'audit', label: 'menu.audit', icon: <AuditOutlined />, roles: ['auditor'] },
];

export function menuFor(roles: readonly Role[]): MenuEntry[] {
  return MENU.filter((m) => m.roles.some((r) => roles.includes(r)));
}

export function AppLayout({ active, children }: { active: string; children: ReactNode }) {
  const { t, tk, lang, setLang } = useI18n();
  const { user, logout } = useSession();
  const [pwdOpen, setPwdOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  if (!user) return null;
  const items = menuFor(user.roles).map((m) => ({
    key: m.key, icon: m.icon, label: m.key === 'home' && user.roles.includes('supervisor') ? t('menu.cockpit') : t(m.label),
  }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">{t('common.skipToContent')}</a>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} theme="dark" aria-label="menu">
        <div className="brand" aria-hidden={collapsed}>
          <span className="brand-mark">考</span>
          {!collapsed && <span className="brand-text">{t('app.brand')}</span>}
        </div>
        <nav aria-label={t('app.short')}>
          <Menu theme="dark" mode="inline" selectedKeys={[active]} items={items} onClick={(e) => navigate(`/${e.key}`)} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Title level={4} style={{ margin: 0 }}>{t('app.title')}</Typography.Title>
          <Space size="middle">
            <Button
              type="text"
              icon={<GlobalOutlined />}
              aria-label={t('lang.label')}
              data-testid="lang-switch"
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              {t('lang.switch')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  { key: 'pwd', icon: <LockOutlined />, label: t('pwd.title') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('logout') },
                ],
                onClick: (e) => (e.key === 'logout' ? void logout() : setPwdOpen(true)),
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {user.name || user.username} · {user.roles.map((r) => tk('role', r)).join('、')}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className="app-content">{children}</Layout.Content>
        <Layout.Footer className="app-footer">{t('app.title')}</Layout.Footer>
      </Layout>
      <ChangePasswordDialog open={pwdOpen} forced={false} onDone={() => setPwdOpen(false)} onCancel={() => setPwdOpen(false)} />
    </Layout>
  );
}
