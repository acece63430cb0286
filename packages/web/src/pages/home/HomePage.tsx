import { Result } from 'antd';
import { useSession } from '../../session.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { SupervisorCockpit } from './SupervisorCockpit.tsx';
import { AgencyTodo } from './AgencyTodo.tsx';
import { OfficerHome } from './OfficerHome.tsx';
import { StatusCards } from './StatusCards.tsx';

/** Role-aware home: cockpit for supervisors, to-do for departments, own cases for officers. */
export function HomePage() {
  const { has, user } = useSession();
  const { t } = useI18n();
  if (has('supervisor')) return <SupervisorCockpit />;
  if (has('agency-admin', 'legal-reviewer')) return <AgencyTodo />;
  if (has('officer')) return <OfficerHome />;
  if (has('sysadmin')) return <StatusCards />;
  return <Result status="info" title={t('home.welcome', { name: user?.name ?? '' })} subTitle={t('home.noRole')} />;
}
