/**
 * Import throughput into a fresh database (PGlite temp dir, or a fresh database on DATABASE_URL's server), then the
 * evaluation of every imported case into warnings. Prints JSON { cases, events, importMs, evaluateMs }.
 *   node --import tsx scripts/bench/import.ts DIR
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import { evaluateAllCases, importFiles } from '@kaohe/app';
import { reportPeak } from './common.ts';

const dir = process.argv[2]!;
const order = ['agencies', 'people', 'items', 'calendar', 'cases', 'records'];
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort((a, b) => order.indexOf(a.slice(0, -6)) - order.indexOf(b.slice(0, -6))).map((f) => join(dir, f));
const t = await createTestDb();
try {
  const t0 = performance.now();
  const r = await importFiles(t.db, files, { user: 'bench', cipher: TEST_CIPHER });
  const importMs = performance.now() - t0;
  if (r.status !== 'committed') throw new Error(`rejected: ${JSON.stringify(r.errors.slice(0, 3))}`);
  const t1 = performance.now();
  const e = await evaluateAllCases(t.db, { asOf: '2026-12-31' });
  const evaluateMs = performance.now() - t1;
  process.stdout.write(JSON.stringify({ cases: r.counts.cases.inserted, events: r.counts.events.inserted, records: r.counts.records.inserted, importMs, evaluateMs, warnings: e.opened }) + '\n');
} finally {
  await t.cleanup();
}
reportPeak();
