import { useMemo } from 'react';
import { Card, Space, Typography } from 'antd';
import { ExportButton } from '../../components/ExportButton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { WarningList } from '../warnings/WarningList.tsx';

/** Department to-do: its open warnings, due soonest first. */
export function AgencyTodo() {
  const { t } = useI18n();
  const { user } = useSession();
  const filters = useMemo(() => ({ state: 'open', agency: user?.agency ?? undefined, sort: 'dueOn', order: 'asc' }), [user?.agency]);
  return (
    <div data-testid="agency-todo">
      <Typography.Title level={3} className="page-title">{t('home.welcome', { name: user?.name ?? user?.username ?? '' })}</Typography.Title>
      <Card title={t('home.todo')} extra={<Space><Typography.Text type="secondary">{t('home.todoHint')}</Typography.Text><ExportButton path="/warnings" query={filters} /></Space>}>
        <WarningList filters={filters} />
      </Card>
    </div>
  );
}
