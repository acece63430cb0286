/**
 * 指标体系: #/assessments/sets (the versions: shipped, published here, drafts — with their effective dates),
 * #/assessments/sets/:version (one version, read-only) and #/assessments/sets/drafts/:id (the draft editor).
 * Everyone in the assessment area reads the versions; supervisors start, edit, preview and publish drafts.
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiError, asPage, post, type Page } from '../../api.ts';
import { useGet, useNotifyError } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDateTime } from '../../format.ts';
import { navigate } from '../../router.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DraftEditor } from './DraftEditor.tsx';
import { ChangeLogTable, KIND_COLOR, OtherIndicators, SetsCrumbs, VersionHistory, WeightTree, useEffectiveText } from './SetTree.tsx';
import { useSetsText } from './sets-i18n.ts';
import { setVersionList } from './sets.ts';
import type { SetDetail, SetKind, SetSummary } from './types.ts';

/** `parts` after `sets`: [] → list, ['drafts', id] → editor, [version] → one version. */
export function IndicatorSetsRoutes({ parts }: { parts: string[] }) {
  if (parts[0] === 'drafts' && parts[1]) return <DraftEditor id={parts[1]} />;
  if (parts[0]) return <SetView version={parts[0]} />;
  return <SetsList />;
}

/** A new draft from a version (the one in force by default), then the editor. */
function NewDraftDialog({ open, onClose, base, versions }: { open: boolean; onClose(): void; base?: string; versions: SetSummary[] }) {
  const s = useSetsText();
  const { t, loc } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ base: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const create = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const d = await post<SetDetail>('/indicator-sets/drafts', { base: v.base });
      void message.success(s('new.done'));
      onClose();
      navigate(`/assessments/sets/drafts/${d.id}`);
    } catch (e) { if (e instanceof ApiError) setError(e); else throw e; } finally { setBusy(false); }
  };
  const initial = base ?? versions.find((x) => x.inForce)?.version ?? versions.at(-1)?.version;
  return (
    <Modal open={open} title={s('new.title')} onOk={create} confirmLoading={busy} onCancel={onClose} okText={t('common.submit')} cancelText={t('common.cancel')} destroyOnHidden>
      <Typography.Paragraph type="secondary">{s('new.help')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ base: initial }} preserve={false}>
        <Form.Item name="base" label={s('new.base')} rules={[{ required: true }]}>
          <Select data-testid="new-draft-base" options={versions.filter((x) => x.kind !== 'draft').map((x) => ({ value: x.version, label: `${x.version} · ${loc(x.title)}${x.inForce ? `（${s('inForce')}）` : ''}` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 指标体系版本列表. */
function SetsList() {
  const s = useSetsText();
  const { loc, lang } = useI18n();
  const { has } = useSession();
  const supervisor = has('supervisor');
  const effective = useEffectiveText();
  const list = useGet<Page<SetSummary>>('/indicator-sets', { pageSize: 200 });
  const items = asPage(list.data).items;
  const [newFrom, setNewFrom] = useState<string | undefined | null>(null);
  const open = (x: SetSummary) => navigate(x.kind === 'draft' ? `/assessments/sets/drafts/${x.id}` : `/assessments/sets/${encodeURIComponent(x.version)}`);
  return (
    <div data-testid="indicator-sets">
      <SetsCrumbs />
      <div className="toolbar">
        <Typography.Title level={3} className="page-title" style={{ margin: 0 }}>{s('title')}</Typography.Title>
        {supervisor ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setNewFrom(undefined)} data-testid="new-draft">{s('new')}</Button> : null}
      </div>
      <Typography.Paragraph type="secondary">{supervisor ? s('intro') : s('intro.reader')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      <Card size="small">
        <Table<SetSummary>
          rowKey={(x) => `${x.kind}:${x.id ?? x.version}`} size="small" loading={list.loading} dataSource={items} pagination={false} data-testid="sets-table"
          rowClassName={() => 'clickable-row'} onRow={(x) => ({ onDoubleClick: () => open(x) })} scroll={{ x: 1100 }}
          columns={[
            { title: s('col.version'), dataIndex: 'version', width: 170, render: (v: string, x) => <Space><a onClick={() => open(x)} data-testid={`set-${x.kind}-${x.id ?? v}`}>{v}</a>{x.inForce ? <Tag color="red">{s('inForce')}</Tag> : null}</Space> },
            { title: s('col.kind'), dataIndex: 'kind', width: 100, render: (k: SetKind) => <Tag color={KIND_COLOR[k]}>{s(`kind.${k}`)}</Tag> },
            { title: s('col.title'), dataIndex: 'title', width: 300, render: (v: SetSummary['title']) => loc(v) },
            { title: s('col.effective'), key: 'eff', width: 230, render: (_: unknown, x) => effective(x.effective, x.effectiveFrom, x.kind === 'draft') },
            { title: s('col.base'), dataIndex: 'base', width: 120, render: (b: string | null) => b ?? '—' },
            { title: s('col.region'), dataIndex: 'region', width: 90, render: (r: string | null) => r ?? '—' },
            { title: s('col.indicators'), dataIndex: 'indicators', width: 80, align: 'right' },
            { title: s('col.published'), key: 'pub', width: 200, render: (_: unknown, x) => (x.publishedAt ? `${fmtDateTime(x.publishedAt, lang)}（${x.publishedBy}）` : x.createdAt ? `${s('col.created')} ${fmtDateTime(x.createdAt, lang)}（${x.createdBy}）` : '—') },
            ...(supervisor ? [{ title: s('col.actions'), key: 'act', width: 150, render: (_: unknown, x: SetSummary) => (x.kind === 'draft'
              ? <Button size="small" type="link" onClick={() => open(x)} data-testid={`edit-draft-${x.id}`}>{s('action.edit')}</Button>
              : <Button size="small" type="link" onClick={() => setNewFrom(x.version)}>{s('action.draftFrom')}</Button>) }] : []),
          ]}
        />
      </Card>
      {newFrom !== null ? <NewDraftDialog open onClose={() => setNewFrom(null)} base={newFrom} versions={items} /> : null}
    </div>
  );
}

/** One shipped or published version (read-only). */
function SetView({ version }: { version: string }) {
  const s = useSetsText();
  const { loc, lang } = useI18n();
  const { has } = useSession();
  const effective = useEffectiveText();
  const notify = useNotifyError();
  const { data, loading, error } = useGet<SetDetail>(`/indicator-sets/${encodeURIComponent(version)}`);
  const [draftFrom, setDraftFrom] = useState(false);
  const [versions, setVersions] = useState<SetSummary[]>([]);
  if (loading) return <div className="center-spin" style={{ height: 300 }}><Spin /></div>;
  if (error || !data) return <div><SetsCrumbs current={version} /><ErrorAlert error={error} />{!error ? <Empty /> : null}</div>;
  const set = data.set;
  return (
    <div data-testid="set-view">
      <SetsCrumbs current={data.version} />
      <Card size="small" title={<Space><Tag color={KIND_COLOR[data.kind]}>{s(`kind.${data.kind}`)}</Tag>{data.inForce ? <Tag color="red">{s('inForce')}</Tag> : null}<span>{loc(set.title)}</span></Space>}
        extra={has('supervisor') ? <Button icon={<PlusOutlined />} onClick={() => { setVersionList().then((l) => { setVersions(l); setDraftFrom(true); }, notify); }} data-testid="draft-from">{s('action.draftFrom')}</Button> : null}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={s('meta.version')}>{data.version}</Descriptions.Item>
          <Descriptions.Item label={s('col.effective')}>{effective(data.effective, data.effectiveFrom)}</Descriptions.Item>
          <Descriptions.Item label={s('meta.lineage')}>{set.lineage.join(' → ')}</Descriptions.Item>
          {data.publishedAt ? <Descriptions.Item label={s('col.published')}>{fmtDateTime(data.publishedAt, lang)}（{data.publishedBy}）</Descriptions.Item> : null}
          {data.region ? <Descriptions.Item label={s('col.region')}>{data.region}</Descriptions.Item> : null}
          <Descriptions.Item label={s('meta.grades')}>{s('meta.grades.value', { e: set.grades.excellent, p: set.grades.pass, b: set.grades.basic })}</Descriptions.Item>
          <Descriptions.Item label={s('meta.params')}>{s('meta.params.value', { m: set.params.minSample, k: set.params.k })}</Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary">{s('readonly')}</Typography.Text>
      </Card>
      <Card size="small" title={s('tree')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{s('tree.help')}</Typography.Paragraph>
        <WeightTree set={set} />
        <OtherIndicators set={set} />
      </Card>
      <Card size="small" title={s('log')} style={{ marginTop: 16 }}>
        {data.log.length ? <><Typography.Title level={5}>{s('log.draft')}</Typography.Title><ChangeLogTable log={data.log} /></> : null}
        <Typography.Title level={5} style={{ marginTop: data.log.length ? 16 : 0 }}>{s('log.history')}</Typography.Title>
        <VersionHistory changelog={set.changelog} />
      </Card>
      {draftFrom ? <NewDraftDialog open onClose={() => setDraftFrom(false)} base={data.version} versions={versions} /> : null}
    </div>
  );
}
