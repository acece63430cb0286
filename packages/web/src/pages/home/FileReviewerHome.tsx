import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, DatePicker, Form, Input, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useGet, useList } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate } from '../../format.ts';
import { flattenRules } from '../../components/Selects.tsx';
import { WarningList } from '../warnings/WarningList.tsx';
import type { CaseSummary } from '../cases/types.ts';
import { useHomeText } from './messages.ts';

const href = (agency: string, id: string) => `#/cases/${encodeURIComponent(agency)}/${encodeURIComponent(id)}`;

/**
 * 案卷评查 home: closed cases of a period with the warnings each carries (as far as the policy lets a file reviewer
 * see them: the sample files assigned to them), and the rules every case is checked against as a review checklist.
 * The sampling and review-sheet module is a later issue; the page says so and offers no action for it.
 */
export function FileReviewerHome() {
  const { t, tk, loc, lang } = useI18n();
  const ht = useHomeText();
  const { user } = useSession();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [q, setQ] = useState('');
  const filters = useMemo(() => ({ status: 'closed', from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD'), q: q || undefined }), [period, q]);
  const cases = useList<CaseSummary>('/cases', filters, 20);
  const key = JSON.stringify(filters);
  useEffect(() => { cases.setFilters(filters); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [key]);
  const rules = useGet<unknown>('/rules');
  return (
    <div data-testid="file-reviewer-home">
      <Typography.Title level={3} className="page-title">{t('home.welcome', { name: user?.name ?? user?.username ?? '' })}</Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={ht('fr.notice')} data-testid="file-reviewer-notice" />
      <Card title={ht('fr.search')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{ht('fr.searchHint')}</Typography.Paragraph>
        <Form layout="inline" className="filters">
          <Form.Item label={ht('fr.period')}>
            <DatePicker.RangePicker value={period} allowClear={false} onChange={(v) => { if (v?.[0] && v[1]) setPeriod([v[0], v[1]]); }} />
          </Form.Item>
          <Form.Item label={ht('fr.q')}>
            <Input.Search allowClear onSearch={(v) => setQ(v.trim())} enterButton={t('common.search')} style={{ width: 300 }} />
          </Form.Item>
        </Form>
        <Table<CaseSummary>
          rowKey={(c) => `${c.agency}/${c.id}`} size="small" data-testid="closed-cases" loading={cases.loading} dataSource={cases.data.items} scroll={{ x: 900 }}
          pagination={{ current: cases.data.page, pageSize: cases.data.pageSize || 20, total: cases.data.total, onChange: cases.setPage, showTotal: (n) => t('common.total', { n }) }}
          expandable={{ expandedRowRender: (c) => <WarningList filters={{ agency: c.agency, caseId: c.id, state: 'active' }} compact pageSize={10} /> }}
          columns={[
            { title: t('case.id'), dataIndex: 'id', width: 190, render: (id: string, c) => <a href={href(c.agency, id)}>{id}</a> },
            { title: t('case.agency'), dataIndex: 'agency', width: 180, ellipsis: true, render: (a: string, c) => c.agencyName ?? a },
            { title: t('case.domain'), dataIndex: 'domain', width: 100, render: (d: string) => tk('domain', d) },
            { title: t('case.procedure'), dataIndex: 'procedure', width: 100, render: (p: string) => tk('case.procedure', p) },
            { title: t('case.decidedOn'), dataIndex: 'decidedOn', width: 140, render: (d: string) => fmtDate(d, lang) },
            { title: t('case.flags'), dataIndex: 'flags', width: 180, render: (f: string[] | undefined) => (f ?? []).map((x) => <Tag key={x} color="orange">{tk('case.flag', x)}</Tag>) },
          ]}
        />
      </Card>
      <Card title={ht('fr.checklist')}>
        <Typography.Paragraph type="secondary">{ht('fr.checklistHint')}</Typography.Paragraph>
        <Table
          rowKey="id" size="small" data-testid="review-checklist" loading={rules.loading} pagination={{ pageSize: 10 }}
          dataSource={flattenRules(rules.data)}
          columns={[
            { title: ht('fr.rule'), dataIndex: 'title', render: (v, r) => <>{loc(v)} <Typography.Text type="secondary" code>{r.id}</Typography.Text></> },
            {
              title: ht('fr.basis'), dataIndex: 'citation', width: 360,
              render: (c: { law?: string; article?: string; paragraph?: string } | undefined) => (c ? `${c.law ?? ''} ${c.article ?? ''}${c.paragraph ?? ''}` : ''),
            },
          ]}
        />
      </Card>
    </div>
  );
}
