import { useMemo } from 'react';
import { Button, Card, Col, Empty, Progress, Row, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, QuestionCircleFilled } from '@ant-design/icons';
import { apiUrl } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { navigate } from '../../router.ts';
import { EChart } from '../../components/EChart.tsx';
import { domainMeans, fmtChange, fmtFigure, fmtScore, GRADE_COLOR, scoreColor } from './figures.ts';
import { useIndicatorName, IndicatorTable } from './IndicatorTable.tsx';
import { deptHref } from './store.ts';
import type { DepartmentResult, IndividualResult, RunInfo, RunSummary, TargetEntry } from './types.ts';

const runKey = (run: number | null) => (run == null ? 'preview' : run);

/** 部门考核排名: rank in the region and in the domain, score; n/a indicators with their re-spread points; expandable breakdown. */
/** `info`: the run's inputs, so a preview's figures drill down too */
export function RankingTable({ set, run, info, rows }: { set: string; run: number | null; info?: RunInfo; rows: DepartmentResult[] }) {
  const { t, tk } = useI18n();
  const name = useIndicatorName(set);
  const open = (d: DepartmentResult) => navigate(deptHref(runKey(run), d.agency));
  const domains = [...new Set(rows.map((r) => r.domain ?? 'other'))].sort();
  const columns: ColumnsType<DepartmentResult> = [
    { title: t('as.rank'), dataIndex: 'rank', width: 80, align: 'center', sorter: (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9), defaultSortOrder: 'ascend',
      render: (r: number | null) => (r == null ? '—' : r <= 3 ? <Tag color={['gold', 'default', 'orange'][r - 1]}>{r}</Tag> : r) },
    { title: t('as.rankInDomain'), dataIndex: 'rankInDomain', width: 100, align: 'center', sorter: (a, b) => (a.rankInDomain ?? 1e9) - (b.rankInDomain ?? 1e9), render: (r: number | null) => r ?? '—' },
    { title: t('as.department'), dataIndex: 'name', width: 240, render: (n: string | null, d) => (
      <a href={`#${deptHref(runKey(run), d.agency)}`} onClick={(e) => e.stopPropagation()} data-testid="dept-link">{n ?? d.agency}</a>) },
    { title: t('case.domain'), dataIndex: 'domain', width: 110, filters: domains.map((d) => ({ text: tk('domain', d), value: d })),
      onFilter: (v, d) => (d.domain ?? 'other') === v, render: (d: string | null) => tk('domain', d ?? 'other') },
    { title: t('as.score'), dataIndex: 'score', width: 200, sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
      render: (s: number | null) => (s == null ? '—' : (
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <b style={{ color: scoreColor(s), minWidth: 48 }}>{fmtScore(s)}</b>
          <Progress percent={s} showInfo={false} size="small" strokeColor={scoreColor(s)} style={{ margin: 0, flex: 1 }} />
        </div>)) },
    { title: <Tooltip title={t('as.shrunk.help')}>{t('as.shrunkCol')}</Tooltip>, key: 'shrunk', width: 110, align: 'center', render: (_: unknown, d) => {
      const s = d.indicators.filter((i) => i.shrunk);
      if (!s.length) return '—';
      return (
        <Tooltip title={<div>{s.map((i) => <div key={i.code}>{name(i.code)}：{t('as.ind.raw')} {fmtFigure(i.raw)} → {t('as.ind.adjusted')} {fmtFigure(i.adjusted)}</div>)}</div>}>
          <Tag color="purple">{s.length}</Tag>
        </Tooltip>
      );
    } },
    { title: t('as.naCol'), key: 'na', width: 460, render: (_: unknown, d) => (d.notApplicable.length ? d.notApplicable.map((c) => {
      const i = d.indicators.find((x) => x.code === c);
      const r = d.respread.find((x) => x.from === c);
      return (
        <Tooltip key={c} title={t('as.na.respread', { w: String(i?.nominalWeight ?? ''), over: tk('as.group', r?.over ?? '') })}>
          <Tag style={{ borderStyle: 'dashed', marginBottom: 2 }}>{name(c)}{i ? ` · ${Math.round(i.nominalWeight * 100) / 100}${t('as.points')}` : ''}</Tag>
        </Tooltip>
      );
    }) : '—') },
  ];
  return (
    <Table<DepartmentResult>
      rowKey="agency" size="small" columns={columns} dataSource={rows} scroll={{ x: 1400 }}
      pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }), showSizeChanger: true }}
      data-testid="ranking-table" rowClassName={() => 'clickable-row'}
      onRow={(d) => ({ onDoubleClick: () => open(d) })}
      expandable={{ expandedRowRender: (d) => <IndicatorTable set={set} run={info ?? run} agency={d.agency} indicators={d.indicators} respread={d.respread} compact /> }}
    />
  );
}

/** 部门得分分布: one block per department, grouped by domain, coloured by score; a click opens the department. */
export function DepartmentGrid({ run, rows }: { run: number | null; rows: DepartmentResult[] }) {
  const { t, tk } = useI18n();
  const option = useMemo(() => {
    const by = new Map<string, DepartmentResult[]>();
    for (const d of rows) by.set(d.domain ?? 'other', [...(by.get(d.domain ?? 'other') ?? []), d]);
    return {
      tooltip: { formatter: (p: { data?: { name: string; score?: number | null; rank?: number | null } }) =>
        p.data?.score !== undefined ? `${p.data.name}<br/>${t('as.score')}：${fmtScore(p.data.score)}　${t('as.rank')}：${p.data.rank ?? '—'}` : p.data?.name ?? '' },
      series: [{
        type: 'treemap', roam: false, nodeClick: false, breadcrumb: { show: false }, width: '100%', height: '100%', top: 0, left: 0,
        upperLabel: { show: true, height: 22, color: '#fff', fontWeight: 'bold' },
        levels: [{ itemStyle: { borderColor: '#fff', borderWidth: 3, gapWidth: 3 } }, { itemStyle: { gapWidth: 1, borderColor: '#fff', borderWidth: 1 } }],
        label: { show: true, formatter: (p: { data?: { short?: string; score?: number | null } }) => `${p.data?.short ?? ''}\n${fmtScore(p.data?.score)}`, fontSize: 11, overflow: 'truncate' },
        data: [...by.entries()].map(([dom, ds]) => ({
          name: tk('domain', dom), itemStyle: { color: '#595959' },
          children: ds.map((d) => ({
            name: d.name ?? d.agency, short: (d.name ?? d.agency).replace(/^.*?(市|区|县)(?=[^市区县])/, ''), value: 1, score: d.score, rank: d.rank, agency: d.agency,
            itemStyle: { color: scoreColor(d.score) },
          })),
        })),
      }],
    };
  }, [rows, t, tk]);
  return (
    <div>
      <EChart option={option} height={360} label={t('as.grid')} testId="department-grid"
        onClick={(d) => { const a = (d as { agency?: string } | undefined)?.agency; if (a) navigate(deptHref(runKey(run), a)); }} />
      <div className="score-legend" aria-hidden>
        {[['≥90', 95], ['75–90', 80], ['60–75', 65], ['<60', 30], [t('as.noScore'), null]].map(([l, v]) => (
          <span key={String(l)}><i style={{ background: scoreColor(v as number | null) }} />{l}</span>
        ))}
      </div>
    </div>
  );
}

/** 各领域平均得分 (bar, with min–max in the tooltip). */
export function DomainBar({ rows }: { rows: DepartmentResult[] }) {
  const { t, tk } = useI18n();
  const option = useMemo(() => {
    const m = domainMeans(rows);
    return {
      tooltip: { trigger: 'axis', formatter: (ps: { dataIndex: number }[]) => {
        const d = m[ps[0]?.dataIndex ?? 0];
        return d ? `${tk('domain', d.domain)}<br/>${t('as.mean')}：${d.mean}<br/>${t('as.minMax')}：${d.min} – ${d.max}<br/>${t('as.deptCount')}：${d.n}` : '';
      } },
      grid: { left: 48, right: 16, bottom: 40, top: 24 },
      xAxis: { type: 'category', data: m.map((d) => tk('domain', d.domain)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'bar', barMaxWidth: 36, label: { show: true, position: 'top' },
        data: m.map((d) => ({ value: d.mean, itemStyle: { color: scoreColor(d.mean) } })) }],
    };
  }, [rows, t, tk]);
  return <EChart option={option} height={360} label={t('as.byDomain')} testId="domain-bar" />;
}

/** 三个提升、两个下降: this year vs last year, change, met or not. */
export function TargetsPanel({ entries }: { entries: TargetEntry[] }) {
  const { t, loc } = useI18n();
  if (!entries.length) return <Empty description={t('common.empty')} />;
  return (
    <Row gutter={[12, 12]} data-testid="targets-panel">
      {entries.map((e) => {
        const rate = e.code !== 'complaints';
        const show = (v: number | null) => (v == null ? '—' : rate ? fmtFigure(v) : String(v));
        const icon = e.met == null ? <QuestionCircleFilled style={{ color: '#bfbfbf' }} /> : e.met ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />;
        const up = e.code === 'compliance' || e.code === 'satisfaction';
        return (
          <Col key={e.code} xs={24} sm={12} lg={8}>
            <Card size="small" className="target-card" data-testid={`target-${e.code}`}
              title={<span><Tag color={up ? 'red' : 'green'}>{up ? t('as.target.up') : t('as.target.down')}</Tag>{loc(e.name)}</span>}>
              <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
                <Progress type="dashboard" size={96}
                  percent={rate && e.thisYear.value != null ? Math.round(e.thisYear.value * 1000) / 10 : e.met ? 100 : 0}
                  format={() => show(e.thisYear.value)}
                  strokeColor={e.met == null ? '#bfbfbf' : e.met ? '#389e0d' : '#cf1322'} />
                <div style={{ flex: 1 }}>
                  <Statistic title={t('as.target.lastYear')} value={show(e.lastYear.value)} valueStyle={{ fontSize: 16 }} />
                  <div>{t('as.target.change')}：<b>{fmtChange(e.change)}</b></div>
                  <div>{t('as.target.goal')}：{e.target}</div>
                  <div>{icon} {e.met == null ? t('as.target.unknown') : e.met ? t('as.target.met') : t('as.target.notMet')}</div>
                  {e.note ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.note === 'no baseline last year' ? t('as.target.noBaseline') : e.note === 'no data this year' ? t('as.target.noData') : e.note}</Typography.Text> : null}
                </div>
              </div>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

/** 个人绩效考评: score and grade; XLSX for 公务员年度考核 (published runs). */
export function IndividualsTable({ set, rows, agencyNames }: { set: string; rows: IndividualResult[]; agencyNames: Map<string, string> }) {
  const { t, tk } = useI18n();
  const columns: ColumnsType<IndividualResult> = [
    { title: t('as.rank'), dataIndex: 'rank', width: 80, align: 'center', sorter: (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9), defaultSortOrder: 'ascend',
      render: (r: number | null | undefined) => r ?? '—' },
    { title: t('as.person'), dataIndex: 'person', width: 140 },
    { title: t('as.personName'), dataIndex: 'name', width: 110, render: (n: string | null | undefined) => n ?? '—' },
    { title: t('as.department'), dataIndex: 'agency', width: 220, ellipsis: true, render: (a: string) => agencyNames.get(a) ?? a },
    { title: t('as.cases'), dataIndex: 'cases', width: 90, align: 'right', render: (n: number | undefined) => n ?? '—' },
    { title: t('as.score'), dataIndex: 'score', width: 90, align: 'right', sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
      render: (s: number | null) => <b style={{ color: scoreColor(s) }}>{fmtScore(s)}</b> },
    { title: t('as.grade'), dataIndex: 'grade', width: 150, filters: (['excellent', 'pass', 'basic', 'fail'] as const).map((g) => ({ text: tk('as.grade', g), value: g })),
      onFilter: (v, r) => r.grade === v,
      render: (g: IndividualResult['grade'], r) => (g ? (
        <span><Tag color={GRADE_COLOR[g]} data-testid="grade">{tk('as.grade', g)}</Tag>{r.capped ? <Tooltip title={t('as.capped.help')}><Tag color="volcano">{t('as.capped')}</Tag></Tooltip> : null}
          {r.credentialFlag ? <Tooltip title={t('as.credentialFlag.help')}><Tag color="red" data-testid="credential-flag">{t('as.credentialFlag')}</Tag></Tooltip> : null}</span>
      ) : '—') },
    { title: t('as.previousGrade'), dataIndex: 'previousGrade', width: 100,
      render: (g: IndividualResult['previousGrade']) => (g ? <Tag color={GRADE_COLOR[g]}>{tk('as.grade', g)}</Tag> : '—') },
  ];
  return (
    <Table<IndividualResult>
      rowKey={(r) => `${r.agency}/${r.person}`} size="small" columns={columns} dataSource={rows} data-testid="individuals-table"
      pagination={{ pageSize: 10, showTotal: (n) => t('common.total', { n }) }} scroll={{ x: 900 }}
      expandable={{ expandedRowRender: (r) => <IndicatorTable set={set} run={null} agency={r.agency} indicators={r.indicators} respread={r.respread ?? []} compact /> }}
    />
  );
}

export function ExportIndividuals({ run }: { run: number | null }) {
  const { t } = useI18n();
  if (run == null) return <Tooltip title={t('as.export.previewHint')}><Button icon={<DownloadOutlined />} disabled>{t('as.export')}</Button></Tooltip>;
  return <Button icon={<DownloadOutlined />} href={apiUrl(`/assessments/${run}`, { format: 'xlsx' })} download data-testid="export-individuals">{t('as.export')}</Button>;
}

/** 已发布考核结果: number, period, set, as-of, input hash. */
export function HistoryTable({ items, loading, current, onOpen }: { items: RunSummary[]; loading: boolean; current: number | null; onOpen(id: number): void }) {
  const { t, lang } = useI18n();
  return (
    <Table<RunSummary>
      rowKey="id" size="small" loading={loading} dataSource={items} data-testid="history-table" pagination={{ pageSize: 5, hideOnSinglePage: true }}
      rowClassName={(r) => (r.id === current ? 'ant-table-row-selected clickable-row' : 'clickable-row')}
      onRow={(r) => ({ onClick: () => onOpen(r.id), onKeyDown: (e) => { if (e.key === 'Enter') onOpen(r.id); }, tabIndex: 0 })}
      scroll={{ x: 900 }}
      columns={[
        { title: t('as.runNo'), dataIndex: 'id', width: 70 },
        { title: t('as.period'), dataIndex: 'period', width: 90 },
        { title: t('as.set'), dataIndex: 'set', width: 120 },
        { title: t('as.asOf'), dataIndex: 'asOf', width: 140, render: (d: string) => fmtDate(d, lang) },
        { title: t('as.scope'), key: 'scope', width: 140, render: (_: unknown, r) => r.scope.code },
        { title: t('as.departments'), dataIndex: 'departments', width: 80, align: 'right' },
        { title: t('as.publishedAt'), dataIndex: 'publishedAt', width: 170, render: (d: string) => fmtDateTime(d, lang) },
        { title: t('as.publishedBy'), dataIndex: 'publishedBy', width: 110 },
        { title: t('as.hash'), dataIndex: 'hash', render: (h: string) => <Tooltip title={h}><Typography.Text code copyable={{ text: h }}>{h.slice(0, 12)}…</Typography.Text></Tooltip> },
      ]}
    />
  );
}
