import { useState } from 'react';
import { Button, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { RegistryTable } from './RegistryTable.tsx';
import { AgencyForm, type AgencyRow } from './AgencyForm.tsx';
import { useRegText } from './messages.ts';

/** 执法部门: the supervision body registers and edits the agencies of its region (the server checks the role and region). */
export function AgencyTable() {
  const { t, tk } = useI18n();
  const rt = useRegText();
  const { has } = useSession();
  const canEdit = has('supervisor');
  const [editing, setEditing] = useState<AgencyRow | null | undefined>(undefined);
  const [reload, setReload] = useState(0);
  return (
    <>
      <RegistryTable<AgencyRow>
        path="/agencies"
        rowKey="code"
        testId="agencies-table"
        scrollX={1100}
        reloadToken={reload}
        rowStyle={(a) => (a.active === false ? { color: 'rgba(0,0,0,0.45)' } : undefined)}
        actions={canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="agency-add">{rt('agency.add')}</Button>}
        columns={[
          { title: t('reg.code'), dataIndex: 'code', width: 160 },
          { title: t('reg.name'), dataIndex: 'name', width: 260 },
          { title: t('reg.region'), dataIndex: 'region', width: 110 },
          { title: t('reg.domain'), dataIndex: 'domain', width: 130, render: (d: string) => tk('domain', d) },
          { title: t('reg.level'), dataIndex: 'level', width: 90, render: (l: string) => tk('reg.level', l) },
          { title: t('reg.parent'), dataIndex: 'parent', width: 160 },
          { title: rt('edit.status'), dataIndex: 'active', width: 90, render: (a: boolean) => (a === false ? <Tag>{rt('edit.inactive')}</Tag> : <Tag color="green">{rt('edit.active')}</Tag>) },
          ...(canEdit ? [{
            title: t('common.actions'), key: 'actions', width: 90, fixed: 'right' as const,
            render: (_v: unknown, a: AgencyRow) => <Button type="link" size="small" onClick={() => setEditing(a)} aria-label={`${rt('edit.edit')} ${a.name}`}>{rt('edit.edit')}</Button>,
          }] : []),
        ]}
      />
      <AgencyForm open={editing !== undefined} agency={editing ?? null} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); setReload((n) => n + 1); }} />
    </>
  );
}
