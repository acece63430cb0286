import { useEffect, useState } from 'react';
import { Card, Segmented, Table, Tabs, Tag, Typography } from 'antd';
import { useList } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { WarningList } from '../warnings/WarningList.tsx';
import { useHomeText, type HomeKey } from './messages.ts';

interface QueueItem {
  agency: string; id: string; domain: string | null; procedure: string | null; openedOn: string | null; item: string | null;
  party: { name: string | null } | null; reasons: ('major' | 'complex' | 'hearing')[]; state: 'not-submitted' | 'submitted' | 'rejected';
  submittedAt: string | null; reviewedAt: string | null;
}
const STATE_COLOR = { 'not-submitted': 'orange', submitted: 'blue', rejected: 'red' } as const;
/** the live rules about the legal review (行政处罚法 art. 58; 国办发〔2018〕118号 separation of handling and review) */
const RULE_58 = 'cn.apl.58.legal-review';
const RULE_INDEPENDENCE = 'cn.gbf118.review-independence';
const href = (agency: string, id: string) => `#/cases/${encodeURIComponent(agency)}/${encodeURIComponent(id)}`;

/**
 * 法制审核 home: the department's cases that must pass a legal review before their decision and have not (GET
 * /reviews/legal), and the warnings of the legal-review rules, with links to the case pages.
 */
export function LegalReviewerHome() {
  const { t, tk, lang } = useI18n();
  const ht = useHomeText();
  const { user } = useSession();
  const [state, setState] = useState<string>('all');
  const queue = useList<QueueItem>('/reviews/legal', { sort: 'openedOn', order: 'asc' }, 10);
  useEffect(() => { queue.setFilters({ state: state === 'all' ? undefined : state, sort: 'openedOn', order: 'asc' }); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [state]);
  const filters58 = { rule: RULE_58, state: 'active', sort: 'dueOn', order: 'asc' };
  const filtersIndep = { rule: RULE_INDEPENDENCE, state: 'active', sort: 'dueOn', order: 'asc' };
  return (
    <div data-testid="legal-reviewer-home">
      <Typography.Title level={3} className="page-title">{t('home.welcome', { name: user?.name ?? user?.username ?? '' })}</Typography.Title>
      <Card
        title={ht('lr.queue')}
        extra={<ExportButton path="/reviews/legal" query={queue.query} />}
        style={{ marginBottom: 16 }}
      >
        <Typography.Paragraph type="secondary">{ht('lr.queueHint')}</Typography.Paragraph>
        <Segmented
          value={state} onChange={(v) => setState(String(v))} style={{ marginBottom: 12 }} aria-label={ht('lr.state')}
          options={[{ value: 'all', label: ht('lr.allStates') }, ...(['not-submitted', 'submitted', 'rejected'] as const).map((s) => ({ value: s, label: ht(`lr.state.${s}` as HomeKey) }))]}
        />
        <Table<QueueItem>
          rowKey={(c) => `${c.agency}/${c.id}`} size="small" data-testid="legal-queue" loading={queue.loading} dataSource={queue.data.items} scroll={{ x: 900 }}
          pagination={{ current: queue.data.page, pageSize: queue.data.pageSize || 10, total: queue.data.total, onChange: queue.setPage, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('case.id'), dataIndex: 'id', width: 190, render: (id: string, c) => <a href={href(c.agency, id)}>{id}</a> },
            { title: ht('lr.reasons'), dataIndex: 'reasons', width: 220, render: (rs: QueueItem['reasons']) => rs.map((r) => <Tag key={r} color="purple">{ht(`lr.reason.${r}` as HomeKey)}</Tag>) },
            { title: ht('lr.state'), dataIndex: 'state', width: 120, render: (s: QueueItem['state']) => <Tag color={STATE_COLOR[s]}>{ht(`lr.state.${s}` as HomeKey)}</Tag> },
            { title: t('case.openedOn'), dataIndex: 'openedOn', width: 140, render: (d: string) => fmtDate(d, lang) },
            { title: ht('lr.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (d: string | null) => fmtDateTime(d, lang) },
            { title: ht('lr.reviewedAt'), dataIndex: 'reviewedAt', width: 170, render: (d: string | null) => fmtDateTime(d, lang) },
            { title: t('case.party'), dataIndex: 'party', width: 140, render: (p: QueueItem['party']) => p?.name ?? '' },
            { title: t('case.domain'), dataIndex: 'domain', width: 100, render: (d: string) => tk('domain', d) },
          ]}
        />
      </Card>
      <Card title={ht('lr.warnings')}>
        <Typography.Paragraph type="secondary">{ht('lr.warningsHint')}</Typography.Paragraph>
        <Tabs
          destroyOnHidden
          items={[
            { key: '58', label: ht('lr.rule58'), children: <WarningList filters={filters58} compact /> },
            { key: 'independence', label: ht('lr.ruleIndependence'), children: <WarningList filters={filtersIndep} compact /> },
          ]}
        />
      </Card>
    </div>
  );
}
