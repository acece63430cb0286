import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { CalendarOutlined, UploadOutlined } from '@ant-design/icons';
import { asPage, post } from '../../api.ts';
import { useGet } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { useRegText } from './messages.ts';
import { EditDrawer } from './EditDrawer.tsx';
import { calendarFromFile, parseDates } from './forms.ts';

interface Calendar { year: number; holidays?: string[]; workdays?: string[]; source?: string | null; loadedAt?: string; editedBy?: string | null }
interface Values { year: number; holidays?: string; workdays?: string; source?: string }
interface LoadResult { calendar: Calendar; created: boolean; changed: boolean; reevaluated: { cases: number; opened: number; changed: number; cleared: number } }
const KNOWN = ['year', 'holidays', 'workdays', 'source'];

/**
 * 节假日安排: the loaded official schedules; the supervision body and the system administrator enter or upload a
 * year (kaohe.calendar/v1), and see how many cases provisional for that year were evaluated again.
 */
export function CalendarTable() {
  const { t, lang } = useI18n();
  const rt = useRegText();
  const { has } = useSession();
  const { message } = App.useApp();
  const canLoad = has('supervisor', 'sysadmin');
  const { data, loading, error, reload } = useGet<{ items: Calendar[] } | Calendar[]>('/calendars');
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<LoadResult | null>(null);
  const [form] = Form.useForm<Values>();
  const edit = (c?: Calendar) => {
    setOpen(true);
    setTimeout(() => {
      form.resetFields();
      if (c) form.setFieldsValue({ year: c.year, holidays: (c.holidays ?? []).join('\n'), workdays: (c.workdays ?? []).join('\n'), source: c.source ?? undefined });
    });
  };
  const dates = (ds: string[] | undefined, color: string) => (
    <Tooltip title={(ds ?? []).map((d) => fmtDate(d, lang)).join('、')}><Tag color={color}>{t('reg.days', { n: ds?.length ?? 0 })}</Tag></Tooltip>
  );
  return (
    <>
      <ErrorAlert error={error} />
      <Typography.Paragraph type="secondary">{rt('cal.explain')}</Typography.Paragraph>
      {result && (
        <Alert type={result.changed ? 'success' : 'info'} showIcon closable onClose={() => setResult(null)} style={{ marginBottom: 12 }} data-testid="calendar-result"
          title={result.changed
            ? rt('cal.result', { year: result.calendar.year, cases: result.reevaluated.cases, opened: result.reevaluated.opened, changed: result.reevaluated.changed, cleared: result.reevaluated.cleared })
            : rt('cal.unchanged', { year: result.calendar.year })} />
      )}
      <div className="toolbar">
        <span />
        {canLoad
          ? <Button type="primary" icon={<CalendarOutlined />} onClick={() => edit()} data-testid="calendar-load">{rt('cal.load')}</Button>
          : <Typography.Text type="secondary">{rt('cal.readOnly')}</Typography.Text>}
      </div>
      <Table<Calendar>
        rowKey="year" size="small" loading={loading} dataSource={asPage(data).items} pagination={false} data-testid="calendars-table"
        columns={[
          { title: t('reg.year'), dataIndex: 'year', width: 90 },
          { title: t('reg.holidays'), dataIndex: 'holidays', width: 140, render: (d: string[]) => dates(d, 'red') },
          { title: t('reg.workdays'), dataIndex: 'workdays', width: 140, render: (d: string[]) => dates(d, 'blue') },
          { title: t('reg.source'), dataIndex: 'source', ellipsis: true },
          { title: rt('cal.loadedAt'), dataIndex: 'loadedAt', width: 170, render: (d: string) => fmtDateTime(d, lang) },
          { title: rt('cal.editedBy'), dataIndex: 'editedBy', width: 120, render: (u: string | null) => u ?? rt('cal.viaImport') },
          ...(canLoad ? [{ title: t('common.actions'), key: 'a', width: 80, render: (_v: unknown, c: Calendar) => <Button type="link" size="small" onClick={() => edit(c)} aria-label={`${rt('cal.edit')} ${c.year}`}>{rt('cal.edit')}</Button> }] : []),
        ]}
      />
      <EditDrawer<Values>
        open={open} title={rt('cal.title')} form={form} onClose={() => setOpen(false)} known={KNOWN} testId="calendar-form"
        initialValues={{ year: new Date().getFullYear() + 1 }}
        onSubmit={async (v) => {
          const r = await post<LoadResult>('/calendars', { year: v.year, holidays: parseDates(v.holidays), workdays: parseDates(v.workdays), source: v.source || null });
          setResult(r);
          setOpen(false);
          void message.success(rt('edit.saved'));
          reload();
        }}
      >
        <Upload accept=".json,.jsonl,application/json" maxCount={1} showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => {
              try {
                const c = calendarFromFile(text);
                form.setFieldsValue({ year: c.year, holidays: c.holidays.join('\n'), workdays: c.workdays.join('\n'), source: c.source });
                void message.info(rt('cal.uploaded', { file: file.name, year: c.year }));
              } catch (e) {
                void message.error(rt('cal.uploadBad', { reason: (e as Error).message }));
              }
            });
            return false;
          }}>
          <Button icon={<UploadOutlined />} data-testid="calendar-upload">{rt('cal.upload')}</Button>
        </Upload>
        <div style={{ marginTop: 16 }}>
          <Form.Item name="year" label={rt('cal.year')} rules={[{ required: true, type: 'number', message: rt('edit.required', { field: rt('cal.year') }) }]}>
            <InputNumber min={1949} max={2200} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="holidays" label={rt('cal.holidays')} extra={rt('cal.datesHelp')}><Input.TextArea rows={6} /></Form.Item>
          <Form.Item name="workdays" label={rt('cal.workdays')} extra={rt('cal.datesHelp')}><Input.TextArea rows={3} /></Form.Item>
          <Form.Item name="source" label={rt('cal.source')} extra={rt('cal.sourceHelp')} rules={[{ max: 500 }]}><Input /></Form.Item>
        </div>
      </EditDrawer>
    </>
  );
}
