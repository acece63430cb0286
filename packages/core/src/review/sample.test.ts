import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { drawDepartment, rateFraction, sampleSize, type PopulationCase } from './sample.ts';
import { wilson } from './wilson.ts';

const cases = (n: number, prefix = 'C'): PopulationCase[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${String(i + 1).padStart(4, '0')}`, signals: [] }));

test('sample size n = max(⌈rate × N⌉, min), all when N ≤ n — hand-derived edge populations', () => {
  // [N, rate, min, n]: each n worked out by hand
  const table: [number, string | number, number, number][] = [
    [0, '0.10', 5, 0], //   nothing decided: nothing to draw
    [3, '0.10', 5, 3], //   N ≤ min: every case (census)
    [5, '0.10', 5, 5], //   N = min: every case
    [6, '0.10', 5, 5], //   ⌈0.6⌉ = 1 < 5 → 5
    [30, 0.1, 5, 5], //     ⌈3⌉ = 3 (exactly 3: not 4 as 0.1 × 30 = 3.0000000000000004 in floating point) → min 5
    [51, '0.10', 5, 6], //  ⌈5.1⌉ = 6
    [100, 0.1, 5, 10], //   ⌈10⌉ = 10 exactly
    [101, 0.1, 5, 11], //   ⌈10.1⌉ = 11
    [1000, 0.1, 5, 100], // ⌈100⌉ = 100
    [7, '0.15', 0, 2], //   ⌈1.05⌉ = 2
    [40, '1', 5, 40], //    rate 1: every case
  ];
  for (const [N, rate, min, n] of table) assert.equal(sampleSize(N, rate, min), n, `N=${N} rate=${rate} min=${min}`);
  assert.deepEqual(rateFraction('0.10'), { num: 10n, den: 100n });
  for (const bad of ['0', '1.5', '-0.1', 'abc', '']) assert.throws(() => rateFraction(bad), /rate/);
});

test('strata: ⌈n/2⌉ random cases by SM3 digest, the rest by risk with digest ties; a census is all random', () => {
  const pop = cases(60); // n = max(⌈6⌉, 5) = 6 → 3 random + 3 risk
  pop[10] = { id: pop[10]!.id, signals: [{ kind: 'reversal', ref: 'R1' }] }; //               risk 4
  pop[20] = { id: pop[20]!.id, signals: [{ kind: 'complaint', ref: 'Q1' }, { kind: 'violated', ref: 'cn.apl.61.service' }] }; // 2 + 1 = 3
  pop[30] = { id: pop[30]!.id, signals: [{ kind: 'violated', ref: 'cn.apl.44.notice' }] }; // risk 1
  pop[40] = { id: pop[40]!.id, signals: [{ kind: 'violated', ref: 'cn.apl.60.decision' }] }; // risk 1
  const d = drawDepartment('A1', pop, { seed: 'S-2026H1', rate: '0.10', min: 5 });
  assert.equal(d.population, 60);
  assert.equal(d.sample.length, 6);
  const digest = (id: string) => createHash('sm3').update(`S-2026H1:${id}`).digest('hex');
  const byDigest = pop.map((c) => c.id).sort((a, b) => (digest(a) < digest(b) ? -1 : 1));
  const random = byDigest.slice(0, 3);
  assert.deepEqual(d.sample.filter((s) => s.stratum === 'random').map((s) => s.case), random);
  // the risk stratum: the other 57 by risk (reversal 4; complaint 2 + violation 1 = 3; two violations 1; the rest 0),
  // equal risks by digest, the first 3
  const riskOf = new Map([[pop[10]!.id, 4], [pop[20]!.id, 3], [pop[30]!.id, 1], [pop[40]!.id, 1]]);
  const expectedRisk = byDigest.filter((i) => !random.includes(i)).sort((a, b) => (riskOf.get(b) ?? 0) - (riskOf.get(a) ?? 0)).slice(0, 3);
  const riskIds = d.sample.filter((s) => s.stratum === 'risk').map((s) => s.case);
  assert.deepEqual(riskIds, expectedRisk);
  assert.ok(riskIds.includes(pop[10]!.id) || random.includes(pop[10]!.id), 'the reversed case is always drawn');
  const top = d.sample.find((s) => s.case === pop[20]!.id);
  if (top) assert.deepEqual([top.risk, top.reasons], [3, ['complaint:Q1', 'violated:cn.apl.61.service']]);
  assert.ok(d.sample.every((s) => s.digest === digest(s.case)));

  const census = drawDepartment('A2', cases(4), { seed: 'x', rate: '0.10', min: 5 });
  assert.deepEqual(census.sample.map((s) => s.stratum), ['random', 'random', 'random', 'random']);
});

test('same seed → same sample; another seed → another', () => {
  const pop = cases(200);
  const a = drawDepartment('A', pop, { seed: 'one', rate: 0.1, min: 5 });
  const b = drawDepartment('A', [...pop].reverse(), { seed: 'one', rate: 0.1, min: 5 });
  const c = drawDepartment('A', pop, { seed: 'two', rate: 0.1, min: 5 });
  assert.deepEqual(a, b, 'the input order does not matter');
  assert.notDeepEqual(a.sample.map((s) => s.case), c.sample.map((s) => s.case));
});

test('Wilson 95 % intervals (reference values worked out by hand with z = 1.96)', () => {
  // 8 of 10: p = 0.8, z² = 3.8415, d = 1.38415, centre = (0.8 + 0.19207)/d = 0.71674,
  // half = 1.96·√(0.016 + 0.0096036)/d = 0.22658 → [0.4902, 0.9433]
  const r = wilson(8, 10);
  assert.ok(Math.abs(r.low! - 0.4902) < 5e-4 && Math.abs(r.high! - 0.9433) < 5e-4, JSON.stringify(r));
  // 0 of 5: centre = half = (z²/10)/(1 + z²/5) = 0.38415/1.76829 = 0.21724 → [0, 0.4345]
  const z = wilson(0, 5);
  assert.equal(z.low, 0);
  assert.ok(Math.abs(z.high! - 0.4345) < 5e-4);
  assert.equal(wilson(5, 5).high, 1);
  assert.deepEqual(wilson(0, 0), { k: 0, n: 0, rate: null, low: null, high: null });
  assert.throws(() => wilson(3, 2));
});
