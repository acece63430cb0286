import { Alert, Breadcrumb, Card, Col, Descriptions, Empty, Row, Spin, Statistic, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate } from '../../format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtScore, scoreColor } from './figures.ts';
import { IndicatorTable, useIndicatorName } from './IndicatorTable.tsx';
import { IndividualsTable, TargetsPanel } from './Panels.tsx';
import { periodLabel } from './RunForm.tsx';
import { useAssessment } from './store.ts';

/** 部门考核详情: score, ranks, the indicator breakdown (each figure → the cases behind it), targets, its officers. */
export function DepartmentPage({ run, agency }: { run: string; agency: string }) {
  const { t, tk, lang } = useI18n();
  const { data, loading, error } = useAssessment(run);
  const name = useIndicatorName(data?.run.set ?? '');
  if (loading) return <div className="center-spin"><Spin /></div>;
  const back = `#/assessments?run=${run}`;
  const crumbs = <Breadcrumb items={[{ title: <a href={back}>{t('as.title')}</a> }, { title: agency }]} style={{ marginBottom: 12 }} />;
  if (error || !data) return <div>{crumbs}<ErrorAlert error={error} />{!error ? <Empty description={t('as.previewGone')} /> : null}</div>;
  const d = data.departments.find((x) => x.agency === agency);
  if (!d) return <div>{crumbs}<Empty description={t('as.dept.none')} /></div>;
  const targets = data.targets.departments.find((x) => x.agency === agency)?.entries ?? [];
  const officers = data.individuals.filter((i) => i.agency === agency);
  const total = data.departments.length;
  const inDomain = data.departments.filter((x) => x.domain === d.domain).length;
  return (
    <div data-testid="department-page">
      <Breadcrumb items={[{ title: <a href={back}>{t('as.title')}</a> }, { title: d.name ?? d.agency }]} style={{ marginBottom: 12 }} />
      <Typography.Title level={3} className="page-title">{d.name ?? d.agency}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('as.score')} value={fmtScore(d.score)} valueStyle={{ color: scoreColor(d.score) }} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('as.rank')} value={d.rank ?? '—'} suffix={`/ ${total}`} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={`${t('as.rankInDomain')}（${tk('domain', d.domain ?? 'other')}）`} value={d.rankInDomain ?? '—'} suffix={`/ ${inDomain}`} /></Card></Col>
        <Col xs={12} md={6}><Card size="small">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('as.period')}>{periodLabel(data.run.period, t)}</Descriptions.Item>
            <Descriptions.Item label={t('as.set')}>{data.run.set}</Descriptions.Item>
            <Descriptions.Item label={t('as.asOf')}>{fmtDate(data.run.asOf, lang)}</Descriptions.Item>
          </Descriptions>
        </Card></Col>
      </Row>
      {d.respread.length ? (
        <Alert type="info" showIcon style={{ marginTop: 16 }} data-testid="respread-note" title={t('as.respread.title')}
          description={d.respread.map((r) => (
            <Tag key={`${r.from}>${r.over}`} style={{ borderStyle: 'dashed', marginBottom: 4 }}>{r.from.includes('.') ? name(r.from) : tk('as.group', r.from)} → {tk('as.group', r.over)}</Tag>
          ))} />
      ) : null}
      <Card size="small" title={t('as.breakdown')} style={{ marginTop: 16 }} extra={<Typography.Text type="secondary">{t('as.drill.hint')}</Typography.Text>}>
        <IndicatorTable set={data.run.set} run={data.run} agency={d.agency} indicators={d.indicators} respread={d.respread} />
      </Card>
      {targets.length ? <Card size="small" title={t('as.targets')} style={{ marginTop: 16 }}><TargetsPanel entries={targets} /></Card> : null}
      {officers.length ? (
        <Card size="small" title={t('as.individuals')} style={{ marginTop: 16 }}>
          <IndividualsTable set={data.run.set} rows={officers} agencyNames={new Map([[d.agency, d.name ?? d.agency]])} />
        </Card>
      ) : null}
    </div>
  );
}
