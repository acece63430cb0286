import { Result } from 'antd';
import { useSession } from '../../session.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { SupervisorCockpit } from './SupervisorCockpit.tsx';
import { AgencyTodo } from './AgencyTodo.tsx';
import { OfficerHome } from './OfficerHome.tsx';
import { StatusCards } from './StatusCards.tsx';
import { LegalReviewerHome } from './LegalReviewerHome.tsx';
import { FileReviewerHome } from './FileReviewerHome.tsx';
import { EvaluatorHome } from './EvaluatorHome.tsx';

/**
 * Role-aware home: cockpit for supervisors, to-do for department administrators, the legal-review desk for legal
 * reviewers, own cases for officers, closed case files for file reviewers, published results for evaluators.
 */
export function HomePage() {
  const { has, user } = useSession();
  const { t } = useI18n();
  if (has('supervisor')) return <SupervisorCockpit />;
  if (has('agency-admin')) return <AgencyTodo />;
  if (has('legal-reviewer')) return <LegalReviewerHome />;
  if (has('officer')) return <OfficerHome />;
  if (has('file-reviewer')) return <FileReviewerHome />;
  if (has('evaluator')) return <EvaluatorHome />;
  if (has('sysadmin')) return <StatusCards />;
  return <Result status="info" title={t('home.welcome', { name: user?.name ?? user?.username ?? '' })} subTitle={t('home.noRole')} />;
}
