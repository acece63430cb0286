import { useState } from 'react';
import { Button, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../i18n/index.tsx';
import { fmtFigure, fmtScore, scoreColor } from './figures.ts';
import { useIndicatorMeta } from './sets.ts';
import type { IndicatorScore, Respread } from './types.ts';
import { DrilldownDrawer, type DrillRun } from './DrilldownDrawer.tsx';

/** `code → name` in the current language, from the set's definition (the API); the bare code until it is loaded. */
export function useIndicatorName(set: string) {
  const { loc } = useI18n();
  const meta = useIndicatorMeta(set);
  return (code: string) => loc(meta(code).name) || code;
}

/** Where a not-applicable indicator's points went: "权重 10 分转入 通用指标". */
export function RespreadNote({ code, nominal, respread }: { code: string; nominal: number; respread: Respread[] }) {
  const { t, tk } = useI18n();
  const r = respread.find((x) => x.from === code);
  return (
    <Tooltip title={t('as.na.help')}>
      <Tag color="default" style={{ borderStyle: 'dashed' }} data-testid="indicator-na">
        {t('as.na')} · {r ? t('as.na.respread', { w: fmtW(nominal), over: tk('as.group', r.over) }) : t('as.na.weight', { w: fmtW(nominal) })}
      </Tag>
    </Tooltip>
  );
}
const fmtW = (w: number) => String(Math.round(w * 100) / 100);

/**
 * 指标明细: code, name, n, x, raw, adjusted (small-sample shrinkage), score, effective and nominal weight, floor / target.
 * Each figure opens the cases behind it: `run` is a published run's number or a preview's run info (null: no drill-down,
 * e.g. a post line); `draft`: the indicator-set draft whose preview `run` is.
 */
export function IndicatorTable({ set, run, agency, indicators, respread, compact, draft }: {
  set: string; run: DrillRun; agency: string; indicators: IndicatorScore[]; respread: Respread[]; compact?: boolean; draft?: number | string | undefined;
}) {
  const { t, tk } = useI18n();
  const name = useIndicatorName(set);
  const [drill, setDrill] = useState<string | null>(null);
  const meta = useIndicatorMeta(set);
  const fig = (i: IndicatorScore, v: number | null) => fmtFigure(v, meta(i.code).scale ?? 1);
  const link = (i: IndicatorScore, text: string, testId?: string) => run != null && i.n > 0
    ? <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setDrill(i.code)} data-testid={testId}
        aria-label={t('as.drill.open', { name: name(i.code) })}>{text}</Button>
    : text;
  const columns: ColumnsType<IndicatorScore> = [
    { title: t('as.ind.code'), dataIndex: 'code', width: 230, render: (c: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{c}</Typography.Text> },
    { title: t('as.ind.name'), key: 'name', width: 220, render: (_: unknown, i) => {
      const m = meta(i.code);
      return <span>{name(i.code)}{m.domain && m.domain !== 'common' ? <Tag style={{ marginInlineStart: 6 }}>{tk('domain', m.domain)}</Tag> : null}</span>;
    } },
    { title: t('as.ind.n'), key: 'n', width: 110, align: 'right', render: (_: unknown, i) => link(i, `${i.x} / ${i.n}`, `drill-${i.code}`) },
    { title: t('as.ind.raw'), dataIndex: 'raw', width: 100, align: 'right', render: (_: unknown, i) => link(i, fig(i, i.raw)) },
    { title: <Tooltip title={t('as.ind.adjusted.help')}>{t('as.ind.adjusted')}</Tooltip>, dataIndex: 'adjusted', width: 150, align: 'right',
      render: (_: unknown, i) => <span style={{ whiteSpace: 'nowrap' }}>{fig(i, i.adjusted)}{i.shrunk ? <Tooltip title={t('as.shrunk.help')}><Tag color="purple" style={{ marginInlineStart: 4 }}>{t('as.shrunk')}</Tag></Tooltip> : null}</span> },
    { title: t('as.ind.score'), dataIndex: 'score', width: 90, align: 'right',
      render: (s: number | null) => <b style={{ color: scoreColor(s) }}>{fmtScore(s)}</b> },
    { title: t('as.ind.weight'), key: 'weight', width: 190, render: (_: unknown, i) => i.applicable
      ? <span>{fmtW(i.weight)}{Math.abs(i.weight - i.nominalWeight) > 0.005 ? <Typography.Text type="secondary"> {t('as.ind.nominal', { w: fmtW(i.nominalWeight) })}</Typography.Text> : null}</span>
      : <RespreadNote code={i.code} nominal={i.nominalWeight} respread={respread} /> },
  ];
  if (!compact) {
    columns.push({ title: t('as.ind.floorTarget'), key: 'ft', width: 170, render: (_: unknown, i) => {
      const m = meta(i.code);
      if (m.floor == null || m.target == null) return '—';
      return <span>{fmtFigure(m.floor, m.scale ?? 1, 0)} → {fmtFigure(m.target, m.scale ?? 1, 0)} {m.direction === 'down' ? '↓' : '↑'}</span>;
    } });
  }
  return (
    <>
      <Table<IndicatorScore>
        rowKey="code" size="small" pagination={false} columns={columns} dataSource={indicators}
        rowClassName={(i) => (i.applicable ? '' : 'row-na')} scroll={{ x: 900 }} data-testid="indicator-table"
      />
      <DrilldownDrawer run={run} agency={agency} code={drill} title={drill ? name(drill) : ''} onClose={() => setDrill(null)} draft={draft} />
    </>
  );
}
