import { useMemo } from 'react';
import { Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useGet } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate, fmtNumber } from '../../format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { RevealButton } from './RevealButton.tsx';
import { normaliseCase, withWarnings } from './types.ts';
import type { Page, Warning } from '../../api.ts';
import { FindingLine } from './CaseTimeline.tsx';

/** One case: its facts, the masked party, and the timeline of its acts with the rules that judged them. */
export function CasePage({ agency, caseId }: { agency: string; caseId: string }) {
  const { t, tk, lang } = useI18n();
  const { has } = useSession();
  const { data, loading, error } = useGet<unknown>(`/cases/${encodeURIComponent(agency)}/${encodeURIComponent(caseId)}`);
  // the warnings of this case judge its events: attached to the event they name, the rest shown for the case
  const { data: ws } = useGet<Page<Warning>>('/warnings', { agency, caseId, pageSize: 200 });
  const c = useMemo(() => (data ? withWarnings(normaliseCase(data), (ws?.items ?? []).filter((w) => w.state !== 'cleared')) : null), [data, ws]);
  const back = <Button icon={<ArrowLeftOutlined />} onClick={() => window.history.back()}>{t('common.back')}</Button>;
  if (loading && !c) return <Spin />;
  if (error?.status === 404) return <Result status="404" title={t('case.notFound')} extra={back} />;
  if (!c) return <ErrorAlert error={error} />;
  const kinds = c.penalty?.kinds ?? [];
  return (
    <div data-testid="case-page">
      <Space style={{ marginBottom: 12 }}>{back}</Space>
      <Typography.Title level={3} className="page-title">{t('case.id')} {c.id}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card title={c.agencyName ?? c.agency} size="small" extra={has('supervisor') ? <RevealButton agency={c.agency ?? agency} caseId={c.id ?? caseId} /> : null}>
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('case.domain')}>{tk('domain', c.domain)}</Descriptions.Item>
              <Descriptions.Item label={t('case.procedure')}>{tk('case.procedure', c.procedure)}</Descriptions.Item>
              {c.status && <Descriptions.Item label={t('case.status')}>{tk('case.status', c.status)}</Descriptions.Item>}
              <Descriptions.Item label={t('case.party')}>
                {c.party?.name ?? c.partyName}{c.party?.type ? ` · ${tk('case.party', c.party.type)}` : ''}
                {c.party?.idNumber ? ` · ${c.party.idNumber}` : ''}{c.party?.creditCode ? ` · ${c.party.creditCode}` : ''}
              </Descriptions.Item>
              {c.violation?.item && <Descriptions.Item label={t('case.item')}>{c.violation.item}</Descriptions.Item>}
              <Descriptions.Item label={t('case.penalty')}>
                {kinds.map((k) => <Tag key={k}>{tk('pen', k)}</Tag>)}
                {c.penalty?.fine ? t('case.yuan', { n: fmtNumber(c.penalty.fine, lang) }) : ''}
              </Descriptions.Item>
              {c.openedOn && <Descriptions.Item label={t('case.openedOn')}>{fmtDate(c.openedOn, lang)}</Descriptions.Item>}
              {c.decidedOn && <Descriptions.Item label={t('case.decidedOn')}>{fmtDate(c.decidedOn, lang)}</Descriptions.Item>}
              {c.staff && (
                <Descriptions.Item label={t('case.staff')}>
                  {t('case.handlers')}：{(c.staff.handlers ?? []).join('、')}；{t('case.reviewer')}：{c.staff.reviewer ?? '—'}；{t('case.approver')}：{c.staff.approver ?? '—'}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('case.timeline')} size="small">
            {(c.caseFindings ?? []).length > 0 && (
              <div style={{ marginBottom: 16 }} data-testid="case-findings">
                <Typography.Text strong>{t('case.findings')}</Typography.Text>
                {c.caseFindings!.map((f, i) => <FindingLine key={`${f.rule}-${i}`} f={f} />)}
              </div>
            )}
            <CaseTimeline events={c.events} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
