import { Space, Tag, Timeline, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { statusColor } from '../../components/WarningTags.tsx';
import type { CaseEvent, Finding } from './types.ts';

/** red when a rule found the act violated, amber when pending, green otherwise. */
export function eventColor(findings: Finding[]): 'red' | 'orange' | 'green' {
  if (findings.some((f) => f.status === 'violated')) return 'red';
  if (findings.some((f) => f.status === 'pending')) return 'orange';
  return 'green';
}

export function FindingLine({ f }: { f: Finding }) {
  const { t, tk, loc, lang } = useI18n();
  const color = f.status === 'ok' ? 'green' : statusColor(f.status, f.dueOn);
  return (
    <div className="finding" data-testid="finding">
      <Space size={4} wrap>
        <Tag color={color}>{f.status === 'ok' ? t('case.ruleOk') : tk('w.status', f.status)}</Tag>
        <Typography.Text code>{f.rule}</Typography.Text>
        {f.dueOn && <Typography.Text type="secondary">{t('case.due', { d: fmtDate(f.dueOn, lang) })}{f.provisional ? ` (${t('case.provisional')})` : ''}</Typography.Text>}
        {f.warningId && <a href={`#/warnings?id=${encodeURIComponent(f.warningId)}`}>{t('common.view')}</a>}
      </Space>
      {f.message && <div>{loc(f.message)}</div>}
    </div>
  );
}

export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { tk, t, lang } = useI18n();
  return (
    <Timeline
      data-testid="case-timeline"
      items={events.map((e) => {
        const findings = e.findings ?? [];
        return {
          key: e.id,
          color: eventColor(findings),
          title: fmtDateTime(e.at, lang),
          content: (
            <div>
              <Typography.Text strong>{tk('ev', e.type)}</Typography.Text>
              <Typography.Text type="secondary"> · {e.type}</Typography.Text>
              {e.by && e.by.length > 0 && <div><Typography.Text type="secondary">{t('case.by')}：{e.by.join('、')}</Typography.Text></div>}
              {e.records && e.records.length > 0 && <div><Typography.Text type="secondary">{t('case.records')}：{e.records.join('、')}</Typography.Text></div>}
              {e.note && <div>{e.note}</div>}
              {e.attrs && Object.keys(e.attrs).length > 0 && (
                <div><Typography.Text type="secondary">
                  {Object.entries(e.attrs).filter(([, v]) => v != null && typeof v !== 'object').slice(0, 6).map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}
                </Typography.Text></div>
              )}
              {findings.map((f, i) => <FindingLine key={`${f.rule}-${i}`} f={f} />)}
            </div>
          ),
        };
      })}
    />
  );
}
