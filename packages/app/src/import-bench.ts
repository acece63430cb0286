/**
 * Import throughput: `node --import tsx packages/app/src/import-bench.ts [cases=20000]` (PGlite in a temp dir, or
 * the server of DATABASE_URL in a fresh database). Prints the seconds of each phase.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import { importFiles } from './import.ts';
import { jsonlReader, writeCases } from './import-testkit.ts';

const n = Number(process.argv[2] ?? 20000);
const dir = mkdtempSync(join(tmpdir(), 'kaohe-bench-'));
const file = await writeCases(join(dir, 'cases.jsonl'), n);
const t = await createTestDb();
try {
  for (const label of ['first import', 're-import (unchanged)']) {
    const t0 = performance.now();
    const marks: string[] = [];
    let last = t0;
    let lastPhase = '';
    const r = await importFiles(t.db, [file], {
      user: 'bench', cipher: TEST_CIPHER, readFile: jsonlReader,
      onProgress: (p) => {
        if (p.phase !== lastPhase) {
          const now = performance.now();
          if (lastPhase) marks.push(`${lastPhase} ${((now - last) / 1000).toFixed(1)}s`);
          last = now;
          lastPhase = p.phase;
        }
      },
    });
    const s = (performance.now() - t0) / 1000;
    console.log(`${t.db.kind} ${label}: ${n} cases + ${r.counts.events.inserted + r.counts.events.unchanged} events in ${s.toFixed(1)} s ` +
      `(${Math.round(n / s)} cases/s) [${marks.join(', ')}] ${JSON.stringify(r.counts.cases)}`);
  }
} finally {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
