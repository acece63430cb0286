/**
 * Issue 11 item 14: the generator places deadline faults with the same LegalCalendar the engine uses, so "the engine
 * finds exactly what the generator injected" (rules-engine.test.ts) cannot catch a calendar error. Here the due days
 * are derived without LegalCalendar: a 2026 schedule written out by hand from the State Council notice
 * (国务院办公厅关于2026年部分节假日安排的通知) and a working-day counter of a few lines. The hand table below is checked
 * against both; the generator's deadline faults are then checked against the independent counter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaCalendar } from '../calendar/index.ts';
import { SynthProvince } from './province.ts';

// 2026 by hand. Holidays: 元旦 1–3 Jan; 春节 15–23 Feb; 清明 4–6 Apr; 劳动节 1–5 May; 端午 19–21 Jun; 中秋 25–27 Sep;
// 国庆 1–7 Oct. Make-up working days (weekend days worked): Sun 4 Jan, Sat 14 Feb, Sat 28 Feb, Sat 9 May, Sun 20 Sep,
// Sat 10 Oct.
const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = next(d)) out.push(d);
  return out;
};
function next(d: string): string {
  const t = new Date(`${d}T12:00:00Z`); // noon UTC: only the UTC calendar day is read, no zone can move it
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}
const HOLIDAYS = new Set([
  ...range('2026-01-01', '2026-01-03'), ...range('2026-02-15', '2026-02-23'), ...range('2026-04-04', '2026-04-06'),
  ...range('2026-05-01', '2026-05-05'), ...range('2026-06-19', '2026-06-21'), ...range('2026-09-25', '2026-09-27'),
  ...range('2026-10-01', '2026-10-07'),
]);
const MAKEUP = new Set(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
const weekend = (d: string) => [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay());
const working = (d: string) => MAKEUP.has(d) || (!HOLIDAYS.has(d) && !weekend(d));
/** the n-th working day after d (d itself excluded) */
function addWorking(d: string, n: number): string {
  let x = d;
  for (let k = 0; k < n; ) if (working((x = next(x)))) k++;
  return x;
}
/** d + n calendar days, rolled forward to a working day */
function addCalendarRolled(d: string, n: number): string {
  let x = d;
  for (let k = 0; k < n; k++) x = next(x);
  while (!working(x)) x = next(x);
  return x;
}

// Each row derived by hand, day by day:
const TABLE: { from: string; n: number; unit: 'working' | 'calendar'; due: string; why: string }[] = [
  { from: '2026-09-30', n: 7, unit: 'working', due: '2026-10-15', why: '1–7 Oct off; 8 Thu, 9 Fri, 10 Sat (make-up), 12, 13, 14, 15 Oct' },
  { from: '2026-02-12', n: 7, unit: 'working', due: '2026-02-28', why: '13 Fri, 14 Sat (make-up), 15–23 off, 24, 25, 26, 27, 28 Sat (make-up)' },
  { from: '2026-04-30', n: 7, unit: 'working', due: '2026-05-13', why: '1–5 May off; 6, 7, 8, 9 Sat (make-up), 11, 12, 13 May' },
  { from: '2026-01-30', n: 15, unit: 'working', due: '2026-02-27', why: '2–6, 9–13 Feb (10), 14 Sat (11), 24, 25, 26, 27 Feb (15)' },
  { from: '2026-01-30', n: 30, unit: 'working', due: '2026-03-19', why: '… 27 Feb (15), 28 Feb (16), 2–6 Mar (21), 9–13 (26), 16–19 Mar (30)' },
  { from: '2026-01-02', n: 1, unit: 'working', due: '2026-01-04', why: '3 Jan off, 4 Jan Sunday is a make-up working day' },
  { from: '2026-09-18', n: 1, unit: 'working', due: '2026-09-20', why: '19 Sat off, 20 Sun make-up' },
  { from: '2026-07-03', n: 90, unit: 'calendar', due: '2026-10-08', why: '3 Jul + 28 = 31 Jul, + 31 = 31 Aug, + 30 = 30 Sep, + 1 = 1 Oct (holiday) → 8 Oct' },
  { from: '2026-01-02', n: 90, unit: 'calendar', due: '2026-04-02', why: '2 Jan + 29 = 31 Jan, + 28 = 28 Feb, + 31 = 31 Mar, + 2 = 2 Apr (Thu)' },
  { from: '2026-01-06', n: 90, unit: 'calendar', due: '2026-04-07', why: '6 Apr (清明) → 7 Apr' },
  { from: '2026-06-03', n: 15, unit: 'calendar', due: '2026-06-18', why: '18 Jun Thu, the day before 端午' },
  { from: '2026-06-04', n: 15, unit: 'calendar', due: '2026-06-22', why: '19 Jun (端午) → 20, 21 off → 22 Jun Mon' },
];

test('hand-derived 2026 due days: the independent counter and LegalCalendar both give them', () => {
  const cal = chinaCalendar();
  for (const r of TABLE) {
    const mine = r.unit === 'working' ? addWorking(r.from, r.n) : addCalendarRolled(r.from, r.n);
    assert.equal(mine, r.due, `independent: ${r.from} + ${r.n} ${r.unit} (${r.why})`);
    const engine = r.unit === 'working' ? cal.addWorkingDays(r.from, r.n) : cal.addCalendarDays(r.from, r.n, { rollForward: true });
    assert.equal(engine.date, r.due, `LegalCalendar: ${r.from} + ${r.n} ${r.unit} (${r.why})`);
  }
});

test("the generator's deadline faults are late, and its clean cases on time, by the independent calendar", () => {
  const province = new SynthProvince({ seed: 14, year: 2026, cases: 2000 }, chinaCalendar());
  const day = (at: string) => at.slice(0, 10); // generated instants carry +08:00: their text's date is the local date
  // fault kind → (start act, end acts, working days) as the pack's rules state them (art. 61 七日内送达, GB/T 118 七日内公示,
  // SAMR order 2 art. 18 十五个工作日内立案)
  const kinds = {
    'late-service': { from: 'decision.made', to: ['decision.served'], n: 7 },
    'late-publication': { from: 'decision.made', to: ['decision.published'], n: 7 },
    'late-filing': { from: 'lead.registered', to: ['case.opened', 'case.declined'], n: 15 },
  } as const;
  const seen: Record<string, { late: number; onTime: number }> = {};
  const problems: string[] = [];
  for (const c of province.cases()) {
    if (!c.doc.events.every((e) => e.at.slice(0, 4) === '2026')) continue; // the hand schedule covers 2026 only
    for (const [kind, k] of Object.entries(kinds)) {
      const from = c.doc.events.find((e) => e.type === k.from);
      const to = c.doc.events.find((e) => (k.to as readonly string[]).includes(e.type));
      if (!from || !to) continue;
      if (kind === 'late-service' && (from as { onSite?: boolean }).onSite) continue; // on-site: due the same day
      const ext = c.doc.events.find((e) => e.type === 'lead.extended') as { days?: number } | undefined;
      const n = k.n + (kind === 'late-filing' && ext ? Math.min(Number(ext.days ?? 0), 15) : 0);
      const due = addWorking(day(from.at), n);
      const late = day(to.at) > due;
      const injected = c.truth.some((t) => t.fault === kind);
      const s = (seen[kind] ??= { late: 0, onTime: 0 });
      if (late) s.late++;
      else s.onTime++;
      if (late !== injected) problems.push(`${c.doc.id} ${kind}: ${k.from} ${day(from.at)}, due ${due}, act ${day(to.at)}, injected ${injected}`);
    }
  }
  assert.deepEqual(problems.slice(0, 10), []);
  for (const kind of Object.keys(kinds)) {
    assert.ok((seen[kind]?.late ?? 0) > 0 && (seen[kind]?.onTime ?? 0) > 0, `${kind}: ${JSON.stringify(seen[kind])}`);
  }
});
