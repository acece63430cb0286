import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaCalendar } from '../calendar/index.ts';
import { evaluateCaseDetailed, loadPack } from '../rules/index.ts';
import type { PersonRegistry } from '../rules/index.ts';
import { SynthProvince } from './province.ts';
import type { SynthCase } from './province.ts';

// `until`: the data is cut at a day of the year (the demo's "today") instead of 31 December.
const calendar = chinaCalendar();
const pack = loadPack('cn-apl-2021');
const INSTANT = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00/g;
const DATE = /"(\w+)":"(\d{4}-\d\d-\d\d)"/g;

function registryOf(province: SynthProvince): PersonRegistry {
  const creds = new Map(province.people.map((p) => [p.code, p.credential!]));
  return {
    personCredentialValid: (code, date) => {
      const c = creds.get(code);
      return c ? c.validFrom <= date && date <= c.validTo : undefined;
    },
  };
}

/** Everything the generator says about a case must have happened by `until` (a hearing may be scheduled later). */
function assertNothingAfter(c: SynthCase, until: string): void {
  const text = JSON.stringify([c.doc, c.records]);
  const limit = `${until}T23:59:59+08:00`;
  for (const m of text.matchAll(INSTANT)) assert.ok(m[0] <= limit, `${c.doc.id}: ${m[0]} after ${until}`);
  for (const m of text.matchAll(DATE)) if (m[1] !== 'hearingOn') assert.ok(m[2]! <= until, `${c.doc.id}: ${m[1]} ${m[2]} after ${until}`);
}

/** Runs the rule engine as of `until` on every case; returns mismatches with truth and counts. */
function check(province: SynthProvince, until: string) {
  const registry = registryOf(province);
  const problems: string[] = [];
  let open = 0, openPending = 0, faults = 0, n = 0;
  for (const c of province.cases()) {
    n++;
    assertNothingAfter(c, until);
    const { findings } = evaluateCaseDetailed(c.doc, [pack], { asOf: until, calendar, registry, records: c.records });
    const got = [...new Set(findings.filter((f) => f.status === 'violated').map((f) => f.rule))].sort();
    const want = [...new Set(c.truth.map((t) => t.rule).filter((r): r is string => r !== undefined))].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${c.doc.id}: violated ${got.join(',') || '-'} / truth ${want.join(',') || '-'} (open ${c.open})`);
    faults += want.length;
    if (c.open) {
      open++;
      if (findings.some((f) => f.status === 'pending')) openPending++;
    }
  }
  return { problems, open, openPending, faults, n };
}

test('until 2026-11-26: nothing after the day; the rule engine as of it finds exactly the truth; open cases pending', () => {
  const until = '2026-11-26';
  const province = new SynthProvince({ seed: 2026, year: 2026, cases: 3000, until }, calendar);
  const r = check(province, until);
  assert.equal(r.n, 3000);
  assert.deepEqual(r.problems.slice(0, 20), [], `${r.problems.length} mismatches`);
  assert.ok(r.faults > 300, `faults ${r.faults}`);
  assert.ok(r.open > 150, `open ${r.open}`);
  assert.ok(r.openPending > 0, 'some open cases have pending findings');
});

test('an early cut-off (Spring Festival) still matches the engine exactly', () => {
  for (const until of ['2026-02-10', '2026-02-24']) {
    const province = new SynthProvince({ seed: 5, year: 2026, cases: 1500, until }, calendar);
    const r = check(province, until);
    assert.deepEqual(r.problems.slice(0, 20), [], `${until}: ${r.problems.length} mismatches`);
    assert.ok(r.faults > 30 && r.open > 500, `${until}: faults ${r.faults}, open ${r.open}`);
  }
});

test('leads are spread over [1 January, until]; the case count is unchanged', () => {
  const until = '2026-06-30';
  const province = new SynthProvince({ seed: 11, year: 2026, cases: 3000, until }, calendar);
  const months = new Map<string, number>();
  for (const c of province.cases()) {
    const first = c.doc.events[0]!.at.slice(0, 10);
    assert.ok(first <= until, `${c.doc.id} starts ${first}`);
    months.set(first.slice(0, 7), (months.get(first.slice(0, 7)) ?? 0) + 1);
  }
  assert.equal([...months.values()].reduce((s, x) => s + x, 0), 3000);
  assert.deepEqual([...months.keys()].sort(), ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
  // roughly uniform: every month has at least 60 % of an even share (February is short and has the Spring Festival)
  for (const [m, k] of months) assert.ok(k > 0.6 * (3000 / 6), `${m}: ${k} leads`);
});

test('a clean case whose lead lies before until has the acts of the full-year case up to until', () => {
  const until = '2026-09-15';
  const full = new SynthProvince({ seed: 3, year: 2026, cases: 400 }, calendar);
  const cut = new SynthProvince({ seed: 3, year: 2026, cases: 400, until }, calendar);
  let same = 0;
  for (let i = 0; i < 400; i++) {
    const a = full.caseAt(i), b = cut.caseAt(i);
    if (a.doc.procedure !== 'general' || a.truth.length > 0 || a.doc.events[0]!.at.slice(0, 10) > until) continue;
    // days only: the times of day are drawn after the records, which depend on what happened by the cut-off
    const events = a.doc.events.filter((e) => e.at.slice(0, 10) <= until).map((e) => `${e.type}@${e.at.slice(0, 10)}`);
    assert.deepEqual(b.doc.events.map((e) => `${e.type}@${e.at.slice(0, 10)}`), events, a.doc.id);
    assert.equal(b.open, events.length < a.doc.events.length || a.open, a.doc.id);
    same++;
  }
  assert.ok(same > 100, `compared ${same}`);
});

test('until defaults to 31 December (same data) and must be a real day of the year on or after its first working day', () => {
  const a = new SynthProvince({ seed: 9, year: 2026, cases: 200 }, calendar);
  const b = new SynthProvince({ seed: 9, year: 2026, cases: 200, until: '2026-12-31' }, calendar);
  assert.equal(JSON.stringify([...a.cases()]), JSON.stringify([...b.cases()]));
  for (const bad of ['2026-02-30', '2025-12-31', '2027-01-01', '26-11-26', '2026-1-5', '2026-01-03']) {
    assert.throws(() => new SynthProvince({ seed: 1, year: 2026, cases: 1, until: bad }, calendar), RangeError, bad);
  }
  assert.doesNotThrow(() => new SynthProvince({ seed: 1, year: 2026, cases: 10, until: '2026-01-04' }, calendar));
});
