/**
 * The matter's documents as DOCX (GB/T 9704 layout, docx-layout.ts): to the officer 立案审批表, 拟处理意见告知书,
 * 处理决定书; to the department 执法监督通知书 (限期整改), 执法监督决定书 (通报批评, 取消评比先进资格) and 执法监督意见书.
 * Names, not codes: the department's and the people's names, the category's and the decision kinds' labels.
 */
import { decisionKind, matterCategory } from '@kaohe/core';
import { chineseDate, renderOfficialDocument, type Block } from './docx-layout.ts';
import type { MatterDetail } from './queries.ts';

export const DOCUMENT_KINDS = ['filing', 'notice', 'decision', 'supervision-notice', 'supervision-decision', 'supervision-opinion'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_TITLES: Record<DocumentKind, { zh: string; en: string }> = {
  filing: { zh: '行政执法责任追究立案审批表', en: 'Matter filing approval form' },
  notice: { zh: '拟处理意见告知书', en: 'Notice of the proposed handling' },
  decision: { zh: '行政执法责任追究处理决定书', en: 'Accountability decision' },
  'supervision-notice': { zh: '行政执法监督通知书', en: 'Enforcement supervision notice' },
  'supervision-decision': { zh: '行政执法监督决定书', en: 'Enforcement supervision decision' },
  'supervision-opinion': { zh: '行政执法监督意见书', en: 'Enforcement supervision opinion' },
};

const ROLE_ZH: Record<string, string> = { handler: '承办人', reviewer: '审核人', approver: '批准人', principal: '主要负责人', member: '集体讨论成员' };
const LEVEL_ZH: Record<string, string> = { sole: '全部责任', primary: '主要责任', secondary: '次要责任', leadership: '领导责任', none: '不承担责任' };

export interface DocumentOptions {
  /** the issuing body's name (发文机关), e.g. 杭州市司法局 */
  issuer: string;
  /** the working days the officer has to answer (告知书) and to appeal (决定书) */
  answerDays?: number;
  appealDays?: number;
}

export interface RenderedDocument { fileName: string; title: string; content: Buffer }

const names = (m: MatterDetail, persons: (string | null)[]) => persons.map((p) => m.people.find((x) => x.person === p)?.name ?? p ?? '').join('、');
const categoryText = (m: MatterDetail) => {
  const c = matterCategory(m.category);
  const s = c?.subtypes.find((x) => x.code === m.subtype);
  return `${c?.label.zh ?? m.category}${s ? `（${s.label.zh}）` : ''}`;
};
const kindZh = (k: string) => decisionKind(k)?.label.zh ?? k;

/** The proposals of the last 告知 step. */
function proposals(m: MatterDetail): { person: string | null; kind: string }[] {
  const e = [...m.events].reverse().find((x) => x.action === 'notify');
  return ((e?.detail.proposals as { person: string | null; kind: string }[] | undefined) ?? []);
}

function facts(m: MatterDetail): Block[] {
  const out: Block[] = [{ kind: 'heading', text: '一、基本情况' }];
  out.push({ kind: 'text', text: `${m.agencyName ?? m.agency}${m.cases.length ? `办理的${m.cases.map((c) => `${c.caseId}号案件`).join('、')}` : ''}，经核查存在${categoryText(m)}问题。${m.summary}` });
  return out;
}

function liability(m: MatterDetail): Block[] {
  const rows = m.people.filter((p) => p.level);
  if (!rows.length) return [];
  const tol = (m.evaluation as { tolerance?: { outcome?: string; reasons?: { zh: string }[] } } | null)?.tolerance;
  const out: Block[] = [{ kind: 'heading', text: '二、责任认定' }];
  for (const p of rows) out.push({ kind: 'text', text: `${ROLE_ZH[p.role] ?? p.role}${p.name ?? p.person}：${LEVEL_ZH[p.level!] ?? p.level}。${p.reason?.zh ?? ''}` });
  if (tol?.outcome === 'exempt') out.push({ kind: 'text', text: `经容错纠错认定，依法免予追究责任。${(tol.reasons ?? []).map((r) => r.zh).join('；')}` });
  else if (tol?.outcome === 'lighter') out.push({ kind: 'text', text: `经容错纠错认定，依法从轻或者减轻追究责任。${(tol.reasons ?? []).map((r) => r.zh).join('；')}` });
  return out;
}

/** Builds one of the matter's documents. `null`: the document does not apply (yet) to this matter. */
export function buildDocument(m: MatterDetail, kind: DocumentKind, day: string, opts: DocumentOptions): Promise<RenderedDocument> | null {
  const title = DOCUMENT_TITLES[kind].zh;
  const signature = opts.issuer;
  const officers = m.people.filter((p) => p.role !== 'member');
  const file = (suffix: string) => `${m.number}-${suffix}.docx`;
  const render = (number: string, addressee: string | undefined, blocks: Block[], suffix: string) =>
    renderOfficialDocument({ issuer: opts.issuer, number, title, ...(addressee ? { addressee } : {}), blocks, signature, day }).then((content) => ({ fileName: file(suffix), title, content }));
  switch (kind) {
    case 'filing':
      return render(m.number, undefined, [{
        kind: 'table', rows: [
          ['立案编号', m.number], ['事项名称', m.title], ['涉及部门', m.agencyName ?? m.agency],
          ['涉及案件', m.cases.map((c) => c.caseId).join('、') || '无'],
          ['问题类别', categoryText(m)],
          ['涉及人员', officers.map((p) => `${ROLE_ZH[p.role] ?? p.role}：${p.name ?? p.person}`).join('\n') || '无'],
          ['简要情况', m.summary || '—'], ['立案日期', chineseDate(m.openedOn)], ['承办意见', '建议立案调查。'], ['审批意见', ''],
        ],
      }], '立案审批表');
    case 'notice': {
      const ps = proposals(m).filter((p) => p.person);
      if (!ps.length) return null;
      const who = names(m, ps.map((p) => p.person));
      return render(m.number, `${who}同志`, [
        ...facts(m), ...liability(m),
        { kind: 'heading', text: '三、拟处理意见' },
        ...ps.map((p) => ({ kind: 'text' as const, text: `拟对${names(m, [p.person])}给予${kindZh(p.kind)}。` })),
        { kind: 'heading', text: '四、陈述申辩权利' },
        { kind: 'text', text: `你有权进行陈述和申辩。请于收到本告知书之日起${opts.answerDays ?? 5}个工作日内${m.stepDue ? `（${chineseDate(m.stepDue)}前）` : ''}通过考核平台提交陈述申辩意见及证据材料；逾期未提出的，视为放弃陈述申辩权利。` },
      ], '拟处理意见告知书');
    }
    case 'decision': {
      const ds = m.decisions.filter((d) => d.person && d.status !== 'revoked');
      if (!ds.length) return null;
      const answered = m.events.some((e) => e.action === 'answer');
      const waived = m.events.some((e) => e.action === 'waive');
      return render(ds[0]!.number, `${names(m, ds.map((d) => d.person))}同志`, [
        ...facts(m), ...liability(m),
        { kind: 'heading', text: '三、陈述申辩情况' },
        { kind: 'text', text: answered ? '当事人在规定期限内提出了陈述申辩意见，经复核，已予充分考虑。' : waived ? '当事人放弃陈述申辩权利。' : '当事人在规定期限内未提出陈述申辩意见。' },
        { kind: 'heading', text: '四、处理决定' },
        ...ds.map((d) => ({ kind: 'text' as const, text: `决定给予${names(m, [d.person])}${kindZh(d.kind)}。${gradingText(d.grading)}` })),
        { kind: 'heading', text: '五、救济途径' },
        { kind: 'text', text: `如不服本决定，可以自收到本决定书之日起${opts.appealDays ?? 30}日内申请复核或者提出申诉。复核、申诉期间，不停止本决定的执行。` },
      ], '处理决定书');
    }
    default: {
      const wanted = kind === 'supervision-notice' ? ['rectify'] : kind === 'supervision-decision' ? ['circulate', 'disqualify-honours'] : [];
      const ds = m.decisions.filter((d) => !d.person && d.status !== 'revoked' && wanted.includes(d.kind));
      if (kind !== 'supervision-opinion' && !ds.length) return null;
      const dept = m.agencyName ?? m.agency;
      const body: Block[] = [...facts(m)];
      if (kind === 'supervision-opinion') {
        body.push({ kind: 'heading', text: '二、监督意见' }, { kind: 'text', text: '请你单位针对上述问题查找原因，完善执法程序和内部审核制度，加强执法人员培训，并将整改情况书面报送本机关。' });
      } else {
        body.push({ kind: 'heading', text: kind === 'supervision-notice' ? '二、整改要求' : '二、监督决定' });
        for (const d of ds) body.push({ kind: 'text', text: `对你单位作出${kindZh(d.kind)}。${d.text}` });
        if (kind === 'supervision-notice') body.push({ kind: 'text', text: '请于收到本通知书之日起三十日内完成整改，并将整改情况书面报送本机关。' });
      }
      return render(ds[0]?.number ?? m.number, dept, body, title.replace('行政', ''));
    }
  }
}

function gradingText(g: unknown): string {
  const reasons = (g as { reasons?: { zh: string }[] } | null)?.reasons ?? [];
  return reasons.length ? `（${reasons.map((r) => r.zh).join('；')}）` : '';
}

/** Which documents a matter has now (the web lists them for download). */
export function availableDocuments(m: MatterDetail): DocumentKind[] {
  const out: DocumentKind[] = ['filing'];
  if (proposals(m).some((p) => p.person)) out.push('notice');
  if (m.decisions.some((d) => d.person && d.status !== 'revoked')) out.push('decision');
  const dept = m.decisions.filter((d) => !d.person && d.status !== 'revoked');
  if (dept.some((d) => d.kind === 'rectify')) out.push('supervision-notice');
  if (dept.some((d) => d.kind === 'circulate' || d.kind === 'disqualify-honours')) out.push('supervision-decision');
  if (m.established) out.push('supervision-opinion');
  return out;
}

