import { Card, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { navigate } from '../../router.ts';
import { AgencyTable } from './AgencyTable.tsx';
import { PeopleTable } from './PeopleTable.tsx';
import { ItemTable } from './ItemTable.tsx';
import { CalendarTable } from './CalendarTable.tsx';

/** 基础数据: agencies, people (credential validity), items (benchmark tiers), holiday schedules. */
export function Registries({ tab }: { tab?: string }) {
  const { t } = useI18n();
  const { has } = useSession();
  const business = has('supervisor', 'agency-admin', 'legal-reviewer', 'officer', 'file-reviewer', 'evaluator');
  const tabs = [
    ...(business ? [{ key: 'agencies', label: t('reg.agencies'), children: <AgencyTable /> }] : []),
    ...(has('supervisor', 'agency-admin') ? [{ key: 'people', label: t('reg.people'), children: <PeopleTable /> }] : []),
    ...(business ? [{ key: 'items', label: t('reg.items'), children: <ItemTable /> }] : []),
    { key: 'calendars', label: t('reg.calendars'), children: <CalendarTable /> },
  ];
  const active = tabs.some((x) => x.key === tab) ? tab! : tabs[0].key;
  return (
    <div data-testid="registries">
      <Typography.Title level={3} className="page-title">{t('menu.registries')}</Typography.Title>
      <Card><Tabs activeKey={active} items={tabs} onChange={(k) => navigate(`/registries/${k}`)} destroyOnHidden /></Card>
    </div>
  );
}
