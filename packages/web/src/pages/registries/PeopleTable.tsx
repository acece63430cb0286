import { useState } from 'react';
import { Button, Select, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate, today } from '../../format.ts';
import { RegistryTable } from './RegistryTable.tsx';
import { PersonForm } from './PersonForm.tsx';
import { useRegText } from './messages.ts';

export interface Person {
  code: string; name: string; agency: string; agencyName?: string; posts?: string[];
  credential?: { number?: string | null; validFrom?: string | null; validTo?: string | null; valid?: boolean; issuer?: string | null; domains?: string[] } | null;
  hasIdNumber?: boolean; nameMasked?: boolean; active?: boolean;
}

/** valid / expiring within 30 days / expired, as of today. */
export function credentialState(c: Person['credential'], asOf = today()): 'none' | 'expired' | 'expiring' | 'valid' {
  if (!c || !c.number) return 'none';
  if (c.validTo && c.validTo < asOf) return 'expired';
  if (c.validFrom && c.validFrom > asOf) return 'expired';
  if (c.validTo && dayjs(c.validTo).diff(dayjs(asOf), 'day') <= 30) return 'expiring';
  return 'valid';
}

const COLORS = { none: 'default', expired: 'red', expiring: 'orange', valid: 'green' } as const;
const LABELS = { none: 'reg.credNone', expired: 'reg.credExpired', expiring: 'reg.credExpiring', valid: 'reg.credValid' } as const;
const ROW = { expiring: { background: '#fff7e6' }, expired: { background: '#fff1f0' } } as const;

/**
 * 执法人员 with their enforcement credentials: validity shown, expiring rows orange and expired rows red. The
 * supervision body edits the people of its region, a department's administrator those of its agency.
 */
export function PeopleTable() {
  const { t, tk, lang } = useI18n();
  const rt = useRegText();
  const { has } = useSession();
  const canEdit = has('supervisor', 'agency-admin');
  const [editing, setEditing] = useState<Person | null | undefined>(undefined);
  const [reload, setReload] = useState(0);
  const [cred, setCred] = useState<string | undefined>();
  return (
    <>
      <RegistryTable<Person>
        path="/people"
        rowKey="code"
        testId="people-table"
        scrollX={1500}
        reloadToken={reload}
        filters={{ credential: cred }}
        filterControls={(
          <Select<string> allowClear style={{ width: 150 }} placeholder={rt('person.credFilter')} aria-label={rt('person.credFilter')} value={cred} onChange={setCred}
            options={(['valid', 'expiring', 'expired', 'missing'] as const).map((k) => ({ value: k, label: t(LABELS[k === 'missing' ? 'none' : k]) }))} />
        )}
        actions={canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="person-add">{rt('person.add')}</Button>}
        rowStyle={(p) => {
          const s = credentialState(p.credential);
          return s === 'expiring' || s === 'expired' ? ROW[s] : p.active === false ? { color: 'rgba(0,0,0,0.45)' } : undefined;
        }}
        columns={[
          { title: t('reg.code'), dataIndex: 'code', width: 120 },
          { title: t('reg.name'), dataIndex: 'name', width: 110 },
          { title: t('reg.agency'), dataIndex: 'agency', width: 170, ellipsis: true, render: (a: string, p) => p.agencyName ?? a },
          { title: t('reg.posts'), dataIndex: 'posts', width: 170, render: (ps: string[] | undefined) => (ps ?? []).map((p) => <Tag key={p}>{tk('reg.post', p)}</Tag>) },
          {
            title: t('reg.credential'), dataIndex: 'credential', width: 330,
            render: (c: Person['credential']) => {
              const s = credentialState(c);
              return (
                <span data-testid="credential-cell" data-state={s}>
                  {c?.number} <Tag color={COLORS[s]}>{t(LABELS[s])}</Tag>
                  {c?.validFrom && c.validTo ? <Typography.Text type={s === 'valid' ? 'secondary' : undefined}>{rt('person.credValidity', { from: fmtDate(c.validFrom, lang), to: fmtDate(c.validTo, lang) })}</Typography.Text> : c?.validTo ? t('reg.validTo', { d: fmtDate(c.validTo, lang) }) : ''}
                </span>
              );
            },
          },
          { title: rt('person.issuer'), dataIndex: ['credential', 'issuer'], width: 150, ellipsis: true },
          { title: rt('person.credDomains'), dataIndex: ['credential', 'domains'], width: 150, render: (ds: string[] | undefined) => (ds ?? []).map((d) => tk('domain', d)).join('、') },
          { title: t('reg.idNumber'), dataIndex: 'hasIdNumber', width: 90, render: (h: boolean) => (h ? rt('person.idOnFile') : rt('person.idNone')) },
          { title: rt('edit.status'), dataIndex: 'active', width: 80, render: (a: boolean) => (a === false ? <Tag>{rt('edit.inactive')}</Tag> : <Tag color="green">{rt('edit.active')}</Tag>) },
          ...(canEdit ? [{
            title: t('common.actions'), key: 'actions', width: 80, fixed: 'right' as const,
            render: (_v: unknown, p: Person) => <Button type="link" size="small" onClick={() => setEditing(p)} aria-label={`${rt('edit.edit')} ${p.code}`} data-testid={`person-edit-${p.code}`}>{rt('edit.edit')}</Button>,
          }] : []),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{rt('person.expiringHint')}</Typography.Paragraph>
      <PersonForm open={editing !== undefined} person={editing ?? null} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); setReload((n) => n + 1); }} />
    </>
  );
}
