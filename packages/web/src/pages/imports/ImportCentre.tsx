import { useState } from 'react';
import { Button, Card, Col, Progress, Row, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { apiUrl } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useGet, useList } from '../../hooks.ts';
import { fmtDateTime } from '../../format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { useImport } from './useImport.ts';
import { ImportResult, StatusTag } from './ImportResult.tsx';
import { baseName, countEntries, errorCount, type Batch } from './types.ts';

const TEMPLATES = ['cases', 'events', 'records', 'agencies', 'people', 'items'] as const;

/** 数据导入: upload, progress, result with row errors, templates, batch history. */
export function ImportCentre() {
  const { t, lang } = useI18n();
  const history = useList<Batch>('/imports', {}, 10);
  const { state, start } = useImport(() => history.reload());
  const [selected, setSelected] = useState<Batch | null>(null);
  const busy = state.phase === 'uploading' || state.phase === 'processing';
  const p = state.progress;
  const rows = !p ? null : typeof p.records === 'number' ? p.records : typeof p.rows === 'number' ? p.rows : typeof p.processed === 'number' ? p.processed : null;
  const percent = p && typeof p.percent === 'number' ? p.percent : undefined;

  return (
    <div data-testid="import-centre">
      <Typography.Title level={3} className="page-title">{t('imp.title')}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card>
            <Upload.Dragger
              name="file"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              accept=".json,.jsonl,.ndjson,.csv,.xlsx,.xes,.gz"
              beforeUpload={(file) => { void start(file); return false; }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p className="ant-upload-text">{t('imp.drop')}</p>
              <p className="ant-upload-hint">{t('imp.formats')}</p>
            </Upload.Dragger>
            <div aria-live="polite" style={{ marginTop: 16 }}>
              {state.phase === 'uploading' && (<><Typography.Text>{t('imp.uploading', { p: state.uploadPercent })}</Typography.Text><Progress percent={state.uploadPercent} /></>)}
              {state.phase === 'processing' && (
                <>
                  <Typography.Text>{t('imp.processing', { msg: rows != null ? t('imp.progressRows', { n: rows }) : String(p?.message ?? p?.phase ?? '…') })}</Typography.Text>
                  <Progress percent={percent ?? 100} status="active" showInfo={percent != null} />
                </>
              )}
              <ErrorAlert error={state.error} />
              {state.phase === 'done' && state.batch && <ImportResult batch={state.batch} />}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('imp.templates')} size="small">
            <Space direction="vertical" style={{ width: '100%' }}>
              {TEMPLATES.map((k) => (
                <div key={k} className="toolbar" style={{ marginBottom: 0 }}>
                  <span>{t(`imp.tpl.${k}` as MessageKey)}</span>
                  <Space>
                    <Button size="small" href={apiUrl(`/templates/${k}.xlsx`, { lang })} download>XLSX</Button>
                    <Button size="small" href={apiUrl(`/templates/${k}.csv`, { lang })} download>CSV</Button>
                  </Space>
                </div>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <Card title={t('imp.history')} style={{ marginTop: 16 }} extra={<ExportButton path="/imports" query={history.query} />}>
        <Table<Batch>
          rowKey="id"
          size="small"
          loading={history.loading}
          dataSource={history.data.items}
          data-testid="import-history"
          rowClassName={() => 'clickable-row'}
          onRow={(b) => ({ onClick: () => setSelected(b), tabIndex: 0, onKeyDown: (e) => { if (e.key === 'Enter') setSelected(b); } })}
          pagination={{ current: history.data.page, pageSize: history.data.pageSize || 10, total: history.data.total, onChange: history.setPage, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('imp.at'), dataIndex: 'at', width: 180, render: (v: string) => fmtDateTime(v, lang) },
            { title: t('imp.file'), dataIndex: 'file', ellipsis: true, render: (f: string) => baseName(f) },
            { title: t('imp.by'), dataIndex: 'by', width: 120 },
            { title: t('imp.status'), dataIndex: 'status', width: 140, render: (s: string) => <StatusTag status={s} /> },
            { title: t('imp.counts'), dataIndex: 'counts', render: (c: unknown) => countEntries(c).map(([k, v]) => `${k}: ${v}`).join(' · ') },
            { title: t('imp.errorCount'), key: 'errors', width: 90, render: (_v, b) => errorCount(b) || '' },
          ]}
        />
        {selected && <BatchDetail id={selected.id} />}
      </Card>
    </div>
  );
}

function BatchDetail({ id }: { id: string | number }) {
  const { data } = useGet<Batch | { batch: Batch }>(`/imports/${encodeURIComponent(String(id))}`);
  if (!data) return null;
  const batch = 'batch' in data && data.batch ? data.batch : (data as Batch);
  return <div style={{ marginTop: 16 }}><ImportResult batch={batch} /></div>;
}
