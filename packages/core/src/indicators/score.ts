/**
 * Scoring and aggregation (pure): value → adjusted value (small-sample shrinkage) → score (linear floor → target,
 * clamped) → weighted total over the weight tree with not-applicable indicators re-spread over their group, ranks,
 * and the individual grade.
 */
import type { Grades } from './load.ts';
import type { IndicatorDef, WeightNode } from './schema.ts';

/** Numerator and denominator of one indicator for one unit (department, post holder, officer). */
export interface Count {
  x: number;
  n: number;
}

export interface ShrinkParams {
  minSample: number;
  k: number;
}

/** Raw value x / n × scale; null when the denominator is 0 (not applicable). */
export function rawValue(c: Count, scale = 1): number | null {
  return c.n > 0 ? (c.x / c.n) * scale : null;
}

/**
 * The adjusted value: below `minSample` the rate is shrunk toward the population's rate p (same scale) with a Beta
 * prior of strength k — (x + k·p) / (n + k) — so that a 3-case department is neither first nor last on luck alone.
 */
export function adjustedValue(c: Count, p: number | null, params: ShrinkParams, scale = 1): { value: number | null; shrunk: boolean } {
  if (c.n <= 0) return { value: null, shrunk: false };
  if (c.n >= params.minSample || p === null || params.k <= 0) return { value: (c.x / c.n) * scale, shrunk: false };
  return { value: ((c.x + params.k * (p / scale)) / (c.n + params.k)) * scale, shrunk: true };
}

/** Score 0–100: linear from floor (0) to target (100), clamped; a ↓ indicator has floor above target. */
export function scoreValue(ind: Pick<IndicatorDef, 'floor' | 'target'>, v: number): number {
  const s = (v - ind.floor) / (ind.target - ind.floor);
  return Math.round(Math.min(1, Math.max(0, s)) * 100 * 100) / 100;
}

export interface WeightedItem {
  code: string;
  /** the weight-tree leaf (department level); absent: one flat group */
  group?: string | undefined;
  weight: number;
  /** null: not applicable */
  score: number | null;
}

export interface WeightedResult {
  /** total 0–100 (null when nothing is applicable) */
  score: number | null;
  /** per item: nominal points (everything applicable) and effective points (after re-spreading) */
  weights: Map<string, { nominal: number; effective: number }>;
  /** what was not applicable and over which group its weight was spread */
  respread: { from: string; over: string }[];
}

const r4 = (v: number): number => Math.round(v * 10000) / 10000;

/**
 * Weighted total over a weight tree. A node's points are its weight's share among its siblings × its parent's points
 * (the root's are 100); a leaf's points go to its items by their weights. An item that is not applicable drops out and
 * its siblings share its points; a node with nothing applicable drops out the same way at its parent — shown in `respread`.
 */
export function weightedScore(items: readonly WeightedItem[], tree?: readonly WeightNode[]): WeightedResult {
  const nodes: WeightNode[] = tree ? [...tree] : [{ id: 'all', weight: 1 }];
  const byGroup = new Map<string, WeightedItem[]>();
  for (const it of items) {
    const g = tree ? (it.group ?? '') : 'all';
    const l = byGroup.get(g) ?? [];
    l.push(it);
    byGroup.set(g, l);
  }
  const weights = new Map<string, { nominal: number; effective: number }>();
  const respread: { from: string; over: string }[] = [];
  const applicable = (n: WeightNode): boolean => (n.children ? n.children.some(applicable) : (byGroup.get(n.id) ?? []).some((i) => i.score !== null));
  let total = 0;
  let any = false;
  const walk = (sibs: readonly WeightNode[], nominalPts: number, effectivePts: number, parent: string) => {
    // a group with no indicator for this unit (e.g. no domain-specific indicators for its domain) is not applicable either
    const live = sibs;
    const nomSum = live.reduce((s, n) => s + n.weight, 0);
    const effSibs = live.filter(applicable);
    const effSum = effSibs.reduce((s, n) => s + n.weight, 0);
    for (const n of live) {
      const nom = nomSum > 0 ? (n.weight / nomSum) * nominalPts : 0;
      const ok = applicable(n);
      const eff = ok && effSum > 0 ? (n.weight / effSum) * effectivePts : 0;
      if (!ok) respread.push({ from: n.id, over: parent });
      if (n.children) { walk(n.children, nom, eff, n.id); continue; }
      const its = byGroup.get(n.id) ?? [];
      const iNom = its.reduce((s, i) => s + i.weight, 0);
      const iEff = its.filter((i) => i.score !== null).reduce((s, i) => s + i.weight, 0);
      for (const i of its) {
        const e = i.score !== null && iEff > 0 ? (i.weight / iEff) * eff : 0;
        weights.set(i.code, { nominal: r4(iNom > 0 ? (i.weight / iNom) * nom : 0), effective: r4(e) });
        if (i.score === null) { if (ok) respread.push({ from: i.code, over: n.id }); continue; }
        total += (e * i.score) / 100;
        any = true;
      }
    }
  };
  walk(nodes, 100, 100, 'total');
  return { score: any ? Math.round(total * 100) / 100 : null, weights, respread };
}

/** Competition ranks (1, 2, 2, 4) by score, highest first; units without a score are unranked. */
export function rank<T extends { score: number | null }>(units: readonly T[], key: (u: T) => string): Map<string, number> {
  const scored = units.filter((u) => u.score !== null).sort((a, b) => b.score! - a.score! || key(a).localeCompare(key(b)));
  const out = new Map<string, number>();
  scored.forEach((u, i) => {
    const prev = scored[i - 1];
    out.set(key(u), prev && prev.score === u.score ? out.get(key(prev))! : i + 1);
  });
  return out;
}

export const GRADE_LABELS = {
  excellent: { zh: '优秀', en: 'excellent' },
  pass: { zh: '合格', en: 'competent' },
  basic: { zh: '基本合格', en: 'basically competent' },
  fail: { zh: '不合格', en: 'incompetent' },
} as const;
export type Grade = keyof typeof GRADE_LABELS;

/**
 * The grade of an officer's score by the set's bands. An officer with an accountability decision in the year is
 * not 优秀 (capped at 合格); 基本合格 / 不合格 are below 优秀 by construction.
 */
export function gradeOf(score: number | null, bands: Grades, opts: { accountability?: boolean } = {}): { grade: Grade | null; capped: boolean } {
  if (score === null) return { grade: null, capped: false };
  let g: Grade = score >= bands.excellent ? 'excellent' : score >= bands.pass ? 'pass' : score >= bands.basic ? 'basic' : 'fail';
  let capped = false;
  if (g === 'excellent' && opts.accountability) { g = 'pass'; capped = true; }
  return { grade: g, capped };
}
