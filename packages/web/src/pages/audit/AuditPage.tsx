import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { get, type Query } from '../../api.ts';
import { useList, useNotifyError } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../format.ts';
import { ExportButton } from '../../components/ExportButton.tsx';

interface Entry { seq: number; at: string; actor?: string; role?: string | null; action: string; target?: string | null; ip?: string | null; detail?: unknown; hash?: string; }
interface Filters { actor?: string; action?: string; range?: [Dayjs | null, Dayjs | null] | null; }
interface Verify { ok: boolean; count?: number; badSeq?: number; reason?: string; }

/** 审计日志 (auditor): search and hash-chain verification. */
export function AuditPage() {
  const { t, tk, lang } = useI18n();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<Query>({});
  const list = useList<Entry>('/audit', { sort: 'seq', order: 'desc' }, 20);
  const [verify, setVerify] = useState<Verify | null>(null);
  const notify = useNotifyError();
  const search = (f: Filters) => {
    const q = { actor: f.actor?.trim(), action: f.action?.trim(), from: f.range?.[0]?.format('YYYY-MM-DD'), to: f.range?.[1]?.format('YYYY-MM-DD'), sort: 'seq', order: 'desc' };
    setQuery(q);
    list.setFilters(q);
  };
  return (
    <div data-testid="audit-page">
      <Typography.Title level={3} className="page-title">{t('audit.title')}</Typography.Title>
      <Card>
        <Form<Filters> form={form} layout="inline" className="filters" name="audit-filters" onFinish={search}>
          <Form.Item name="actor" label={t('audit.actor')}><Input allowClear style={{ width: 140 }} /></Form.Item>
          <Form.Item name="action" label={t('audit.action')}><Input allowClear style={{ width: 160 }} /></Form.Item>
          <Form.Item name="range" label={t('case.dateRange')}><DatePicker.RangePicker /></Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">{t('common.search')}</Button>
              <Button onClick={() => { form.resetFields(); search({}); }}>{t('common.reset')}</Button>
              <ExportButton path="/audit" query={query} />
              <Button icon={<SafetyCertificateOutlined />} onClick={() => get<Verify>('/audit/verify').then(setVerify, notify)}>{t('audit.verify')}</Button>
            </Space>
          </Form.Item>
        </Form>
        {verify && <Alert style={{ marginBottom: 12 }} showIcon type={verify.ok ? 'success' : 'error'}
          title={verify.ok ? t('audit.verifyOk', { n: verify.count ?? '' }) : `${t('audit.verifyBad')}${verify.badSeq != null ? ` · #${verify.badSeq}` : ''} ${verify.reason ?? ''}`} />}
        <Table<Entry>
          rowKey="seq" size="small" loading={list.loading} dataSource={list.data.items} data-testid="audit-table"
          pagination={{ current: list.data.page, pageSize: list.data.pageSize || 20, total: list.data.total, onChange: list.setPage, showTotal: (n) => t('common.total', { n }) }}
          scroll={{ x: 1000 }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 70 },
            { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => fmtDateTime(v, lang) },
            { title: t('audit.actor'), dataIndex: 'actor', width: 140, render: (a: string, e) => <>{a}{e.role ? <Typography.Text type="secondary"> · {e.role.split(',').map((r) => tk('role', r)).join('、')}</Typography.Text> : null}</> },
            { title: t('audit.action'), dataIndex: 'action', width: 160 },
            { title: t('audit.target'), dataIndex: 'target', ellipsis: true },
            { title: t('audit.ip'), dataIndex: 'ip', width: 130 },
            { title: t('audit.detail'), dataIndex: 'detail', ellipsis: true, render: (d: unknown) => (d == null ? '' : typeof d === 'string' ? d : JSON.stringify(d)) },
          ]}
        />
      </Card>
    </div>
  );
}
