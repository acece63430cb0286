import { useState } from 'react';
import { Button, Card, DatePicker, Form, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Query } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { AgencySelect, RuleSelect } from '../../components/Selects.tsx';
import { WarningList } from './WarningList.tsx';

interface Filters { agency?: string; rule?: string; status?: string; state?: string; due?: [Dayjs | null, Dayjs | null] | null; caseId?: string; }

function toQuery(f: Filters): Query {
  return {
    agency: f.agency, rule: f.rule, status: f.status, state: f.state,
    dueFrom: f.due?.[0]?.format('YYYY-MM-DD'), dueTo: f.due?.[1]?.format('YYYY-MM-DD'),
  };
}

/** 预警中心: filters, the warnings table, XLSX export. */
export function WarningCentre({ initialId }: { initialId?: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<Query>({});
  return (
    <div data-testid="warning-centre">
      <Typography.Title level={3} className="page-title">{t('menu.warnings')}</Typography.Title>
      <Card>
        <Form<Filters> form={form} layout="inline" className="filters" name="warning-filters" onFinish={(v) => setQuery(toQuery(v))}>
          <Form.Item name="agency" label={t('w.agency')}><AgencySelect style={{ width: 200 }} /></Form.Item>
          <Form.Item name="rule" label={t('w.rule')}><RuleSelect style={{ width: 240 }} /></Form.Item>
          <Form.Item name="status" label={t('w.status')}>
            <Select allowClear style={{ width: 130 }} placeholder={t('common.all')}
              options={['violated', 'pending', 'advisory'].map((s) => ({ value: s, label: t(`w.status.${s}` as 'w.status.violated') }))} />
          </Form.Item>
          <Form.Item name="state" label={t('w.state')}>
            <Select allowClear style={{ width: 130 }} placeholder={t('common.all')}
              options={['open', 'answered', 'accepted', 'rejected'].map((s) => ({ value: s, label: t(`w.state.${s}` as 'w.state.open') }))} />
          </Form.Item>
          <Form.Item name="due" label={t('w.dueRange')}><DatePicker.RangePicker /></Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">{t('common.search')}</Button>
              <Button onClick={() => { form.resetFields(); setQuery({}); }}>{t('common.reset')}</Button>
              <ExportButton path="/warnings" query={query} />
            </Space>
          </Form.Item>
        </Form>
        <WarningList filters={query} initialId={initialId} />
      </Card>
    </div>
  );
}
