import { useEffect, useState } from 'react';
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Query, Warning } from '../../api.ts';
import { useList } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate } from '../../format.ts';
import { WarningStateTag, WarningStatusTag } from '../../components/WarningTags.tsx';
import { WarningDrawer } from './WarningDrawer.tsx';

/** The warnings table (server-paged); a row opens the warning drawer. */
export function WarningList({ filters, pageSize = 20, compact, initialId }: { filters: Query; pageSize?: number; compact?: boolean; initialId?: string }) {
  const { t, loc, lang } = useI18n();
  const list = useList<Warning>('/warnings', filters, pageSize);
  const [openId, setOpenId] = useState<string | number | undefined>(initialId);
  const key = JSON.stringify(filters);
  useEffect(() => { list.setFilters(filters); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [key]);

  const columns: ColumnsType<Warning> = [
    { title: t('w.status'), dataIndex: 'status', width: 100, render: (s: string, w) => <WarningStatusTag status={s} dueOn={w.dueOn} /> },
    { title: t('w.agency'), dataIndex: 'agency', width: 160, ellipsis: true, render: (a: string, w) => w.agencyName ?? a },
    { title: t('w.case'), dataIndex: 'caseId', width: 170, render: (c: string, w) => <a href={`#/cases/${encodeURIComponent(w.agency)}/${encodeURIComponent(c)}`} onClick={(e) => e.stopPropagation()}>{c}</a> },
    ...(compact ? [] : [{ title: t('w.rule'), dataIndex: 'rule', width: 200, ellipsis: true, render: (r: string) => <Typography.Text code>{r}</Typography.Text> }]),
    { title: t('w.message'), dataIndex: 'message', ellipsis: true, render: (m: Warning['message']) => loc(m) },
    { title: t('w.dueOn'), dataIndex: 'dueOn', width: 140, sorter: true, render: (d: string) => fmtDate(d, lang) },
    ...(compact ? [] : [{ title: t('w.actOn'), dataIndex: 'actOn', width: 140, render: (d: string) => fmtDate(d, lang) }]),
    { title: t('w.state'), dataIndex: 'state', width: 100, render: (s: string) => <WarningStateTag state={s} /> },
  ];

  return (
    <>
      <Table<Warning>
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        columns={columns}
        dataSource={list.data.items}
        loading={list.loading}
        data-testid="warnings-table"
        rowClassName={() => 'clickable-row'}
        onRow={(w) => ({
          onClick: () => setOpenId(w.id),
          onKeyDown: (e) => { if (e.key === 'Enter') setOpenId(w.id); },
          tabIndex: 0,
          'aria-label': `${w.caseId} ${w.rule}`,
        })}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          list.setSort(s?.order ? String(s.field) : undefined, s?.order === 'descend' ? 'desc' : s?.order ? 'asc' : undefined);
        }}
        pagination={{
          current: list.data.page, pageSize: list.data.pageSize || pageSize, total: list.data.total, showSizeChanger: !compact,
          showTotal: (n) => t('common.total', { n }), onChange: list.setPage,
        }}
        scroll={{ x: 900 }}
      />
      <WarningDrawer id={openId} onClose={() => setOpenId(undefined)} onChanged={list.reload} />
    </>
  );
}
