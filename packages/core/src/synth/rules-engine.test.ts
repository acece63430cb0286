import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaCalendar } from '../calendar/index.ts';
import { evaluateCaseDetailed, loadPack } from '../rules/index.ts';
import type { PersonRegistry } from '../rules/index.ts';
import { SynthProvince } from './province.ts';

// The rules engine (packages/core/src/rules) on generated data: clean cases are never `violated` and each injected
// fault is caught by exactly the rule truth.json names (and nothing else is violated on that case).
test('rules engine: zero false positives on clean cases, every fault caught by its rule', () => {
  const calendar = chinaCalendar();
  const province = new SynthProvince({ seed: 2026, year: 2026, cases: 3000 }, calendar);
  const creds = new Map(province.people.map((p) => [p.code, p.credential!]));
  const registry: PersonRegistry = {
    personCredentialValid: (code, date) => {
      const c = creds.get(code);
      return c ? c.validFrom <= date && date <= c.validTo : undefined;
    },
  };
  const pack = loadPack('cn-apl-2021');
  const problems: string[] = [];
  let clean = 0, faults = 0;
  for (const c of province.cases()) {
    const { findings, checked } = evaluateCaseDetailed(c.doc, [pack], { asOf: '2026-12-31', calendar, registry, records: c.records });
    const got = [...new Set(findings.filter((f) => f.status === 'violated').map((f) => f.rule))].sort();
    const want = [...new Set(c.truth.map((t) => t.rule).filter((r): r is string => r !== undefined))].sort();
    if (want.length === 0) clean++;
    else faults++;
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${c.doc.id}: violated ${got.join(',') || '-'} / truth ${want.join(',') || '-'} (${c.truth.map((t) => t.fault).join(',')})`);
    const unchecked = want.filter((r) => !checked.includes(r));
    if (unchecked.length) problems.push(`${c.doc.id}: ${unchecked.join(',')} in truth but not checked`);
    // a closed clean case has no finding at all (no pending, no advisory)
    if (want.length === 0 && !c.open) {
      const other = findings.filter((f) => f.status !== 'violated');
      if (other.length) problems.push(`${c.doc.id}: ${other.map((f) => `${f.rule}:${f.status}`).join(',')} on a closed clean case`);
    }
  }
  assert.ok(clean > 1500 && faults > 300);
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} mismatches`);
});
