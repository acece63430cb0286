import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate, today } from '../../format.ts';
import { RegistryTable } from './RegistryTable.tsx';

export interface Person {
  code: string; name: string; agency: string; agencyName?: string; posts?: string[];
  credential?: { number?: string; validFrom?: string; validTo?: string; valid?: boolean } | null; idNumber?: string;
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

export function PeopleTable() {
  const { t, tk, lang } = useI18n();
  return (
    <RegistryTable<Person>
      path="/people"
      rowKey="code"
      testId="people-table"
      columns={[
        { title: t('reg.code'), dataIndex: 'code', width: 120 },
        { title: t('reg.name'), dataIndex: 'name', width: 120 },
        { title: t('reg.agency'), dataIndex: 'agency', ellipsis: true, render: (a: string, p) => p.agencyName ?? a },
        { title: t('reg.posts'), dataIndex: 'posts', render: (ps: string[] | undefined) => (ps ?? []).map((p) => <Tag key={p}>{tk('reg.post', p)}</Tag>) },
        {
          title: t('reg.credential'), dataIndex: 'credential', width: 300,
          render: (c: Person['credential']) => {
            const s = credentialState(c);
            return <>{c?.number} <Tag color={COLORS[s]}>{t(LABELS[s])}</Tag>{c?.validTo ? t('reg.validTo', { d: fmtDate(c.validTo, lang) }) : ''}</>;
          },
        },
        { title: t('reg.idNumber'), dataIndex: 'idNumber', width: 200 },
      ]}
    />
  );
}
