/**
 * Scoring a file on a sheet (评分). A failed veto item (一票否决) makes the file 不合格 with 0 points whatever its
 * deductions; otherwise each item loses its deductions (points × count), never below zero, the items add up to the
 * total, and the grade is the first band whose minimum the total reaches and whose conditions hold (no 优秀 with a
 * basic-element problem of the sheet's `noExcellent` list). Business outcomes are returned, not thrown.
 */
import type { Sheet } from './sheet.ts';

export interface ScoreInput {
  /** ids of failed veto items */
  vetoFailed: readonly string[];
  /** ids of `noExcellent` problems found */
  minorProblems: readonly string[];
  deductions: readonly { item: string; deduction: string; count?: number; comment: string }[];
}

export interface ScoreIssue {
  field: string;
  message: { zh: string; en: string };
}

export interface ItemScore {
  item: string;
  points: number;
  lost: number;
  score: number;
}

export interface ScoreResult {
  total: number;
  grade: 'excellent' | 'pass' | 'fail';
  gradeZh: string;
  vetoed: boolean;
  sections: { section: string; points: number; score: number }[];
  items: ItemScore[];
}

/** The problems of a score sheet as filled in (unknown ids, a repeated non-repeatable deduction, a missing comment). */
export function checkScoreInput(sheet: Sheet, input: ScoreInput): ScoreIssue[] {
  const out: ScoreIssue[] = [];
  const veto = new Set(sheet.veto.map((v) => v.id));
  const minor = new Set(sheet.noExcellent.map((v) => v.id));
  input.vetoFailed.forEach((id, k) => { if (!veto.has(id)) out.push({ field: `vetoFailed.${k}`, message: { zh: `“${id}”不是本表的否决项`, en: `"${id}" is not a veto item of ${sheet.version}` } }); });
  input.minorProblems.forEach((id, k) => { if (!minor.has(id)) out.push({ field: `minorProblems.${k}`, message: { zh: `“${id}”不是本表的基本要素问题`, en: `"${id}" is not a basic-element problem of ${sheet.version}` } }); });
  const items = new Map(sheet.sections.flatMap((s) => s.items).map((it) => [it.id, it]));
  const seen = new Set<string>();
  input.deductions.forEach((d, k) => {
    const it = items.get(d.item);
    const def = it?.deductions.find((x) => x.id === d.deduction);
    if (!it) out.push({ field: `deductions.${k}.item`, message: { zh: `“${d.item}”不是本表的评分项`, en: `"${d.item}" is not an item of ${sheet.version}` } });
    else if (!def) out.push({ field: `deductions.${k}.deduction`, message: { zh: `“${it.zh}”没有扣分项“${d.deduction}”`, en: `${d.item} has no deduction "${d.deduction}"` } });
    const count = d.count ?? 1;
    if (!Number.isInteger(count) || count < 1) out.push({ field: `deductions.${k}.count`, message: { zh: '次数须为正整数', en: 'count must be a whole number ≥ 1' } });
    else if (def && !def.repeatable && count > 1) out.push({ field: `deductions.${k}.count`, message: { zh: `“${def.zh}”只能扣一次`, en: `${d.item}/${d.deduction} counts once` } });
    const key = `${d.item}/${d.deduction}`;
    if (seen.has(key)) out.push({ field: `deductions.${k}`, message: { zh: '同一扣分项重复填写（请填次数）', en: `${key} appears twice (give a count instead)` } });
    seen.add(key);
    if (!d.comment.trim()) out.push({ field: `deductions.${k}.comment`, message: { zh: '每项扣分须说明理由', en: 'every deduction needs a comment' } });
  });
  return out;
}

/** The total and grade of a filled-in sheet (input assumed checked by `checkScoreInput`). */
export function scoreFile(sheet: Sheet, input: ScoreInput): ScoreResult {
  const lost = new Map<string, number>();
  for (const d of input.deductions) {
    const def = sheet.sections.flatMap((s) => s.items).find((it) => it.id === d.item)?.deductions.find((x) => x.id === d.deduction);
    if (def) lost.set(d.item, (lost.get(d.item) ?? 0) + def.points * (d.count ?? 1));
  }
  const vetoed = input.vetoFailed.length > 0;
  const items: ItemScore[] = sheet.sections.flatMap((s) => s.items).map((it) => {
    const l = Math.min(it.points, lost.get(it.id) ?? 0);
    return { item: it.id, points: it.points, lost: l, score: vetoed ? 0 : it.points - l };
  });
  const byId = new Map(items.map((i) => [i.item, i]));
  const sections = sheet.sections.map((s) => ({ section: s.id, points: s.points, score: s.items.reduce((a, it) => a + byId.get(it.id)!.score, 0) }));
  const total = Math.round(sections.reduce((a, s) => a + s.score, 0) * 100) / 100;
  const fail = sheet.grades.find((g) => g.grade === 'fail');
  const band = vetoed ? fail : sheet.grades.find((g) => total >= g.min && g.requires.every((c) => c !== 'no-minor-problem' || input.minorProblems.length === 0));
  const g = band ?? sheet.grades[sheet.grades.length - 1]!;
  return { total, grade: g.grade, gradeZh: g.zh, vetoed, sections, items };
}
