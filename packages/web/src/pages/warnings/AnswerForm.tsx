import { useState } from 'react';
import { App, Button, Divider, Form, Input, Radio } from 'antd';
import { post } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useNotifyError } from '../../hooks.ts';

interface Values { kind: 'explained' | 'rectified' | 'disputed'; text: string; }

/** Agency answer to a warning: explained / rectified / disputed, with text. */
export function AnswerForm({ id, onDone }: { id: string; onDone(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const notify = useNotifyError();
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await post(`/warnings/${encodeURIComponent(id)}/answer`, { kind: v.kind, text: v.text });
      void message.success(t('w.answered'));
      form.resetFields();
      onDone();
    } catch (e) { notify(e); } finally { setBusy(false); }
  };
  return (
    <>
      <Divider titlePlacement="start">{t('w.answer')}</Divider>
      <Form<Values> form={form} layout="vertical" name="warning-answer" onFinish={submit} initialValues={{ kind: 'explained' }}>
        <Form.Item name="kind" label={t('w.answerKind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={(['explained', 'rectified', 'disputed'] as const).map((k) => ({ value: k, label: t(`w.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="text" label={t('w.answerText')} extra={t('w.answerTextHelp')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('w.answerText') }) }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="answer-submit">{t('common.submit')}</Button>
      </Form>
    </>
  );
}
