import { useState } from 'react';
import { App, Button, Divider, Form, Input, Space } from 'antd';
import { post } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useNotifyError } from '../../hooks.ts';

/** Supervisor decision on an answered warning: accept or reject, with a comment. */
export function DecideForm({ id, onDone }: { id: string; onDone(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ comment: string }>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const notify = useNotifyError();
  const decide = async (accept: boolean) => {
    const { comment } = await form.validateFields();
    setBusy(true);
    try {
      await post(`/warnings/${encodeURIComponent(id)}/decide`, { accept, comment: comment ?? '' });
      void message.success(t('w.decided'));
      onDone();
    } catch (e) { notify(e); } finally { setBusy(false); }
  };
  return (
    <>
      <Divider titlePlacement="start">{t('w.decide')}</Divider>
      <Form form={form} layout="vertical" name="warning-decide">
        <Form.Item name="comment" label={t('w.comment')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('w.comment') }) }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space>
          <Button type="primary" loading={busy} onClick={() => void decide(true)}>{t('w.accept')}</Button>
          <Button danger loading={busy} onClick={() => void decide(false)}>{t('w.reject')}</Button>
        </Space>
      </Form>
    </>
  );
}
