import { Alert } from 'antd';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { errorText } from '../hooks.ts';

export function ErrorAlert({ error }: { error: ApiError | null }) {
  const { loc } = useI18n();
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" title={errorText(error, loc)} style={{ marginBottom: 16 }} />;
}
