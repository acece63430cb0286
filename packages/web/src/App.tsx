import { useEffect, useMemo } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { setDayjsLocale } from './format.ts';
import { useRoute } from './router.ts';
import { AppLayout, menuFor } from './components/AppLayout.tsx';
import { ChangePasswordDialog } from './components/ChangePasswordDialog.tsx';
import { LoginPage } from './pages/login/LoginPage.tsx';
import { HomePage } from './pages/home/HomePage.tsx';
import { WarningCentre } from './pages/warnings/WarningCentre.tsx';
import { CaseSearch } from './pages/cases/CaseSearch.tsx';
import { CasePage } from './pages/cases/CasePage.tsx';
import { ImportCentre } from './pages/imports/ImportCentre.tsx';
import { Registries } from './pages/registries/Registries.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';
import { AssessmentsPage } from './pages/assessments/AssessmentsPage.tsx';

function Routes() {
  const { user, checking, mustChangePassword, passwordChanged } = useSession();
  const route = useRoute();
  if (checking) return <div className="center-spin"><Spin size="large" /></div>;
  if (!user) return <LoginPage />;
  const allowed = menuFor(user.roles).map((m) => m.key);
  let section = route.parts[0] ?? allowed[0] ?? 'home';
  if (!allowed.includes(section)) section = allowed[0] ?? 'home';
  let page;
  switch (section) {
    case 'warnings': page = <WarningCentre initialId={route.params.get('id') ?? undefined} />; break;
    case 'cases': page = route.parts.length >= 3 ? <CasePage agency={route.parts[1]} caseId={route.parts.slice(2).join('/')} /> : <CaseSearch />; break;
    case 'assessments': page = <AssessmentsPage parts={route.parts} params={route.params} />; break;
    case 'imports': page = <ImportCentre />; break;
    case 'registries': page = <Registries tab={route.parts[1]} />; break;
    case 'users': page = <UsersPage />; break;
    case 'audit': page = <AuditPage />; break;
    default: page = <HomePage />;
  }
  return (
    <AppLayout active={section}>
      {/* until the forced change is done the API refuses business calls: show no page behind the dialog */}
      {mustChangePassword ? null : page}
      <ChangePasswordDialog open={mustChangePassword} forced onDone={passwordChanged} />
    </AppLayout>
  );
}

function Themed() {
  const { lang } = useI18n();
  useMemo(() => setDayjsLocale(lang), [lang]);
  useEffect(() => setDayjsLocale(lang), [lang]);
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4, fontFamily: '"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif' } }}
    >
      <AntApp>
        <SessionProvider>
          <Routes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function KaoheApp() {
  return <I18nProvider><Themed /></I18nProvider>;
}
