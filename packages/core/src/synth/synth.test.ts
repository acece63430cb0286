import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaCalendar } from '../calendar/index.ts';
import { evaluateCaseDetailed, loadPack } from '../rules/index.ts';
import type { PersonRegistry } from '../rules/index.ts';
import { FAULTS, FAULT_KINDS } from './faults.ts';
import type { FaultKind } from './faults.ts';
import { isValidCreditCode, isValidIdNumber } from './ids.ts';
import { SynthProvince } from './province.ts';
import type { SynthCase } from './province.ts';

const YEAR = 2026;
const N = 5000;
const calendar = chinaCalendar();
const province = new SynthProvince({ seed: 42, year: YEAR, cases: N }, calendar);
const cases: SynthCase[] = [...province.cases()];
const holidays = new Set(province.calendar.holidays);
/** credential validity from the generated personnel registry (so the expired-credential fault is visible) */
const creds = new Map(province.people.map((p) => [p.code, p.credential!]));
const registry: PersonRegistry = {
  personCredentialValid: (code, date) => {
    const c = creds.get(code);
    return c ? c.validFrom <= date && date <= c.validTo : undefined;
  },
};

test('same seed gives the same data, another seed different data', () => {
  const a = new SynthProvince({ seed: 9, year: YEAR, cases: 300 }, calendar);
  const b = new SynthProvince({ seed: 9, year: YEAR, cases: 300 }, chinaCalendar());
  const c = new SynthProvince({ seed: 10, year: YEAR, cases: 300 }, calendar);
  const dump = (p: SynthProvince) => JSON.stringify([p.agencies, p.people, p.items, p.calendar, [...p.cases()]]);
  assert.equal(dump(a), dump(b));
  assert.notEqual(dump(a), dump(c));
  // a case does not depend on how many cases are generated around it (derived from (seed, index) only)
  assert.deepEqual(a.caseAt(123).doc.party, b.caseAt(123).doc.party);
});

test('registries: agencies across domains and levels, valid ID numbers, credentials', () => {
  const domains = new Set(province.agencies.map((a) => a.domain));
  for (const d of ['market', 'ecology', 'transport', 'urban', 'emergency', 'agriculture', 'culture', 'health']) assert.ok(domains.has(d as never), d);
  assert.ok(province.agencies.some((a) => a.code === '330100-SCJG' && a.name === '杭州市市场监督管理局' && a.level === 'city'));
  assert.ok(province.agencies.some((a) => a.code === '330102-SCJG' && a.name === '上城区市场监督管理局' && a.parent === '330100-SCJG'));
  assert.equal(new Set(province.people.map((p) => p.code)).size, province.people.length);
  for (const p of province.people) {
    assert.ok(isValidIdNumber(p.idNumber!), p.idNumber);
    assert.match(p.name, /^[\u4e00-\u9fff]{2,4}$/);
  }
  const yearStart = `${YEAR}-01-01`, yearEnd = `${YEAR}-12-31`;
  assert.ok(province.people.some((p) => p.credential!.validTo < yearStart), 'some credentials already expired');
  assert.ok(province.people.some((p) => p.credential!.validTo >= yearStart && p.credential!.validTo < yearEnd), 'some expire during the year');
  for (const posts of ['handler', 'reviewer', 'approver', 'supervisor']) assert.ok(province.people.some((p) => p.posts.includes(posts as never)));
  const food = province.items.find((i) => i.code === 'SC-FOOD-124-1')!;
  assert.match(food.penaltyArticle!, /食品安全法》第一百二十四条/);
  assert.deepEqual(food.tiers!.map((t) => t.tier), ['减轻', '从轻', '一般', '从重']);
  assert.deepEqual(province.calendar.workdays, ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  assert.ok(province.calendar.holidays.includes('2026-10-01') && province.calendar.holidays.includes('2026-02-17'));
});

test('parties carry valid ID numbers and credit codes; ids are unique', () => {
  const ids = new Set<string>();
  for (const c of cases) {
    assert.ok(!ids.has(c.doc.id));
    ids.add(c.doc.id);
    const p = c.doc.party!;
    if (p.type === 'person') assert.ok(isValidIdNumber(p.idNumber!), p.idNumber);
    else assert.ok(isValidCreditCode(p.creditCode!), p.creditCode);
  }
});

test('every instant has +08:00, office-like hours, and events are chronological', () => {
  for (const c of cases) {
    let prev = '';
    for (const e of c.doc.events) {
      assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+08:00$/);
      assert.ok(e.at > prev, `${c.doc.id} ${e.id} not after previous`);
      assert.ok(e.at.slice(0, 4) === String(YEAR), `${c.doc.id}: event outside the year`);
      prev = e.at;
    }
    for (const r of c.records) for (const t of [r.at, r.receivedAt, r.decidedAt, r.closedAt]) if (t) assert.match(t, /^2026-\d\d-\d\dT\d\d:\d\d:00\+08:00$/);
  }
});

test('dates respect the 2026 holidays: general-procedure acts on working days, no service on a statutory holiday', () => {
  for (const c of cases) for (const e of c.doc.events) {
    const d = e.at.slice(0, 10);
    if (c.doc.procedure === 'general') assert.ok(calendar.isWorkingDay(d), `${c.doc.id} ${e.type} on a rest day ${e.at}`);
    if (e.type === 'decision.served') assert.ok(!holidays.has(d), `${c.doc.id} served on a holiday`);
  }
});

test('rules engine: clean cases trigger no violated finding; each fault triggers exactly the rule truth.json names', () => {
  const pack = loadPack('cn-apl-2021');
  const ctx = { asOf: `${YEAR}-12-31`, calendar, registry };
  let clean = 0;
  const caught = new Set<string>();
  for (const c of cases) {
    const r = evaluateCaseDetailed(c.doc, [pack], { ...ctx, records: c.records });
    const got = new Set(r.findings.filter((f) => f.status === 'violated').map((f) => f.rule));
    const want = new Set(c.truth.map((t) => t.rule).filter((x): x is string => x !== undefined));
    assert.deepEqual([...got].sort(), [...want].sort(), `${c.doc.id} truth=${JSON.stringify(c.truth.map((t) => t.fault))}`);
    for (const w of want) assert.ok(r.checked.includes(w), `${c.doc.id}: ${w} violated but not checked`);
    for (const t of c.truth) if (t.rule) caught.add(t.fault);
    if (c.truth.length === 0) clean++;
  }
  assert.ok(clean > N * 0.5, `clean cases: ${clean}`);
  // every rule-bound fault kind occurred (and was caught), including the expired credential (needs the registry)
  const ruled = FAULT_KINDS.filter((k) => FAULTS[k].rule !== undefined);
  assert.deepEqual(ruled.filter((k) => !caught.has(k)), []);
});

test('fault rates are near their configured rates', () => {
  const eligible: Record<string, number> = {}, injected: Record<string, number> = {}, expected: Record<string, number> = {};
  for (const c of cases) {
    for (const k of c.eligible) eligible[k] = (eligible[k] ?? 0) + 1;
    for (const [k, p] of Object.entries(c.expected)) expected[k] = (expected[k] ?? 0) + p;
    for (const t of c.truth) injected[t.fault] = (injected[t.fault] ?? 0) + 1;
  }
  for (const k of FAULT_KINDS) {
    if (k === 'disparate-penalty') continue;
    const inj = injected[k] ?? 0, exp = expected[k] ?? 0, el = eligible[k] ?? 0;
    assert.ok(Math.abs(inj - exp) <= 4 * Math.sqrt(exp) + 3, `${k}: injected ${inj}, expected ${exp.toFixed(1)}`);
    if (el >= 300 && FAULTS[k].rate * el >= 20) {
      const r = inj / el;
      assert.ok(r > FAULTS[k].rate * 0.5 && r < FAULTS[k].rate * 1.6, `${k}: rate ${r.toFixed(4)} vs ${FAULTS[k].rate} over ${el}`);
    }
  }
  const outliers = injected['disparate-penalty'] ?? 0;
  assert.ok(Math.abs(outliers - N * FAULTS['disparate-penalty'].rate) <= 2, `outliers ${outliers}`);
});

test('similar-case groups: same agency, item and circumstance, one outlier far from its peers', () => {
  const byGroup = new Map<string, SynthCase>();
  for (const c of cases) for (const t of c.truth) if (t.fault === 'disparate-penalty') byGroup.set(t.group!, c);
  assert.ok(byGroup.size > 10);
  for (const out of byGroup.values()) {
    const start = out.index - (out.index % 200);
    const members = cases.slice(start, start + 6);
    assert.equal(new Set(members.map((m) => `${m.doc.agency}|${m.doc.violation!.item}|${m.doc.violation!.circumstance}|${m.doc.party!.type}`)).size, 1);
    const peers = members.filter((m) => m !== out).map((m) => (m.doc.events.find((e) => e.type === 'decision.made')?.['penalty'] as { fine?: number } | undefined)?.fine ?? NaN).filter((f) => !Number.isNaN(f));
    if (peers.length === 0 || !out.doc.penalty) continue;
    const f = out.doc.penalty!.fine!;
    const median = peers.sort((a, b) => a - b)[Math.floor(peers.length / 2)]!;
    assert.ok(f / median > 2.5 || median / f > 2.5, `outlier ${f} vs median ${median}`);
  }
});

test('truth points to existing cases; agencies differ in fault rates; tiny agencies have at most 3 cases', () => {
  const byId = new Map(cases.map((c) => [c.doc.id, c]));
  for (const c of cases) for (const t of c.truth) {
    assert.equal(byId.get(t.case)?.doc.agency, t.agency);
    if (t.rule) assert.equal(FAULTS[t.fault as FaultKind].rule, t.rule);
  }
  const count = new Map<string, number>();
  for (const c of cases) count.set(c.doc.agency, (count.get(c.doc.agency) ?? 0) + 1);
  assert.ok((count.get('330127-WGLY') ?? 0) >= 1 && (count.get('330127-WGLY') ?? 0) <= 3);
  assert.ok((count.get('330182-WSJK') ?? 0) >= 1 && (count.get('330182-WSJK') ?? 0) <= 3);
  const ms = Object.values(province.multipliers);
  assert.ok(Math.max(...ms) / Math.min(...ms) > 4, 'some agencies much cleaner than others');
  const simple = cases.filter((c) => c.doc.procedure === 'simple').length / N;
  assert.ok(simple > 0.22 && simple < 0.38, `simple share ${simple}`);
  const open = cases.filter((c) => c.open).length / N;
  assert.ok(open > 0.03 && open < 0.25, `open share ${open}`);
});

test('records: complaints, ratings, surveys, reconsideration and litigation, more often on faulty cases', () => {
  const kinds = new Set(cases.flatMap((c) => c.records.map((r) => r.kind)));
  for (const k of ['complaint', 'rating', 'survey', 'reconsideration', 'litigation']) assert.ok(kinds.has(k as never), k);
  const corrected = (c: SynthCase) => c.records.some((r) => (r.kind === 'reconsideration' || r.kind === 'litigation') && ['revoked', 'changed', 'confirmed-illegal'].includes(r.outcome!));
  const faulty = cases.filter((c) => c.truth.some((t) => t.fault in FAULTS));
  const clean = cases.filter((c) => c.truth.length === 0 && c.doc.procedure === 'general');
  assert.ok(faulty.filter(corrected).length / faulty.length > clean.filter(corrected).length / clean.length);
  for (const c of cases) for (const r of c.records) if (r.kind === 'rating') assert.ok(r.score! >= 1 && r.score! <= 5);
});
