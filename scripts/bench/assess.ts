/**
 * A full-year assessment (period 2026, region 330100) of a generated province, on a fresh database (PGlite, or
 * DATABASE_URL's server): the province is imported and evaluated first (not timed), then the run is timed twice
 * (cold, warm). Prints JSON { cases, ms, warmMs }.
 *   node --import tsx scripts/bench/assess.ts DIR
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import { evaluateAllCases, importFiles, runAssessment } from '@kaohe/app';
import { reportPeak } from './common.ts';

const dir = process.argv[2]!;
const order = ['agencies', 'people', 'items', 'calendar', 'cases', 'records'];
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort((a, b) => order.indexOf(a.slice(0, -6)) - order.indexOf(b.slice(0, -6))).map((f) => join(dir, f));
const t = await createTestDb();
try {
  const r = await importFiles(t.db, files, { user: 'bench', cipher: TEST_CIPHER });
  if (r.status !== 'committed') throw new Error('import rejected');
  await evaluateAllCases(t.db, { asOf: '2026-12-31' });
  await t.db.exec('ANALYZE');
  const t0 = performance.now();
  const a = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: { region: '330100' } });
  const ms = performance.now() - t0;
  const t1 = performance.now();
  await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: { region: '330100' } });
  const warmMs = performance.now() - t1;
  process.stdout.write(JSON.stringify({ cases: r.counts.cases.inserted, departments: a.departments.length, ms, warmMs }) + '\n');
} finally {
  await t.cleanup();
}
reportPeak();
