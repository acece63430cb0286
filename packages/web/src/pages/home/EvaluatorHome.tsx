import { useEffect, useState } from 'react';
import { Card, Empty, Table, Typography } from 'antd';
import { useGet, useList } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { useHomeText } from './messages.ts';

interface RunSummary { id: number; period: string; set: string; asOf: string; scope: { kind: string; code: string }; publishedAt: string }
interface Department { agency: string; name: string | null; domain: string | null; score: number | null; rank: number | null; rankInDomain: number | null }

/**
 * The outside evaluator's home (人大代表、政协委员、法律顾问、群众代表): published assessment runs of the region and
 * the department ranking of one (read-only). Individual and post results carry person codes: they are not shown.
 */
export function EvaluatorHome() {
  const { t, tk, lang } = useI18n();
  const ht = useHomeText();
  const { user } = useSession();
  const runs = useList<RunSummary>('/assessments', {}, 10);
  const [runId, setRunId] = useState<number | null>(null);
  useEffect(() => { if (runId === null && runs.data.items[0]) setRunId(runs.data.items[0].id); }, [runs.data.items, runId]);
  const run = useGet<{ run: { period: string }; departments: Department[] }>(runId === null ? null : `/assessments/${runId}`);
  const departments = [...(run.data?.departments ?? [])].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  return (
    <div data-testid="evaluator-home">
      <Typography.Title level={3} className="page-title">{t('home.welcome', { name: user?.name ?? user?.username ?? '' })}</Typography.Title>
      <Typography.Paragraph type="secondary">{ht('ev.hint')}</Typography.Paragraph>
      <Card title={ht('ev.runs')} style={{ marginBottom: 16 }}>
        <Table<RunSummary>
          rowKey="id" size="small" data-testid="evaluator-runs" loading={runs.loading} dataSource={runs.data.items}
          locale={{ emptyText: <Empty description={ht('ev.none')} /> }}
          rowClassName={(r) => (r.id === runId ? 'ant-table-row-selected clickable-row' : 'clickable-row')}
          onRow={(r) => ({ onClick: () => setRunId(r.id), onKeyDown: (e) => { if (e.key === 'Enter') setRunId(r.id); }, tabIndex: 0, 'aria-label': `${ht('ev.pick')} ${r.period}` })}
          pagination={{ current: runs.data.page, pageSize: runs.data.pageSize || 10, total: runs.data.total, onChange: runs.setPage }}
          columns={[
            { title: ht('ev.period'), dataIndex: 'period', width: 120 },
            { title: ht('ev.set'), dataIndex: 'set', width: 140 },
            { title: ht('ev.asOf'), dataIndex: 'asOf', width: 140, render: (d: string) => fmtDate(d, lang) },
            { title: ht('ev.scope'), dataIndex: ['scope', 'code'], width: 140 },
            { title: ht('ev.publishedAt'), dataIndex: 'publishedAt', render: (d: string) => fmtDateTime(d, lang) },
          ]}
        />
      </Card>
      {runId !== null && (
        <Card title={ht('ev.ranking', { period: run.data?.run.period ?? '' })}>
          <Table<Department>
            rowKey="agency" size="small" data-testid="evaluator-ranking" loading={run.loading} dataSource={departments} pagination={false}
            columns={[
              { title: ht('ev.rank'), dataIndex: 'rank', width: 80 },
              { title: ht('ev.agency'), dataIndex: 'name', render: (n: string | null, d) => n ?? d.agency },
              { title: ht('ev.domain'), dataIndex: 'domain', width: 120, render: (d: string) => tk('domain', d) },
              { title: ht('ev.score'), dataIndex: 'score', width: 100, align: 'right', render: (s: number | null) => (s == null ? '—' : s.toFixed(2)) },
              { title: ht('ev.rankInDomain'), dataIndex: 'rankInDomain', width: 120 },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
