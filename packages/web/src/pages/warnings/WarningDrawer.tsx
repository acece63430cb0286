import { Descriptions, Divider, Drawer, Empty, Spin, Timeline, Typography } from 'antd';
import type { Citation, Localized, WarningAnswer, WarningDetail } from '../../api.ts';
import { useGet } from '../../hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { WarningStateTag, WarningStatusTag } from '../../components/WarningTags.tsx';
import { AnswerForm } from './AnswerForm.tsx';
import { flattenRules } from '../../components/Selects.tsx';
import { DecideForm } from './DecideForm.tsx';

/** Render a citation given as text or as { law, article, paragraph }. */
export function citationText(c: Citation | undefined, loc: (m: Localized | string | undefined) => string, lang: 'zh' | 'en'): string {
  if (!c) return '';
  if (typeof c === 'string') return c;
  if (c.text) return c.text;
  const law = loc(c.law);
  const numeric = (v: string | number | undefined) => v !== undefined && /^\d+$/.test(String(v));
  const art = c.article === undefined ? '' : numeric(c.article) ? (lang === 'zh' ? `第${c.article}条` : `art. ${c.article}`) : String(c.article);
  const par = c.paragraph === undefined ? '' : numeric(c.paragraph) ? (lang === 'zh' ? `第${c.paragraph}款` : ` ¶${c.paragraph}`) : String(c.paragraph);
  return lang === 'zh' ? `${law}${art}${par}` : [law, art, par].filter(Boolean).join(' ');
}

export function WarningDrawer({ id, onClose, onChanged }: { id?: string | number; onClose(): void; onChanged(): void }) {
  const { t, tk, loc, lang } = useI18n();
  const { has } = useSession();
  const { data: w, loading, error, reload } = useGet<WarningDetail>(id != null ? `/warnings/${encodeURIComponent(String(id))}` : null);
  const history = w?.actions ?? w?.answers ?? w?.history ?? [];
  // the rule's own citation and quoted article (GET /rules) complete a warning that carries only its rule id
  const { data: rules } = useGet<unknown>(id ? '/rules' : null);
  const rule = w ? flattenRules(rules).find((r) => r.id === w.rule) : undefined;
  const citation = w?.citation ?? (rule?.citation as Citation | undefined);
  const quote = w?.quote ?? (typeof citation === 'object' ? citation.quote : undefined) ?? rule?.quote;
  const changed = () => { reload(); onChanged(); };
  const actionOf = (h: WarningAnswer) => h.action ?? h.kind ?? (h.accept === true ? 'accepted' : h.accept === false ? 'rejected' : '');
  const actionColor = (h: WarningAnswer) => ({ accepted: 'green', rejected: 'red' } as Record<string, string>)[actionOf(h)] ?? 'blue';
  const actionLabel = (h: WarningAnswer) => {
    const a = actionOf(h);
    return a === 'accepted' ? t('w.accept') : a === 'rejected' ? t('w.reject') : tk('w.kind', a);
  };

  return (
    <Drawer open={id != null} onClose={onClose} size={640} title={t('w.detail')} destroyOnHidden data-testid="warning-drawer">
      <ErrorAlert error={error} />
      {loading && !w ? <Spin /> : w && String(w.id) === String(id) ? (
        <>
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('w.status')}><WarningStatusTag status={w.status} dueOn={w.dueOn} /> <WarningStateTag state={w.state} /></Descriptions.Item>
            <Descriptions.Item label={t('w.case')}><a href={`#/cases/${encodeURIComponent(w.agency)}/${encodeURIComponent(w.caseId)}`}>{w.caseId}</a></Descriptions.Item>
            <Descriptions.Item label={t('w.agency')}>{w.agencyName ?? w.agency}</Descriptions.Item>
            <Descriptions.Item label={t('w.rule')}><Typography.Text code>{w.rule}</Typography.Text> {loc(w.ruleTitle ?? (typeof citation === 'object' ? citation.title : undefined) ?? rule?.title)}</Descriptions.Item>
            <Descriptions.Item label={t('w.message')}><span data-testid="warning-message">{loc(w.message)}</span></Descriptions.Item>
            <Descriptions.Item label={t('w.dueOn')}>{fmtDate(w.dueOn, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('w.actOn')}>{fmtDate(w.actOn, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('w.citation')}>
              <span data-testid="warning-citation">{citationText(citation, loc, lang)}</span>
              {typeof citation === 'object' && citation.url && <> <a href={citation.url} target="_blank" rel="noreferrer noopener">↗</a></>}
            </Descriptions.Item>
          </Descriptions>
          {quote && (<><Typography.Title level={5} style={{ marginTop: 16 }}>{t('w.quote')}</Typography.Title><blockquote className="quote">{loc(quote)}</blockquote></>)}
          <Divider titlePlacement="start">{t('w.history')}</Divider>
          {history.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('w.noHistory')} /> : (
            <Timeline items={history.map((h, i) => ({
              key: i,
              color: actionColor(h),
              content: (
                <div>
                  <strong>{actionLabel(h)}</strong>
                  {' · '}{h.actor ?? h.by}{' · '}{fmtDateTime(h.at, lang)}
                  <div>{h.text ?? h.comment}</div>
                </div>
              ),
            }))} />
          )}
          {has('agency-admin', 'legal-reviewer') && (w.state === 'open' || w.state === 'rejected') && <AnswerForm id={String(w.id)} onDone={changed} />}
          {has('supervisor') && w.state === 'answered' && <DecideForm id={String(w.id)} onDone={changed} />}
        </>
      ) : null}
    </Drawer>
  );
}
