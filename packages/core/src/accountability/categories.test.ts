/** The matter catalogue: every rule of both built-in packs is pre-classified, into a category and sub-type that exist. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtInPackIds, loadPack, ruleIds } from '../rules/index.ts';
import { MATTER_CATEGORIES, MATTER_SOURCES, RULE_CATEGORIES, categoryOfRule, isMatterSubtype, matterCategory, matterSource } from './categories.ts';

const PACKS = ['cn-apl-2021', 'it-road-fines'];

test('every rule id of cn-apl-2021 and it-road-fines maps to an existing category and sub-type', () => {
  assert.deepEqual(PACKS.filter((p) => !builtInPackIds().includes(p)), [], 'both packs are built in');
  const unmapped: string[] = [];
  const badTarget: string[] = [];
  for (const id of PACKS.flatMap((p) => ruleIds(loadPack(p)))) {
    const c = categoryOfRule(id);
    if (!c) unmapped.push(id);
    else if (!isMatterSubtype(c.category, c.subtype)) badTarget.push(`${id} → ${c.category}/${c.subtype}`);
  }
  assert.deepEqual(unmapped, [], 'rule ids with no category');
  assert.deepEqual(badTarget, [], 'rule ids mapped to a category/sub-type that is not in the catalogue');
});

test('the map names no rule that the packs do not have (a renamed id would go stale)', () => {
  const all = new Set(PACKS.flatMap((p) => ruleIds(loadPack(p))));
  assert.deepEqual(Object.keys(RULE_CATEGORIES).filter((id) => !all.has(id)), []);
});

test('pre-classification of rules whose category the work plan names (hand-read from the rule and the plan)', () => {
  const cases: [rule: string, category: string, subtype: string][] = [
    ['cn.apl.44.notice', 'procedural', 'notice'],            // 告知 not done → 程序违法
    ['cn.apl.63.hearing-right', 'procedural', 'hearing'],    // 听证 not offered → 程序违法
    ['cn.apl.61.service', 'procedural', 'service'],          // 送达 late → 程序违法
    ['cn.apl.47.record', 'procedural', 'record'],            // 全过程记录 missing → 程序违法
    ['cn.apl.58.legal-review', 'procedural', 'legal-review'], // 法制审核 skipped → 程序违法
    ['cn.gbf118.review-independence', 'procedural', 'legal-review'], // the handler reviewed himself: perfunctory review
    ['cn.apl.60.decision', 'inaction', 'overdue'],           // 办案期限 exceeded → 慢作为
    ['it.roadfines.end-without-send', 'inaction', 'not-performed'],
  ];
  for (const [rule, category, subtype] of cases) assert.deepEqual(categoryOfRule(rule), { category, subtype }, rule);
  assert.equal(categoryOfRule('hz.scjg.own-rule'), undefined, 'a bureau rule the catalogue does not know: classified by hand');
  assert.equal(categoryOfRule('toString'), undefined, 'no prototype keys');
});

test('the catalogue holds the six categories and the sub-types the work plan spells out', () => {
  assert.deepEqual(MATTER_CATEGORIES.map((c) => c.label.zh), ['程序违法', '实体错误', '裁量失当', '不作为、慢作为', '乱作为', '作风纪律']);
  const subs = (code: string) => matterCategory(code)!.subtypes.map((s) => s.code);
  for (const s of ['notice', 'hearing', 'service', 'record', 'legal-review']) assert.ok(subs('procedural').includes(s), s);
  assert.deepEqual(subs('substantive'), ['facts-unclear', 'evidence-insufficient', 'wrong-law', 'beyond-authority']);
  assert.deepEqual(subs('discretion'), ['benchmark-not-applied', 'range-deviation', 'unbalanced']);
  assert.deepEqual(subs('misconduct'), ['abuse-of-power', 'selective']);
  assert.ok(Object.isFrozen(MATTER_CATEGORIES[0]!.subtypes[0]!.label), 'definitions are frozen');
  assert.equal(matterCategory('nope'), undefined);
  assert.equal(isMatterSubtype('substantive', 'notice'), false, 'a sub-type of another category');
  assert.deepEqual(MATTER_SOURCES.map((s) => s.code), ['warning', 'reversal', 'complaint', 'review', 'discretion', 'manual']);
  assert.equal(matterSource('warning')!.label.zh, '程序合规预警');
});
