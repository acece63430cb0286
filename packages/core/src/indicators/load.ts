import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  QUARTER_RE, indicatorSchema, setFileSchema, type Filter, type IndicatorDef, type Measure, type Subset, type WeightNode,
} from './schema.ts';

/** An indicator set that failed validation: every problem names its file and field. */
export class IndicatorSetLoadError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`indicator set is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'IndicatorSetLoadError';
    this.problems = problems;
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

function issues(path: string, err: z.ZodError, prefix = ''): string[] {
  return err.issues.map((i) => `${path}: ${prefix}${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
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
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = src.path.endsWith('.json') ? JSON.parse(src.text) : parseYaml(src.text);
  } catch (e) {
    throw new IndicatorSetLoadError([`${src.path}: (syntax): ${(e as Error).message.split('\n')[0]}`]);
  }
  const f = setFileSchema.safeParse(raw);
  if (!f.success) throw new IndicatorSetLoadError(issues(src.path, f.error));
  const file = f.data;
  let parent: IndicatorSet | undefined;
  if (file.extends) {
    try {
      parent = base?.(file.extends);
    } catch (e) {
      problems.push(`${src.path}: extends: ${(e as Error).message.split('\n')[0]}`);
    }
    if (!parent && problems.length === 0) problems.push(`${src.path}: extends: unknown indicator set "${file.extends}"`);
    if (parent && quarterStart(parent.effective) >= quarterStart(file.effective)) {
      problems.push(`${src.path}: effective: ${file.effective} must come after the extended version's ${parent.effective}`);
    }
  }
  // merge: a partial indicator (code of a base indicator) overrides that indicator's fields
  const byCode = new Map<string, Record<string, unknown>>();
  for (const i of parent?.indicators ?? []) byCode.set(i.code, structuredClone(i) as unknown as Record<string, unknown>);
  for (const [k, code] of file.remove.entries()) {
    if (!byCode.delete(code)) problems.push(`${src.path}: remove.${k}: no indicator "${code}" in ${file.extends ?? '(no base)'}`);
  }
  const origin = new Map<string, string>();
  for (const [k, ind] of file.indicators.entries()) {
    const code = typeof ind.code === 'string' ? ind.code : `#${k}`;
    if (origin.has(code)) problems.push(`${src.path}: indicators.${k}.code: duplicate code "${code}" (also ${origin.get(code)})`);
    origin.set(code, `indicators.${k}`);
    const prev = byCode.get(code);
    byCode.set(code, prev ? { ...prev, ...ind } : ind);
  }
  const weights = file.weights ?? parent?.weights ?? DEFAULT_WEIGHTS;
  const groups = new Set(leaves(weights));
  const indicators: IndicatorDef[] = [];
  for (const [code, rawInd] of byCode) {
    const at = origin.get(code) ?? `(from ${file.extends}) ${code}`;
    const r = indicatorSchema.safeParse(rawInd);
    if (!r.success) { problems.push(...issues(src.path, r.error, `${at}.`)); continue; }
    const ind = r.data;
    const money = moneyReferences(ind);
    for (const p of money) problems.push(`${src.path}: ${at}.${p}: ${code}: ${FINE_AMOUNT_REASON}`);
    for (const [part, m] of [['numerator', ind.numerator], ['denominator', ind.denominator]] as const) {
      if (m.sum?.includes('.') && !money.includes(`${part}.sum`)) problems.push(`${src.path}: ${at}.${part}.sum: an attribute of the counted event or record (no dots)`);
      for (const k of ['avg', 'rankBy'] as const) {
        if (m[k] !== undefined && !money.includes(`${part}.${k}`)) problems.push(`${src.path}: ${at}.${part}.${k}: not supported: an indicator is a rate (use sum over a count denominator for a mean)`);
      }
    }
    if (ind.level === 'department' && ind.group && !groups.has(ind.group)) {
      problems.push(`${src.path}: ${at}.group: "${ind.group}" is not a leaf of the weight tree (${[...groups].join(', ')})`);
    }
    indicators.push(ind);
  }
  if (indicators.length === 0) problems.push(`${src.path}: indicators: the set has no indicators`);
  const last = file.changelog[file.changelog.length - 1];
  if (last && last.version !== file.version) problems.push(`${src.path}: changelog.${file.changelog.length - 1}.version: the last entry must describe this version (${file.version})`);
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
