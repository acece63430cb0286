import { Tag } from 'antd';
import { useI18n } from '../i18n/index.tsx';
import { today } from '../format.ts';

/** Red for violated or overdue, amber for pending (due soon), blue for advisory. */
export function statusColor(status: string, dueOn?: string | null): string {
  if (status === 'violated') return 'red';
  if (status === 'pending') return dueOn && dueOn < today() ? 'red' : 'orange';
  if (status === 'advisory') return 'blue';
  return 'green';
}

export function WarningStatusTag({ status, dueOn }: { status: string; dueOn?: string | null }) {
  const { tk } = useI18n();
  const overdue = status === 'pending' && !!dueOn && dueOn < today();
  return <Tag color={statusColor(status, dueOn)}>{overdue ? tk('w.status', 'overdue') : tk('w.status', status)}</Tag>;
}

const stateColors: Record<string, string> = { open: 'default', answered: 'processing', accepted: 'success', rejected: 'error' };

export function WarningStateTag({ state }: { state: string }) {
  const { tk } = useI18n();
  return <Tag color={stateColors[state] ?? 'default'}>{tk('w.state', state)}</Tag>;
}
