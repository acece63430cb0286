/**
 * A full-year assessment (period 2026, region 330100) of a generated province, on a fresh database (PGlite, or
 * DATABASE_URL's server): the province is imported and evaluated first (not timed), then the run is timed twice
 * (cold, warm). Prints JSON { cases, departments, ms, warmMs, statements } — `statements`: the slowest statements of
 * the cold run, labelled by the `/* kaohe.assess … *\/` comment the SQL carries (indicator code or target, grouping).
 *   node --import tsx scripts/bench/assess.ts DIR
 *
 * Importing 200 000 cases takes minutes, so a loaded database can be kept between measurements:
 *   BENCH_ASSESS_DB_URL=postgres://postgres@127.0.0.1:5432/kaohe_bench_assess   (used when DATABASE_URL is set)
 *   BENCH_ASSESS_DB_DIR=bench-out/assess-pglite                                (used for PGlite)
 * The database is created when missing, loaded (import + evaluation + ANALYZE) when it holds no case, and kept
 * (migrations still run on open). Remove it (DROP DATABASE / rm -r) to start over, e.g. for another province size.
 * BENCH_ASSESS_TOP=N prints the N slowest statements (default 10) on stderr.
 * BENCH_ASSESS_DUMP=FILE writes every statement of the cold run (label, ms, sql, params) as JSON.
 * BENCH_ASSESS_EXPLAIN=N writes EXPLAIN (ANALYZE, BUFFERS) of the N slowest statements to bench-out/assess-explain-<db>.txt.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import { openDb, type Db, type Queryable } from '@kaohe/store';
import { evaluateAllCases, importFiles, runAssessment } from '@kaohe/app';
import { reportPeak } from './common.ts';

const dir = process.argv[2]!;
const order = ['agencies', 'people', 'items', 'calendar', 'cases', 'records'];
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort((a, b) => order.indexOf(a.slice(0, -6)) - order.indexOf(b.slice(0, -6))).map((f) => join(dir, f));
const say = (s: string) => process.stderr.write(`bench assess: ${s}\n`);

/** The database: a kept one (BENCH_ASSESS_DB_URL / BENCH_ASSESS_DB_DIR) or a throw-away one. */
async function open(): Promise<{ db: Db; cleanup(): Promise<void> }> {
  const keptUrl = process.env.DATABASE_URL ? process.env.BENCH_ASSESS_DB_URL : undefined;
  const keptDir = process.env.DATABASE_URL ? undefined : process.env.BENCH_ASSESS_DB_DIR;
  if (keptUrl) {
    const u = new URL(keptUrl);
    const name = u.pathname.slice(1);
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_ASSESS_DB_URL: database name "${name}" must be a plain identifier`);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length === 0) await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const db = await openDb({ dbDir: '', databaseUrl: keptUrl });
    return { db, cleanup: () => db.close() };
  }
  if (keptDir) {
    mkdirSync(keptDir, { recursive: true });
    const db = await openDb({ dbDir: keptDir });
    return { db, cleanup: () => db.close() };
  }
  const t = await createTestDb();
  return { db: t.db, cleanup: () => t.cleanup() };
}

interface Stmt { label: string; ms: number; sql: string; params: unknown[] }

/** Times every statement that goes through it. */
function timed(db: Queryable, log: Stmt[]): Queryable {
  return {
    async query(sql, params) {
      const t0 = performance.now();
      const r = await db.query(sql, params);
      const m = /^\/\* kaohe\.assess ([^*]+) \*\//.exec(sql);
      const label = m ? `${m[1]!.trim()} ${String(params?.[0] ?? '')}..${String(params?.[1] ?? '')}` : sql.replace(/\s+/g, ' ').slice(0, 60);
      log.push({ label, ms: performance.now() - t0, sql, params: params ?? [] });
      return r as never;
    },
    exec: (sql) => db.exec(sql),
  };
}

const t = await open();
try {
  let cases = Number((await t.db.query<{ n: unknown }>('SELECT count(*) AS n FROM cases')).rows[0]!.n);
  if (cases === 0) {
    say(`importing ${dir} into ${t.db.kind}…`);
    const l0 = performance.now();
    const r = await importFiles(t.db, files, { user: 'bench', cipher: TEST_CIPHER });
    if (r.status !== 'committed') throw new Error('import rejected');
    await evaluateAllCases(t.db, { asOf: '2026-12-31' });
    await t.db.exec('ANALYZE');
    cases = r.counts.cases.inserted;
    say(`loaded ${cases} cases in ${Math.round((performance.now() - l0) / 1000)} s`);
  } else {
    say(`reusing the ${t.db.kind} database with ${cases} cases`);
  }
  const opts = { period: '2026', asOf: '2026-12-31', scope: { region: '330100' } } as const;
  const log: Stmt[] = [];
  const t0 = performance.now();
  // as the API and the CLI run it: through Db.snapshot (PostgreSQL: one read-only snapshot, JIT off)
  const a = await t.db.snapshot((q) => runAssessment(timed(q, log), opts));
  const ms = performance.now() - t0;
  const t1 = performance.now();
  await t.db.snapshot((q) => runAssessment(q, opts));
  const warmMs = performance.now() - t1;
  const slowest = [...log].sort((x, y) => y.ms - x.ms);
  const statements = slowest.slice(0, 10).map((s) => ({ label: s.label, ms: Math.round(s.ms) }));
  for (const s of slowest.slice(0, Number(process.env.BENCH_ASSESS_TOP ?? 10))) say(`${String(Math.round(s.ms)).padStart(7)} ms  ${s.label}`);
  say(`${log.length} statements, ${Math.round(log.reduce((s, x) => s + x.ms, 0))} ms in SQL of ${Math.round(ms)} ms`);
  if (process.env.BENCH_ASSESS_DUMP) writeFileSync(process.env.BENCH_ASSESS_DUMP, JSON.stringify(log.map((s) => ({ ...s, ms: Math.round(s.ms) })), null, 1));
  const explain = Number(process.env.BENCH_ASSESS_EXPLAIN ?? 0);
  if (explain > 0) {
    const out: string[] = [];
    for (const s of slowest.slice(0, explain)) {
      const p = await t.db.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params);
      out.push(`-- ${s.label}: ${Math.round(s.ms)} ms\n${s.sql}\n-- params ${JSON.stringify(s.params)}\n${p.rows.map((r) => Object.values(r)[0]).join('\n')}\n`);
    }
    mkdirSync('bench-out', { recursive: true });
    const file = join('bench-out', `assess-explain-${t.db.kind}.txt`);
    writeFileSync(file, out.join('\n'));
    say(`EXPLAIN ANALYZE of the ${explain} slowest statements: ${file}`);
  }
  process.stdout.write(JSON.stringify({ cases, departments: a.departments.length, ms, warmMs, statements }) + '\n');
} finally {
  await t.cleanup();
}
reportPeak();
