import { useI18n } from '../../i18n/index.tsx';
import type { Agency } from '../../components/Selects.tsx';
import { RegistryTable } from './RegistryTable.tsx';

export function AgencyTable() {
  const { t, tk } = useI18n();
  return (
    <RegistryTable<Agency>
      path="/agencies"
      rowKey="code"
      testId="agencies-table"
      columns={[
        { title: t('reg.code'), dataIndex: 'code', width: 160 },
        { title: t('reg.name'), dataIndex: 'name' },
        { title: t('reg.region'), dataIndex: 'region', width: 110 },
        { title: t('reg.domain'), dataIndex: 'domain', width: 130, render: (d: string) => tk('domain', d) },
        { title: t('reg.level'), dataIndex: 'level', width: 90, render: (l: string) => tk('reg.level', l) },
        { title: t('reg.parent'), dataIndex: 'parent', width: 160 },
      ]}
    />
  );
}
