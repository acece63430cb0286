/**
 * Scoring sheets (案卷评查表) as data: YAML files validated at load, every problem naming the file, the line, the
 * field and the reason in zh-CN and en. Versions are keyed by effective date per case type; the latest version
 * effective on the as-of date is the one used. Pure: the text is an argument (sheet-fs.ts reads the built-in files).
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** 处罚 / 许可 / 强制 / 检查 */
export const CASE_TYPES = ['penalty', 'license', 'coercion', 'inspection'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const CASE_TYPE_ZH: Record<CaseType, string> = { penalty: '行政处罚', license: '行政许可', coercion: '行政强制', inspection: '行政检查' };
/** conditions a grade band may require beyond its points */
export const GRADE_CONDITIONS = ['no-minor-problem'] as const;

const text = z.string().min(1);
const itemId = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/, 'an id like section.name in lower case');
const flag = z.strictObject({ id: itemId, zh: text, en: text });
const deduction = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case name'),
  zh: text, en: text,
  points: z.number().positive(),
  /** "1 per omission": may be counted several times (the item still stops at zero) */
  repeatable: z.boolean().default(false),
});
const item = z.strictObject({ id: itemId, zh: text, en: text, points: z.number().positive(), deductions: z.array(deduction).min(1) });
const section = z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case name'), zh: text, en: text, points: z.number().positive(), items: z.array(item).min(1) });
const band = z.strictObject({ grade: z.enum(['excellent', 'pass', 'fail']), zh: text, en: text, min: z.number().min(0), requires: z.array(z.enum(GRADE_CONDITIONS)).default([]) });
export const sheetFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case name'),
  version: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a lower-case name'),
  caseType: z.enum(CASE_TYPES),
  title: z.strictObject({ zh: text, en: text }),
  effective: z.iso.date(),
  total: z.number().positive(),
  veto: z.array(flag).default([]),
  noExcellent: z.array(flag).default([]),
  sections: z.array(section).min(1),
  grades: z.array(band).min(1),
  evidence: z.record(z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/, 'a rule id like cn.apl.61.service'), z.array(itemId).min(1)).default({}),
});

export type SheetFile = z.infer<typeof sheetFileSchema>;
/** A validated sheet, with the file it came from. */
export interface Sheet extends SheetFile {
  source: string;
}
export type SheetItem = SheetFile['sections'][number]['items'][number];

export interface SheetIssue {
  file: string;
  line?: number | undefined;
  field: string;
  message: { zh: string; en: string };
}

export class SheetLoadError extends Error {
  readonly issues: SheetIssue[];
  constructor(issues: SheetIssue[]) {
    const lines = issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ''}: ${i.field}: ${i.message.zh} · ${i.message.en}`);
    super(`scoring sheet is invalid 评查表不合法:\n  ${lines.join('\n  ')}`);
    this.name = 'SheetLoadError';
    this.issues = issues;
  }
}

const ZH: Record<string, string> = {
  'an id like section.name in lower case': '须为小写的“部分.名称”，如 content.service',
  'a lower-case name': '须为小写名称',
  'a rule id like cn.apl.61.service': '须为规则编号，如 cn.apl.61.service',
};
function zhOf(i: z.core.$ZodIssue): string {
  if (ZH[i.message]) return ZH[i.message]!;
  const o = i as unknown as Record<string, unknown>;
  switch (i.code) {
    case 'invalid_type': return /received undefined/.test(i.message) ? '必填项缺失' : `类型错误（应为 ${String(o.expected)}）`;
    case 'too_small': return o.origin === 'array' ? `至少需要 ${String(o.minimum)} 项` : o.origin === 'string' ? '不能为空' : '须大于 0';
    case 'invalid_format': return '格式错误（日期应为 YYYY-MM-DD）';
    case 'invalid_value': return Array.isArray(o.values) ? `取值须为 ${o.values.map(String).join('、')} 之一` : '取值不在允许范围内';
    case 'unrecognized_keys': return Array.isArray(o.keys) ? `不允许的字段：${o.keys.map(String).join('、')}` : '包含不允许的字段';
    default: return '不合法';
  }
}

/**
 * Parses and validates a sheet. `rules` (optional): the rule ids that exist, so an evidence entry naming an unknown
 * rule is refused. Checks beyond the schema: ids unique; items sum to their section, sections to the total; no
 * deduction above its item; grade bands in descending order ending at 0; evidence names existing items.
 * @throws SheetLoadError listing every problem with file, line and field
 */
export function parseSheet(src: { path: string; text: string }, opts: { rules?: readonly string[] } = {}): Sheet {
  const file = src.path;
  const lc = new LineCounter();
  const doc = parseDocument(src.text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new SheetLoadError([{ file, line: lc.linePos(e.pos[0]).line, field: '(syntax)', message: { zh: `YAML 格式错误：${e.message.split('\n')[0]}`, en: e.message.split('\n')[0]! } }]);
  }
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let p = [...path]; p.length; p.pop()) {
      const node = doc.getIn(p.map((k) => (typeof k === 'symbol' ? String(k) : k)), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const issues: SheetIssue[] = [];
  const add = (path: readonly PropertyKey[], en: string, zh: string) => issues.push({ file, line: lineOf(path), field: path.map(String).join('.') || '(root)', message: { zh, en } });
  const r = sheetFileSchema.safeParse(doc.toJS());
  if (!r.success) {
    for (const i of r.error.issues) issues.push({ file, line: lineOf(i.path), field: i.path.map(String).join('.') || '(root)', message: { zh: zhOf(i), en: i.message } });
    throw new SheetLoadError(issues);
  }
  const s = r.data;
  const ids = new Map<string, string>();
  const unique = (id: string, path: (string | number)[]) => {
    if (ids.has(id)) add([...path, 'id'], `duplicate id "${id}" (also ${ids.get(id)})`, `编号“${id}”重复（另见 ${ids.get(id)}）`);
    else ids.set(id, path.join('.'));
  };
  s.veto.forEach((f, k) => unique(f.id, ['veto', k]));
  s.noExcellent.forEach((f, k) => unique(f.id, ['noExcellent', k]));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  s.sections.forEach((sec, i) => {
    unique(sec.id, ['sections', i]);
    const sum = round(sec.items.reduce((a, it) => a + it.points, 0));
    if (sum !== sec.points) add(['sections', i, 'points'], `the items of "${sec.id}" sum to ${sum}, not ${sec.points}`, `“${sec.zh}”各项分值合计 ${sum}，与该部分分值 ${sec.points} 不符`);
    sec.items.forEach((it, j) => {
      unique(it.id, ['sections', i, 'items', j]);
      const seen = new Set<string>();
      it.deductions.forEach((d, k) => {
        if (seen.has(d.id)) add(['sections', i, 'items', j, 'deductions', k, 'id'], `duplicate deduction "${d.id}" in ${it.id}`, `“${it.zh}”的扣分项“${d.id}”重复`);
        seen.add(d.id);
        if (d.points > it.points) add(['sections', i, 'items', j, 'deductions', k, 'points'], `deduction ${d.points} exceeds the item's ${it.points} points`, `扣分 ${d.points} 超过该项分值 ${it.points}`);
      });
    });
  });
  const total = round(s.sections.reduce((a, x) => a + x.points, 0));
  if (total !== s.total) add(['total'], `the sections sum to ${total}, not ${s.total}`, `各部分分值合计 ${total}，与总分 ${s.total} 不符`);
  s.grades.forEach((g, k) => {
    const prev = s.grades[k - 1];
    if (prev && g.min >= prev.min) add(['grades', k, 'min'], `grade bands must descend: ${g.grade} ${g.min} is not below ${prev.grade} ${prev.min}`, `等次下限须递减：${g.zh} ${g.min} 不低于 ${prev.zh} ${prev.min}`);
    if (g.min > s.total) add(['grades', k, 'min'], `above the total ${s.total}`, `高于总分 ${s.total}`);
  });
  const last = s.grades[s.grades.length - 1]!;
  if (last.min !== 0) add(['grades', s.grades.length - 1, 'min'], 'the last grade band must start at 0', '最低等次的下限须为 0');
  if (new Set(s.grades.map((g) => g.grade)).size !== s.grades.length) add(['grades'], 'each grade appears once', '每个等次只能出现一次');
  const known = new Set([...s.veto.map((f) => f.id), ...s.sections.flatMap((x) => x.items.map((it) => it.id))]);
  const rules = opts.rules ? new Set(opts.rules) : null;
  for (const [rule, targets] of Object.entries(s.evidence)) {
    if (rules && !rules.has(rule)) add(['evidence', rule], `unknown rule "${rule}"`, `规则“${rule}”不存在`);
    targets.forEach((t, k) => { if (!known.has(t)) add(['evidence', rule, k], `"${t}" is not a veto item or an item of this sheet`, `“${t}”不是本表的否决项或评分项`); });
  }
  if (issues.length) throw new SheetLoadError(issues);
  return { ...s, source: file };
}

/** The version of `caseType` in force on `asOf` (latest effective on or before it), or null. */
export function selectSheet(sheets: readonly Sheet[], caseType: CaseType, asOf: string): Sheet | null {
  return sheets.filter((s) => s.caseType === caseType && s.effective <= asOf).sort((a, b) => (a.effective < b.effective ? 1 : a.effective > b.effective ? -1 : 0))[0] ?? null;
}

/** Every item of a sheet with its section. */
export function sheetItems(sheet: Sheet): (SheetItem & { section: string })[] {
  return sheet.sections.flatMap((s) => s.items.map((it) => ({ ...it, section: s.id })));
}

/** The sheet items (and veto items) a rule's findings bear on. */
export function evidenceTargets(sheet: Sheet, rule: string): string[] {
  return sheet.evidence[rule] ?? [];
}
