/**
 * 指标体系草稿: the weight tree as an editable table — re-weight a group or an indicator, edit an indicator's floor /
 * target / name, remove one, add one — every change through a dialog that requires its reason; the server validates
 * the whole set after each change and its problems (field and reason) are shown in the dialog. The change log,
 * a preview on the current data next to the set in force, and publishing for a coming quarter (confirmed).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CloudUploadOutlined, DeleteOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ApiError, patch, post, request } from '../../api.ts';
import { errorText, useGet, useNotifyError } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate, fmtDateTime, today } from '../../format.ts';
import { navigate } from '../../router.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtScore, periodsOf, scoreColor } from './figures.ts';
import { IndicatorTable } from './IndicatorTable.tsx';
import { periodLabel } from './RunForm.tsx';
import { ChangeLogTable, KIND_COLOR, OtherIndicators, SetsCrumbs, VersionHistory, WeightTree, useEffectiveText, type TreeRow } from './SetTree.tsx';
import { useSetsText, type SetsKey } from './sets-i18n.ts';
import { primeSetMeta, setVersionList } from './sets.ts';
import type { DepartmentResult, DraftPreview, IndicatorDef, SetDetail, WeightNode } from './types.ts';

type Op =
  | { op: 'reweight'; weights: Record<string, number>; reason: string }
  | { op: 'edit'; code: string; fields: Record<string, unknown>; reason: string }
  | { op: 'remove'; code: string; reason: string }
  | { op: 'add'; indicator: Record<string, unknown>; reason: string };

type Dialog = { kind: 'reweight'; row: TreeRow } | { kind: 'edit'; ind: IndicatorDef } | { kind: 'remove'; ind: IndicatorDef } | { kind: 'add' } | null;

/** Quarters after today's (the ones a draft may take effect in). */
function comingQuarters(n = 4): string[] {
  const d = today();
  let y = Number(d.slice(0, 4)), q = Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) { q++; if (q > 4) { q = 1; y++; } out.push(`${y}Q${q}`); }
  return out;
}
const quarterStart = (q: string) => `${q.slice(0, 4)}-${String((Number(q.slice(5)) - 1) * 3 + 1).padStart(2, '0')}-01`;
/** the server's default version name: the base's with its quarter replaced (cn-2026Q2 → cn-2027Q1) */
const proposedVersion = (base: string, q: string) => { const m = /^(.*?)-?\d{4}Q[1-4]$/.exec(base); const stem = m ? m[1]! : base; return stem ? `${stem}-${q}` : q; };

/** The problems of a refused change, in the current language: "field：reason" per line. */
function OpError({ error }: { error: ApiError | null }) {
  const { loc } = useI18n();
  const s = useSetsText();
  if (!error) return null;
  const details = Array.isArray(error.details) ? (error.details as { field?: string; reason?: { zh?: string; en?: string } }[]) : [];
  return (
    <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} data-testid="op-error"
      title={`${s('op.error')}${loc(error.localized) || error.id}`}
      description={details.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{details.map((d, k) => <li key={k}><Typography.Text code>{d.field}</Typography.Text> {loc(d.reason)}</li>)}</ul> : null} />
  );
}

/** A dialog of one change: its fields, the required reason, the server's refusal inline. */
function OpModal({ title, open, busy, error, onOk, onCancel, children, form, testId }: {
  title: string; open: boolean; busy: boolean; error: ApiError | null; onOk(): void; onCancel(): void; children?: ReactNode; form: ReturnType<typeof Form.useForm>[0]; testId: string;
}) {
  const { t } = useI18n();
  const s = useSetsText();
  return (
    <Modal open={open} title={title} onOk={onOk} confirmLoading={busy} onCancel={onCancel} okText={t('common.submit')} cancelText={t('common.cancel')} destroyOnHidden width={720}
      okButtonProps={{ 'data-testid': 'op-submit' }}>
      <div data-testid={testId}>
        <OpError error={error} />
        <Form form={form} layout="vertical" preserve={false}>
          {children}
          <Form.Item name="reason" label={s('op.reason')} rules={[{ required: true, whitespace: true, message: s('op.reason.required') }]}>
            <Input.TextArea rows={3} maxLength={2000} placeholder={s('op.reason.placeholder')} data-testid="op-reason" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

function siblingsOf(id: string, nodes: WeightNode[]): WeightNode[] | null {
  if (nodes.some((n) => n.id === id)) return nodes;
  for (const n of nodes) { const c = n.children && siblingsOf(id, n.children); if (c) return c; }
  return null;
}

export function DraftEditor({ id }: { id: string }) {
  const s = useSetsText();
  const { t, loc, lang } = useI18n();
  const { message } = App.useApp();
  const notify = useNotifyError();
  const effective = useEffectiveText();
  const url = `/indicator-sets/drafts/${encodeURIComponent(id)}`;
  const loaded = useGet<SetDetail>(url);
  const [edited, setEdited] = useState<SetDetail | null>(null);
  const draft = edited ?? loaded.data;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [opError, setOpError] = useState<ApiError | null>(null);
  const [form] = Form.useForm();
  const [publishing, setPublishing] = useState(false);
  const metaKey = `draft:${id}`;
  if (draft) primeSetMeta(metaKey, draft);

  const open = (d: Dialog) => { setOpError(null); setDialog(d); };
  const close = () => { setDialog(null); setOpError(null); };
  const submit = async (build: (v: Record<string, unknown>) => Op | null) => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    let op: Op | null;
    try { op = build(v); } catch (e) { setOpError(new ApiError(400, 'validation', { zh: (e as Error).message, en: (e as Error).message })); return; }
    if (!op) return;
    setBusy(true);
    setOpError(null);
    try {
      const d = await patch<SetDetail>(url, op);
      setEdited(d);
      void message.success(s('op.saved'));
      close();
    } catch (e) {
      if (e instanceof ApiError) setOpError(e); else notify(e);
    } finally { setBusy(false); }
  };

  if (loaded.loading && !draft) return <div className="center-spin" style={{ height: 300 }}><Spin /></div>;
  if (!draft) return <div><SetsCrumbs current={s('draft.title')} /><ErrorAlert error={loaded.error} /><Empty description={s('draft.notFound')} /></div>;
  if (draft.kind !== 'draft') {
    return <div><SetsCrumbs current={draft.version} /><Empty description={s('draft.notFound')}><a href={`#/assessments/sets/${encodeURIComponent(draft.version)}`}>{draft.version}</a></Empty></div>;
  }
  const set = draft.set;
  const nameOf = (r: TreeRow) => (r.ind ? loc(r.ind.name) : r.kind === 'node' && `group.${r.id}` in GROUPS ? s(`group.${r.id}` as SetsKey) : r.id);

  const remove = async () => {
    try {
      await request(url, { method: 'DELETE' });
      void message.success(s('delete.done'));
      navigate('/assessments/sets');
    } catch (e) { notify(e); }
  };

  // ---------------------------------------------------------------- dialogs
  let modal: ReactNode = null;
  if (dialog?.kind === 'reweight') {
    const row = dialog.row;
    const sibs = row.kind === 'node' ? siblingsOf(row.id, set.weights) ?? [] : [];
    modal = (
      <OpModal title={s('reweight.title', { name: nameOf(row) })} open busy={busy} error={opError} onCancel={close} form={form} testId="reweight-dialog"
        onOk={() => submit((v) => {
          const weights: Record<string, number> = {};
          if (row.kind === 'node') for (const n of sibs) { const w = v[`w_${n.id}`] as number | null; if (w !== n.weight && w != null) weights[n.id] = w; }
          else if (v.w !== row.weight && v.w != null) weights[row.id] = v.w as number;
          return { op: 'reweight', weights, reason: String(v.reason) };
        })}>
        {row.kind === 'node' ? (
          <>
            <Typography.Paragraph type="secondary">{s('reweight.help')}</Typography.Paragraph>
            <Typography.Text strong>{s('reweight.siblings')}</Typography.Text>
            <Row gutter={16} style={{ marginTop: 8 }}>
              {sibs.map((n) => (
                <Col key={n.id} span={12}>
                  <Form.Item name={`w_${n.id}`} label={`${`group.${n.id}` in GROUPS ? s(`group.${n.id}` as SetsKey) : n.id}（${n.id}）`} initialValue={n.weight}>
                    <InputNumber style={{ width: '100%' }} data-testid={`weight-input-${n.id}`} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </>
        ) : (
          <Form.Item name="w" label={s('reweight.indicator')} initialValue={row.weight}>
            <InputNumber style={{ width: 200 }} data-testid={`weight-input-${row.id}`} />
          </Form.Item>
        )}
      </OpModal>
    );
  } else if (dialog?.kind === 'edit') {
    const ind = dialog.ind;
    modal = (
      <OpModal title={s('edit.title', { name: loc(ind.name) })} open busy={busy} error={opError} onCancel={close} form={form} testId="edit-dialog"
        onOk={() => submit((v) => {
          const fields: Record<string, unknown> = {};
          if (v.floor !== ind.floor && v.floor != null) fields.floor = v.floor;
          if (v.target !== ind.target && v.target != null) fields.target = v.target;
          if (v.nameZh !== ind.name.zh || v.nameEn !== ind.name.en) fields.name = { zh: v.nameZh, en: v.nameEn };
          if (v.basis !== ind.basis) fields.basis = v.basis;
          return { op: 'edit', code: ind.code, fields, reason: String(v.reason) };
        })}>
        <Typography.Paragraph type="secondary">{s('edit.help')}（{s(ind.direction === 'down' ? 'dir.down' : 'dir.up')}）</Typography.Paragraph>
        <Row gutter={16}>
          <Col span={12}><Form.Item name="floor" label={s('edit.floor')} initialValue={ind.floor}><InputNumber style={{ width: '100%' }} step={0.01} data-testid="edit-floor" /></Form.Item></Col>
          <Col span={12}><Form.Item name="target" label={s('edit.target')} initialValue={ind.target}><InputNumber style={{ width: '100%' }} step={0.01} data-testid="edit-target" /></Form.Item></Col>
          <Col span={12}><Form.Item name="nameZh" label={s('edit.nameZh')} initialValue={ind.name.zh} rules={[{ required: true }]}><Input /></Form.Item></Col>
          <Col span={12}><Form.Item name="nameEn" label={s('edit.nameEn')} initialValue={ind.name.en} rules={[{ required: true }]}><Input /></Form.Item></Col>
        </Row>
        <Form.Item name="basis" label={s('edit.basis')} initialValue={ind.basis} rules={[{ required: true }]}><Input /></Form.Item>
      </OpModal>
    );
  } else if (dialog?.kind === 'remove') {
    const ind = dialog.ind;
    modal = (
      <OpModal title={s('remove.title', { name: loc(ind.name) })} open busy={busy} error={opError} onCancel={close} form={form} testId="remove-dialog"
        onOk={() => submit((v) => ({ op: 'remove', code: ind.code, reason: String(v.reason) }))}>
        <Typography.Paragraph type="secondary">{s('remove.help')}</Typography.Paragraph>
      </OpModal>
    );
  } else if (dialog?.kind === 'add') {
    modal = <AddDialog set={set} busy={busy} error={opError} onCancel={close} form={form} submit={submit} />;
  }

  return (
    <div data-testid="draft-editor">
      <SetsCrumbs current={`${s('draft.title')} · ${draft.version}`} />
      <Card size="small"
        title={<Space><Tag color={KIND_COLOR.draft}>{s('kind.draft')}</Tag><span>{loc(set.title)}</span></Space>}
        extra={<Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => open({ kind: 'add' })} data-testid="add-indicator">{s('op.add')}</Button>
          <Button icon={<EyeOutlined />} href="#preview" onClick={(e) => { e.preventDefault(); document.getElementById('draft-preview')?.scrollIntoView({ behavior: 'smooth' }); }}>{s('preview')}</Button>
          <Button type="primary" danger icon={<CloudUploadOutlined />} onClick={() => setPublishing(true)} data-testid="draft-publish">{s('publish')}</Button>
          <Popconfirm title={s('delete.confirm')} onConfirm={remove} okText={t('common.ok')} cancelText={t('common.cancel')}>
            <Button icon={<DeleteOutlined />} data-testid="draft-delete">{s('delete')}</Button>
          </Popconfirm>
        </Space>}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={s('meta.base')}>{draft.base}</Descriptions.Item>
          <Descriptions.Item label={s('meta.proposed')}>{draft.version} · {effective(draft.effective, draft.effectiveFrom)}</Descriptions.Item>
          <Descriptions.Item label={s('meta.createdBy')}>{draft.createdBy}（{fmtDateTime(draft.createdAt, lang)}）</Descriptions.Item>
          <Descriptions.Item label={s('col.region')}>{draft.region}</Descriptions.Item>
          <Descriptions.Item label={s('col.indicators')}>{set.indicators.length}</Descriptions.Item>
          <Descriptions.Item label={s('col.changes')}>{draft.log.length}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={s('tree')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{s('tree.help')}</Typography.Paragraph>
        <WeightTree set={set} actions={{ onReweight: (row) => open({ kind: 'reweight', row }), onEdit: (ind) => open({ kind: 'edit', ind }), onRemove: (ind) => open({ kind: 'remove', ind }) }} />
        <OtherIndicators set={set} actions={{ onReweight: (row) => open({ kind: 'reweight', row }), onEdit: (ind) => open({ kind: 'edit', ind }), onRemove: (ind) => open({ kind: 'remove', ind }) }} />
      </Card>

      <Card size="small" title={s('log')} style={{ marginTop: 16 }}>
        <Typography.Title level={5}>{s('log.draft')}</Typography.Title>
        <ChangeLogTable log={draft.log} />
        <Typography.Title level={5} style={{ marginTop: 16 }}>{s('log.history')}</Typography.Title>
        <VersionHistory changelog={set.changelog.slice(0, -1)} />
      </Card>

      <PreviewPanel url={url} metaKey={metaKey} draftId={draft.id ?? id} />

      {modal}
      {publishing ? <PublishDialog draft={draft} url={url} onClose={() => setPublishing(false)} /> : null}
    </div>
  );
}
const GROUPS = { 'group.total': 1, 'group.objective': 1, 'group.common': 1, 'group.domain': 1, 'group.social': 1 } as const;

/** 新增指标: the definition's fields; the counting rule in YAML, copied from an existing indicator to start with. */
function AddDialog({ set, busy, error, onCancel, form, submit }: {
  set: SetDetail['set']; busy: boolean; error: ApiError | null; onCancel(): void; form: ReturnType<typeof Form.useForm>[0];
  submit(build: (v: Record<string, unknown>) => Op | null): Promise<void>;
}) {
  const s = useSetsText();
  const { loc, tk } = useI18n();
  const leaves = (ns: WeightNode[]): string[] => ns.flatMap((n) => (n.children ? leaves(n.children) : [n.id]));
  const domains = [...new Set(['common', 'market', 'ecology', 'transport', 'urban', 'emergency', 'agriculture', 'culture', 'health', ...set.indicators.map((i) => i.domain)])];
  const counting = (i: IndicatorDef) => toYaml({ denominator: i.denominator, numerator: i.numerator, ...(i.scale !== 1 ? { scale: i.scale } : {}) });
  const first = set.indicators.find((i) => i.level === 'department') ?? set.indicators[0]!;
  const level = Form.useWatch('level', form) as string | undefined;
  const copy = (code: string) => {
    const i = set.indicators.find((x) => x.code === code);
    if (i) form.setFieldsValue({ counting: counting(i), level: i.level, post: i.post, domain: i.domain, group: i.group, direction: i.direction, floor: i.floor, target: i.target });
  };
  return (
    <OpModal title={s('add.title')} open busy={busy} error={error} onCancel={onCancel} form={form} testId="add-dialog"
      onOk={() => submit((v) => {
        let rule: Record<string, unknown>;
        try { rule = (parseYaml(String(v.counting ?? '')) ?? {}) as Record<string, unknown>; } catch (e) { throw new Error(s('add.yamlError', { msg: (e as Error).message.split('\n')[0]! })); }
        const indicator: Record<string, unknown> = {
          code: v.code, name: { zh: v.nameZh, en: v.nameEn }, level: v.level, domain: v.domain, direction: v.direction,
          floor: v.floor, target: v.target, weight: v.weight, basis: v.basis, ...rule,
          ...(v.level === 'department' ? { group: v.group } : {}), ...(v.level === 'post' ? { post: v.post } : {}),
        };
        return { op: 'add', indicator, reason: String(v.reason) };
      })}>
      <Form.Item label={s('add.copy')} tooltip={s('add.copy.help')}>
        <Select showSearch optionFilterProp="label" defaultValue={first.code} onChange={copy}
          options={set.indicators.map((i) => ({ value: i.code, label: `${loc(i.name)} · ${i.code}` }))} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}><Form.Item name="code" label={s('add.code')} tooltip={s('add.code.help')} rules={[{ required: true }]}><Input data-testid="add-code" /></Form.Item></Col>
        <Col span={12}><Form.Item name="weight" label={s('add.weight')} rules={[{ required: true }]}><InputNumber style={{ width: '100%' }} data-testid="add-weight" /></Form.Item></Col>
        <Col span={12}><Form.Item name="nameZh" label={s('edit.nameZh')} rules={[{ required: true }]}><Input /></Form.Item></Col>
        <Col span={12}><Form.Item name="nameEn" label={s('edit.nameEn')} rules={[{ required: true }]}><Input /></Form.Item></Col>
        <Col span={8}>
          <Form.Item name="level" label={s('add.level')} initialValue={first.level} rules={[{ required: true }]}>
            <Select options={(['department', 'post', 'individual'] as const).map((l) => ({ value: l, label: s(`add.level.${l}`) }))} />
          </Form.Item>
        </Col>
        {level === 'post' ? (
          <Col span={8}><Form.Item name="post" label={s('add.post')} rules={[{ required: true }]}>
            <Select options={(['handler', 'reviewer', 'supervisor'] as const).map((p) => ({ value: p, label: s(`post.${p}`) }))} />
          </Form.Item></Col>
        ) : null}
        {level === 'department' || level === undefined ? (
          <Col span={8}><Form.Item name="group" label={s('add.group')} initialValue={first.group} rules={[{ required: true }]}>
            <Select options={leaves(set.weights).map((g) => ({ value: g, label: `group.${g}` in GROUPS ? s(`group.${g}` as SetsKey) : g }))} />
          </Form.Item></Col>
        ) : null}
        <Col span={8}><Form.Item name="domain" label={s('add.domain')} initialValue={first.domain} rules={[{ required: true }]}>
          <Select options={domains.map((d) => ({ value: d, label: d === 'common' ? s('add.domain.common') : tk('domain', d) }))} />
        </Form.Item></Col>
        <Col span={8}><Form.Item name="direction" label={s('add.direction')} initialValue={first.direction} rules={[{ required: true }]}>
          <Select options={[{ value: 'up', label: s('dir.up') }, { value: 'down', label: s('dir.down') }]} />
        </Form.Item></Col>
        <Col span={8}><Form.Item name="floor" label={s('edit.floor')} initialValue={first.floor} rules={[{ required: true }]}><InputNumber style={{ width: '100%' }} step={0.01} /></Form.Item></Col>
        <Col span={8}><Form.Item name="target" label={s('edit.target')} initialValue={first.target} rules={[{ required: true }]}><InputNumber style={{ width: '100%' }} step={0.01} /></Form.Item></Col>
      </Row>
      <Form.Item name="basis" label={s('edit.basis')} rules={[{ required: true }]}><Input /></Form.Item>
      <Form.Item name="counting" label={s('add.counting')} extra={s('add.counting.help')} initialValue={counting(first)} rules={[{ required: true }]}>
        <Input.TextArea rows={7} style={{ fontFamily: 'monospace' }} data-testid="add-counting" />
      </Form.Item>
    </OpModal>
  );
}

interface CompareRow { agency: string; name: string; domain: string | null; draft: DepartmentResult | null; current: DepartmentResult | null; change: number | null }

/** 预览: the draft on the current data, the department ranking next to the set in force's; a draft figure opens the cases behind it. */
function PreviewPanel({ url, metaKey, draftId }: { url: string; metaKey: string; draftId: number | string }) {
  const s = useSetsText();
  const { t, tk } = useI18n();
  const now = today();
  const year = Number(now.slice(0, 4));
  const [form] = Form.useForm<{ period: string; asOf: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<DraftPreview | null>(null);
  const run = async (v: { period: string; asOf: Dayjs }) => {
    setBusy(true);
    setError(null);
    try { setResult(await post<DraftPreview>(`${url}/preview`, { period: v.period, asOf: v.asOf.format('YYYY-MM-DD') })); } catch (e) { if (e instanceof ApiError) setError(e); } finally { setBusy(false); }
  };
  const rows = useMemo<CompareRow[]>(() => {
    if (!result) return [];
    const cur = new Map((result.current?.departments ?? []).map((d) => [d.agency, d]));
    return result.draft.departments.map((d) => {
      const c = cur.get(d.agency) ?? null;
      return { agency: d.agency, name: d.name ?? d.agency, domain: d.domain, draft: d, current: c, change: d.rank != null && c?.rank != null ? c.rank - d.rank : null };
    });
  }, [result]);
  const moved = rows.filter((r) => r.change).length;
  const scoreCell = (d: DepartmentResult | null) => (d ? <b style={{ color: scoreColor(d.score) }}>{fmtScore(d.score)}</b> : '—');
  const columns: ColumnsType<CompareRow> = [
    { title: t('as.department'), dataIndex: 'name', width: 240, fixed: 'left' },
    { title: t('case.domain'), dataIndex: 'domain', width: 100, render: (d: string | null) => tk('domain', d ?? 'other') },
    { title: s('preview.draft', { version: result?.draft.run.set ?? '' }), children: [
      { title: s('preview.rank'), key: 'dr', width: 80, align: 'center', render: (_: unknown, r) => r.draft?.rank ?? '—', sorter: (a, b) => (a.draft?.rank ?? 1e9) - (b.draft?.rank ?? 1e9), defaultSortOrder: 'ascend' },
      { title: s('preview.score'), key: 'ds', width: 90, align: 'right', render: (_: unknown, r) => scoreCell(r.draft) },
    ] },
    { title: s('preview.current', { version: result?.current?.run.set ?? '—' }), children: [
      { title: s('preview.rank'), key: 'cr', width: 80, align: 'center', render: (_: unknown, r) => r.current?.rank ?? '—' },
      { title: s('preview.score'), key: 'cs', width: 90, align: 'right', render: (_: unknown, r) => scoreCell(r.current) },
    ] },
    { title: s('preview.change'), key: 'ch', width: 110, align: 'center', sorter: (a, b) => (a.change ?? 0) - (b.change ?? 0),
      render: (_: unknown, r) => (r.change == null || r.change === 0 ? '—' : r.change > 0 ? <Tag color="green">↑ {r.change}</Tag> : <Tag color="red">↓ {-r.change}</Tag>) },
  ];
  return (
    <Card size="small" title={s('preview.title')} style={{ marginTop: 16 }} id="draft-preview" data-testid="draft-preview">
      <Typography.Paragraph type="secondary">{s('preview.help')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ period: String(year), asOf: dayjs(now) }} onFinish={run} className="filters">
        <Form.Item name="period" label={s('preview.period')}>
          <Select style={{ width: 150 }} options={[...periodsOf(year), ...periodsOf(year - 1)].map((p) => ({ value: p, label: periodLabel(p, t) }))} />
        </Form.Item>
        <Form.Item name="asOf" label={s('preview.asOf')}><DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(now), 'day')} /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" icon={<EyeOutlined />} loading={busy} data-testid="preview-run">{s('preview.run')}</Button></Form.Item>
      </Form>
      <ErrorAlert error={error} />
      {result ? (
        <>
          {!result.current ? <Alert type="info" showIcon title={s('preview.none')} style={{ marginBottom: 12 }} /> : (
            <Typography.Paragraph><Tag color={moved ? 'orange' : 'default'} data-testid="preview-moved">{s('preview.moved', { n: moved })}</Tag></Typography.Paragraph>
          )}
          <Table<CompareRow>
            rowKey="agency" size="small" bordered columns={columns} dataSource={rows} scroll={{ x: 900 }} data-testid="preview-compare"
            pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
            expandable={{ expandedRowRender: (r) => (r.draft ? <IndicatorTable set={metaKey} run={result.draft.run} draft={draftId} agency={r.agency} indicators={r.draft.indicators} respread={r.draft.respread} compact /> : null) }}
          />
        </>
      ) : null}
    </Card>
  );
}

/** 发布: the quarter it takes effect (a coming one), its version, the front line's feedback; confirmed. */
function PublishDialog({ draft, url, onClose }: { draft: SetDetail; url: string; onClose(): void }) {
  const s = useSetsText();
  const { t, lang, loc } = useI18n();
  const { message } = App.useApp();
  const quarters = comingQuarters();
  const [quarter, setQuarter] = useState(quarters.includes(draft.effective) ? draft.effective : quarters[0]!);
  const [version, setVersion] = useState(proposedVersion(draft.base ?? draft.version, quarter));
  const [feedback, setFeedback] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = await post<SetDetail>(`${url}/publish`, { quarter, version, ...(feedback.trim() ? { feedback: feedback.trim() } : {}) });
      void setVersionList(true);
      void message.success(s('publish.done', { version: d.version, date: fmtDate(d.effectiveFrom, lang) }));
      onClose();
      navigate(`/assessments/sets/${encodeURIComponent(d.version)}`);
    } catch (e) { if (e instanceof ApiError) setError(e); } finally { setBusy(false); }
  };
  return (
    <Modal open title={s('publish.title')} onOk={publish} confirmLoading={busy} onCancel={onClose} okText={s('publish')} cancelText={t('common.cancel')} destroyOnHidden
      okButtonProps={{ danger: true, 'data-testid': 'publish-ok' }}>
      <div data-testid="publish-dialog">
        {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={errorText(error, loc)} /> : null}
        <Form layout="vertical">
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label={s('publish.quarter')}>
                <Select value={quarter} data-testid="publish-quarter" onChange={(q: string) => { setQuarter(q); setVersion(proposedVersion(draft.base ?? draft.version, q)); }}
                  options={quarters.map((q) => ({ value: q, label: `${q}（${fmtDate(quarterStart(q), lang)}）` }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={s('publish.version')}><Input value={version} onChange={(e) => setVersion(e.target.value)} data-testid="publish-version" /></Form.Item>
            </Col>
          </Row>
          <Form.Item label={s('publish.feedback')}><Input.TextArea rows={2} value={feedback} onChange={(e) => setFeedback(e.target.value)} maxLength={2000} /></Form.Item>
        </Form>
        <Alert type="warning" showIcon data-testid="publish-confirm"
          title={s('publish.confirm', { version, date: fmtDate(quarterStart(quarter), lang), quarter })}
          description={s('publish.immutable')} />
      </div>
    </Modal>
  );
}
