import { Input, Space, Table, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useList } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';

/** A searchable, server-paged registry list with XLSX export. */
export function RegistryTable<T extends object>({ path, columns, rowKey, expandable, testId }: {
  path: string; columns: ColumnsType<T>; rowKey: string | ((r: T) => string); expandable?: TableProps<T>['expandable']; testId: string;
}) {
  const { t } = useI18n();
  const list = useList<T>(path, {}, 20);
  return (
    <>
      <div className="toolbar">
        <Input.Search allowClear placeholder={`${t('reg.code')} / ${t('reg.name')}`} aria-label={t('common.search')} style={{ width: 280 }}
          onSearch={(q) => list.setFilters({ q: q.trim() })} enterButton={t('common.search')} />
        <Space><ExportButton path={path} query={list.query} /></Space>
      </div>
      <Table<T>
        rowKey={rowKey}
        size="small"
        columns={columns}
        dataSource={list.data.items}
        loading={list.loading}
        expandable={expandable}
        data-testid={testId}
        pagination={{ current: list.data.page, pageSize: list.data.pageSize || 20, total: list.data.total, onChange: list.setPage, showTotal: (n) => t('common.total', { n }) }}
        scroll={{ x: 900 }}
      />
    </>
  );
}
