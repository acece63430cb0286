import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined, GlobalOutlined } from '@ant-design/icons';
import { ApiError } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { errorText } from '../../hooks.ts';

interface Values { username: string; password: string; totp?: string; }

export function LoginPage() {
  const { t, loc, lang, setLang } = useI18n();
  const { login } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password, v.totp?.trim() || undefined);
    } catch (e) {
      setError(e instanceof ApiError ? errorText(e, loc) : t('login.failed'));
    } finally { setBusy(false); }
  };

  return (
    <main className="login-page">
      <Card className="login-card" title={<div><div className="login-emblem" aria-hidden>考</div><Typography.Title level={3} style={{ margin: 0 }}>{t('app.title')}</Typography.Title></div>}
        extra={<Button type="link" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label={t('lang.label')} data-testid="lang-switch">{t('lang.switch')}</Button>}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{t('login.title')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<Values> name="login" layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('common.required', { field: t('login.username') }) }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Form.Item name="totp" label={t('login.totp')} extra={t('login.totpHelp')} rules={[{ pattern: /^\d{6}$/, message: t('login.totpHelp') }]}>
            <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="numeric" maxLength={6} size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">{t('login.submit')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>{t('login.notice')}</Typography.Paragraph>
      </Card>
    </main>
  );
}
