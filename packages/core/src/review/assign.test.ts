import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignReviewers, needsReconciliation, pickReconciler, recusal, type ReviewFile, type Reviewer } from './assign.ts';

const R: Reviewer[] = [
  { id: 1, agency: 'A', person: 'PA1' },
  { id: 2, agency: 'B', person: 'PB1' },
  { id: 3, agency: 'C', person: 'PC1' },
  { id: 4, agency: null, person: null }, // the bureau's own reviewer
];

test('recusal: never the file’s own department, never a person named in the case', () => {
  const f: ReviewFile = { key: 'A:1', agency: 'A', major: false, named: ['PA9', 'PB1'] };
  assert.equal(recusal(f, R[0]!), 'own-department');
  assert.equal(recusal(f, R[1]!), 'named-in-case'); // PB1 of department B acted in A's case (e.g. a joint inspection)
  assert.equal(recusal(f, R[2]!), null);
  assert.equal(recusal(f, R[3]!), null);
  assert.equal(recusal(f, R[2]!, new Set([3])), 'already-assigned');
});

test('assignment over many files: no recusal broken, majors get two distinct reviewers, loads within one of each other', () => {
  const files: ReviewFile[] = [];
  for (const a of ['A', 'B', 'C', 'D']) for (let i = 0; i < 9; i++) files.push({ key: `${a}:${i}`, agency: a, major: i % 4 === 0, named: i === 1 ? ['PC1'] : [`P${a}${i}`] });
  const { assignments, unassigned } = assignReviewers(files, R);
  assert.deepEqual(unassigned, []);
  const byKey = new Map(files.map((f) => [f.key, f]));
  for (const a of assignments) assert.equal(recusal(byKey.get(a.key)!, R.find((r) => r.id === a.reviewer)!), null, `${a.key} → ${a.reviewer}`);
  for (const f of files) {
    const who = assignments.filter((a) => a.key === f.key).map((a) => a.reviewer);
    assert.equal(who.length, f.major ? 2 : 1, f.key);
    assert.equal(new Set(who).size, who.length, `${f.key}: two different reviewers`);
  }
  // 36 files, 12 of them major (i = 0, 4, 8 in each of 4 departments) → 48 slots over 4 reviewers: 12 each
  const load = [1, 2, 3, 4].map((id) => assignments.filter((a) => a.reviewer === id).length);
  assert.equal(load.reduce((s, x) => s + x, 0), 48);
  assert.ok(Math.max(...load) - Math.min(...load) <= 1, `balanced: ${load.join(', ')}`);
});

test('a file nobody may take is reported, not forced; the reconciler is a third, eligible reviewer', () => {
  const only: Reviewer[] = [{ id: 7, agency: 'A', person: 'X' }];
  assert.deepEqual(assignReviewers([{ key: 'A:1', agency: 'A', major: false, named: [] }], only), { assignments: [], unassigned: [{ key: 'A:1', needed: 1 }] });
  const f: ReviewFile = { key: 'D:1', agency: 'D', major: true, named: ['PC1'] };
  // 1 and 2 reviewed; 3 is named in the case; so 4 reconciles
  assert.equal(pickReconciler(f, R, [1, 2], new Map())?.id, 4);
  assert.equal(pickReconciler(f, R.slice(0, 3), [1, 2], new Map()), null);
  assert.equal(needsReconciliation(82, 70, 10), true); // differ by 12 > 10
  assert.equal(needsReconciliation(82, 72, 10), false); // exactly the gap: agreed
});
