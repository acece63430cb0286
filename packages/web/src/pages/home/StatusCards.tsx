import { Card, Col, Row, Statistic } from 'antd';
import { useGet } from '../../hooks.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

export interface StatusCounts {
  agencies?: number; people?: number; items?: number; cases?: number; events?: number; records?: number; batches?: number;
  unregistered?: Record<string, number> | number;
}

const KEYS = ['agencies', 'people', 'items', 'cases', 'events', 'records', 'batches', 'unregistered'] as const;

function sum(v: StatusCounts['unregistered']): number {
  if (typeof v === 'number') return v;
  return Object.values(v ?? {}).reduce((a, b) => a + (Number(b) || 0), 0);
}

/** Counts from GET /status. */
export function StatusCards() {
  const { t } = useI18n();
  const { data, loading, error } = useGet<StatusCounts>('/status');
  return (
    <>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]} data-testid="status-cards">
        {KEYS.map((k) => (
          <Col key={k} xs={12} md={6} xl={3}>
            <Card className="stat-card" size="small" loading={loading}>
              <Statistic title={t(`status.${k}` as MessageKey)} value={k === 'unregistered' ? sum(data?.unregistered) : Number(data?.[k] ?? 0)}
                styles={k === 'unregistered' && sum(data?.unregistered) > 0 ? { content: { color: '#d46b08' } } : undefined} />
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
