import { Table, Tag } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { fmtNumber } from '../../format.ts';
import { RegistryTable } from './RegistryTable.tsx';

interface Tier { tier: string; min?: number; max?: number; circumstances?: string[] }
export interface Item {
  code: string; name: string; domain?: string; violatedArticle?: string; penaltyArticle?: string; kinds?: string[];
  range?: { min?: number; max?: number }; multiple?: { base?: string; min?: number; max?: number }; tiers?: Tier[]; version?: string;
}

export function ItemTable() {
  const { t, tk, lang } = useI18n();
  const range = (i: Item) => i.range ? `${fmtNumber(i.range.min, lang)} – ${fmtNumber(i.range.max, lang)}` : i.multiple ? `${i.multiple.base ?? ''} × ${i.multiple.min}–${i.multiple.max}` : '';
  return (
    <RegistryTable<Item>
      path="/items"
      rowKey="code"
      testId="items-table"
      expandable={{
        rowExpandable: (i) => (i.tiers ?? []).length > 0,
        expandedRowRender: (i) => (
          <Table<Tier> size="small" pagination={false} rowKey="tier" dataSource={i.tiers} title={() => t('reg.tiers')}
            columns={[
              { title: t('reg.tier'), dataIndex: 'tier', width: 120, render: (x: string) => <Tag color="geekblue">{tk('reg.tierName', x)}</Tag> },
              { title: t('reg.range'), key: 'r', render: (_v, x) => `${fmtNumber(x.min, lang)} – ${fmtNumber(x.max, lang)}` },
              { title: t('reg.circumstances'), dataIndex: 'circumstances', render: (c: string[] | undefined) => (c ?? []).join('、') },
            ]} />
        ),
      }}
      columns={[
        { title: t('reg.code'), dataIndex: 'code', width: 160 },
        { title: t('reg.name'), dataIndex: 'name', ellipsis: true },
        { title: t('reg.domain'), dataIndex: 'domain', width: 110, render: (d: string) => tk('domain', d) },
        { title: t('reg.violated'), dataIndex: 'violatedArticle', width: 160, ellipsis: true },
        { title: t('reg.penaltyArticle'), dataIndex: 'penaltyArticle', width: 160, ellipsis: true },
        { title: t('reg.kinds'), dataIndex: 'kinds', render: (k: string[] | undefined) => (k ?? []).map((x) => <Tag key={x}>{tk('pen', x)}</Tag>) },
        { title: t('reg.range'), key: 'range', width: 150, render: (_v, i) => range(i) },
        { title: t('reg.tiers'), key: 'tiers', width: 90, render: (_v, i) => (i.tiers?.length ? <Tag color="geekblue">{i.tiers.length}</Tag> : null) },
      ]}
    />
  );
}
