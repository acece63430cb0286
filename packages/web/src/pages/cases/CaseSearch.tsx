import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Query } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { AgencySelect } from '../../components/Selects.tsx';
import { CaseTable } from './CaseTable.tsx';

const DOMAINS = ['market', 'ecology', 'transport', 'urban', 'emergency', 'agriculture', 'culture', 'health', 'other'];

interface Filters { q?: string; agency?: string; domain?: string; procedure?: string; status?: string; range?: [Dayjs | null, Dayjs | null] | null; }

/** 案件查询 */
export function CaseSearch() {
  const { t, tk } = useI18n();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<Query>({});
  const onFinish = (f: Filters) => setQuery({
    q: f.q?.trim(), agency: f.agency, domain: f.domain, procedure: f.procedure, status: f.status,
    from: f.range?.[0]?.format('YYYY-MM-DD'), to: f.range?.[1]?.format('YYYY-MM-DD'),
  });
  return (
    <div data-testid="case-search">
      <Typography.Title level={3} className="page-title">{t('menu.cases')}</Typography.Title>
      <Card>
        <Form<Filters> form={form} layout="inline" className="filters" name="case-filters" onFinish={onFinish}>
          <Form.Item name="q" label={t('case.q')} tooltip={t('case.qHelp')}><Input allowClear placeholder={t('case.qHelp')} style={{ width: 240 }} /></Form.Item>
          <Form.Item name="agency" label={t('case.agency')}><AgencySelect style={{ width: 200 }} /></Form.Item>
          <Form.Item name="domain" label={t('case.domain')}>
            <Select allowClear style={{ width: 130 }} placeholder={t('common.all')} options={DOMAINS.map((d) => ({ value: d, label: tk('domain', d) }))} />
          </Form.Item>
          <Form.Item name="procedure" label={t('case.procedure')}>
            <Select allowClear style={{ width: 130 }} placeholder={t('common.all')} options={['simple', 'general'].map((p) => ({ value: p, label: tk('case.procedure', p) }))} />
          </Form.Item>
          <Form.Item name="status" label={t('case.status')}>
            <Select allowClear style={{ width: 110 }} placeholder={t('common.all')} options={['open', 'decided', 'closed'].map((s) => ({ value: s, label: tk('case.status', s) }))} />
          </Form.Item>
          <Form.Item name="range" label={t('case.dateRange')}><DatePicker.RangePicker /></Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">{t('common.search')}</Button>
              <Button onClick={() => { form.resetFields(); setQuery({}); }}>{t('common.reset')}</Button>
              <ExportButton path="/cases" query={query} />
            </Space>
          </Form.Item>
        </Form>
        <CaseTable filters={query} />
      </Card>
    </div>
  );
}
