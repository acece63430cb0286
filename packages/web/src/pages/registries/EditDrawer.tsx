import { useState, type ReactNode } from 'react';
import { Alert, Button, Drawer, Form, Space, Typography, type FormInstance } from 'antd';
import { ApiError } from '../../api.ts';
import { errorText } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useRegText } from './messages.ts';
import { serverFieldErrors } from './forms.ts';

/**
 * A registry edit form in a drawer: labelled fields, Save/Cancel, the client rules first, then the server's errors
 * (`{ field, reason }` details) placed under the fields they name (`known`: the form's field patterns) and the rest
 * listed at the top. Esc closes.
 */
export function EditDrawer<V>({ open, title, form, onClose, onSubmit, known, testId, size = 560, initialValues, children }: {
  open: boolean; title: string; form: FormInstance<V>; onClose(): void; onSubmit(values: V): Promise<void>; known: readonly string[]; testId: string;
  size?: number; initialValues?: Partial<V>; children: ReactNode;
}) {
  const { loc } = useI18n();
  const rt = useRegText();
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState<string[]>([]);
  const submit = async () => {
    let values: V;
    try { values = await form.validateFields(); } catch { return; }
    setBusy(true);
    setOther([]);
    try {
      await onSubmit(values);
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.details) && e.details.length) {
        const r = serverFieldErrors(e.details, loc, known);
        form.setFields(r.fields.map((f) => ({ name: f.name as never, errors: f.errors })));
        setOther(r.other);
      } else {
        setOther([e instanceof ApiError ? errorText(e, loc) : String(e)]);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open={open} title={title} size={size} onClose={onClose} destroyOnHidden data-testid={`${testId}-drawer`}
      footer={(
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{rt('edit.audited')}</Typography.Text>
          <Space>
            <Button onClick={onClose}>{rt('edit.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid={`${testId}-save`}>{rt('edit.save')}</Button>
          </Space>
        </Space>
      )}
    >
      {other.length > 0 && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={rt('edit.serverErrors')} data-testid={`${testId}-errors`}
          description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{other.map((m) => <li key={m}>{m}</li>)}</ul>} />
      )}
      {/* no submit on Enter: Enter confirms a date in a date picker; Save is the next stop after the last field */}
      <Form<V> form={form} layout="vertical" name={testId} data-testid={testId} initialValues={initialValues} scrollToFirstError>
        {children}
      </Form>
    </Drawer>
  );
}

/** Options of an enumerated field, labelled from the main catalogue (`tk(prefix, value)`). */
export const enumOptions = (values: readonly string[], label: (v: string) => string) => values.map((value) => ({ value, label: label(value) }));

export const DOMAINS = ['market', 'ecology', 'transport', 'urban', 'emergency', 'agriculture', 'culture', 'health', 'other'] as const;
export const LEVELS = ['province', 'city', 'county', 'township'] as const;
export const POSTS = ['handler', 'reviewer', 'approver', 'supervisor'] as const;
export const PENALTY_KINDS = ['warning', 'criticism', 'fine', 'confiscation', 'suspend-license', 'downgrade', 'revoke-license', 'restrict-activity', 'order-closure', 'restrict-practice', 'detention', 'none'] as const;
export const CIRCUMSTANCES = ['none', 'mitigated', 'lighter', 'general', 'heavier'] as const;
/** the codes the interchange accepts for agencies, people and items */
export const CODE_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
