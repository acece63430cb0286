/** Pure helpers of the assessment screens (unit-tested in src/unit.test.ts). */
export type GradeKey = 'excellent' | 'pass' | 'basic' | 'fail';

/** A figure as officials read it: a rate (scale 1) as a percentage, anything else (per 100 cases …) as a number. */
export function fmtFigure(v: number | null | undefined, scale = 1, digits = 1): string {
  if (v == null || Number.isNaN(v)) return '—';
  if (scale === 1) return `${(v * 100).toFixed(digits)}%`;
  return v.toFixed(2).replace(/\.?0+$/, '');
}

export function fmtScore(v: number | null | undefined): string {
  return v == null || Number.isNaN(v) ? '—' : v.toFixed(2);
}

/** Relative change (−0.2 → "−20.0%"), signed. */
export function fmtChange(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return '—';
  const p = (v * 100).toFixed(1);
  return v > 0 ? `+${p}%` : v < 0 ? `−${p.slice(1)}%` : '0.0%';
}

/** Colour of a score 0–100 (red below 60, orange below 75, blue below 90, green from 90); grey when none. */
export function scoreColor(score: number | null | undefined): string {
  if (score == null) return '#bfbfbf';
  if (score >= 90) return '#389e0d';
  if (score >= 75) return '#1677ff';
  if (score >= 60) return '#fa8c16';
  return '#cf1322';
}

export const GRADE_COLOR: Record<GradeKey, string> = { excellent: 'green', pass: 'blue', basic: 'orange', fail: 'red' };

/** The periods a supervisor can assess in a year: the year, its halves and quarters. */
export function periodsOf(year: number): string[] {
  return [`${year}Q1`, `${year}Q2`, `${year}Q3`, `${year}Q4`, `${year}H1`, `${year}H2`, `${year}`];
}

/** Mean score per domain (departments without a score left out), best first. */
export function domainMeans(rows: readonly { domain: string | null; score: number | null }[]): { domain: string; mean: number; n: number; min: number; max: number }[] {
  const m = new Map<string, number[]>();
  for (const r of rows) {
    if (r.score == null) continue;
    const k = r.domain ?? 'other';
    m.set(k, [...(m.get(k) ?? []), r.score]);
  }
  return [...m.entries()].map(([domain, s]) => ({
    domain, n: s.length, mean: Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 100) / 100, min: Math.min(...s), max: Math.max(...s),
  })).sort((a, b) => b.mean - a.mean || a.domain.localeCompare(b.domain));
}
