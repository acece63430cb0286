/** Decision kinds, their order and effects, and the grading of repeats (hand-derived severities in the comments). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DECISION_KINDS, decisionKind, gradeDecision, twelveMonthsBefore, type DecisionHistoryItem } from './decisions.ts';

test('the kinds in severity order per target, with labels', () => {
  const of = (t: string) => DECISION_KINDS.filter((k) => k.target === t).sort((a, b) => a.severity - b.severity).map((k) => k.label.zh);
  assert.deepEqual(of('department'), ['限期整改', '通报批评', '取消评比先进资格']);
  assert.deepEqual(of('officer'), ['批评教育', '书面检查', '诫勉谈话', '离岗培训', '调离执法岗位', '暂扣执法证件', '取消执法资格', '移送纪检监察机关']);
  assert.ok(Object.isFrozen(DECISION_KINDS[0]!.effect));
});

test('effects: the credential kinds touch the credential; every officer decision caps the grade', () => {
  assert.deepEqual(
    DECISION_KINDS.filter((k) => k.effect.suspendsCredential).map((k) => [k.code, k.effect.credential, k.effect.suspensionDays]),
    [['credential-suspension', 'suspended', 90]]);
  assert.deepEqual(DECISION_KINDS.filter((k) => k.effect.cancelsCredential).map((k) => k.code), ['credential-cancellation']);
  assert.ok(DECISION_KINDS.filter((k) => k.target === 'officer').every((k) => k.effect.capsGrade), 'never 优秀 in a year with a decision');
  assert.deepEqual(DECISION_KINDS.filter((k) => k.target === 'department' && k.effect.capsGrade).map((k) => k.code), ['disqualify-honours']);
  assert.equal(decisionKind('nope'), undefined);
});

const h = (category: string, decidedOn: string, kind = 'criticism'): DecisionHistoryItem => ({ kind, category, decidedOn });

test('grading: heavier for a repeat of the same category within 12 months, and for a third decision in a year', () => {
  const day = '2026-05-13';
  const rows: { name: string; proposed: string; history: DecisionHistoryItem[]; kind: string; codes: string[] }[] = [
    { name: 'first decision: as proposed', proposed: 'criticism', history: [], kind: 'criticism', codes: ['first'] },
    // 12 months before 2026-05-13 is 2025-05-13, included: criticism (1) + 1 → written-review (2)
    { name: 'same category exactly 12 months before: repeat', proposed: 'criticism', history: [h('procedural', '2025-05-13')], kind: 'written-review', codes: ['repeat'] },
    { name: 'same category one day more than 12 months before: not a repeat', proposed: 'criticism', history: [h('procedural', '2025-05-12')], kind: 'criticism', codes: ['first'] },
    { name: 'another category within 12 months: neither repeat nor third', proposed: 'criticism', history: [h('substantive', '2026-01-10')], kind: 'criticism', codes: ['first'] },
    // two earlier of other categories + this one = 3 in the year: admonition (3) + 1 → training (4)
    { name: 'third in a year, other categories', proposed: 'admonition', history: [h('substantive', '2025-09-01'), h('inaction', '2026-02-01')], kind: 'training', codes: ['third-in-year'] },
    // same category and third: written-review (2) + 2 → training (4)
    { name: 'repeat and third at once: two steps', proposed: 'written-review', history: [h('procedural', '2025-09-01'), h('inaction', '2026-02-01')], kind: 'training', codes: ['repeat', 'third-in-year'] },
    // reassignment (5) + 2 = 7 → credential-cancellation
    { name: 'two steps up to the heaviest that escalates', proposed: 'reassignment', history: [h('procedural', '2025-09-01'), h('procedural', '2026-02-01')], kind: 'credential-cancellation', codes: ['repeat', 'third-in-year'] },
    // credential-suspension (6) + 2 = 8 → beyond 7: capped at credential-cancellation, never an automatic referral
    { name: 'capped below the referral', proposed: 'credential-suspension', history: [h('procedural', '2025-09-01'), h('procedural', '2026-02-01')], kind: 'credential-cancellation', codes: ['repeat', 'third-in-year', 'capped'] },
    { name: 'a referral is not raised', proposed: 'referral', history: [h('procedural', '2026-02-01')], kind: 'referral', codes: ['repeat', 'not-escalated'] },
    { name: 'a later decision in the history is ignored', proposed: 'criticism', history: [h('procedural', '2026-06-01')], kind: 'criticism', codes: ['first'] },
    // department scale: rectify (1) + 1 → circulate (2)
    { name: 'a department repeat', proposed: 'rectify', history: [h('procedural', '2026-01-05', 'rectify')], kind: 'circulate', codes: ['repeat'] },
    // disqualify-honours (3) + 1 → beyond the department scale: stays, capped
    { name: 'a department at the top of its scale', proposed: 'disqualify-honours', history: [h('procedural', '2026-01-05', 'rectify')], kind: 'disqualify-honours', codes: ['repeat', 'capped'] },
  ];
  for (const r of rows) {
    const g = gradeDecision(r.proposed, r.history, 'procedural', day);
    assert.equal(g.kind, r.kind, r.name);
    assert.equal(g.severity, decisionKind(r.kind)!.severity, r.name);
    assert.equal(g.proposed, r.proposed, r.name);
    assert.deepEqual(g.reasons.map((x) => x.code), r.codes, r.name);
    for (const x of g.reasons) assert.ok(x.zh && x.en, r.name);
  }
  assert.throws(() => gradeDecision('nope', [], 'procedural', day), /unknown decision kind/);
  assert.throws(() => gradeDecision('criticism', [], 'procedural', '2026-13-01'), /local date/);
});

test('12 months before: the same day a year earlier, Feb 29 → Feb 28', () => {
  assert.equal(twelveMonthsBefore('2026-05-13'), '2025-05-13');
  assert.equal(twelveMonthsBefore('2028-02-29'), '2027-02-28');
  assert.equal(twelveMonthsBefore('2026-01-01'), '2025-01-01');
});
