/**
 * The fast paths of validation (fast.ts) must give exactly what the zod schemas give: the same record (same keys in
 * the same order) for a good record, the same issues for a bad one. Checked over a synthetic province and random
 * single-field mutations of its records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SynthProvince, chinaCalendar } from '@kaohe/core';
import { setFastPaths, validateRecord } from './validate.ts';
import type { ValidateOptions } from './validate.ts';

function both(obj: unknown, opts?: ValidateOptions) {
  setFastPaths(true);
  const fast = validateRecord(structuredClone(obj), undefined, opts);
  setFastPaths(false);
  try {
    return { fast, slow: validateRecord(structuredClone(obj), undefined, opts) };
  } finally {
    setFastPaths(true);
  }
}

function same(obj: unknown, what: string, opts?: ValidateOptions): boolean {
  const { fast, slow } = both(obj, opts);
  assert.deepStrictEqual(fast, slow, what);
  assert.equal(JSON.stringify(fast), JSON.stringify(slow), `${what}: key order`);
  return slow.ok;
}

function province(): object[] {
  const p = new SynthProvince({ seed: 11, year: 2026, cases: 400 }, chinaCalendar());
  const out: object[] = [
    ...p.agencies.map((a) => ({ schema: 'kaohe.agency/v1', ...a })),
    ...p.people.map((a) => ({ schema: 'kaohe.person/v1', ...a })),
    ...p.items.map((a) => ({ schema: 'kaohe.item/v1', ...a })),
    { schema: 'kaohe.calendar/v1', ...p.calendar },
  ];
  for (const c of p.cases()) out.push(c.doc, ...c.records);
  return out;
}

/** Every path to a value inside `o` (objects and arrays included). */
function paths(o: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      const p = [...prefix, Array.isArray(o) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

const REPLACEMENTS: unknown[] = [
  undefined, null, '', ' ', ' x', 'x ', 'x', 0, -1, 1.5, 6, true, 'true', [], {}, ['x'], [' '], '2026-02-30', '2026-03-02',
  '2026-03-02T09:10:00', '2026-03-02T09:10:00+08:00', 'market', 'fine', 'case.opened', 'period.excluded', 'lead.found',
  'kaohe.case/v1', 'rating', JSON.parse('{"__proto__": {"x": 1}}'),
];

test('fast paths: a synthetic province validates identically', () => {
  const all = province();
  let ok = 0;
  for (const [i, r] of all.entries()) if (same(r, `record ${i}`)) ok++;
  assert.equal(ok, all.length);
});

test('fast paths: single-field mutations give the same record or the same issues', () => {
  const all = province();
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let bad = 0;
  for (let k = 0; k < 4000; k++) {
    const r = structuredClone(all[rnd(all.length)]!) as Record<string, unknown>;
    const ps = paths(r);
    const p = ps[rnd(ps.length)]!;
    let cur: any = r;
    for (const x of p.slice(0, -1)) cur = cur[x];
    const last = p[p.length - 1]!;
    const v = REPLACEMENTS[rnd(REPLACEMENTS.length)];
    if (v === undefined && !Array.isArray(cur)) delete cur[last];
    else cur[last] = v;
    if (!same(r, `${JSON.stringify(p)} = ${JSON.stringify(v)}`, k % 5 === 0 ? { unknownEventTypes: 'keep' } : {})) bad++;
  }
  assert.ok(bad > 1000, `${bad} mutations were errors`);
});
