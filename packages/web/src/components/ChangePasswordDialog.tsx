import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { post } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { useNotifyError } from '../hooks.ts';

interface Values { current: string; next: string; confirm: string; }

/** Change-password dialog; `forced` (mustChangePassword) cannot be dismissed. */
export function ChangePasswordDialog({ open, forced, onDone, onCancel }: { open: boolean; forced: boolean; onDone(): void; onCancel?(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const notify = useNotifyError();

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await post('/auth/password', { current: v.current, next: v.next });
      void message.success(t('pwd.done'));
      form.resetFields();
      onDone();
    } catch (e) { notify(e); } finally { setBusy(false); }
  };

  return (
    <Modal
      open={open}
      title={t('pwd.title')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={submit}
      confirmLoading={busy}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      onCancel={() => onCancel?.()}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('pwd.forced')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} name="change-password">
        <Form.Item name="current" label={t('pwd.current')} rules={[{ required: true, message: t('common.required', { field: t('pwd.current') }) }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item name="next" label={t('pwd.next')} extra={t('pwd.rule')} rules={[{ required: true, message: t('common.required', { field: t('pwd.next') }) }, { min: 12, message: t('pwd.rule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('pwd.confirm')}
          dependencies={['next']}
          rules={[
            { required: true, message: t('common.required', { field: t('pwd.confirm') }) },
            ({ getFieldValue }) => ({ validator: (_r, v) => (!v || v === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('pwd.mismatch')))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
