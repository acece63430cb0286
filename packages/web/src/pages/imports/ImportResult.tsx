import { Alert, Button, Descriptions, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../format.ts';
import { baseName, countEntries, errorCount, errorsCsv, isFailure, type Batch, type RowError } from './types.ts';

export function StatusTag({ status }: { status?: string }) {
  const { tk } = useI18n();
  if (!status) return null;
  return <Tag color={isFailure(status) ? 'red' : status === 'running' || status === 'pending' ? 'processing' : 'green'}>{tk('imp.status', status)}</Tag>;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The result of one batch: counts, and its row errors (file, row/line, field, message in the current language). */
export function ImportResult({ batch }: { batch: Batch }) {
  const { t, loc, lang } = useI18n();
  const errors: RowError[] = Array.isArray(batch.errors) ? batch.errors : [];
  const n = errorCount(batch);
  const headers = [t('imp.file'), t('imp.sheet'), t('imp.line'), t('imp.field'), t('imp.code'), t('imp.message')];
  return (
    <div data-testid="import-result">
      <Alert
        type={isFailure(batch.status) || n > 0 ? 'error' : 'success'}
        showIcon
        title={<>{t('imp.result')}：<StatusTag status={batch.status} /> {n > 0 ? `${t('imp.errorCount')} ${n}` : ''}</>}
        style={{ marginBottom: 12 }}
      />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('imp.batch')}>{batch.id}</Descriptions.Item>
        <Descriptions.Item label={t('imp.file')}>{baseName(batch.file)}</Descriptions.Item>
        <Descriptions.Item label={t('imp.at')}>{fmtDateTime(batch.at, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('imp.sha256')}><Typography.Text code copyable ellipsis style={{ maxWidth: 260 }}>{batch.sha256}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label={t('imp.counts')} span={2}>
          {countEntries(batch.counts).map(([k, v]) => <Tag key={k}>{k}: {v}</Tag>)}
        </Descriptions.Item>
      </Descriptions>
      {errors.length > 0 && (
        <>
          <div className="toolbar" style={{ marginTop: 16 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>{t('imp.errors')}</Typography.Title>
            <Button icon={<DownloadOutlined />} onClick={() => download(`kaohe-import-${batch.id}-errors.csv`, errorsCsv(errors, headers, (m) => loc(m)))}>
              {t('imp.errorsDownload')}
            </Button>
          </div>
          <Table<RowError>
            size="small"
            rowKey={(e, i) => `${e.file}-${e.line ?? e.row}-${e.field}-${i}`}
            dataSource={errors}
            data-testid="import-errors"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('imp.file'), dataIndex: 'file', ellipsis: true, render: (f: string) => baseName(f) },
              { title: t('imp.sheet'), dataIndex: 'sheet', width: 100 },
              { title: t('imp.line'), key: 'line', width: 80, render: (_v, e) => e.line ?? e.row },
              { title: t('imp.field'), dataIndex: 'field', width: 160, render: (f: string) => f && <Typography.Text code>{f}</Typography.Text> },
              { title: t('imp.message'), dataIndex: 'message', render: (m: RowError['message']) => loc(m) },
            ]}
          />
        </>
      )}
    </div>
  );
}
