import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { CaseDoc, CaseEvent } from '../model.ts';
import { LegalCalendar } from '../calendar/index.ts';
import { evaluateCaseDetailed, loadPack, ruleIds, Summary } from './index.ts';

const CSV = new URL('../../../../fixtures/road-fines/road-fines-100.csv', import.meta.url);

/** One event a row; empty cells are absent attributes (as the XES reader gives them). */
function readCases(): CaseDoc[] {
  const rows = parse(readFileSync(CSV, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const cases = new Map<string, CaseDoc>();
  for (const r of rows) {
    const id = r['case:concept:name']!;
    let doc = cases.get(id);
    if (!doc) { doc = { id, agency: 'IT-ROAD', events: [] }; cases.set(id, doc); }
    const e: CaseEvent = { id: `${id}-${doc.events.length + 1}`, type: r['concept:name']!, at: r['time:timestamp']! };
    for (const [k, v] of Object.entries(r)) {
      if (v === '' || k === 'case:concept:name' || k === 'concept:name' || k === 'time:timestamp') continue;
      e[k] = v;
    }
    doc.events.push(e);
  }
  return [...cases.values()];
}

test('it-road-fines on the 100-trace sample gives the known figures', () => {
  const pack = loadPack('it-road-fines');
  const cases = readCases();
  assert.equal(cases.length, 100);
  const summary = new Summary().declare(ruleIds(pack));
  const ctx = { asOf: '2026-01-01', calendar: new LegalCalendar([]) };
  for (const c of cases) summary.add(evaluateCaseDetailed(c, [pack], ctx));
  const s = summary.rules;
  const got = (id: string) => [s[id]!.checked, s[id]!.violated];
  assert.deepEqual(got('it.roadfines.send-90d'), [78, 35]);
  assert.deepEqual(got('it.roadfines.appeal-prefecture-60d'), [1, 0]);
  assert.deepEqual(got('it.roadfines.penalty-60d'), [57, 0]);
  assert.deepEqual(got('it.roadfines.collection-unpaid'), [36, 0]);
  assert.deepEqual(got('it.roadfines.end-without-send'), [22, 0]);
  for (const id of Object.keys(s).filter((k) => k.startsWith('it.roadfines.order.'))) assert.equal(s[id]!.violated, 0, id);
  for (const id of Object.keys(s)) assert.equal(s[id]!.pending, 0, id);
});

test('numbers may arrive as numbers (XES typed attributes)', () => {
  const pack = loadPack('it-road-fines');
  const cases = readCases().map((c) => ({
    ...c,
    events: c.events.map((e) => {
      const o: CaseEvent = { ...e };
      for (const k of ['amount', 'expense', 'points', 'totalPaymentAmount', 'paymentAmount']) if (typeof o[k] === 'string') o[k] = Number(o[k]);
      return o;
    }),
  }));
  const summary = new Summary();
  for (const c of cases) summary.add(evaluateCaseDetailed(c, [pack], { asOf: '2026-01-01', calendar: new LegalCalendar([]) }));
  assert.equal(summary.rules['it.roadfines.send-90d']!.violated, 35);
  assert.equal(summary.rules['it.roadfines.collection-unpaid']!.violated, 0);
  assert.equal(summary.rules['it.roadfines.end-without-send']!.violated, 0);
});
