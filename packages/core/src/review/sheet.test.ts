import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPack } from '../rules/load-fs.ts';
import { builtInSheets, sheetFor } from './sheet-fs.ts';
import { parseSheet, selectSheet, SheetLoadError, type Sheet } from './sheet.ts';
import { checkScoreInput, scoreFile } from './score.ts';

const FILE = fileURLToPath(new URL('./sheets/penalty-general-2026.yaml', import.meta.url));
const TEXT = readFileSync(FILE, 'utf8');
const sheet = sheetFor('penalty', '2026-05-13');

test('the default penalty sheet is shared/spec/review-sheet.md: 9 basic items, format 20, content 80, the grades', () => {
  assert.equal(sheet.version, 'penalty-general-2026');
  assert.equal(sheet.veto.length, 9);
  assert.equal(sheet.noExcellent.length, 5);
  // the spec's tables, typed here from the spec (item order and points)
  const points = sheet.sections.map((s) => [s.id, s.points, s.items.map((i) => i.points)]);
  assert.deepEqual(points, [
    ['format', 20, [2, 4, 2, 1, 2, 1, 2, 4, 2]],
    ['content', 80, [8, 12, 12, 8, 10, 8, 12, 5, 5]],
  ]);
  const ded = (id: string) => sheet.sections.flatMap((s) => s.items).find((i) => i.id === id)!.deductions.map((d) => [d.id, d.points, d.repeatable]);
  assert.deepEqual(ded('content.legal-review'), [['missing-review', 8, false], ['opinion-ignored', 4, false]]);
  assert.deepEqual(ded('content.decision'), [['missing-element', 2, true], ['discretion-unexplained', 4, false]]);
  assert.deepEqual(ded('content.service'), [['late', 3, false], ['no-receipt', 2, false]]);
  assert.deepEqual(sheet.grades.map((g) => [g.grade, g.zh, g.min]), [['excellent', '优秀', 90], ['pass', '合格', 60], ['fail', '不合格', 0]]);
  assert.deepEqual(sheet.evidence['cn.apl.61.service'], ['content.service']);
});

test('every rule of the evidence mapping exists in cn-apl-2021', () => {
  const rules = loadPack('cn-apl-2021').rules.map((r) => r.id);
  assert.doesNotThrow(() => parseSheet({ path: FILE, text: TEXT }, { rules }));
  assert.throws(() => parseSheet({ path: FILE, text: TEXT }, { rules: rules.filter((r) => r !== 'cn.apl.61.service') }), /evidence\.cn\.apl\.61\.service: 规则“cn\.apl\.61\.service”不存在/);
});

test('scoring: hand-derived totals and grades', () => {
  const none = { vetoFailed: [], minorProblems: [], deductions: [] };
  assert.deepEqual([scoreFile(sheet, none).total, scoreFile(sheet, none).grade], [100, 'excellent']);
  // late service 3 + 2 omissions (1 each) = 5 → 95, 优秀
  const a = scoreFile(sheet, { ...none, deductions: [{ item: 'content.service', deduction: 'late', comment: '超期 2 日' }, { item: 'format.completeness', deduction: 'omission', count: 2, comment: '缺日期' }] });
  assert.deepEqual([a.total, a.grade, a.sections.map((s) => s.score)], [95, 'excellent', [18, 77]]);
  // the same 95 with a basic-element problem: no 优秀 → 合格
  assert.equal(scoreFile(sheet, { vetoFailed: [], minorProblems: ['minor.seal'], deductions: [{ item: 'content.service', deduction: 'late', comment: 'x' }, { item: 'format.completeness', deduction: 'omission', count: 2, comment: 'x' }] }).grade, 'pass');
  // stops at zero within an item: 5 missing rights × 5 = 25 but the item has 10 → loses 10, total 90, still 优秀
  const b = scoreFile(sheet, { ...none, deductions: [{ item: 'content.notice', deduction: 'missing-right', count: 5, comment: 'x' }] });
  assert.deepEqual([b.total, b.items.find((i) => i.item === 'content.notice')!.score, b.grade], [90, 0, 'excellent']);
  // 89 is not 优秀: missing review 8 + late 3 = 11 → 89, 合格
  assert.deepEqual([scoreFile(sheet, { ...none, deductions: [{ item: 'content.legal-review', deduction: 'missing-review', comment: 'x' }, { item: 'content.service', deduction: 'late', comment: 'x' }] }).total], [89]);
  // 60 passes, 59 fails: evidence 12 + investigation 12 + notice 10 + legal review 8 = 42 → 58 … build 40 → 60 and 41 → 59
  const forty = [
    { item: 'content.evidence', deduction: 'gap', count: 4, comment: 'x' }, // 12
    { item: 'content.investigation', deduction: 'missing-element', count: 4, comment: 'x' }, // 12
    { item: 'content.notice', deduction: 'missing-right', count: 2, comment: 'x' }, // 10
    { item: 'content.defense', deduction: 'not-answered', comment: 'x' }, // 4
    { item: 'format.forms', deduction: 'wrong-format', comment: 'x' }, // 2
  ];
  assert.deepEqual([scoreFile(sheet, { ...none, deductions: forty }).total, scoreFile(sheet, { ...none, deductions: forty }).grade], [60, 'pass']);
  const fortyOne = [...forty, { item: 'format.cover', deduction: 'cover', comment: 'x' }];
  assert.deepEqual([scoreFile(sheet, { ...none, deductions: fortyOne }).total, scoreFile(sheet, { ...none, deductions: fortyOne }).grade], [59, 'fail']);
  // a failed veto item: 不合格 and 0 points, whatever the deductions
  const v = scoreFile(sheet, { vetoFailed: ['basic.two-officers'], minorProblems: [], deductions: [] });
  assert.deepEqual([v.total, v.grade, v.vetoed], [0, 'fail', true]);
});

test('filled-in sheet problems: unknown ids, a once-only deduction counted twice, a missing comment', () => {
  const issues = checkScoreInput(sheet, {
    vetoFailed: ['basic.nope'], minorProblems: ['minor.seal'],
    deductions: [
      { item: 'content.service', deduction: 'late', count: 2, comment: '超期' },
      { item: 'content.nope', deduction: 'x', comment: 'x' },
      { item: 'format.cover', deduction: 'cover', comment: '  ' },
    ],
  });
  assert.deepEqual(issues.map((i) => i.field), ['vetoFailed.0', 'deductions.0.count', 'deductions.1.item', 'deductions.2.comment']);
  assert.match(issues[3]!.message.zh, /须说明理由/);
});

test('a bad sheet is refused with file, line, field and reason (zh-CN and en)', () => {
  const bad = TEXT.replace('      - id: format.cover\n        zh: 封面规范\n        en: standard cover\n        points: 1', '      - id: format.cover\n        zh: 封面规范\n        en: standard cover\n        points: 3');
  assert.notEqual(bad, TEXT);
  try {
    parseSheet({ path: '/bureau/sheets/mine.yaml', text: bad });
    assert.fail('accepted');
  } catch (e) {
    assert.ok(e instanceof SheetLoadError);
    const i = e.issues.find((x) => x.field === 'sections.0.points')!;
    assert.equal(i.file, '/bureau/sheets/mine.yaml');
    // the line of "points: 20" under the format section
    assert.equal(i.line, TEXT.split('\n').findIndex((l) => l === '    points: 20') + 1);
    assert.match(i.message.zh, /合计 22/);
    assert.match(e.message, /mine\.yaml:\d+: sections\.0\.points/);
  }
  assert.throws(() => parseSheet({ path: 'x.yaml', text: TEXT.replace('caseType: penalty', 'caseType: fine') }), /x\.yaml:\d+: caseType: 取值须为 penalty、license、coercion、inspection 之一/);
  assert.throws(() => parseSheet({ path: 'x.yaml', text: TEXT.replace('[content.service]', '[content.servic]') }), /不是本表的否决项或评分项/);
  assert.throws(() => parseSheet({ path: 'x.yaml', text: 'id: [' }), /x\.yaml:1: \(syntax\)/);
});

test('versions: the latest sheet of the case type effective on the day', () => {
  const later: Sheet = { ...sheet, version: 'penalty-general-2027', effective: '2027-01-01' };
  assert.equal(selectSheet([sheet, later], 'penalty', '2026-12-31')?.version, 'penalty-general-2026');
  assert.equal(selectSheet([sheet, later], 'penalty', '2027-01-01')?.version, 'penalty-general-2027');
  assert.equal(selectSheet([sheet, later], 'penalty', '2025-12-31'), null);
  assert.equal(selectSheet(builtInSheets(), 'license', '2026-06-01'), null);
});
