import { useEffect } from 'react';
import { App, Checkbox, DatePicker, Divider, Form, Input, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { patch, post } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { AgencySelect } from '../../components/Selects.tsx';
import { useRegText } from './messages.ts';
import { CODE_RULE, DOMAINS, EditDrawer, POSTS, enumOptions } from './EditDrawer.tsx';
import type { Person } from './PeopleTable.tsx';

interface Values {
  code: string; name: string; agency: string; posts: string[]; hasCredential: boolean;
  credential?: { number?: string; validFrom?: Dayjs; validTo?: Dayjs; issuer?: string; domains?: string[] };
  idNumber?: string; clearId?: boolean; active?: boolean;
}
const KNOWN = ['code', 'name', 'agency', 'posts', 'credential.number', 'credential.validFrom', 'credential.validTo', 'credential.issuer', 'credential.domains', 'idNumber', 'active'];
const ymd = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : '');

/** Add (`person` null) or edit a person and the enforcement credential: POST /people, PATCH /people/:code. */
export function PersonForm({ open, person, onClose, onSaved }: { open: boolean; person: Person | null; onClose(): void; onSaved(): void }) {
  const { t, tk } = useI18n();
  const rt = useRegText();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const editing = !!person;
  const hasCredential = Form.useWatch('hasCredential', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (person) {
      const c = person.credential;
      form.setFieldsValue({
        code: person.code, name: person.name, agency: person.agency, posts: person.posts ?? [], active: person.active !== false,
        hasCredential: !!c?.number,
        credential: c ? { number: c.number ?? undefined, validFrom: c.validFrom ? dayjs(c.validFrom) : undefined, validTo: c.validTo ? dayjs(c.validTo) : undefined, issuer: c.issuer ?? undefined, domains: c.domains ?? [] } : undefined,
      });
    }
  }, [open, person, form]);
  const required = (key: Parameters<typeof rt>[0]) => ({ required: true, whitespace: true, message: rt('edit.required', { field: rt(key) }) });
  return (
    <EditDrawer<Values>
      open={open} title={editing ? rt('person.edit') : rt('person.add')} form={form} onClose={onClose} known={KNOWN} testId="person-form" size={600}
      initialValues={{ posts: ['handler'], hasCredential: true, agency: user?.agency ?? undefined }}
      onSubmit={async (v) => {
        const credential = v.hasCredential
          ? { number: v.credential?.number ?? '', validFrom: ymd(v.credential?.validFrom), validTo: ymd(v.credential?.validTo), issuer: v.credential?.issuer || null, domains: v.credential?.domains ?? [] }
          : null;
        const id = v.idNumber?.trim();
        const body = { name: v.name, agency: v.agency, posts: v.posts ?? [], credential };
        const r = editing
          ? await patch<{ reevaluated: { cases: number } }>(`/people/${encodeURIComponent(person.code)}`, { ...body, active: v.active, ...(v.clearId ? { idNumber: null } : id ? { idNumber: id } : {}) })
          : await post<{ reevaluated: { cases: number } }>('/people', { code: v.code, ...body, ...(id ? { idNumber: id } : {}) });
        void message.success(rt('edit.saved'));
        if (r.reevaluated?.cases) void message.info(rt('person.reevaluated', { n: r.reevaluated.cases }));
        onSaved();
      }}
    >
      <Form.Item name="code" label={rt('person.code')} rules={[required('person.code'), { pattern: CODE_RULE, message: rt('edit.codeRule') }]}>
        <Input disabled={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={rt('person.name')} rules={[required('person.name'), { max: 100 }]}><Input autoComplete="off" /></Form.Item>
      <Form.Item name="agency" label={rt('person.agency')} rules={[{ required: true, message: rt('edit.required', { field: rt('person.agency') }) }]}>
        <AgencySelect allowClear={false} placeholder="" />
      </Form.Item>
      <Form.Item name="posts" label={rt('person.posts')}>
        <Checkbox.Group options={enumOptions(POSTS, (p) => tk('reg.post', p))} />
      </Form.Item>
      <Divider titlePlacement="start" plain>{t('reg.credential')}</Divider>
      <Form.Item name="hasCredential" label={rt('person.hasCredential')} valuePropName="checked"><Switch /></Form.Item>
      {hasCredential && (
        <>
          <Form.Item name={['credential', 'number']} label={rt('person.credNumber')} rules={[required('person.credNumber'), { max: 64 }]}><Input autoComplete="off" /></Form.Item>
          <Form.Item name={['credential', 'validFrom']} label={rt('person.validFrom')} rules={[{ required: true, message: rt('edit.required', { field: rt('person.validFrom') }) }]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name={['credential', 'validTo']} label={rt('person.validTo')} rules={[{ required: true, message: rt('edit.required', { field: rt('person.validTo') }) }]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name={['credential', 'issuer']} label={rt('person.issuer')} extra={rt('person.issuerHelp')} rules={[{ max: 200 }]}><Input /></Form.Item>
          <Form.Item name={['credential', 'domains']} label={rt('person.credDomains')}>
            <Select mode="multiple" options={enumOptions(DOMAINS, (d) => tk('domain', d))} />
          </Form.Item>
        </>
      )}
      <Divider titlePlacement="start" plain>{rt('person.idNumber')}</Divider>
      <Form.Item name="idNumber" label={rt('person.idNumber')} extra={editing ? rt('person.idNumberHelpEdit') : rt('person.idNumberHelpNew')}
        rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: rt('person.idNumberRule') }]}>
        <Input.Password autoComplete="off" visibilityToggle placeholder={editing && person.hasIdNumber ? rt('person.idOnFile') : ''} />
      </Form.Item>
      {editing && person.hasIdNumber && (
        <Form.Item name="clearId" valuePropName="checked"><Checkbox>{rt('person.idNumberClear')}</Checkbox></Form.Item>
      )}
      {editing && (
        <Form.Item name="active" label={rt('edit.status')} valuePropName="checked" extra={rt('edit.activeHelp')}>
          <Switch checkedChildren={rt('edit.active')} unCheckedChildren={rt('edit.inactive')} />
        </Form.Item>
      )}
    </EditDrawer>
  );
}
