import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/index.tsx';
import { today } from '../../format.ts';
import { periodsOf } from './figures.ts';
import { useSetVersions } from './sets.ts';

export interface RunParams { period: string; set?: string; asOf?: string; scope: string }

/** 运行考核: period, indicator-set version (default: the one in force on the as-of date), as-of date, scope. */
export function RunForm({ region, busy, onRun }: { region: string | null; busy: boolean; onRun(p: RunParams): void }) {
  const { t, loc } = useI18n();
  const now = today();
  const year = Number(now.slice(0, 4));
  const [form] = Form.useForm<{ period: string; set: string; asOf: Dayjs | null; scope: string }>();
  const [periods] = useState(() => [...periodsOf(year), ...periodsOf(year - 1)]);
  const versions = useSetVersions();
  return (
    <Card size="small" title={t('as.run.title')} data-testid="assessment-run-form">
      <Form
        form={form}
        layout="inline"
        initialValues={{ period: String(year), set: '', asOf: dayjs(now), scope: region ?? '' }}
        onFinish={(v) => onRun({
          period: v.period, scope: v.scope.trim(),
          ...(v.set ? { set: v.set } : {}),
          ...(v.asOf ? { asOf: v.asOf.format('YYYY-MM-DD') } : {}),
        })}
      >
        <Form.Item name="period" label={t('as.period')} rules={[{ required: true }]}>
          <Select style={{ width: 130 }} data-testid="assessment-period" aria-label={t('as.period')}
            options={periods.map((p) => ({ value: p, label: periodLabel(p, t) }))} />
        </Form.Item>
        <Form.Item name="set" label={t('as.set')}>
          <Select style={{ width: 260 }} aria-label={t('as.set')}
            options={[{ value: '', label: t('as.set.auto') }, ...versions.map((v) => ({ value: v.version, label: `${v.version}${v.title ? ` · ${loc(v.title)}` : ''}` }))]} />
        </Form.Item>
        <Form.Item name="asOf" label={t('as.asOf')}>
          <DatePicker allowClear={false} aria-label={t('as.asOf')} disabledDate={(d) => d.isAfter(dayjs(now), 'day')} />
        </Form.Item>
        <Form.Item name="scope" label={t('as.scope')} rules={[{ required: true, message: t('common.required', { field: t('as.scope') }) }]}
          tooltip={t('as.scope.help')}>
          <Input style={{ width: 160 }} aria-label={t('as.scope')} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={busy} data-testid="assessment-run">{t('as.run.preview')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** 2026 → 2026年度, 2026H1 → 2026年上半年, 2026Q1 → 2026年第一季度 */
export function periodLabel(p: string, t: (k: 'as.period.year' | 'as.period.h1' | 'as.period.h2' | 'as.period.q', v?: Record<string, string | number>) => string): string {
  const m = /^(\d{4})(?:([QH])([1-4]))?$/.exec(p);
  if (!m) return p;
  const [, y, kind, n] = m;
  if (!kind) return t('as.period.year', { y: y! });
  if (kind === 'H') return t(n === '1' ? 'as.period.h1' : 'as.period.h2', { y: y! });
  return t('as.period.q', { y: y!, n: n! });
}
