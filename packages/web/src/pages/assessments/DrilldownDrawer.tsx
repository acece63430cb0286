import { Alert, Drawer, Table, Tag, Typography } from 'antd';
import { useGet } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate } from '../../format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { caseHref } from '../cases/CaseTable.tsx';
import type { Drilldown, DrillItem, RunInfo } from './types.ts';

/**
 * A run whose figures drill down: a published run's number, or a preview's inputs (its run info: period, as-of date,
 * set and scope — the server recounts the figure from them).
 */
export type DrillRun = number | RunInfo | null;

/**
 * The drill-down endpoint of one figure: the stored run's, or the preview's with the preview's inputs — an
 * indicator-set draft's preview (`draft`: the draft's id) through the draft's endpoint, which knows its definition.
 */
export function drillPath(run: DrillRun, agency: string, code: string | null, draft?: number | string): string | null {
  if (run == null || !code) return null;
  const id = typeof run === 'number' ? run : run.id;
  const tail = `indicators/${encodeURIComponent(agency)}/${encodeURIComponent(code)}`;
  if (id != null) return `/assessments/${id}/${tail}`;
  const info = run as RunInfo;
  if (draft != null) {
    const q = new URLSearchParams({ period: info.period, asOf: info.asOf, ...(info.scope ? { scope: info.scope.code } : {}) });
    return `/indicator-sets/drafts/${encodeURIComponent(String(draft))}/${tail}?${q.toString()}`;
  }
  const q = new URLSearchParams({ period: info.period, asOf: info.asOf, set: info.set, scope: info.scope?.code ?? agency });
  return `/assessments/preview/${tail}?${q.toString()}`;
}

/** 指标追溯: the cases (or events / records) behind one figure of a run (published or preview), each linked to its case page. */
export function DrilldownDrawer({ run, agency, code, title, onClose, draft }: {
  run: DrillRun; agency: string; code: string | null; title: string; onClose(): void;
  /** the indicator-set draft whose preview `run` is */
  draft?: number | string | undefined;
}) {
  const { t, lang } = useI18n();
  const path = drillPath(run, agency, code, draft);
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
