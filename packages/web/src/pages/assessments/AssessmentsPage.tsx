import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { CloudUploadOutlined, PartitionOutlined } from '@ant-design/icons';
import { ApiError, asPage, post, type Page } from '../../api.ts';
import { useGet, useNotifyError } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { navigate } from '../../router.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RunForm, periodLabel, type RunParams } from './RunForm.tsx';
import { DepartmentGrid, DomainBar, ExportIndividuals, HistoryTable, IndividualsTable, RankingTable, TargetsPanel } from './Panels.tsx';
import { DepartmentPage } from './DepartmentPage.tsx';
import { setPreview, useAssessment } from './store.ts';
import { IndicatorSetsRoutes } from './SetPages.tsx';
import { useSetsText } from './sets-i18n.ts';
import type { Assessment, RunSummary } from './types.ts';

/** #/assessments[?run=ID|preview], #/assessments/:run/:agency (department page) and #/assessments/sets/… (指标体系). */
export function AssessmentsPage({ parts, params }: { parts: string[]; params: URLSearchParams }) {
  if (parts[1] === 'sets') return <IndicatorSetsRoutes parts={parts.slice(2)} />;
  if (parts.length >= 3) return <DepartmentPage run={parts[1]!} agency={parts.slice(2).join('/')} />;
  return <AssessmentOverview run={params.get('run') ?? 'latest'} />;
}

/**
 * 考核评价. Supervisors: 考核驾驶舱 — run a preview, publish it (confirmed), and read any published run. The other
 * roles read the published runs as the API scopes them (a department its own line, an officer his own).
 */
function AssessmentOverview({ run }: { run: string }) {
  const { t, lang } = useI18n();
  const st = useSetsText();
  const { has, user } = useSession();
  const { modal, message } = App.useApp();
  const notify = useNotifyError();
  const supervisor = has('supervisor');
  const officerOnly = !!user && user.roles.every((r) => r === 'officer');
  const [busy, setBusy] = useState(false);
  const [runError, setRunError] = useState<ApiError | null>(null);
  const [, force] = useState(0);
  const [lastParams, setLastParams] = useState<RunParams | null>(null);
  const { data, loading, error } = useAssessment(run);
  const history = useGet<Page<RunSummary>>('/assessments', { pageSize: 50, sort: 'id', order: 'desc' });
  const runs = asPage(history.data).items;

  const doRun = async (p: RunParams) => {
    setBusy(true);
    setRunError(null);
    try {
      const r = await post<Assessment>('/assessments', { ...p, publish: false });
      setPreview(r);
      setLastParams(p);
      if (run === 'preview') force((n) => n + 1); else navigate('/assessments?run=preview');
    } catch (e) {
      if (e instanceof ApiError) setRunError(e); else notify(e);
    } finally { setBusy(false); }
  };
  const publish = (a: Assessment) => {
    const p = lastParams ?? { period: a.run.period, set: a.run.set, asOf: a.run.asOf, scope: a.run.scope?.code ?? user?.region ?? '' };
    modal.confirm({
      title: t('as.publish.confirmTitle'),
      content: (
        <div data-testid="publish-confirm">
          <p>{t('as.publish.confirm', { period: periodLabel(a.run.period, t), set: a.run.set, asOf: fmtDate(a.run.asOf, lang) })}</p>
          <Typography.Text type="secondary">{t('as.publish.immutable')}</Typography.Text>
        </div>
      ),
      okText: t('as.publish'), cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await post<Assessment>('/assessments', { period: p.period, scope: p.scope, set: a.run.set, asOf: a.run.asOf, publish: true });
          void message.success(t('as.publish.done', { id: r.run.id ?? '' }));
          history.reload();
          navigate(`/assessments?run=${r.run.id}`);
        } catch (e) { notify(e); }
      },
    });
  };

  const notPublished = error?.status === 404 && run === 'latest';
  return (
    <div data-testid="assessments">
      <div className="toolbar">
        <Typography.Title level={3} className="page-title" style={{ margin: 0 }}>{supervisor ? t('as.cockpit') : t('as.title')}</Typography.Title>
        <Button icon={<PartitionOutlined />} onClick={() => navigate('/assessments/sets')} data-testid="open-indicator-sets">{st('open')}</Button>
      </div>
      {supervisor ? <RunForm region={user?.region ?? null} busy={busy} onRun={doRun} /> : null}
      <ErrorAlert error={runError} />
      {loading ? <div className="center-spin" style={{ minHeight: 200 }}><Spin /></div> : null}
      {!loading && notPublished ? <Card style={{ marginTop: 16 }}><Empty description={supervisor ? t('as.none.supervisor') : t('as.none')} /></Card> : null}
      {!loading && error && !notPublished ? <div style={{ marginTop: 16 }}><ErrorAlert error={error} /></div> : null}
      {!loading && run === 'preview' && !data ? <Card style={{ marginTop: 16 }}><Empty description={t('as.previewGone')} /></Card> : null}
      {!loading && data ? (
        <Results a={data} supervisor={supervisor} officerOnly={officerOnly} onPublish={() => publish(data)} />
      ) : null}
      <Card size="small" title={t('as.history')} style={{ marginTop: 16 }}>
        <HistoryTable items={runs} loading={history.loading} current={data?.run.id ?? null} onOpen={(id) => navigate(`/assessments?run=${id}`)} />
      </Card>
    </div>
  );
}

function Results({ a, supervisor, officerOnly, onPublish }: { a: Assessment; supervisor: boolean; officerOnly: boolean; onPublish(): void }) {
  const { t, lang } = useI18n();
  const published = a.run.id != null;
  const names = new Map(a.departments.map((d) => [d.agency, d.name ?? d.agency]));
  const many = a.departments.length > 1;
  const targets = a.targets.region.length ? a.targets.region : (a.targets.departments[0]?.entries ?? []);
  const ownTargets = !a.targets.region.length && a.targets.departments[0] ? names.get(a.targets.departments[0].agency) ?? a.targets.departments[0].agency : null;
  const header = (
    <Card size="small" style={{ marginTop: 16 }} data-testid="assessment-header"
      title={<Space>
        {published ? <Tag color="green">{t('as.published', { id: a.run.id ?? '' })}</Tag> : <Tag color="orange" data-testid="preview-tag">{t('as.preview')}</Tag>}
        <span>{periodLabel(a.run.period, t)}</span>
      </Space>}
      extra={<Space>
        <ExportIndividuals run={a.run.id} />
        {supervisor && !published ? <Button type="primary" danger icon={<CloudUploadOutlined />} onClick={onPublish} data-testid="assessment-publish">{t('as.publish')}</Button> : null}
      </Space>}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label={t('as.set')}>{a.run.set}</Descriptions.Item>
        <Descriptions.Item label={t('as.asOf')}>{fmtDate(a.run.asOf, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('as.window')}>{a.run.from && a.run.to ? `${fmtDate(a.run.from, lang)} – ${fmtDate(a.run.to, lang)}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('as.scope')}>{a.run.scope ? `${a.run.scope.code}${a.run.scope.population && a.run.scope.population !== a.run.scope.code ? `（${t('as.population')} ${a.run.scope.population}）` : ''}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('as.hash')}><Tooltip title={a.run.hash}><Typography.Text code copyable={{ text: a.run.hash }}>{a.run.hash.slice(0, 16)}…</Typography.Text></Tooltip></Descriptions.Item>
        {published ? <Descriptions.Item label={t('as.publishedAt')}>{fmtDateTime(a.run.publishedAt, lang)}（{a.run.publishedBy}）</Descriptions.Item> : null}
        <Descriptions.Item label={t('as.deptCount')}>{a.departments.length}</Descriptions.Item>
        {!published ? <Descriptions.Item label={t('as.note')}><Typography.Text type="warning">{t('as.preview.help')}</Typography.Text></Descriptions.Item> : null}
      </Descriptions>
    </Card>
  );
  const individuals = a.individuals.length ? (
    <Card size="small" title={officerOnly ? t('as.mine') : t('as.individuals')} style={{ marginTop: 16 }} extra={<ExportIndividuals run={a.run.id} />}>
      <IndividualsTable set={a.run.set} rows={a.individuals} agencyNames={names} />
    </Card>
  ) : null;
  return (
    <div data-testid="assessment-results">
      {header}
      {officerOnly ? individuals : null}
      {many ? (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={14}><Card size="small" title={t('as.grid')}><DepartmentGrid run={a.run.id} rows={a.departments} /></Card></Col>
          <Col xs={24} xl={10}><Card size="small" title={t('as.byDomain')}><DomainBar rows={a.departments} /></Card></Col>
        </Row>
      ) : null}
      {targets.length ? (
        <Card size="small" style={{ marginTop: 16 }} title={`${t('as.targets')}${ownTargets ? ` · ${ownTargets}` : ` · ${t('as.regionWide')}`}`}>
          <TargetsPanel entries={targets} />
        </Card>
      ) : null}
      {a.departments.length ? (
        <Card size="small" title={many ? t('as.ranking') : t('as.ownDepartment')} style={{ marginTop: 16 }} extra={<Typography.Text type="secondary">{t('as.ranking.hint')}</Typography.Text>}>
          <RankingTable set={a.run.set} run={a.run.id} info={a.run} rows={a.departments} />
        </Card>
      ) : null}
      {officerOnly ? null : individuals}
    </div>
  );
}
