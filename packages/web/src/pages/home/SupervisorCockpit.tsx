import { useMemo } from 'react';
import { Button, Card, Col, Row, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import type { Page, Warning } from '../../api.ts';
import { useGet } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { EChart } from '../../components/EChart.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { StatusCards } from './StatusCards.tsx';
import { WarningList } from '../warnings/WarningList.tsx';
import { today } from '../../format.ts';

const SAMPLE = 200; // the API's largest page

function countBy(items: Warning[], key: (w: Warning) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const w of items) m.set(key(w), (m.get(key(w)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
}

/** 数据驾驶舱: counts, warnings by agency (bar) and by rule (pie), overdue list. */
export function SupervisorCockpit() {
  const { t } = useI18n();
  const { data } = useGet<Page<Warning>>('/warnings', { pageSize: SAMPLE, state: 'open' });
  const items = data?.items ?? [];
  const overdue = useMemo(() => ({ status: 'violated', state: 'open', dueTo: today(), sort: 'dueOn', order: 'asc' }), []);

  const bar = useMemo(() => {
    const rows = countBy(items, (w) => w.agencyName ?? w.agency).slice(0, 15);
    const violated = new Map(countBy(items.filter((w) => w.status === 'violated'), (w) => w.agencyName ?? w.agency));
    const pending = new Map(countBy(items.filter((w) => w.status === 'pending'), (w) => w.agencyName ?? w.agency));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('w.status.violated'), t('w.status.pending')] },
      grid: { left: 48, right: 16, bottom: 90, top: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r[0]), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('w.status.violated'), type: 'bar', stack: 'a', itemStyle: { color: '#cf1322' }, data: rows.map((r) => violated.get(r[0]) ?? 0) },
        { name: t('w.status.pending'), type: 'bar', stack: 'a', itemStyle: { color: '#fa8c16' }, data: rows.map((r) => pending.get(r[0]) ?? 0) },
      ],
    };
  }, [items, t]);

  const pie = useMemo(() => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 20, bottom: 20 },
    series: [{ type: 'pie', radius: ['35%', '65%'], center: ['35%', '50%'], label: { show: false },
      data: countBy(items, (w) => w.rule).map(([name, value]) => ({ name, value })) }],
  }), [items]);

  return (
    <div data-testid="cockpit">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Title level={3} className="page-title">{t('home.cockpit')}</Typography.Title>
        <Button icon={<TrophyOutlined />} href="#/assessments" data-testid="to-assessment">{t('home.toAssessment')}</Button>
      </div>
      <StatusCards />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card title={t('home.byAgency')} size="small" extra={(data?.total ?? 0) > SAMPLE ? t('home.sampleNote', { n: SAMPLE }) : null}>
            <EChart option={bar} label={t('home.byAgency')} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('home.byRule')} size="small"><EChart option={pie} label={t('home.byRule')} /></Card>
        </Col>
      </Row>
      <Card title={t('home.overdue')} size="small" style={{ marginTop: 16 }} extra={<ExportButton path="/warnings" query={overdue} />}>
        <WarningList filters={overdue} pageSize={10} compact />
      </Card>
    </div>
  );
}
