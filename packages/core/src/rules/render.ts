import type { Pack, RuleDef, Finding } from './types.ts';
import { FINDING_MESSAGES, UNIT_ZH } from './messages.ts';

export type Lang = 'zh' | 'zh-CN' | 'en';

const STATUS: Record<string, { zh: string; en: string }> = {
  violated: { zh: '违规', en: 'violated' }, pending: { zh: '临期预警', en: 'due soon' }, advisory: { zh: '提示', en: 'advisory' },
};

/** The rule version a finding came from, looked up in packs (latest version when several). */
export function findRule(packs: readonly Pack[], id: string): RuleDef | undefined {
  let best: RuleDef | undefined;
  for (const p of packs) for (const r of p.rules) if (r.id === id && (!best || r.effective.from > best.effective.from)) best = r;
  return best;
}

function fill(tpl: string, f: Finding, zh: boolean): string {
  return tpl.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (k === 'dueOn') return f.dueOn ?? '';
    if (k === 'actOn') return f.actOn ?? '';
    if (k === 'unitZh') return UNIT_ZH[String(f.fields['unit'])] ?? '日';
    // the period actually applied, in the article's words: a period of 0 days (an on-site decision served 当场) is the
    // same day, never "起 0 个工作日"
    if (k === 'periodZh' || k === 'periodEn') {
      const days = Number(f.fields['days']), from = String(f.fields['from'] ?? ''), on = String(f.fields['fromOn'] ?? '');
      if (days === 0) return k === 'periodZh' ? `${from}（${on}）当日` : `the same day as ${from}, ${on}`;
      return k === 'periodZh'
        ? `自 ${from}（${on}）起 ${f.fields['days']} 个${UNIT_ZH[String(f.fields['unit'])] ?? '日'}`
        : `${f.fields['days']} ${f.fields['unit']} days from ${from} on ${on}`;
    }
    const v = f.fields[k];
    return v === undefined || v === '' ? (zh ? '—' : '-') : String(v);
  });
}

/**
 * Renders a finding through the zh-CN / en catalogues: status, rule title, what happened, and the article quoted.
 * Pass the packs to have the title, citation and quote; without them only the code's message is rendered.
 */
export function renderFinding(f: Finding, lang: Lang = 'zh-CN', packs: readonly Pack[] = []): string {
  const zh = lang !== 'en';
  const m = FINDING_MESSAGES[f.code];
  const body = m ? fill(zh ? m.zh : m.en, f, zh) : f.code;
  const rule = findRule(packs, f.rule);
  const status = STATUS[f.status]![zh ? 'zh' : 'en'];
  const prov = f.provisional?.length
    ? (zh ? `（${f.provisional.join('、')} 年节假日安排未载入，期限为暂定）` : ` (provisional: no holiday schedule loaded for ${f.provisional.join(', ')})`)
    : '';
  if (!rule) return `[${status}] ${f.rule}: ${body}${prov}`;
  const c = rule.citation;
  const cite = `${c.law} ${c.article}${c.paragraph ? ` ${c.paragraph}` : ''}`;
  return zh
    ? `【${status}】${rule.title.zh}：${body}${prov}。依据：${cite}“${rule.quote}”`
    : `[${status}] ${rule.title.en}: ${body}${prov}. Basis: ${cite} “${rule.quote}”`;
}
