import { useState } from 'react';
import { Button, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate, fmtNumber } from '../../format.ts';
import { RegistryTable } from './RegistryTable.tsx';
import { ItemForm, type ItemFormMode } from './ItemForm.tsx';
import { useRegText } from './messages.ts';

interface Tier { tier: string; min?: number; max?: number; circumstances?: string[] }
export interface Item {
  code: string; name: string; domain?: string; violatedArticle?: string | null; penaltyArticle?: string | null; kinds?: string[];
  range?: { min: number; max: number } | null; multiple?: { base: string; min: number; max: number } | null; tiers?: Tier[] | null; version?: string;
  issuer?: string | null; effective?: string | null; active?: boolean;
}

/** 执法事项 and their discretion benchmark tiers; the supervision body edits them and issues new benchmark versions. */
export function ItemTable() {
  const { t, tk, lang } = useI18n();
  const rt = useRegText();
  const { has } = useSession();
  const canEdit = has('supervisor');
  const [editing, setEditing] = useState<{ item: Item | null; mode: ItemFormMode } | undefined>();
  const [reload, setReload] = useState(0);
  const range = (i: Item) => i.range ? `${fmtNumber(i.range.min, lang)} – ${fmtNumber(i.range.max, lang)}` : i.multiple ? `${i.multiple.base ?? ''} × ${i.multiple.min}–${i.multiple.max}` : '';
  return (
    <>
      <RegistryTable<Item>
        path="/items"
        rowKey={(i) => `${i.code}@${i.version ?? ''}`}
        testId="items-table"
        scrollX={1700}
        reloadToken={reload}
        rowStyle={(i) => (i.active === false ? { color: 'rgba(0,0,0,0.45)' } : undefined)}
        actions={canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ item: null, mode: 'create' })} data-testid="item-add">{rt('item.add')}</Button>}
        expandable={{
          rowExpandable: (i) => (i.tiers ?? []).length > 0,
          expandedRowRender: (i) => (
            <Table<Tier> size="small" pagination={false} rowKey="tier" dataSource={i.tiers ?? []} title={() => t('reg.tiers')}
              columns={[
                { title: t('reg.tier'), dataIndex: 'tier', width: 120, render: (x: string) => <Tag color="geekblue">{tk('reg.tierName', x)}</Tag> },
                { title: t('reg.range'), key: 'r', render: (_v, x) => `${fmtNumber(x.min, lang)} – ${fmtNumber(x.max, lang)}` },
                { title: t('reg.circumstances'), dataIndex: 'circumstances', render: (c: string[] | undefined) => (c ?? []).map((x) => rt(`circ.${x}` as Parameters<typeof rt>[0]) || x).join('、') },
              ]} />
          ),
        }}
        columns={[
          { title: t('reg.code'), dataIndex: 'code', width: 150 },
          { title: t('reg.version'), dataIndex: 'version', width: 90 },
          { title: t('reg.name'), dataIndex: 'name', width: 260, ellipsis: true },
          { title: t('reg.domain'), dataIndex: 'domain', width: 100, render: (d: string) => tk('domain', d) },
          { title: t('reg.penaltyArticle'), dataIndex: 'penaltyArticle', width: 160, ellipsis: true },
          { title: t('reg.kinds'), dataIndex: 'kinds', width: 180, render: (k: string[] | undefined) => (k ?? []).map((x) => <Tag key={x}>{tk('pen', x)}</Tag>) },
          { title: t('reg.range'), key: 'range', width: 150, render: (_v, i) => range(i) },
          { title: t('reg.tiers'), key: 'tiers', width: 80, render: (_v, i) => (i.tiers?.length ? <Tag color="geekblue">{i.tiers.length}</Tag> : null) },
          { title: rt('item.effective'), dataIndex: 'effective', width: 130, render: (d: string | null) => fmtDate(d, lang) },
          { title: rt('edit.status'), dataIndex: 'active', width: 80, render: (a: boolean) => (a === false ? <Tag>{rt('edit.inactive')}</Tag> : <Tag color="green">{rt('edit.active')}</Tag>) },
          ...(canEdit ? [{
            title: t('common.actions'), key: 'actions', width: 140, fixed: 'right' as const,
            render: (_v: unknown, i: Item) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ item: i, mode: 'edit' })} aria-label={`${rt('edit.edit')} ${i.code}`}>{rt('edit.edit')}</Button>
                <Button type="link" size="small" onClick={() => setEditing({ item: i, mode: 'version' })} aria-label={`${rt('item.newVersion')} ${i.code}`}>{rt('item.newVersion')}</Button>
              </Space>
            ),
          }] : []),
        ]}
      />
      <ItemForm open={!!editing} item={editing?.item ?? null} mode={editing?.mode ?? 'create'} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); setReload((n) => n + 1); }} />
    </>
  );
}
