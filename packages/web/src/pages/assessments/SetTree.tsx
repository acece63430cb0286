/**
 * The pieces shared by the indicator-set screens: the weight tree with its indicators (objective 80 = common 60 % /
 * domain 40 %; social 20) and their points, the post and individual indicators, and the change log.
 */
import type { ReactNode } from 'react';
import { Breadcrumb, Button, Collapse, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, EditOutlined, SlidersOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { useSetsText, type SetsKey } from './sets-i18n.ts';
import type { IndicatorDef, IndicatorSetDef, SetChange, SetKind, WeightNode } from './types.ts';

const round2 = (v: number) => Math.round(v * 100) / 100;
const sumOf = (xs: readonly { weight: number }[]) => xs.reduce((s, x) => s + x.weight, 0);

/** A floor or target as officials read it: a rate (scale 1) in per cent (up to two decimals), anything else as a number. */
export function fmtBound(v: number | undefined, scale = 1): string {
  if (v == null) return '—';
  if (scale === 1) return `${round2(v * 100)}%`;
  return String(round2(v));
}

export interface TreeRow {
  key: string;
  kind: 'node' | 'domain' | 'indicator';
  id: string;
  weight?: number;
  /** a top-level node: its weight is points of 100; below: a percentage of its parent */
  top?: boolean;
  points: number;
  /** indicator weights summed in a leaf (or a leaf's domain) */
  sum?: number;
  ind?: IndicatorDef;
  children?: TreeRow[];
}

/** The department part of a set as rows of a tree table, with each node's and indicator's nominal points. */
export function weightRows(set: Pick<IndicatorSetDef, 'weights' | 'indicators'>): TreeRow[] {
  const dept = set.indicators.filter((i) => i.level === 'department');
  const indRows = (list: IndicatorDef[], pts: number): TreeRow[] => {
    const s = sumOf(list);
    return list.map((i) => ({ key: `ind:${i.code}`, kind: 'indicator', id: i.code, ind: i, weight: i.weight, points: s > 0 ? (pts * i.weight) / s : 0 }));
  };
  const walk = (nodes: readonly WeightNode[], pts: number, top: boolean): TreeRow[] => {
    const total = sumOf(nodes);
    return nodes.map((n): TreeRow => {
      const p = total > 0 ? (pts * n.weight) / total : 0;
      if (n.children) return { key: `node:${n.id}`, kind: 'node', id: n.id, weight: n.weight, top, points: p, children: walk(n.children, p, false) };
      const inds = dept.filter((i) => i.group === n.id);
      const domains = [...new Set(inds.map((i) => i.domain))].sort((a, b) => (a === 'common' ? -1 : b === 'common' ? 1 : a.localeCompare(b)));
      if (domains.length > 1 || (domains.length === 1 && domains[0] !== 'common')) {
        // a domain's departments have only that domain's indicators here: each domain shares the whole points
        return {
          key: `node:${n.id}`, kind: 'node', id: n.id, weight: n.weight, top, points: p,
          children: domains.map((d) => {
            const l = inds.filter((i) => i.domain === d);
            return { key: `domain:${n.id}:${d}`, kind: 'domain', id: d, points: p, sum: sumOf(l), children: indRows(l, p) };
          }),
        };
      }
      return { key: `node:${n.id}`, kind: 'node', id: n.id, weight: n.weight, top, points: p, sum: sumOf(inds), children: indRows(inds, p) };
    });
  };
  return walk(set.weights, 100, true);
}

export interface TreeActions {
  onReweight?(row: TreeRow): void;
  onEdit?(ind: IndicatorDef): void;
  onRemove?(ind: IndicatorDef): void;
}

function useColumns(actions: TreeActions | undefined, withPoints: boolean): ColumnsType<TreeRow> {
  const { loc, tk } = useI18n();
  const s = useSetsText();
  const groupName = (id: string) => {
    const k = `group.${id}` as SetsKey;
    return k in GROUP_KEYS ? s(k) : id;
  };
  const cols: ColumnsType<TreeRow> = [
    { title: s('col.item'), key: 'item', width: 340, render: (_: unknown, r) => {
      if (r.kind === 'indicator') return <span>{loc(r.ind!.name)} <Typography.Text code style={{ fontSize: 12 }}>{r.id}</Typography.Text></span>;
      if (r.kind === 'domain') return <Tag color="geekblue">{tk('domain', r.id)}</Tag>;
      return <b>{groupName(r.id)}</b>;
    } },
    { title: s('col.weight'), key: 'weight', width: 170, render: (_: unknown, r) => {
      if (r.kind === 'indicator') return <span data-testid={`weight-${r.id}`}>{s('unit.share', { w: r.weight! })}</span>;
      const sum = r.sum != null ? <Typography.Text type={Math.abs(r.sum - 100) > 1e-9 ? 'warning' : 'secondary'} style={{ fontSize: 12 }}> · {s('sum.group', { sum: round2(r.sum) })}</Typography.Text> : null;
      if (r.kind === 'domain') return sum;
      return <span data-testid={`weight-${r.id}`}>{r.top ? s('unit.points', { w: r.weight! }) : s('unit.percent', { w: r.weight! })}{sum}</span>;
    } },
  ];
  if (withPoints) cols.push({ title: s('col.points'), key: 'points', width: 100, align: 'right', render: (_: unknown, r) => (r.kind === 'domain' ? null : round2(r.points)) });
  cols.push(
    { title: s('col.floorTarget'), key: 'ft', width: 150, render: (_: unknown, r) => (r.ind ? `${fmtBound(r.ind.floor, r.ind.scale)} → ${fmtBound(r.ind.target, r.ind.scale)}` : null) },
    { title: s('col.direction'), key: 'dir', width: 120, render: (_: unknown, r) => (r.ind ? s(r.ind.direction === 'down' ? 'dir.down' : 'dir.up') : null) },
    { title: s('col.basis'), key: 'basis', ellipsis: { showTitle: false }, render: (_: unknown, r) => (r.ind ? <Tooltip title={r.ind.basis}><span>{r.ind.basis}</span></Tooltip> : null) },
  );
  if (actions) {
    cols.push({ title: s('col.actions'), key: 'actions', width: 250, fixed: 'right', render: (_: unknown, r) => {
      if (r.kind === 'domain') return null;
      return (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<SlidersOutlined />} onClick={() => actions.onReweight?.(r)} data-testid={`reweight-${r.id}`}>{s('op.reweight')}</Button>
          {r.ind ? <Button type="link" size="small" icon={<EditOutlined />} onClick={() => actions.onEdit?.(r.ind!)} data-testid={`edit-${r.id}`}>{s('op.edit')}</Button> : null}
          {r.ind ? <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => actions.onRemove?.(r.ind!)} data-testid={`remove-${r.id}`}>{s('op.remove')}</Button> : null}
        </Space>
      );
    } });
  }
  return cols;
}
const GROUP_KEYS = { 'group.total': 1, 'group.objective': 1, 'group.common': 1, 'group.domain': 1, 'group.social': 1 } as const;

/** 权重结构与指标: the weight tree (groups and their department indicators), points of 100; editable when `actions`. */
export function WeightTree({ set, actions, extra }: { set: Pick<IndicatorSetDef, 'weights' | 'indicators' | 'version'>; actions?: TreeActions; extra?: ReactNode }) {
  const columns = useColumns(actions, true);
  const rows = weightRows(set);
  return (
    <>
      {extra}
      <Table<TreeRow>
        key={set.version} rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: 1100 }}
        expandable={{ defaultExpandAllRows: true }} data-testid="weight-tree"
      />
    </>
  );
}

/** Post (per post kind) and individual indicators: a weight is a share among the indicators of the same post / of the officer. */
export function OtherIndicators({ set, actions }: { set: Pick<IndicatorSetDef, 'indicators'>; actions?: TreeActions }) {
  const s = useSetsText();
  const columns = useColumns(actions, true);
  const group = (list: IndicatorDef[]): TreeRow[] => {
    const total = sumOf(list);
    return list.map((i) => ({ key: `ind:${i.code}`, kind: 'indicator', id: i.code, ind: i, weight: i.weight, points: total > 0 ? (100 * i.weight) / total : 0 }));
  };
  const posts = (['handler', 'reviewer', 'supervisor'] as const).map((p) => ({ p, list: set.indicators.filter((i) => i.level === 'post' && i.post === p) })).filter((x) => x.list.length);
  const indiv = set.indicators.filter((i) => i.level === 'individual');
  const table = (rows: TreeRow[], testId: string) => (
    <Table<TreeRow> rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} scroll={{ x: 1100 }} data-testid={testId} />
  );
  const items = [
    ...posts.map(({ p, list }) => ({ key: `post-${p}`, label: `${s('tree.posts')} · ${s(`post.${p}` as SetsKey)}（${list.length}）`, children: table(group(list), `post-${p}`) })),
    ...(indiv.length ? [{ key: 'individual', label: `${s('tree.individuals')}（${indiv.length}）`, children: table(group(indiv), 'individual-indicators') }] : []),
  ];
  if (!items.length) return null;
  return <Collapse size="small" items={items} style={{ marginTop: 16 }} />;
}

const show = (v: unknown, loc: (m: { zh?: string; en?: string }) => string): string => {
  if (v == null) return '—';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.zh === 'string' || typeof o.en === 'string') return loc(o as { zh?: string; en?: string });
    return Object.entries(o).map(([k, x]) => `${k}: ${typeof x === 'object' && x ? loc(x as { zh?: string; en?: string }) || JSON.stringify(x) : String(x)}`).join('，');
  }
  return String(v);
};

/** The structured change log of a draft or of a set published from one. */
export function ChangeLogTable({ log }: { log: SetChange[] }) {
  const { lang, loc } = useI18n();
  const s = useSetsText();
  return (
    <Table<SetChange & { n: number }>
      rowKey="n" size="small" pagination={false} dataSource={log.map((c, n) => ({ ...c, n }))} data-testid="change-log"
      locale={{ emptyText: s('log.empty') }} scroll={{ x: 900 }}
      columns={[
        { title: s('log.when'), dataIndex: 'when', width: 170, render: (w: string) => fmtDateTime(w, lang) },
        { title: s('log.who'), dataIndex: 'who', width: 110 },
        { title: s('log.action'), dataIndex: 'action', width: 110, render: (a: SetChange['action']) => <Tag color={{ add: 'green', remove: 'red', reweight: 'blue', edit: 'gold' }[a]}>{s(`log.action.${a}` as SetsKey)}</Tag> },
        { title: s('log.code'), dataIndex: 'code', width: 200, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
        { title: s('log.change'), key: 'change', width: 220, render: (_: unknown, c) => (c.action === 'reweight' || c.action === 'edit' ? `${show(c.from, loc)} → ${show(c.to, loc)}` : show(c.to ?? c.from, loc)) },
        { title: s('log.reason'), dataIndex: 'reason' },
      ]}
    />
  );
}

/** The versions' own change-log entries (what changed and why, with the front line's feedback), newest first. */
export function VersionHistory({ changelog }: { changelog: IndicatorSetDef['changelog'] }) {
  const s = useSetsText();
  return (
    <div data-testid="version-history">
      {[...changelog].reverse().map((e) => (
        <div key={`${e.version}-${e.date}`} style={{ marginBottom: 12 }}>
          <Space><Tag>{e.version}</Tag><Typography.Text type="secondary">{e.date}</Typography.Text></Space>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>{e.changes.map((c, k) => <li key={k}>{c}</li>)}</ul>
          {e.feedback ? <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0 20px' }}>{s('feedback')}：{e.feedback}</Typography.Paragraph> : null}
        </div>
      ))}
    </div>
  );
}

/** 考核评价 › 指标体系 › current */
export function SetsCrumbs({ current }: { current?: string }) {
  const s = useSetsText();
  return (
    <Breadcrumb style={{ marginBottom: 12 }} items={[
      { title: <a href="#/assessments">{s('crumb.assessments')}</a> },
      current ? { title: <a href="#/assessments/sets">{s('title')}</a> } : { title: s('title') },
      ...(current ? [{ title: current }] : []),
    ]} />
  );
}

export const KIND_COLOR: Record<SetKind, string> = { shipped: 'default', published: 'green', draft: 'orange' };

/** "2027Q1（2027年1月1日起）" */
export function useEffectiveText() {
  const { lang } = useI18n();
  const s = useSetsText();
  return (q: string, from: string, proposed = false) => s(proposed ? 'effective.proposed' : 'effective.from', { q, date: fmtDate(from, lang) });
}

