import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FINE_AMOUNT_REASON, IndicatorSetLoadError, adjustedValue, builtInIndicatorSets, cutPeriod, gradeOf, indicatorSetFor, loadIndicatorSet,
  parseIndicatorSet, parsePeriod, previousYearPeriod, rank, scoreValue, selectIndicatorSet, targetEntry, TARGETS, weightedScore,
} from '../index.ts';

const SPEC_CODES = [
  'procedure.compliance', 'publicity.timeliness', 'publicity.completeness', 'record.av', 'record.coverage', 'review.missed', 'review.adoption',
  'result.closure', 'result.correction', 'result.complaints', 'market.repeat-inspection', 'market.first-offense', 'ecology.offsite',
  'ecology.rectification', 'transport.bodycam', 'transport.monitoring-evidence', 'social.satisfaction',
];

const minimal = (extra: string) => `
version: test-1
title: { zh: 测试, en: test }
effective: 2026Q1
changelog: [ { version: test-1, date: "2026-01-01", changes: [first] } ]
indicators:
  - code: procedure.compliance
    name: { zh: 合规率, en: compliance }
    level: department
    domain: common
    group: common
    direction: up
    denominator: { count: cases, anchor: decided }
    numerator: { of: denominator, where: [ { finding: { exists: false, status: violated } } ] }
    floor: 0.5
    target: 0.98
    weight: 10
    basis: test
${extra}`;

test('built-in sets: cn-2026Q1 has every indicator of the spec, Q2 extends it with a change-log entry', () => {
  assert.deepEqual(builtInIndicatorSets().slice(0, 2), ['cn-2026Q1', 'cn-2026Q2']);
  const q1 = loadIndicatorSet('cn-2026Q1');
  for (const c of SPEC_CODES) assert.ok(q1.indicators.some((i) => i.code === c), c);
  assert.deepEqual(q1.weights.map((w) => [w.id, w.weight]), [['objective', 80], ['social', 20]]);
  assert.deepEqual(q1.weights[0]!.children!.map((w) => [w.id, w.weight]), [['common', 60], ['domain', 40]]);
  for (const level of ['department', 'post', 'individual'] as const) assert.ok(q1.indicators.some((i) => i.level === level), level);
  const q2 = loadIndicatorSet('cn-2026Q2');
  assert.deepEqual(q2.lineage, ['cn-2026Q1', 'cn-2026Q2']);
  assert.equal(q2.changelog.at(-1)!.version, 'cn-2026Q2');
  assert.ok(q2.changelog.at(-1)!.feedback);
  assert.equal(q2.indicators.find((i) => i.code === 'record.av')!.target, 0.98);
  assert.equal(q1.indicators.find((i) => i.code === 'record.av')!.target, 1, 'the published version is unchanged');
  assert.equal(q2.indicators.length, q1.indicators.length);
});

test('lookup: the latest version effective on the as-of date', () => {
  assert.equal(indicatorSetFor('2026-03-31').version, 'cn-2026Q1');
  assert.equal(indicatorSetFor('2026-04-01').version, 'cn-2026Q2');
  assert.equal(indicatorSetFor('2026-12-31').version, 'cn-2026Q2');
  assert.throws(() => indicatorSetFor('2025-12-31'), /no indicator set is effective/);
  const sets = [loadIndicatorSet('cn-2026Q2'), loadIndicatorSet('cn-2026Q1')];
  assert.equal(selectIndicatorSet(sets, '2026-02-01')!.version, 'cn-2026Q1');
});

test('fine amounts never score: an indicator summing, averaging, ranking or thresholding fines is rejected at load', () => {
  const bad = minimal(`
  - code: result.fines
    name: { zh: 罚没金额, en: fines collected }
    level: department
    domain: common
    group: common
    direction: up
    denominator: { count: events, types: [decision.made] }
    numerator: { of: denominator, sum: fine }
    floor: 0
    target: 100000
    weight: 10
    basis: none
`);
  assert.throws(() => parseIndicatorSet({ path: 'sets/bad.yaml', text: bad }), (e: unknown) => {
    assert.ok(e instanceof IndicatorSetLoadError);
    assert.equal(e.problems.length, 1);
    assert.match(e.problems[0]!, /^sets\/bad\.yaml: indicators\.1\.numerator\.sum: result\.fines: /);
    assert.ok(e.problems[0]!.includes('国办发〔2022〕27号'));
    assert.ok(e.problems[0]!.includes(FINE_AMOUNT_REASON));
    return true;
  });
  for (const [where, path] of [
    ['denominator: { count: cases, anchor: decided }\n    numerator: { of: denominator, where: [ { field: penalty.fine, gte: 10000 } ] }', 'numerator.where.0.field'],
    ['denominator: { count: events, types: [payment.received], avg: amount }\n    numerator: { of: denominator }', 'denominator.avg'],
    ['denominator: { count: events, types: [decision.made] }\n    numerator: { of: denominator, sum: penalty.fine }', 'numerator.sum'],
    ['denominator: { count: records, kinds: [complaint], sum: fineAmount }\n    numerator: { of: denominator }', 'denominator.sum'],
    ['denominator: { count: cases, anchor: decided, rankBy: penalty.confiscated }\n    numerator: { of: denominator }', 'denominator.rankBy'],
  ] as const) {
    const text = minimal(`
  - code: result.money
    name: { zh: 金额, en: money }
    level: department
    domain: common
    group: common
    direction: up
    ${where}
    floor: 0
    target: 1
    weight: 10
    basis: none
`);
    assert.throws(() => parseIndicatorSet({ path: 'm.yaml', text }), (e: unknown) => e instanceof IndicatorSetLoadError && e.problems.some((p) => p.includes(path) && p.includes('国办发〔2022〕27号')), path);
  }
  // averaging or ranking anything else is not part of the vocabulary either
  const avg = minimal('').replace('denominator: { count: cases, anchor: decided }', 'denominator: { count: cases, anchor: decided, avg: violation.days }');
  assert.throws(() => parseIndicatorSet({ path: 'a.yaml', text: avg }), /a\.yaml: indicators\.0\.denominator\.avg: not supported/);
  // counting penalty kinds (not amounts) is fine
  assert.doesNotThrow(() => loadIndicatorSet('cn-2026Q1'));
});

test('load errors name the file and the field', () => {
  const text = minimal(`
  - code: record.av
    name: { zh: 音像, en: av }
    level: department
    domain: common
    group: nowhere
    direction: down
    denominator: { count: events }
    numerator: { of: denominator, where: [ { records: av } ] }
    floor: 0.5
    target: 1
    weight: 10
    basis: x
`);
  assert.throws(() => parseIndicatorSet({ path: 'x/set.yaml', text }), (e: unknown) => {
    assert.ok(e instanceof IndicatorSetLoadError);
    const all = e.problems.join('\n');
    assert.match(all, /x\/set\.yaml: indicators\.1\.denominator\.types: events: the event types counted are required/);
    assert.match(all, /x\/set\.yaml: indicators\.1\.target: direction down: target must be below floor/);
    return true;
  });
  assert.throws(() => parseIndicatorSet({ path: 'y.yaml', text: minimal('').replace('group: common', 'group: nowhere') }), /y\.yaml: indicators\.0\.group: "nowhere" is not a leaf/);
  assert.throws(() => parseIndicatorSet({ path: 'z.yaml', text: 'version: [' }), /z\.yaml: \(syntax\)/);
});

test('periods: quarter, half-year, year; cut at the as-of date; previous year', () => {
  assert.deepEqual(parsePeriod('2026Q1'), { id: '2026Q1', year: 2026, from: '2026-01-01', to: '2026-03-31' });
  assert.deepEqual(parsePeriod('2026H1'), { id: '2026H1', year: 2026, from: '2026-01-01', to: '2026-06-30' });
  assert.deepEqual(parsePeriod('2026'), { id: '2026', year: 2026, from: '2026-01-01', to: '2026-12-31' });
  assert.equal(parsePeriod('2024Q1').to, '2024-03-31');
  assert.equal(previousYearPeriod(parsePeriod('2026H1')).from, '2025-01-01');
  assert.deepEqual(cutPeriod(parsePeriod('2026'), '2026-05-10'), { from: '2026-01-01', to: '2026-05-10' });
  assert.equal(cutPeriod(parsePeriod('2026Q3'), '2026-05-10'), null);
  assert.throws(() => parsePeriod('2026Q5'), RangeError);
});

test('scores: linear floor → target, clamped, reversed for ↓', () => {
  const up = { floor: 0.5, target: 0.98 }, down = { floor: 0.2, target: 0 };
  assert.deepEqual([0.4, 0.5, 0.74, 0.98, 1].map((v) => scoreValue(up, v)), [0, 0, 50, 100, 100]);
  assert.deepEqual([0.3, 0.2, 0.1, 0, -1].map((v) => scoreValue(down, v)), [0, 0, 50, 100, 100]);
});

test('small samples shrink toward the population rate: (x + k·p) / (n + k) below minSample', () => {
  const params = { minSample: 20, k: 20 };
  const a = adjustedValue({ x: 3, n: 3 }, 0.8, params);
  assert.equal(a.shrunk, true);
  assert.ok(Math.abs(a.value! - (3 + 20 * 0.8) / 23) < 1e-12);
  assert.deepEqual(adjustedValue({ x: 15, n: 20 }, 0.8, params), { value: 0.75, shrunk: false });
  assert.deepEqual(adjustedValue({ x: 0, n: 0 }, 0.8, params), { value: null, shrunk: false });
  // a per-100 scale shrinks on the same scale
  assert.ok(Math.abs(adjustedValue({ x: 1, n: 4 }, 5, params, 100).value! - ((1 + 20 * 0.05) / 24) * 100) < 1e-9);
});

test('weights: objective 80 = common 48 + domain 32, social 20; a not-applicable indicator or group is re-spread, visibly', () => {
  const tree = loadIndicatorSet('cn-2026Q1').weights;
  const items = [
    { code: 'a', group: 'common', weight: 30, score: 100 }, { code: 'b', group: 'common', weight: 10, score: null },
    { code: 'd', group: 'domain', weight: 50, score: 50 }, { code: 'e', group: 'domain', weight: 50, score: 50 },
    { code: 's', group: 'social', weight: 100, score: 0 },
  ];
  const r = weightedScore(items, tree);
  assert.deepEqual(r.weights.get('a'), { nominal: 36, effective: 48 });
  assert.deepEqual(r.weights.get('b'), { nominal: 12, effective: 0 });
  assert.deepEqual(r.weights.get('d'), { nominal: 16, effective: 16 });
  assert.deepEqual(r.weights.get('s'), { nominal: 20, effective: 20 });
  assert.equal(r.score, 48 + 16);
  assert.deepEqual(r.respread, [{ from: 'b', over: 'common' }]);
  // a whole group without anything applicable: its points go to its sibling, and it says so
  const noDomain = weightedScore(items.filter((i) => i.group !== 'domain'), tree);
  assert.deepEqual(noDomain.respread, [{ from: 'b', over: 'common' }, { from: 'domain', over: 'objective' }]);
  assert.equal(noDomain.weights.get('a')!.effective, 80);
  assert.equal(noDomain.score, 80);
  const sum = [...r.weights.values()].reduce((s, w) => s + w.effective, 0);
  assert.ok(Math.abs(sum - 100) < 1e-9);
});

test('ranks and grades', () => {
  const ranks = rank([{ id: 'a', score: 90 }, { id: 'b', score: 95 }, { id: 'c', score: 90 }, { id: 'd', score: null }], (u) => u.id);
  assert.deepEqual([...ranks], [['b', 1], ['a', 2], ['c', 2]]);
  const bands = { excellent: 90, pass: 75, basic: 60 };
  assert.deepEqual([95, 80, 65, 10].map((s) => gradeOf(s, bands).grade), ['excellent', 'pass', 'basic', 'fail']);
  assert.deepEqual(gradeOf(95, bands, { accountability: true }), { grade: 'pass', capped: true });
  assert.deepEqual(gradeOf(70, bands, { accountability: true }), { grade: 'basic', capped: false });
});

test('targets: level and year-on-year lines', () => {
  const [compliance, correction] = TARGETS;
  assert.equal(targetEntry(compliance!, { x: 99, n: 100 }, { x: 0, n: 0 }).met, true);
  assert.equal(targetEntry(compliance!, { x: 97, n: 100 }, { x: 0, n: 0 }).met, false);
  const c = targetEntry(correction!, { x: 8, n: 100 }, { x: 10, n: 100 });
  assert.equal(c.change, -0.2);
  assert.equal(c.met, true);
  assert.equal(targetEntry(correction!, { x: 9, n: 100 }, { x: 10, n: 100 }).met, false);
  assert.equal(targetEntry(correction!, { x: 9, n: 100 }, { x: 0, n: 0 }).met, null);
});
