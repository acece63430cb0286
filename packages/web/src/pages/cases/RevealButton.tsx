import { useState } from 'react';
import { App, Button, Descriptions, Form, Input, Modal } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { post } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useNotifyError } from '../../hooks.ts';
import type { Party } from './types.ts';

/** 查看完整信息: asks for a reason, then shows the unmasked party (the server audits it). */
export function RevealButton({ agency, caseId }: { agency: string; caseId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const notify = useNotifyError();
  const { modal } = App.useApp();

  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      const r = await post<{ party?: Party } & Party>(`/cases/${encodeURIComponent(agency)}/${encodeURIComponent(caseId)}/reveal`, { reason });
      const p = r.party ?? r;
      setOpen(false);
      form.resetFields();
      modal.info({
        title: t('case.revealed'),
        width: 520,
        content: (
          <Descriptions column={1} size="small" bordered>
            {Object.entries(p).filter(([, v]) => v != null && typeof v !== 'object').map(([k, v]) => <Descriptions.Item key={k} label={k}>{String(v)}</Descriptions.Item>)}
          </Descriptions>
        ),
      });
    } catch (e) { notify(e); } finally { setBusy(false); }
  };

  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal">{t('case.reveal')}</Button>
      <Modal open={open} title={t('case.reveal')} onOk={submit} confirmLoading={busy} onCancel={() => setOpen(false)} okText={t('common.submit')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" name="reveal" onFinish={submit}>
          <Form.Item name="reason" label={t('case.revealReason')} extra={t('case.revealReasonHelp')} rules={[{ required: true, whitespace: true, min: 4, message: t('common.required', { field: t('case.revealReason') }) }]}>
            <Input.TextArea rows={3} maxLength={500} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
