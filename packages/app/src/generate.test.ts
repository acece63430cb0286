import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaCalendar, evaluateCaseDetailed, loadPack } from '@kaohe/core';
import type { CaseDoc, ExternalRecord, Person, PersonRegistry } from '@kaohe/core';
import { GENERATED_FILES, generateDataset } from './generate.ts';

async function run(seed: number, cases = 400) {
  const out = await mkdtemp(join(tmpdir(), 'kaohe-gen-'));
  const progress: number[] = [];
  const result = await generateDataset({ out, cases, seed, year: 2026, progressEvery: 100, onProgress: (d) => progress.push(d) });
  const files: Record<string, string> = {};
  for (const f of GENERATED_FILES) files[f] = await readFile(join(out, f), 'utf8');
  await rm(out, { recursive: true, force: true });
  return { result, files, progress };
}

test('generateDataset writes byte-identical files for the same seed and different ones for another', async () => {
  const a = await run(7), b = await run(7), c = await run(8);
  for (const f of GENERATED_FILES) assert.equal(a.files[f], b.files[f], f);
  assert.notEqual(a.files['cases.jsonl'], c.files['cases.jsonl']);
  assert.notEqual(a.files['truth.json'], c.files['truth.json']);
  assert.deepEqual(a.progress, [100, 200, 300, 400, 400]);
  assert.equal(a.result.cases, 400);
});

test('every line carries its schema; truth.json points to cases that exist', async () => {
  const { files, result } = await run(11, 600);
  const schemas: Record<string, string> = {
    'agencies.jsonl': 'kaohe.agency/v1', 'people.jsonl': 'kaohe.person/v1', 'items.jsonl': 'kaohe.item/v1',
    'calendar.jsonl': 'kaohe.calendar/v1', 'cases.jsonl': 'kaohe.case/v1', 'records.jsonl': 'kaohe.record/v1',
  };
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const [f, schema] of Object.entries(schemas)) {
    rows[f] = files[f]!.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const r of rows[f]!) assert.equal(r['schema'], schema, f);
  }
  assert.equal(rows['cases.jsonl']!.length, 600);
  assert.equal(rows['records.jsonl']!.length, result.records);
  const agencies = new Set(rows['agencies.jsonl']!.map((a) => a['code']));
  const cases = new Map(rows['cases.jsonl']!.map((c) => [c['id'], c]));
  for (const c of cases.values()) assert.ok(agencies.has(c['agency']));
  for (const r of rows['records.jsonl']!) if (r['caseId']) assert.ok(cases.has(r['caseId']));
  const truth = JSON.parse(files['truth.json']!) as { seed: number; year: number; cases: number; rates: Record<string, number>; faults: { case: string; agency: string; fault: string; rule?: string }[]; stats: { faults: Record<string, { injected: number }> } };
  assert.equal(truth.seed, 11);
  assert.equal(truth.year, 2026);
  assert.equal(truth.cases, 600);
  assert.equal(truth.rates['late-service'], 0.03);
  assert.ok(truth.faults.length > 50);
  for (const t of truth.faults) assert.equal(cases.get(t.case)?.['agency'], t.agency, t.case);
  const injected = Object.values(truth.stats.faults).reduce((s, x) => s + x.injected, 0);
  assert.equal(injected, result.faults);
});

test('rates can be overridden; unknown fault kinds are refused', async () => {
  const out = await mkdtemp(join(tmpdir(), 'kaohe-gen-'));
  try {
    await generateDataset({ out, cases: 300, seed: 3, year: 2026, rates: { 'late-service': 0.5 } });
    const truth = JSON.parse(await readFile(join(out, 'truth.json'), 'utf8')) as { faults: { fault: string }[] };
    assert.ok(truth.faults.filter((f) => f.fault === 'late-service').length > 60);
    await assert.rejects(generateDataset({ out, cases: 10, seed: 3, year: 2026, rates: { 'no-such-fault': 0.1 } }), RangeError);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('--until 2026-11-26: no instant after the day in any file; the engine as of it finds exactly truth.json', async () => {
  const until = '2026-11-26';
  const out = await mkdtemp(join(tmpdir(), 'kaohe-gen-'));
  try {
    const result = await generateDataset({ out, cases: 2000, seed: 7, year: 2026, until });
    assert.equal(result.asOf, until);
    const files: Record<string, string> = {};
    for (const f of GENERATED_FILES) files[f] = await readFile(join(out, f), 'utf8');
    const limit = `${until}T23:59:59+08:00`;
    for (const [f, text] of Object.entries(files)) {
      for (const m of text.matchAll(/\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g)) {
        assert.ok(Date.parse(m[0]) <= Date.parse(limit), `${f}: ${m[0]} after ${limit}`);
      }
    }
    const rows = <T>(f: string) => files[f]!.trimEnd().split('\n').map((l) => JSON.parse(l) as T);
    const cases = rows<CaseDoc>('cases.jsonl');
    assert.equal(cases.length, 2000);
    const records = new Map<string, ExternalRecord[]>();
    for (const r of rows<ExternalRecord>('records.jsonl')) if (r.caseId) records.set(r.caseId, [...(records.get(r.caseId) ?? []), r]);
    const creds = new Map(rows<Person>('people.jsonl').map((p) => [p.code, p.credential!]));
    const registry: PersonRegistry = {
      personCredentialValid: (code, date) => {
        const c = creds.get(code);
        return c ? c.validFrom <= date && date <= c.validTo : undefined;
      },
    };
    const truth = JSON.parse(files['truth.json']!) as { asOf: string; faults: { case: string; rule?: string }[]; stats: { open: number } };
    assert.equal(truth.asOf, until);
    assert.equal(truth.stats.open, result.open);
    const want = new Map<string, Set<string>>();
    for (const t of truth.faults) if (t.rule) want.set(t.case, (want.get(t.case) ?? new Set()).add(t.rule));
    const calendar = chinaCalendar();
    const pack = loadPack('cn-apl-2021');
    const problems: string[] = [];
    let openPending = 0, violated = 0;
    for (const doc of cases) {
      const { findings } = evaluateCaseDetailed(doc, [pack], { asOf: until, calendar, registry, records: records.get(doc.id) ?? [] });
      const got = [...new Set(findings.filter((f) => f.status === 'violated').map((f) => f.rule))].sort();
      const exp = [...(want.get(doc.id) ?? [])].sort();
      if (JSON.stringify(got) !== JSON.stringify(exp)) problems.push(`${doc.id}: violated ${got.join(',') || '-'} / truth ${exp.join(',') || '-'}`);
      violated += got.length;
      const closed = doc.events.some((e) => e.type === 'case.closed' || e.type === 'case.declined');
      if (!closed && findings.some((f) => f.status === 'pending')) openPending++;
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} mismatches`);
    assert.ok(violated > 200, `violated ${violated}`);
    assert.ok(result.open > 100, `open ${result.open}`);
    assert.ok(openPending > 0, 'some open cases have pending findings');
    await assert.rejects(generateDataset({ out, cases: 10, seed: 7, year: 2026, until: '2027-01-05' }), RangeError);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
