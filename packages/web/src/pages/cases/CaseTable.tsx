import { useEffect } from 'react';
import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Query } from '../../api.ts';
import { useList } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate, fmtNumber } from '../../format.ts';
import { navigate } from '../../router.ts';
import type { CaseSummary } from './types.ts';

export const caseHref = (agency: string, id: string) => `/cases/${encodeURIComponent(agency)}/${encodeURIComponent(id)}`;

/** Server-paged case summaries; a row opens the case page. */
export function CaseTable({ filters }: { filters: Query }) {
  const { t, tk, lang } = useI18n();
  const list = useList<CaseSummary>('/cases', filters);
  const key = JSON.stringify(filters);
  useEffect(() => { list.setFilters(filters); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [key]);
  const columns: ColumnsType<CaseSummary> = [
    { title: t('case.id'), dataIndex: 'id', width: 180, render: (id: string, c) => <a href={`#${caseHref(c.agency, id)}`}>{id}</a> },
    { title: t('case.agency'), dataIndex: 'agency', width: 180, ellipsis: true, render: (a: string, c) => c.agencyName ?? a },
    { title: t('case.domain'), dataIndex: 'domain', width: 110, render: (d: string) => tk('domain', d) },
    { title: t('case.procedure'), dataIndex: 'procedure', width: 110, render: (p: string) => tk('case.procedure', p) },
    { title: t('case.party'), dataIndex: 'party', width: 200, ellipsis: true, render: (p: CaseSummary['party'], c) => p?.name ?? c.partyName ?? '' },
    { title: t('case.openedOn'), dataIndex: 'openedOn', width: 140, sorter: true, render: (d: string) => fmtDate(d, lang) },
    { title: t('case.decidedOn'), dataIndex: 'decidedOn', width: 140, render: (d: string) => fmtDate(d, lang) },
    { title: t('case.fine'), dataIndex: 'fine', width: 110, align: 'right', sorter: true, render: (n: number, c) => fmtNumber(n ?? c.penalty?.fine, lang) },
    { title: t('case.status'), dataIndex: 'status', width: 90, render: (s: string) => s ? <Tag>{tk('case.status', s)}</Tag> : null },
    { title: t('case.flags'), dataIndex: 'flags', width: 200, render: (f: string[] | undefined) => (f ?? []).map((x) => <Tag key={x} color="orange">{tk('case.flag', x)}</Tag>) },
  ];
  return (
    <Table<CaseSummary>
      rowKey={(c) => `${c.agency}/${c.id}`}
      columns={columns}
      dataSource={list.data.items}
      loading={list.loading}
      data-testid="cases-table"
      rowClassName={() => 'clickable-row'}
      onRow={(c) => ({ onClick: () => navigate(caseHref(c.agency, c.id)), onKeyDown: (e) => { if (e.key === 'Enter') navigate(caseHref(c.agency, c.id)); }, tabIndex: 0 })}
      onChange={(_p, _f, sorter) => {
        const s = Array.isArray(sorter) ? sorter[0] : sorter;
        list.setSort(s?.order ? String(s.field) : undefined, s?.order === 'descend' ? 'desc' : s?.order ? 'asc' : undefined);
      }}
      pagination={{ current: list.data.page, pageSize: list.data.pageSize || 20, total: list.data.total, showTotal: (n) => t('common.total', { n }), onChange: list.setPage }}
      scroll={{ x: 1100 }}
    />
  );
}
