import { useEffect } from 'react';
import { App, Form, Input, Select, Switch } from 'antd';
import { patch, post } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { AgencySelect, type Agency } from '../../components/Selects.tsx';
import { useRegText } from './messages.ts';
import { CODE_RULE, DOMAINS, EditDrawer, LEVELS, enumOptions } from './EditDrawer.tsx';

export interface AgencyRow extends Agency { active?: boolean }
interface Values { code: string; name: string; region: string; domain: string; level: string; parent?: string | null; active?: boolean }
const KNOWN = ['code', 'name', 'region', 'domain', 'level', 'parent', 'active'];

/** Add (`agency` null) or edit an agency: POST /agencies, PATCH /agencies/:code. */
export function AgencyForm({ open, agency, onClose, onSaved }: { open: boolean; agency: AgencyRow | null; onClose(): void; onSaved(a: AgencyRow): void }) {
  const { t, tk } = useI18n();
  const rt = useRegText();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const editing = !!agency;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (agency) form.setFieldsValue({ ...agency, parent: agency.parent ?? undefined, active: agency.active !== false } as Values);
  }, [open, agency, form]);
  const required = (key: Parameters<typeof rt>[0]) => ({ required: true, whitespace: true, message: rt('edit.required', { field: rt(key) }) });
  return (
    <EditDrawer<Values>
      open={open} title={editing ? rt('agency.edit') : rt('agency.add')} form={form} onClose={onClose} known={KNOWN} testId="agency-form"
      initialValues={{ domain: 'market', level: 'county' }}
      onSubmit={async (v) => {
        const body = { name: v.name, region: v.region, domain: v.domain, level: v.level, parent: v.parent || null };
        const saved = editing
          ? await patch<AgencyRow>(`/agencies/${encodeURIComponent(agency.code)}`, { ...body, active: v.active })
          : await post<AgencyRow>('/agencies', { code: v.code, ...body });
        void message.success(rt('edit.saved'));
        onSaved(saved);
      }}
    >
      <Form.Item name="code" label={rt('agency.code')} rules={[required('agency.code'), { pattern: CODE_RULE, message: rt('edit.codeRule') }]}>
        <Input disabled={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={rt('agency.name')} rules={[required('agency.name'), { max: 200 }]}><Input /></Form.Item>
      <Form.Item name="region" label={rt('agency.region')} extra={rt('agency.regionHelp')} rules={[required('agency.region'), { pattern: /^\d{6}$/, message: rt('agency.regionRule') }]}>
        <Input inputMode="numeric" maxLength={6} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="domain" label={t('reg.domain')} rules={[{ required: true }]}>
        <Select options={enumOptions(DOMAINS, (d) => tk('domain', d))} />
      </Form.Item>
      <Form.Item name="level" label={t('reg.level')} rules={[{ required: true }]}>
        <Select options={enumOptions(LEVELS, (l) => tk('reg.level', l))} />
      </Form.Item>
      <Form.Item name="parent" label={t('reg.parent')} extra={rt('agency.parentHelp')}>
        <AgencySelect placeholder="" />
      </Form.Item>
      {editing && (
        <Form.Item name="active" label={rt('edit.status')} valuePropName="checked" extra={rt('edit.activeHelp')}>
          <Switch checkedChildren={rt('edit.active')} unCheckedChildren={rt('edit.inactive')} />
        </Form.Item>
      )}
    </EditDrawer>
  );
}
