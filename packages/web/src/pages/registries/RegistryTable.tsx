import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Input, Select, Space, Table, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Query } from '../../api.ts';
import { useList } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { useRegText } from './messages.ts';

/**
 * A searchable, server-paged registry list with XLSX export. `filters` are the page's own filters (merged with the
 * search and the status filter), `actions` its buttons, `reloadToken` reloads the list when it changes (after an edit).
 */
export function RegistryTable<T extends object>({ path, columns, rowKey, expandable, testId, actions, filterControls, filters, reloadToken, rowStyle, statusFilter = true, scrollX = 900 }: {
  path: string; columns: ColumnsType<T>; rowKey: string | ((r: T) => string); expandable?: TableProps<T>['expandable']; testId: string;
  actions?: ReactNode; filterControls?: ReactNode; filters?: Query; reloadToken?: number; rowStyle?: (r: T) => CSSProperties | undefined; statusFilter?: boolean; scrollX?: number;
}) {
  const { t } = useI18n();
  const rt = useRegText();
  const list = useList<T>(path, {}, 20);
  const [q, setQ] = useState('');
  const [active, setActive] = useState<string | undefined>();
  const key = JSON.stringify({ q, active, filters });
  useEffect(() => { list.setFilters({ q, active, ...filters }); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [key]);
  useEffect(() => { if (reloadToken) list.reload(); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [reloadToken]);
  return (
    <>
      <div className="toolbar">
        <Space wrap>
          <Input.Search allowClear placeholder={`${t('reg.code')} / ${t('reg.name')}`} aria-label={t('common.search')} style={{ width: 280 }}
            onSearch={(v) => setQ(v.trim())} enterButton={t('common.search')} />
          {statusFilter && (
            <Select<string> allowClear style={{ width: 130 }} placeholder={rt('edit.allStatus')} aria-label={rt('edit.status')} value={active} onChange={setActive}
              options={[{ value: 'true', label: rt('edit.active') }, { value: 'false', label: rt('edit.inactive') }]} data-testid={`${testId}-status`} />
          )}
          {filterControls}
        </Space>
        <Space wrap>{actions}<ExportButton path={path} query={list.query} /></Space>
      </div>
      <Table<T>
        rowKey={rowKey}
        size="small"
        columns={columns}
        dataSource={list.data.items}
        loading={list.loading}
        expandable={expandable}
        data-testid={testId}
        onRow={rowStyle ? (r) => ({ style: rowStyle(r) }) : undefined}
        pagination={{ current: list.data.page, pageSize: list.data.pageSize || 20, total: list.data.total, onChange: list.setPage, showTotal: (n) => t('common.total', { n }) }}
        scroll={{ x: scrollX }}
      />
    </>
  );
}
