import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  QUARTER_RE, indicatorSchema, setFileSchema, type Filter, type IndicatorDef, type Measure, type Subset, type WeightNode,
} from './schema.ts';

/** One problem of an indicator set: the file, the field (`indicators.3.weight`), the indicator's code when it is about one, and why — in zh-CN and en. */
export interface IndicatorSetIssue {
  file: string;
  field: string;
  code?: string | undefined;
  message: { zh: string; en: string };
}

/** An indicator set that failed validation: every problem names its file and field (`problems`: English lines; `issues`: bilingual). */
export class IndicatorSetLoadError extends Error {
  readonly problems: string[];
  readonly issues: IndicatorSetIssue[];
  constructor(issues: IndicatorSetIssue[]) {
    const problems = issues.map((i) => `${i.file}: ${i.field}: ${i.message.en}`);
    super(`indicator set is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'IndicatorSetLoadError';
    this.problems = problems;
    this.issues = issues;
  }
}

export interface Grades {
  excellent: number;
  pass: number;
  basic: number;
}

/** A validated, resolved indicator set (an extending version already merged with its base). */
export interface IndicatorSet {
  version: string;
  title: { zh: string; en: string };
  /** the quarter from which it applies (2026Q2) and its first day */
  effective: string;
  effectiveFrom: string;
  /** the chain of versions it was built from, oldest first, this one last */
  lineage: string[];
  changelog: { version: string; date: string; changes: string[]; feedback?: string | undefined }[];
  params: { minSample: number; k: number };
  weights: WeightNode[];
  grades: Grades;
  indicators: IndicatorDef[];
  /** file it came from */
  source: string;
}

export interface IndicatorSetSource {
  path: string;
  text: string;
}

/** Why fine amounts never score: the reason quoted in every rejection. */
export const FINE_AMOUNT_REASON =
  'fine amounts never score: an indicator may not sum, average, rank or threshold fine amounts — 国办发〔2022〕27号 forbids using fines (罚没收入) as an assessment indicator; measure discretion by conformity to the benchmark and consistency instead';
/** The same reason in Chinese (the zh-CN half of every bilingual rejection). */
export const FINE_AMOUNT_REASON_ZH =
  '罚没金额不得计分：指标不得对罚没款金额求和、平均、排名或设定阈值——国办发〔2022〕27号禁止将罚没收入作为考核指标；自由裁量以是否符合裁量基准、同案同罚衡量';

/** Paths that hold money of a penalty or payment. */
const MONEY = /(^|\.)(fines?|fine[A-Z]\w*|amount\w*|confiscat\w*|money\w*|罚款\w*|罚没\w*)$/i;

export const DEFAULT_GRADES: Grades = { excellent: 90, pass: 75, basic: 60 };
export const DEFAULT_WEIGHTS: WeightNode[] = [
  { id: 'objective', weight: 80, children: [{ id: 'common', weight: 60 }, { id: 'domain', weight: 40 }] },
  { id: 'social', weight: 20 },
];

/** First day of a quarter: 2026Q2 → 2026-04-01. */
export function quarterStart(q: string): string {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new RangeError(`not a quarter: ${q}`);
  return `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/** zh-CN for the schema's own messages (schema.ts); zod's generic ones are translated by issue code below. */
const ZH_MESSAGES: Record<string, string> = {
  'a case column (procedure, domain, item_code, major, complex) or violation.X / party.X / penalty.X': '须为案件字段（procedure、domain、item_code、major、complex）或 violation.X、party.X、penalty.X',
  'an attribute name (letters and digits)': '须为属性名（字母和数字）',
  'a dotted path': '须为以点分隔的路径',
  'a lower-case name': '须为小写名称',
  'events: the event types counted are required': '计数事件时须列明事件类型（types）',
  'records: the record kinds counted are required': '计数外部记录时须列明记录类别（kinds）',
  'sum is for events and records': '求和（sum）仅适用于事件和外部记录',
  'group.name in lower case, e.g. procedure.compliance': '指标代码须为小写的“组.名称”，如 procedure.compliance',
  'direction up: target must be above floor': '方向为“越高越好”时，目标值须高于下限',
  'direction down: target must be below floor': '方向为“越低越好”时，目标值须低于下限',
  'a post indicator names its post (handler, reviewer, supervisor)': '岗位指标须指明岗位（handler、reviewer、supervisor）',
  'a department indicator names its weight-tree group': '部门指标须指明所属权重组（group）',
  'a quarter, e.g. 2026Q2': '须为季度，如 2026Q2',
  'excellent > pass > basic': '等次下限须满足 优秀 > 合格 > 基本合格',
};

/** A zod issue's reason in Chinese. */
function zhOf(i: z.core.$ZodIssue): string {
  const known = ZH_MESSAGES[i.message];
  if (known) return known;
  if (i.message.startsWith('exactly one of ')) return `须且只能有一个比较条件（${i.message.slice('exactly one of '.length)}）`;
  const anchor = /^anchor of (\w+) is one of (.*)$/.exec(i.message);
  if (anchor) return `${anchor[1]} 的时间锚点须为 ${anchor[2]} 之一`;
  const o = i as unknown as Record<string, unknown>;
  switch (i.code) {
    case 'invalid_type': return /received undefined/.test(i.message) ? '必填项缺失' : `类型错误（应为 ${String(o.expected)}）`;
    case 'too_small': {
      const min = String(o.minimum);
      if (o.origin === 'string') return min === '1' ? '不能为空' : `长度不得少于 ${min}`;
      if (o.origin === 'array' || o.origin === 'set') return `至少需要 ${min} 项`;
      return o.inclusive === false ? `须大于 ${min}` : `不得小于 ${min}`;
    }
    case 'too_big': {
      const max = String(o.maximum);
      if (o.origin === 'string') return `长度不得超过 ${max}`;
      if (o.origin === 'array' || o.origin === 'set') return `至多 ${max} 项`;
      return o.inclusive === false ? `须小于 ${max}` : `不得大于 ${max}`;
    }
    case 'invalid_format': return '格式错误';
    case 'invalid_value': return Array.isArray(o.values) ? `取值须为 ${o.values.map(String).join('、')} 之一` : '取值不在允许范围内';
    case 'unrecognized_keys': return Array.isArray(o.keys) ? `不允许的字段：${o.keys.map(String).join('、')}` : '包含不允许的字段';
    case 'invalid_union': return '不符合任何允许的形式';
    default: return '不合法';
  }
}

function zodIssues(file: string, err: z.ZodError, prefix = '', code?: string): IndicatorSetIssue[] {
  return err.issues.map((i) => ({ file, field: `${prefix}${i.path.map(String).join('.') || '(root)'}`, code, message: { zh: zhOf(i), en: i.message } }));
}

/** The weight tree's arithmetic (shared/spec/indicators.md: total 100 = objective 80 (common 60 % + domain 40 %) + social 20): siblings at the top sum to 100 points, the children of a node to 100 %. */
export function weightTreeIssues(file: string, weights: readonly WeightNode[]): IndicatorSetIssue[] {
  const out: IndicatorSetIssue[] = [];
  const seen = new Set<string>();
  const fmt = (ns: readonly WeightNode[]) => ns.map((n) => `${n.id} ${n.weight}`).join(' + ');
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const walk = (ns: readonly WeightNode[], field: string, parent: string | null) => {
    ns.forEach((n, k) => {
      if (seen.has(n.id)) out.push({ file, field: `${field}.${k}.id`, message: { zh: `权重树节点“${n.id}”重复`, en: `duplicate weight-tree node "${n.id}"` } });
      seen.add(n.id);
    });
    const sum = round(ns.reduce((s, n) => s + n.weight, 0));
    if (Math.abs(sum - 100) > 1e-6) {
      out.push(parent === null
        ? { file, field, message: { zh: `权重树顶层须合计 100 分：${fmt(ns)} = ${sum}`, en: `the top of the weight tree must sum to 100 points: ${fmt(ns)} = ${sum}` } }
        : { file, field, message: { zh: `“${parent}”下各组占比须合计 100%：${fmt(ns)} = ${sum}`, en: `the shares under "${parent}" must sum to 100 %: ${fmt(ns)} = ${sum}` } });
    }
    ns.forEach((n, k) => { if (n.children) walk(n.children, `${field}.${k}.children`, n.id); });
  };
  walk(weights, 'weights', null);
  return out;
}

/** Every money path an indicator's numerator or denominator uses, with its field path (for the fine-amount rule). */
export function moneyReferences(ind: { numerator: Measure | Subset; denominator: Measure }): string[] {
  const out: string[] = [];
  const filter = (f: Filter, at: string) => {
    const o = f as Record<string, unknown>;
    if (typeof o.field === 'string' && MONEY.test(o.field)) out.push(`${at}.field`);
    if (typeof o.attr === 'string' && MONEY.test(o.attr)) out.push(`${at}.attr`);
    if ('not' in f) filter(f.not, `${at}.not`);
    if ('any' in f) f.any.forEach((x, i) => filter(x, `${at}.any.${i}`));
    if ('event' in f) (f.event.where ?? []).forEach((x, i) => filter(x, `${at}.event.where.${i}`));
    if ('record' in f) (f.record.where ?? []).forEach((x, i) => filter(x, `${at}.record.where.${i}`));
  };
  const measure = (m: Measure | Subset, at: string) => {
    for (const k of ['sum', 'avg', 'rankBy'] as const) {
      const v = (m as Record<string, unknown>)[k];
      if (typeof v === 'string' && MONEY.test(v)) out.push(`${at}.${k}`);
    }
    (m.where ?? []).forEach((f, i) => filter(f, `${at}.where.${i}`));
  };
  measure(ind.numerator, 'numerator');
  measure(ind.denominator, 'denominator');
  return out;
}

function leaves(nodes: WeightNode[]): string[] {
  return nodes.flatMap((n) => (n.children ? leaves(n.children) : [n.id]));
}

/**
 * Builds an indicator set from its file (pure). `base` resolves the version an `extends` names (already loaded).
 * @throws IndicatorSetLoadError listing every problem with file path and field
 */
export function parseIndicatorSet(src: IndicatorSetSource, base?: (version: string) => IndicatorSet): IndicatorSet {
  const file0 = src.path;
  const problems: IndicatorSetIssue[] = [];
  const add = (field: string, en: string, zh: string, code?: string) => problems.push({ file: file0, field, code, message: { zh, en } });
  let raw: unknown;
  try {
    raw = src.path.endsWith('.json') ? JSON.parse(src.text) : parseYaml(src.text);
  } catch (e) {
    const m = (e as Error).message.split('\n')[0]!;
    throw new IndicatorSetLoadError([{ file: file0, field: '(syntax)', message: { zh: `文件格式错误：${m}`, en: m } }]);
  }
  const f = setFileSchema.safeParse(raw);
  if (!f.success) throw new IndicatorSetLoadError(zodIssues(file0, f.error));
  const file = f.data;
  let parent: IndicatorSet | undefined;
  if (file.extends) {
    try {
      parent = base?.(file.extends);
    } catch (e) {
      const m = (e as Error).message.split('\n')[0]!;
      add('extends', m, `所继承的指标体系“${file.extends}”无法加载：${m}`);
    }
    if (!parent && problems.length === 0) add('extends', `unknown indicator set "${file.extends}"`, `所继承的指标体系“${file.extends}”不存在`);
    if (parent && quarterStart(parent.effective) >= quarterStart(file.effective)) {
      add('effective', `${file.effective} must come after the extended version's ${parent.effective}`, `生效季度 ${file.effective} 须晚于所继承版本的 ${parent.effective}`);
    }
  }
  // merge: a partial indicator (code of a base indicator) overrides that indicator's fields
  const byCode = new Map<string, Record<string, unknown>>();
  for (const i of parent?.indicators ?? []) byCode.set(i.code, structuredClone(i) as unknown as Record<string, unknown>);
  for (const [k, code] of file.remove.entries()) {
    if (!byCode.delete(code)) add(`remove.${k}`, `no indicator "${code}" in ${file.extends ?? '(no base)'}`, `所继承版本${file.extends ? `（${file.extends}）` : ''}中没有指标“${code}”`, code);
  }
  const origin = new Map<string, string>();
  for (const [k, ind] of file.indicators.entries()) {
    const code = typeof ind.code === 'string' ? ind.code : `#${k}`;
    if (origin.has(code)) add(`indicators.${k}.code`, `duplicate code "${code}" (also ${origin.get(code)})`, `指标代码“${code}”重复（另见 ${origin.get(code)}）`, code);
    origin.set(code, `indicators.${k}`);
    const prev = byCode.get(code);
    byCode.set(code, prev ? { ...prev, ...ind } : ind);
  }
  const weights = file.weights ?? parent?.weights ?? DEFAULT_WEIGHTS;
  problems.push(...weightTreeIssues(file0, weights));
  const groups = new Set(leaves(weights));
  const indicators: IndicatorDef[] = [];
  for (const [code, rawInd] of byCode) {
    const at = origin.get(code) ?? `(from ${file.extends}) ${code}`;
    const r = indicatorSchema.safeParse(rawInd);
    if (!r.success) { problems.push(...zodIssues(file0, r.error, `${at}.`, code)); continue; }
    const ind = r.data;
    const money = moneyReferences(ind);
    for (const p of money) add(`${at}.${p}`, `${code}: ${FINE_AMOUNT_REASON}`, `${code}：${FINE_AMOUNT_REASON_ZH}`, code);
    for (const [part, m] of [['numerator', ind.numerator], ['denominator', ind.denominator]] as const) {
      if (m.sum?.includes('.') && !money.includes(`${part}.sum`)) add(`${at}.${part}.sum`, 'an attribute of the counted event or record (no dots)', '求和对象须为所计事件或记录的属性（不含“.”）', code);
      for (const k of ['avg', 'rankBy'] as const) {
        if (m[k] !== undefined && !money.includes(`${part}.${k}`)) add(`${at}.${part}.${k}`, 'not supported: an indicator is a rate (use sum over a count denominator for a mean)', '不支持：指标为比率（求均值请以计数为分母、对分子求和）', code);
      }
    }
    if (ind.level === 'department' && ind.group && !groups.has(ind.group)) {
      add(`${at}.group`, `"${ind.group}" is not a leaf of the weight tree (${[...groups].join(', ')})`, `“${ind.group}”不是权重树的末级分组（${[...groups].join('、')}）`, code);
    }
    indicators.push(ind);
  }
  if (indicators.length === 0) add('indicators', 'the set has no indicators', '指标体系没有任何指标');
  const last = file.changelog[file.changelog.length - 1];
  if (last && last.version !== file.version) add(`changelog.${file.changelog.length - 1}.version`, `the last entry must describe this version (${file.version})`, `变更记录的最后一条须说明本版本（${file.version}）`);
  if (problems.length) throw new IndicatorSetLoadError(problems);
  return {
    version: file.version,
    title: file.title,
    effective: file.effective,
    effectiveFrom: quarterStart(file.effective),
    lineage: [...(parent?.lineage ?? []), file.version],
    changelog: [...(parent?.changelog ?? []), ...file.changelog],
    params: { minSample: file.params?.minSample ?? parent?.params.minSample ?? 20, k: file.params?.k ?? parent?.params.k ?? 20 },
    weights,
    grades: file.grades ?? parent?.grades ?? DEFAULT_GRADES,
    indicators: indicators.sort((a, b) => a.code.localeCompare(b.code)),
    source: src.path,
  };
}

/** The lookup rule of every versioned definition: the latest version effective on the as-of date. */
export function selectIndicatorSet(sets: readonly IndicatorSet[], asOf: string): IndicatorSet | undefined {
  let best: IndicatorSet | undefined;
  for (const s of sets) {
    if (s.effectiveFrom > asOf) continue;
    if (!best || s.effectiveFrom > best.effectiveFrom || (s.effectiveFrom === best.effectiveFrom && s.version > best.version)) best = s;
  }
  return best;
}
