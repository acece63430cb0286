import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { exportUrl, type Query } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

/** Every list exports XLSX through the API: the same filters plus `format=xlsx`. */
export function ExportButton({ path, query }: { path: string; query?: Query }) {
  const { t } = useI18n();
  return (
    <Button icon={<DownloadOutlined />} href={exportUrl(path, query)} download data-testid={`export-${path.replace(/\W+/g, '')}`}>
      {t('common.export')}
    </Button>
  );
}
