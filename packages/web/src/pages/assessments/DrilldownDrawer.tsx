import { Alert, Drawer, Table, Tag, Typography } from 'antd';
import { useGet } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate } from '../../format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { caseHref } from '../cases/CaseTable.tsx';
import type { Drilldown, DrillItem } from './types.ts';

/** 指标追溯: the cases (or events / records) behind one figure of a published run, each linked to its case page. */
export function DrilldownDrawer({ run, agency, code, title, onClose }: { run: number | null; agency: string; code: string | null; title: string; onClose(): void }) {
  const { t, lang } = useI18n();
  const path = run != null && code ? `/assessments/${run}/indicators/${encodeURIComponent(agency)}/${encodeURIComponent(code)}` : null;
  const { data, loading, error } = useGet<Drilldown>(path);
  const items = data?.code === code ? data.items : [];
  return (
    <Drawer open={!!code} onClose={onClose} size="large" title={<span>{t('as.drill.title')} · {title}</span>} destroyOnHidden>
      <div data-testid="drilldown">
        <ErrorAlert error={error} />
        {data && data.code === code ? (
          <div>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('as.drill.summary', { x: data.x, n: data.n })} <Typography.Text code>{data.code}</Typography.Text>
            </Typography.Paragraph>
            {!data.matches ? <Alert type="warning" showIcon title={t('as.drill.mismatch', { x: data.stored?.x ?? '', n: data.stored?.n ?? '' })} /> : null}
          </div>
        ) : null}
        <Table<DrillItem>
          style={{ marginTop: 12 }}
          size="small" loading={loading} dataSource={items}
          rowKey={(i) => `${i.caseId ?? ''}/${i.ref ?? ''}/${i.day ?? ''}`}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }), showSizeChanger: false }}
          data-testid="drilldown-table"
          columns={[
            { title: t('case.id'), dataIndex: 'caseId', render: (id: string | null) => (id ? <a href={`#${caseHref(agency, id)}`}>{id}</a> : '—') },
            { title: t('as.drill.ref'), dataIndex: 'ref', render: (r: string | null) => r ?? '—' },
            { title: t('as.drill.day'), dataIndex: 'day', width: 150, render: (d: string | null) => fmtDate(d, lang) },
            { title: t('as.drill.counted'), dataIndex: 'inNumerator', width: 130,
              render: (b: boolean) => (b ? <Tag color="blue">{t('as.drill.inNumerator')}</Tag> : <Tag>{t('as.drill.denominatorOnly')}</Tag>) },
          ]}
        />
      </div>
    </Drawer>
  );
}
