import { Card, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { CaseTable } from '../cases/CaseTable.tsx';

/** Officer home: own cases (the server scopes /cases to the officer). */
export function OfficerHome() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <div data-testid="officer-home">
      <Typography.Title level={3} className="page-title">{t('home.welcome', { name: user?.name ?? user?.username ?? '' })}</Typography.Title>
      <Card title={t('home.myCases')}><CaseTable filters={{ status: 'open' }} /></Card>
    </div>
  );
}
