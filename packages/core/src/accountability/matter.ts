/**
 * The `kaohe.matter/v1` document (docs/liability.md): one accountability matter as `kaohe liability` and the
 * liability evaluation read it — who handled, reviewed and approved, and the facts that decide each one's share.
 * Validation is pure; every problem names its field and says why in zh-CN and en.
 */
import { z } from 'zod';
import type { Label } from './categories.ts';

/** Whose wrong opinion the error came from. */
export type MatterOrigin = 'handler' | 'reviewer' | 'approver' | 'collective';
export const MATTER_ORIGINS: readonly MatterOrigin[] = Object.freeze(['handler', 'reviewer', 'approver', 'collective']);

/** The 容错纠错 checklist (issue #15 item 3), in the order the UI shows it. */
export const TOLERANCE_ITEMS = Object.freeze([
  { code: 'withinAuthorityAndProcedure', label: { zh: '在职权范围内依照法定程序履职', en: 'Acted within authority and procedure' } },
  { code: 'publicInterest', label: { zh: '出于公共利益', en: 'Acted for the public interest' } },
  { code: 'noPersonalGain', label: { zh: '未谋取私利', en: 'No personal gain' } },
  { code: 'lawUnclear', label: { zh: '法律法规没有明确规定或规定不明确', en: 'The law was unclear or silent' } },
  { code: 'newEvidence', label: { zh: '决定作出后出现新证据', en: 'New evidence after the decision' } },
  { code: 'forceMajeure', label: { zh: '不可抗力', en: 'Force majeure' } },
  { code: 'counterpartyFraud', label: { zh: '当事人弄虚作假、隐瞒真相', en: "The counter-party's fraud" } },
  { code: 'superiorOrder', label: { zh: '执行上级有书面记录的决定或命令', en: "A superior's documented order" } },
  { code: 'correctedNoHarm', label: { zh: '及时纠正，未造成危害后果', en: 'Corrected promptly, no harm done' } },
] as const).map((x) => Object.freeze({ ...x, label: Object.freeze(x.label) }));

/** The exclusions that override any tolerance. */
export const EXCLUSION_ITEMS = Object.freeze([
  { code: 'intent', label: { zh: '故意', en: 'Intent' } },
  { code: 'personalGain', label: { zh: '谋取私利', en: 'Personal gain' } },
  { code: 'repeatAfterWarning', label: { zh: '经提醒、警示后仍重复发生', en: 'Repeated after a warning' } },
  { code: 'concealment', label: { zh: '隐瞒、弄虚作假', en: 'Concealment or falsification' } },
] as const).map((x) => Object.freeze({ ...x, label: Object.freeze(x.label) }));

export type ToleranceItem = 'withinAuthorityAndProcedure' | 'publicInterest' | 'noPersonalGain' | 'lawUnclear' | 'newEvidence'
  | 'forceMajeure' | 'counterpartyFraud' | 'superiorOrder' | 'correctedNoHarm';
export type ExclusionItem = 'intent' | 'personalGain' | 'repeatAfterWarning' | 'concealment';

/** The facts of a matter that decide the shares. */
export interface MatterFacts {
  /** whose wrong opinion the error came from */
  origin?: MatterOrigin | undefined;
  /** the handler decided without review and approval */
  bypassed?: boolean | undefined;
  /** persons who concealed or falsified facts and so misled the others */
  concealed?: string[] | undefined;
  /** persons who objected in writing and were overruled */
  objected?: string[] | undefined;
  /** a collective decision (集体讨论决定): the principal leader and who held the wrong and the right view */
  collective?: { principal: string; wrong: string[]; right: string[] } | undefined;
  /** the 容错纠错 checklist: an item true when it holds */
  tolerance?: Partial<Record<ToleranceItem, boolean>> | undefined;
  /** exclusions: an item true when it holds (overrides any tolerance) */
  exclusions?: Partial<Record<ExclusionItem, boolean>> | undefined;
}

/** One `kaohe.matter/v1` line. */
export interface MatterDoc {
  schema: 'kaohe.matter/v1';
  id: string;
  staff: { handlers: string[]; reviewer?: string | null | undefined; approver?: string | null | undefined };
  facts: MatterFacts;
}

/** One problem of a matter document: the field (`facts.collective.principal`) and why. */
export interface MatterIssue {
  field: string;
  message: Label;
}

const person = z.string().trim().min(1);
const flags = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, z.boolean().optional()])) as Record<K, z.ZodOptional<z.ZodBoolean>>);

/** The zod schema of `kaohe.matter/v1` (shape only; cross-field checks are in `validateMatter`). */
export const matterSchema = z.strictObject({
  schema: z.literal('kaohe.matter/v1'),
  id: z.string().trim().min(1),
  staff: z.strictObject({
    handlers: z.array(person).min(1),
    reviewer: person.nullish(),
    approver: person.nullish(),
  }),
  facts: z.strictObject({
    origin: z.enum(MATTER_ORIGINS as unknown as [MatterOrigin, ...MatterOrigin[]]).optional(),
    bypassed: z.boolean().optional(),
    concealed: z.array(person).optional(),
    objected: z.array(person).optional(),
    collective: z.strictObject({ principal: person, wrong: z.array(person), right: z.array(person) }).optional(),
    tolerance: flags(TOLERANCE_ITEMS.map((t) => t.code as ToleranceItem)).optional(),
    exclusions: flags(EXCLUSION_ITEMS.map((t) => t.code as ExclusionItem)).optional(),
  }),
});

/** The zh-CN reason of a zod issue (the en one is zod's message). */
export function zhOfIssue(i: z.core.$ZodIssue): string {
  const o = i as unknown as Record<string, unknown>;
  switch (i.code) {
    case 'invalid_type': return /received undefined/.test(i.message) ? '必填项缺失' : `类型错误（应为 ${String(o.expected)}）`;
    case 'invalid_value': return `取值须为 ${(o.values as unknown[]).map((v) => JSON.stringify(v)).join('、')} 之一`;
    case 'unrecognized_keys': return `不认识的字段：${(o.keys as string[]).join('、')}`;
    case 'too_small': return o.origin === 'array' ? `至少需要 ${String(o.minimum)} 项` : '不能为空';
    default: return '取值无效';
  }
}

/** Persons named in a matter, each once, in the order staff.handlers, reviewer, approver, collective. */
export function matterPersons(m: MatterDoc): string[] {
  const out: string[] = [];
  const add = (p: string | null | undefined) => { if (p && !out.includes(p)) out.push(p); };
  m.staff.handlers.forEach(add);
  add(m.staff.reviewer);
  add(m.staff.approver);
  const c = m.facts.collective;
  if (c) { add(c.principal); c.wrong.forEach(add); c.right.forEach(add); }
  return out;
}

/**
 * Validates a parsed `kaohe.matter/v1` value: its shape, then what must hold across fields (a collective origin needs
 * the collective; a named origin needs that person; who concealed or objected must be named in the matter; no one
 * holds both the wrong and the right view). Pure.
 */
export function validateMatter(value: unknown): { ok: true; matter: MatterDoc } | { ok: false; issues: MatterIssue[] } {
  const r = matterSchema.safeParse(value);
  if (!r.success) {
    return {
      ok: false,
      issues: r.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(root)', message: { zh: zhOfIssue(i), en: i.message } })),
    };
  }
  const m = r.data as MatterDoc;
  const issues: MatterIssue[] = [];
  const bad = (field: string, zh: string, en: string) => issues.push({ field, message: { zh, en } });
  const staff = [...m.staff.handlers, m.staff.reviewer, m.staff.approver].filter((p): p is string => !!p);
  const named = matterPersons(m);
  if (new Set(m.staff.handlers).size !== m.staff.handlers.length) bad('staff.handlers', '承办人重复', 'a handler is listed twice');
  const f = m.facts;
  if (f.origin === 'collective' && !f.collective) bad('facts.collective', '过错源于集体讨论决定时须列明集体讨论情况（principal、wrong、right）', 'origin collective needs facts.collective (principal, wrong, right)');
  if (f.origin === 'reviewer' && !m.staff.reviewer) bad('staff.reviewer', '过错源于审核人时须列明审核人', 'origin reviewer needs staff.reviewer');
  if (f.origin === 'approver' && !m.staff.approver) bad('staff.approver', '过错源于批准人时须列明批准人', 'origin approver needs staff.approver');
  (f.concealed ?? []).forEach((p, i) => {
    if (!staff.includes(p)) bad(`facts.concealed.${i}`, `“${p}”不是本事项的承办人、审核人或批准人`, `"${p}" is not a handler, reviewer or approver of the matter`);
  });
  (f.objected ?? []).forEach((p, i) => {
    if (!named.includes(p)) bad(`facts.objected.${i}`, `“${p}”不是本事项涉及的人员`, `"${p}" is not a person of the matter`);
  });
  const c = f.collective;
  if (c) {
    c.wrong.forEach((p, i) => { if (c.right.includes(p)) bad(`facts.collective.wrong.${i}`, `“${p}”不能同时持错误意见和正确意见`, `"${p}" cannot hold both the wrong and the right view`); });
    if (c.wrong.includes(c.principal) || c.right.includes(c.principal)) bad('facts.collective.principal', '主要负责人单独列明，不再列入 wrong 或 right', 'the principal is named on its own, not in wrong or right');
  }
  return issues.length ? { ok: false, issues } : { ok: true, matter: m };
}
