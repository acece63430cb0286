/**
 * The responsibility chain (谁主办谁负责、谁审核谁负责、谁批准谁负责) and 容错纠错, evaluated from a liability rule set
 * that is data: a bureau replaces the default with its own file, no code. Pure.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Label } from './categories.ts';
import {
  EXCLUSION_ITEMS, MATTER_ORIGINS, TOLERANCE_ITEMS, matterPersons, zhOfIssue,
  type ExclusionItem, type MatterDoc, type MatterOrigin, type ToleranceItem,
} from './matter.ts';

/** A person's share of the responsibility. */
export type LiabilityLevel = 'sole' | 'primary' | 'secondary' | 'leadership' | 'none';

/** The levels, heaviest first, with their legal terms. */
export const LIABILITY_LEVELS: readonly { code: LiabilityLevel; label: Label }[] = Object.freeze(([
  { code: 'sole', label: { zh: '全部责任', en: 'Sole responsibility' } },
  { code: 'primary', label: { zh: '主要责任', en: 'Primary responsibility' } },
  { code: 'secondary', label: { zh: '次要责任', en: 'Secondary responsibility' } },
  { code: 'leadership', label: { zh: '领导责任', en: 'Leadership responsibility' } },
  { code: 'none', label: { zh: '不承担责任', en: 'No responsibility' } },
] as { code: LiabilityLevel; label: Label }[]).map((l) => Object.freeze({ ...l, label: Object.freeze(l.label) })));

/**
 * Whom an assignment names: the staff by role, who concealed / was misled (the other staff), who objected, the
 * collective decision's principal and its wrong- and right-view holders, or `others` (every person of the matter this
 * rule has not named yet).
 */
export type LiabilitySelector = 'handlers' | 'reviewer' | 'approver' | 'concealed' | 'misled' | 'objected'
  | 'principal' | 'wrong' | 'right' | 'others';
export const LIABILITY_SELECTORS: readonly LiabilitySelector[] = Object.freeze(
  ['handlers', 'reviewer', 'approver', 'concealed', 'misled', 'objected', 'principal', 'wrong', 'right', 'others']);

/** When a rule applies: every condition given must hold. */
export interface LiabilityCondition {
  origin?: MatterOrigin[] | undefined;
  bypassed?: boolean | undefined;
  /** true: someone concealed or falsified (facts.concealed non-empty); false: no one did */
  concealed?: boolean | undefined;
  /** true: the matter names a collective decision */
  collective?: boolean | undefined;
}

export interface LiabilityAssignment {
  who: LiabilitySelector;
  level: LiabilityLevel;
  reason: Label;
}

/** One rule of the chain: the first rule whose `when` holds assigns the shares. */
export interface LiabilityRule {
  id: string;
  title: Label;
  when: LiabilityCondition;
  /** in order; a person named by an earlier assignment of the rule keeps that one */
  assign: LiabilityAssignment[];
}

/** Applied after the chain rule, whatever it said (e.g. a written objection overruled → none). */
export interface LiabilityOverride {
  id: string;
  title: Label;
  who: LiabilitySelector;
  level: LiabilityLevel;
  reason: Label;
}

/** How the 容错纠错 checklist turns into an outcome. */
export interface TolerancePolicy {
  /** all must hold for any tolerance */
  prerequisites: ToleranceItem[];
  /** with the prerequisites, any one of these → exempt (免责) */
  exempt: ToleranceItem[];
  /** with the prerequisites, any one of these (and no exempt ground) → lighter (从轻、减轻) */
  lighter: ToleranceItem[];
  /** any one of these → no tolerance, whatever else holds */
  exclusions: ExclusionItem[];
}

/** A validated liability rule set. */
export interface LiabilityRuleSet {
  id: string;
  title: Label;
  version: string;
  /** where its content comes from (the 办法 it follows) */
  basis: string;
  rules: LiabilityRule[];
  overrides: LiabilityOverride[];
  tolerance: TolerancePolicy;
  /** the file it was loaded from */
  sourcePath: string;
}

export interface RuleSetIssue {
  file: string;
  /** 1-based line of the offending value in the file, when it can be found */
  line?: number | undefined;
  field: string;
  message: Label;
}

/** A rule set that failed validation: each problem names its file, line, field and why (zh-CN and en). */
export class LiabilityRuleSetError extends Error {
  readonly issues: RuleSetIssue[];
  constructor(issues: RuleSetIssue[]) {
    super(`liability rule set is invalid / 责任规则无效:\n  ${issues.map((i) => `${i.file}${i.line ? `, line ${i.line}` : ''}, field ${i.field}: ${i.message.zh} | ${i.message.en}`).join('\n  ')}`);
    this.name = 'LiabilityRuleSetError';
    this.issues = issues;
  }
}

const label = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const level = z.enum(LIABILITY_LEVELS.map((l) => l.code) as [LiabilityLevel, ...LiabilityLevel[]]);
const selector = z.enum(LIABILITY_SELECTORS as unknown as [LiabilitySelector, ...LiabilitySelector[]]);
const tol = z.enum(TOLERANCE_ITEMS.map((t) => t.code) as [ToleranceItem, ...ToleranceItem[]]);
const exc = z.enum(EXCLUSION_ITEMS.map((t) => t.code) as [ExclusionItem, ...ExclusionItem[]]);
const ruleId = z.string().regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/, 'a dotted lower-case id, e.g. cn.liability.bypassed');

/** The schema of a liability rule-set file (`kaohe.liability-rules/v1`). */
export const liabilityRuleSetSchema = z.strictObject({
  schema: z.literal('kaohe.liability-rules/v1'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case name, e.g. cn-default'),
  title: label,
  version: z.string().min(1),
  basis: z.string().min(1),
  rules: z.array(z.strictObject({
    id: ruleId,
    title: label,
    when: z.strictObject({
      origin: z.array(z.enum(MATTER_ORIGINS as unknown as [MatterOrigin, ...MatterOrigin[]])).min(1).optional(),
      bypassed: z.boolean().optional(),
      concealed: z.boolean().optional(),
      collective: z.boolean().optional(),
    }),
    assign: z.array(z.strictObject({ who: selector, level, reason: label })).min(1),
  })).min(1),
  overrides: z.array(z.strictObject({ id: ruleId, title: label, who: selector, level, reason: label })).default([]),
  tolerance: z.strictObject({
    prerequisites: z.array(tol),
    exempt: z.array(tol),
    lighter: z.array(tol),
    exclusions: z.array(exc),
  }),
});

const ZH: Record<string, string> = {
  'a dotted lower-case id, e.g. cn.liability.bypassed': '须为以点分隔的小写编号，如 cn.liability.bypassed',
  'a lower-case name, e.g. cn-default': '须为小写名称，如 cn-default',
};

function zhOf(i: z.core.$ZodIssue): string {
  return ZH[i.message] ?? zhOfIssue(i);
}

/**
 * Parses and validates a liability rule set (YAML or JSON text; `path` names it in every error). Beyond the shape: rule
 * and override ids are unique. Pure.
 * @throws LiabilityRuleSetError listing every problem with file, field and reason (zh-CN and en)
 */
export function loadLiabilityRuleSet(text: string, path: string): LiabilityRuleSet {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    throw new LiabilityRuleSetError(doc.errors.map((e) => {
      const first = e.message.split('\n')[0] ?? '';
      return { file: path, line: e.linePos?.[0]?.line, field: '(syntax)', message: { zh: `无法解析：${first}`, en: `cannot parse: ${first}` } };
    }));
  }
  /** the line of the value at `p`, or of its nearest parent that exists */
  const lineOf = (p: readonly PropertyKey[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const r = liabilityRuleSetSchema.safeParse(doc.toJS());
  if (!r.success) {
    throw new LiabilityRuleSetError(r.error.issues.map((i) => ({
      file: path, line: lineOf(i.path), field: i.path.map(String).join('.') || '(root)', message: { zh: zhOf(i), en: i.message },
    })));
  }
  const ids = new Set<string>();
  const dup: RuleSetIssue[] = [];
  [...r.data.rules.map((x, i) => [x.id, ['rules', i, 'id']] as const), ...r.data.overrides.map((x, i) => [x.id, ['overrides', i, 'id']] as const)]
    .forEach(([id, p]) => {
      if (ids.has(id)) dup.push({ file: path, line: lineOf(p), field: p.join('.'), message: { zh: `编号 ${id} 重复`, en: `id ${id} is used twice` } });
      ids.add(id);
    });
  if (dup.length) throw new LiabilityRuleSetError(dup);
  const { schema: _schema, ...rest } = r.data;
  return deepFreeze({ ...rest, sourcePath: path } as LiabilityRuleSet);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') { for (const v of Object.values(o as object)) deepFreeze(v); Object.freeze(o); }
  return o;
}

/** The role a person held in the matter. */
export type MatterRole = 'handler' | 'reviewer' | 'approver' | 'principal' | 'member';

/** One person's share, its reason and the rule that gave it. */
export interface ResponsibleShare {
  person: string;
  role: MatterRole;
  level: LiabilityLevel;
  reason: Label;
  /** the rule (or override) id; null when no rule of the set applies to the matter */
  rule: string | null;
}

/** A reason of the tolerance outcome, or an exclusion that overrode it. */
export interface TolerancePoint {
  code: string;
  zh: string;
  en: string;
}

export interface ToleranceResult {
  outcome: 'exempt' | 'lighter' | 'none';
  reasons: TolerancePoint[];
  excludedBy: TolerancePoint[];
}

/** The result for one matter (the `matters[]` entries of `kaohe liability --format json`). */
export interface LiabilityResult {
  matter: string;
  responsible: ResponsibleShare[];
  tolerance: ToleranceResult;
}

function roleOf(m: MatterDoc, p: string): MatterRole {
  if (m.staff.handlers.includes(p)) return 'handler';
  if (m.staff.reviewer === p) return 'reviewer';
  if (m.staff.approver === p) return 'approver';
  if (m.facts.collective?.principal === p) return 'principal';
  return 'member';
}

function select(m: MatterDoc, who: LiabilitySelector, everyone: string[], assigned: Set<string>): string[] {
  const f = m.facts;
  const staff = [...m.staff.handlers, m.staff.reviewer, m.staff.approver].filter((p): p is string => !!p);
  switch (who) {
    case 'handlers': return m.staff.handlers;
    case 'reviewer': return m.staff.reviewer ? [m.staff.reviewer] : [];
    case 'approver': return m.staff.approver ? [m.staff.approver] : [];
    case 'concealed': return f.concealed ?? [];
    case 'misled': return staff.filter((p) => !(f.concealed ?? []).includes(p));
    case 'objected': return f.objected ?? [];
    case 'principal': return f.collective ? [f.collective.principal] : [];
    case 'wrong': return f.collective?.wrong ?? [];
    case 'right': return f.collective?.right ?? [];
    case 'others': return everyone.filter((p) => !assigned.has(p));
  }
}

function holds(c: LiabilityCondition, m: MatterDoc): boolean {
  const f = m.facts;
  if (c.origin && !(f.origin && c.origin.includes(f.origin))) return false;
  if (c.bypassed !== undefined && (f.bypassed ?? false) !== c.bypassed) return false;
  if (c.concealed !== undefined && ((f.concealed ?? []).length > 0) !== c.concealed) return false;
  if (c.collective !== undefined && (f.collective !== undefined) !== c.collective) return false;
  return true;
}

const NO_RULE: Label = { zh: '责任规则未覆盖此情形，须人工认定', en: 'no rule of the rule set covers this situation: to be decided by hand' };
const NOT_NAMED: Label = { zh: '本规则未认定其责任', en: 'not found responsible by the rule' };

/** An item's label, its English lower-cased to follow a colon inside a sentence. */
const inSentence = (l: Label): Label => ({ zh: l.zh, en: l.en.charAt(0).toLowerCase() + l.en.slice(1) });
const tolLabel = (code: string) => inSentence(TOLERANCE_ITEMS.find((t) => t.code === code)!.label);
const excLabel = (code: string) => inSentence(EXCLUSION_ITEMS.find((t) => t.code === code)!.label);

/**
 * 容错纠错: exclusions first (any one → none, listed in `excludedBy`; a matter whose facts name a concealer counts as
 * concealment); then the prerequisites (all must hold, each missing one is a reason for none); then an exempt ground
 * → exempt, else a lighter ground → lighter, else none. Every ground or prerequisite that decided it is a reason.
 */
export function evaluateTolerance(m: MatterDoc, policy: TolerancePolicy): ToleranceResult {
  const t = m.facts.tolerance ?? {};
  const x = m.facts.exclusions ?? {};
  const excludedBy: TolerancePoint[] = [];
  for (const e of policy.exclusions) {
    const implied = e === 'concealment' && (m.facts.concealed ?? []).length > 0;
    if (x[e] || implied) {
      const l = excLabel(e);
      excludedBy.push({ code: e, zh: `排除容错：${l.zh}${implied && !x[e] ? '（有人隐瞒、弄虚作假）' : ''}`, en: `tolerance excluded: ${l.en}${implied && !x[e] ? ' (someone concealed or falsified facts)' : ''}` });
    }
  }
  if (excludedBy.length) return { outcome: 'none', reasons: [], excludedBy };
  const missing = policy.prerequisites.filter((p) => !t[p]);
  if (missing.length) {
    const claimed = [...policy.exempt, ...policy.lighter].some((g) => t[g]);
    if (!claimed) return { outcome: 'none', reasons: [{ code: 'no-ground', zh: '无容错情形', en: 'no tolerance ground holds' }], excludedBy };
    return {
      outcome: 'none',
      reasons: missing.map((p) => ({ code: p, zh: `不符合容错前提：${tolLabel(p).zh}`, en: `tolerance prerequisite not met: ${tolLabel(p).en}` })),
      excludedBy,
    };
  }
  const met = policy.prerequisites.map((p) => ({ code: p, zh: `符合前提：${tolLabel(p).zh}`, en: `prerequisite met: ${tolLabel(p).en}` }));
  const exempt = policy.exempt.filter((g) => t[g]);
  if (exempt.length) return { outcome: 'exempt', reasons: [...exempt.map((g) => ({ code: g, zh: `免责情形：${tolLabel(g).zh}`, en: `ground for exemption: ${tolLabel(g).en}` })), ...met], excludedBy };
  const lighter = policy.lighter.filter((g) => t[g]);
  if (lighter.length) return { outcome: 'lighter', reasons: [...lighter.map((g) => ({ code: g, zh: `从轻、减轻情形：${tolLabel(g).zh}`, en: `ground for a lighter outcome: ${tolLabel(g).en}` })), ...met], excludedBy };
  return { outcome: 'none', reasons: [{ code: 'no-ground', zh: '无容错情形', en: 'no tolerance ground holds' }], excludedBy };
}

/**
 * Each person's share of a matter: the first rule of the set whose condition holds assigns the levels (in its order;
 * a person keeps the first assignment that names them; a person it does not name gets none); then every override
 * (e.g. a written objection overruled → none) replaces the level of whom it names. With the tolerance outcome.
 * Every person of the matter appears once, in the order of `matterPersons`. Pure.
 */
export function applyLiabilityRules(matter: MatterDoc, ruleSet: LiabilityRuleSet): LiabilityResult {
  const everyone = matterPersons(matter);
  const shares = new Map<string, ResponsibleShare>();
  const rule = ruleSet.rules.find((r) => holds(r.when, matter));
  if (rule) {
    const assigned = new Set<string>();
    for (const a of rule.assign) {
      for (const p of select(matter, a.who, everyone, assigned)) {
        if (assigned.has(p)) continue;
        assigned.add(p);
        shares.set(p, { person: p, role: roleOf(matter, p), level: a.level, reason: a.reason, rule: rule.id });
      }
    }
    for (const p of everyone) if (!assigned.has(p)) shares.set(p, { person: p, role: roleOf(matter, p), level: 'none', reason: NOT_NAMED, rule: rule.id });
    for (const o of ruleSet.overrides) {
      for (const p of select(matter, o.who, everyone, new Set())) {
        if (shares.has(p)) shares.set(p, { person: p, role: roleOf(matter, p), level: o.level, reason: o.reason, rule: o.id });
      }
    }
  } else {
    for (const p of everyone) shares.set(p, { person: p, role: roleOf(matter, p), level: 'none', reason: NO_RULE, rule: null });
  }
  return {
    matter: matter.id,
    responsible: everyone.map((p) => shares.get(p)!),
    tolerance: evaluateTolerance(matter, ruleSet.tolerance),
  };
}
