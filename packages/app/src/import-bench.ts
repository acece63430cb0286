/**
 * Import throughput (PGlite in a temp dir, or the server of DATABASE_URL in a fresh database):
 *
 *   node --import tsx packages/app/src/import-bench.ts [cases=20000] [--ingest] [--once]
 *   node --import tsx packages/app/src/import-bench.ts DIR [--once]
 *
 * With a number, generated cases (4 events each) are read by the test reader (`--ingest`: by @kaohe/ingest's
 * readFile, i.e. with validation). With a directory (`kaohe generate --out DIR`), its *.jsonl files are imported as
 * `kaohe import DIR/*.jsonl` does. Prints, for the first import and an unchanged re-import (`--once`: the first
 * only), the seconds of each phase, events/s, cases/s and the peak RSS of the process (PGlite runs in it);
 * `--trace` adds the time of the slowest statements.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import type { Db, Tx } from '@kaohe/store';
import { importFiles } from './import.ts';
import type { ReadFileFn } from './import.ts';
import { jsonlReader, writeCases } from './import-testkit.ts';

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
const once = args.includes('--once');
const arg = positional[0] ?? '20000';
const isDir = (() => {
  try {
    return statSync(arg).isDirectory();
  } catch {
    return false;
  }
})();

/** Registries first, then cases, then records (the order of `kaohe generate`'s files). */
const ORDER = ['agencies', 'people', 'items', 'calendar', 'cases', 'records'];
const rank = (f: string) => {
  const i = ORDER.indexOf(f.replace(/\.jsonl$/, ''));
  return i < 0 ? ORDER.length : i;
};

let tmp: string | undefined;
let files: string[];
let readFile: ReadFileFn | undefined;
if (isDir) {
  files = readdirSync(arg).filter((f) => f.endsWith('.jsonl')).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => join(arg, f));
} else {
  tmp = mkdtempSync(join(tmpdir(), 'kaohe-bench-'));
  files = [await writeCases(join(tmp, 'cases.jsonl'), Number(arg))];
  if (!args.includes('--ingest')) readFile = jsonlReader;
}

const t = await createTestDb();
/** `--trace`: the slowest statements of each import, timed from here. */
const trace = args.includes('--trace');
const stmts = new Map<string, { ms: number; n: number }>();
const timed = <A extends unknown[], R>(what: (...a: A) => string, f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
  const t0 = performance.now();
  try {
    return await f(...a);
  } finally {
    const k = what(...a).replace(/\s+/g, ' ').slice(0, 110);
    const e = stmts.get(k) ?? { ms: 0, n: 0 };
    e.ms += performance.now() - t0;
    e.n++;
    stmts.set(k, e);
  }
};
const db: Db = !trace ? t.db : {
  ...t.db,
  query: t.db.query.bind(t.db),
  exec: t.db.exec.bind(t.db),
  close: t.db.close.bind(t.db),
  transaction: (fn) => t.db.transaction((tx) => fn({
    kind: tx.kind,
    query: timed((sql: string) => sql, tx.query.bind(tx)) as Tx['query'],
    exec: timed((sql: string) => sql, tx.exec.bind(tx)),
    copyRows: timed((table: string, _c: string[], _r: Iterable<unknown[]> | AsyncIterable<unknown[]>) => `copy ${table}`, tx.copyRows.bind(tx)),
  })),
};
try {
  for (const label of once ? ['first import'] : ['first import', 're-import (unchanged)']) {
    const t0 = performance.now();
    const marks: string[] = [];
    let last = t0;
    let lastPhase = '';
    const r = await importFiles(db, files, {
      user: 'bench', cipher: TEST_CIPHER, ...(readFile ? { readFile } : {}),
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
    if (r.status !== 'committed') throw new Error(`batch ${r.status}: ${JSON.stringify(r.errors.slice(0, 3))}`);
    const c = r.counts.cases;
    const cases = c.inserted + c.updated + c.unchanged;
    const events = r.counts.events.inserted + r.counts.events.unchanged;
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    const timings = (r as { timings?: Record<string, number> }).timings;
    const detail = timings ? ' {' + Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ') + '}' : '';
    console.log(
      `${t.db.kind} ${label}: ${cases} cases + ${events} events in ${s.toFixed(1)} s — ${Math.round(events / s)} events/s, ` +
        `${Math.round(cases / s)} cases/s, peak RSS ${rss} MB [${marks.join(', ')}]${detail} ${JSON.stringify(c)}`,
    );
    if (trace) {
      for (const [k, v] of [...stmts].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(`  ${(v.ms / 1000).toFixed(2).padStart(7)}s ×${v.n} ${k}`);
      stmts.clear();
    }
  }
} finally {
  await t.cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
