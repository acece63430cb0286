/**
 * Issue 11 item 2: `kaohe check` findings depend only on the cases, records and people given, not on how they are laid
 * out. A generated province's inputs are shuffled line by line and split into files (seeded), records and people mixed
 * in with the cases, and the findings must be byte-identical to the tidy layout's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from './generate.ts';
import { compareFindings, runCheck, type CheckedFinding } from './check.ts';

/** mulberry32: a small seeded generator, so that a failing layout can be replayed */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function findings(files: string[], asOf: string): Promise<{ text: string; list: CheckedFinding[]; cases: number }> {
  const list: CheckedFinding[] = [];
  const r = await runCheck({ files, asOf, onFinding: (f) => list.push(f) });
  list.sort(compareFindings);
  return { text: JSON.stringify({ cases: r.cases, summary: r.summary, findings: list }), list, cases: r.cases };
}

test('shuffled and split inputs of a generated province give byte-identical findings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-layout-'));
  const gen = await generateDataset({ out: dir, cases: 300, seed: 11, year: 2026, rates: {} });
  const tidy = ['people.jsonl', 'cases.jsonl', 'records.jsonl'].map((f) => join(gen.dir, f));
  const asOf = (JSON.parse(readFileSync(join(gen.dir, 'truth.json'), 'utf8')) as { asOf: string }).asOf;
  const base = await findings(tidy, asOf);
  assert.equal(base.cases, 300);
  // the records matter: without them some finding changes (else this test could not see records being lost)
  const withoutRecords = await findings(tidy.slice(0, 2), asOf);
  assert.notEqual(withoutRecords.text, base.text, 'the generated records change at least one finding');

  const lines = tidy.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== ''));
  for (const seed of [1, 2, 3, 4]) {
    const next = rng(seed);
    const shuffled = [...lines];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const parts = 1 + (seed % 3); // 2, 3, 1, 2 files
    const cuts = [0, ...Array.from({ length: parts - 1 }, () => Math.floor(next() * shuffled.length)).sort((a, b) => a - b), shuffled.length];
    const files: string[] = [];
    for (let p = 0; p < parts; p++) {
      const f = join(dir, `layout-${seed}-${p}.jsonl`);
      writeFileSync(f, shuffled.slice(cuts[p], cuts[p + 1]).join('\n') + '\n');
      files.push(f);
    }
    // the files in reverse order too: the order of files is a layout as well
    for (const order of [files, [...files].reverse()]) {
      const got = await findings(order, asOf);
      assert.equal(got.text, base.text, `seed ${seed}, ${parts} file(s): findings differ from the tidy layout`);
    }
  }
});
