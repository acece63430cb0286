import { Table, Tag, Tooltip } from 'antd';
import { asPage } from '../../api.ts';
import { useGet } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtDate } from '../../format.ts';

interface Calendar { year: number; holidays?: string[]; workdays?: string[]; source?: string; }

export function CalendarTable() {
  const { t, lang } = useI18n();
  const { data, loading, error } = useGet<{ items: Calendar[] } | Calendar[]>('/calendars');
  const dates = (ds: string[] | undefined, color: string) => (
    <Tooltip title={(ds ?? []).map((d) => fmtDate(d, lang)).join('、')}><Tag color={color}>{t('reg.days', { n: ds?.length ?? 0 })}</Tag></Tooltip>
  );
  return (
    <>
      <ErrorAlert error={error} />
      <Table<Calendar>
        rowKey="year" size="small" loading={loading} dataSource={asPage(data).items} pagination={false} data-testid="calendars-table"
        columns={[
          { title: t('reg.year'), dataIndex: 'year', width: 90 },
          { title: t('reg.holidays'), dataIndex: 'holidays', width: 160, render: (d: string[]) => dates(d, 'red') },
          { title: t('reg.workdays'), dataIndex: 'workdays', width: 160, render: (d: string[]) => dates(d, 'blue') },
          { title: t('reg.source'), dataIndex: 'source', ellipsis: true },
        ]}
      />
    </>
  );
}
