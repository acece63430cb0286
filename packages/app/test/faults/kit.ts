/**
 * Shared helpers of the fault-injection suite: a small generated province, a child process to SIGKILL mid-way, and
 * the consistency checks every fault must leave true (warning state ⇔ its answers ⇔ its audit rows; the audit chain).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyAudit, type Db, type Queryable } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { generateDataset } from '../../src/generate.ts';
import { importBatch } from '../../src/batch.ts';

export const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
export const AS_OF = '2026-12-31';
export const PROVINCE_FILES = ['agencies', 'people', 'items', 'calendar', 'cases', 'records'];

/** Writes a generated province of `cases` cases into `dir` (once) and returns its files. */
export async function province(dir: string, cases: number, seed = 5): Promise<string[]> {
  const files = PROVINCE_FILES.map((f) => join(dir, `${f}.jsonl`));
  if (!existsSync(files[4]!)) await generateDataset({ out: dir, cases, seed, year: 2026 });
  return files;
}

/** Imports files as one batch (with evaluation), asserting it committed. */
export async function load(db: Db, files: string[], user = 'tester'): Promise<void> {
  const r = await importBatch(db, files, { user, cipher: TEST_CIPHER, asOf: AS_OF });
  if (r.status !== 'committed') throw new Error(`import ${r.status}: ${JSON.stringify(r.errors.slice(0, 3))}`);
}

export interface Killed {
  killed: boolean;
  output: string;
  /** stdout lines the child printed before it died */
  lines: string[];
}

/**
 * Runs child.ts with `args` on the database `loc` and SIGKILLs it `delayMs` after its `after`-th stdout line that
 * starts with `when`.
 */
export function runAndKill(loc: { dbDir: string; databaseUrl?: string }, args: string[], when: string, after: number, delayMs: number, timeoutMs = 120_000): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, loc.dbDir, ...args], {
      env: { ...process.env, DATABASE_URL: loc.databaseUrl ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let seen = 0;
    let armed = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      output += text;
      if (armed) return;
      for (const l of text.split('\n')) if (l.startsWith(when)) seen++;
      if (seen >= after) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      resolve({ killed: armed && signal === 'SIGKILL', output, lines: output.split('\n').filter(Boolean) });
    });
  });
}

export interface WarningConsistency {
  warnings: number;
  answered: number;
  actions: number;
  audits: number;
  /** warnings whose state disagrees with their action and audit rows */
  broken: string[];
}

/**
 * Every warning's state must follow from its warning_actions rows (the last one decides: explained/rectified/
 * disputed → answered, accepted/rejected → itself, none → open or cleared), and every action must have exactly one
 * audit row (warning.answer / warning.decide on target warning:<id>).
 */
export async function warningConsistency(q: Queryable): Promise<WarningConsistency> {
  const rows = (await q.query<{ id: unknown; state: string; last: string | null; actions: unknown; audits: unknown }>(`
    SELECT w.id, w.state,
           (SELECT a.action FROM warning_actions a WHERE a.warning_id = w.id ORDER BY a.id DESC LIMIT 1) AS last,
           (SELECT count(*) FROM warning_actions a WHERE a.warning_id = w.id) AS actions,
           (SELECT count(*) FROM audit_log l WHERE l.target = 'warning:' || w.id AND l.action IN ('warning.answer', 'warning.decide')) AS audits
      FROM warnings w ORDER BY w.id`)).rows;
  const broken: string[] = [];
  let answered = 0, actions = 0, audits = 0;
  for (const r of rows) {
    const expect = r.last === null ? null : ['explained', 'rectified', 'disputed'].includes(r.last) ? 'answered' : r.last;
    if (r.state === 'answered') answered++;
    actions += Number(r.actions);
    audits += Number(r.audits);
    const ok = expect === null ? r.state === 'open' || r.state === 'cleared' : r.state === expect;
    if (!ok || Number(r.actions) !== Number(r.audits)) broken.push(`warning ${r.id}: state ${r.state}, last action ${r.last}, ${r.actions} actions, ${r.audits} audit rows`);
  }
  return { warnings: rows.length, answered, actions, audits, broken };
}

/** Published assessment runs that are not whole: departments rows ≠ the result's departments, or no audit row. */
export async function halfRuns(q: Queryable): Promise<{ runs: number; broken: string[] }> {
  const rows = (await q.query<{ id: unknown; depts: unknown; result_depts: unknown; audits: unknown }>(`
    SELECT r.id, (SELECT count(*) FROM assessment_departments d WHERE d.run_id = r.id) AS depts,
           jsonb_array_length(r.result -> 'departments') AS result_depts,
           (SELECT count(*) FROM audit_log l WHERE l.action = 'assessment.publish' AND l.target = 'assessment:' || r.id) AS audits
      FROM assessment_runs r ORDER BY r.id`)).rows;
  const orphans = (await q.query<{ n: unknown }>(`SELECT count(*) AS n FROM assessment_departments d WHERE NOT EXISTS (SELECT 1 FROM assessment_runs r WHERE r.id = d.run_id)`)).rows[0]!.n;
  const broken = rows.filter((r) => Number(r.depts) !== Number(r.result_depts) || Number(r.audits) !== 1).map((r) => `run ${r.id}: ${r.depts}/${r.result_depts} departments, ${r.audits} audit rows`);
  if (Number(orphans) > 0) broken.push(`${orphans} department rows without a run`);
  return { runs: rows.length, broken };
}

/** verifyAudit, asserting it holds. */
export async function auditOk(q: Queryable): Promise<number> {
  const a = await verifyAudit(q);
  if (!a.ok) throw new Error(`audit chain broken at ${a.badSeq}: ${a.reason}`);
  return a.count;
}

/** Answers or decides one warning (open/rejected → answered, answered → rejected); returns its id, or null when none is left. */
export { cycleWarning } from './child-ops.ts';
