/** The targets panel 三个提升、两个下降 (pure): this year against last year, per department and region-wide. */
import type { Count } from './score.ts';

export interface TargetDef {
  code: 'compliance' | 'correction' | 'satisfaction' | 'complaints' | 'repeat';
  name: { zh: string; en: string };
  /** level: the value must reach `min`; yoy: the value must change by at most `change` (−0.15 = −15 %) */
  kind: 'level' | 'yoy';
  min?: number;
  change?: number;
  /** rate (x / n) or count (x) */
  value: 'rate' | 'count';
}

export const TARGETS: readonly TargetDef[] = [
  { code: 'compliance', name: { zh: '执法程序合规率≥98%', en: 'procedural compliance ≥ 98 %' }, kind: 'level', min: 0.98, value: 'rate' },
  { code: 'correction', name: { zh: '行政复议纠错率和行政诉讼败诉率同比下降15%', en: 'reconsideration correction and litigation loss rate −15 % YoY' }, kind: 'yoy', change: -0.15, value: 'rate' },
  { code: 'satisfaction', name: { zh: '执法对象满意度≥92%', en: 'satisfaction ≥ 92 %' }, kind: 'level', min: 0.92, value: 'rate' },
  { code: 'complaints', name: { zh: '群众对执法不规范的有效投诉同比下降20%', en: 'verified complaints about irregular enforcement −20 % YoY' }, kind: 'yoy', change: -0.2, value: 'count' },
  { code: 'repeat', name: { zh: '同类执法问题重复发生率同比下降30%', en: 'repeat rate of the same kind of enforcement error −30 % YoY' }, kind: 'yoy', change: -0.3, value: 'rate' },
];

export interface TargetEntry {
  code: TargetDef['code'];
  name: { zh: string; en: string };
  thisYear: { x: number; n: number; value: number | null };
  lastYear: { x: number; n: number; value: number | null };
  /** relative change this year vs last year (−0.2 = −20 %); null without a baseline */
  change: number | null;
  target: string;
  /** null: cannot be judged (no data this year, or no baseline for a year-on-year target) */
  met: boolean | null;
  note?: string;
}

const r4 = (v: number): number => Math.round(v * 10000) / 10000;
const val = (d: TargetDef, c: Count): number | null => (d.value === 'count' ? c.x : c.n > 0 ? r4(c.x / c.n) : null);

/** One line of the panel. */
export function targetEntry(d: TargetDef, thisYear: Count, lastYear: Count): TargetEntry {
  const a = val(d, thisYear), b = val(d, lastYear);
  const change = a !== null && b !== null && b > 0 ? r4((a - b) / b) : null;
  let met: boolean | null = null;
  let note: string | undefined;
  if (d.kind === 'level') {
    met = a === null ? null : a >= d.min!;
    if (a === null) note = 'no data this year';
  } else if (a === null) note = 'no data this year';
  else if (b === null || b === 0) {
    if (a === 0 && b === 0) met = true;
    else note = 'no baseline last year';
  } else met = change! <= d.change!;
  const target = d.kind === 'level' ? `≥ ${Math.round(d.min! * 100)} %` : `${Math.round(d.change! * 100)} % YoY`;
  return { code: d.code, name: d.name, thisYear: { ...thisYear, value: a }, lastYear: { ...lastYear, value: b }, change, target, met, ...(note ? { note } : {}) };
}
