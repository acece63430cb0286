/**
 * Fault: the PostgreSQL server restarts under load (PostgreSQL run only: DATABASE_URL set). The restart is done
 * on a private PostgreSQL cluster of the same server version, made for this test (initdb in a temp directory, own
 * port), so that restarting it cannot break other tests or people sharing the DATABASE_URL server; `pg_ctl restart
 * -m fast` is what `pg_ctlcluster … restart` runs. A loop of warning answers/decisions and small imports runs on
 * one pooled `Db`; the server restarts; the same `Db` (not reopened) must serve new queries again, the
 * interrupted transactions are absent (each import all or nothing, each answer with its audit row), and later work
 * succeeds. The cluster is stopped and removed in `finally`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDb } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { pgToolPath } from '../../src/backup.ts';
import { importBatch } from '../../src/batch.ts';
import { caseDoc, writeCases } from '../../src/import-testkit.ts';
import { AS_OF, auditOk, cycleWarning, load, province, warningConsistency } from './kit.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sh(cmd: string, args: string[], asPostgres: boolean): string {
  const root = process.getuid?.() === 0;
  const [c, a] = asPostgres && root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a as string[], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error?.message}`);
  return r.stdout;
}

test('PostgreSQL restarted under load: the pool recovers by itself, interrupted work is absent, later work succeeds', { timeout: 170_000, skip: !process.env.DATABASE_URL && 'PostgreSQL run only (DATABASE_URL unset)' }, async () => {
  const bin = dirname(pgToolPath('pg_dump'));
  for (const t of ['initdb', 'pg_ctl']) assert.ok(existsSync(join(bin, t)), `${join(bin, t)} is needed for this test (PostgreSQL server binaries)`);
  const root = mkdtempSync(join(tmpdir(), 'kaohe-fault-pg-'));
  chmodSync(root, 0o777);
  const data = join(root, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`;
  if (process.getuid?.() === 0) chownSync(root, Number(sh('id', ['-u', 'postgres'], false).trim()), Number(sh('id', ['-g', 'postgres'], false).trim()));
  const url = `postgres://postgres@127.0.0.1:${port}/kaohe`;
  let db: Awaited<ReturnType<typeof openDb>> | undefined;
  try {
    sh(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], true);
    sh(join(bin, 'pg_ctl'), ['-D', data, '-l', join(root, 'log'), '-o', opts, '-w', 'start'], true);
    const admin = await openDb({ dbDir: '', databaseUrl: url.replace(/kaohe$/, 'postgres'), migrate: false });
    await admin.exec('CREATE DATABASE kaohe');
    await admin.close();

    const dir = join(root, 'province');
    db = await openDb({ dbDir: '', databaseUrl: url, poolSize: 4 });
    await load(db, await province(dir, 150));
    const base = (await db.query<{ n: unknown }>('SELECT count(*) AS n FROM cases')).rows[0]!.n as number;

    // the load: two workers on the same pooled Db
    let stop = false;
    let restartedAt = Infinity;
    const log = { answers: 0, answerErrors: 0, imports: [] as { from: number; ok: boolean | 'error'; at: number }[], afterRestart: 0 };
    const answers = (async () => {
      while (!stop) {
        try { await cycleWarning(db!); log.answers++; if (performance.now() > restartedAt) log.afterRestart++; }
        catch { log.answerErrors++; await sleep(50); }
      }
    })();
    const imports = (async () => {
      for (let i = 0; !stop; i++) {
        const from = 500_000 + i * 1000;
        const f = await writeCases(join(root, `imp-${i}.jsonl`), 40, { from });
        try {
          const r = await importBatch(db!, [f], { user: 'loader', cipher: TEST_CIPHER, asOf: AS_OF });
          log.imports.push({ from, ok: r.status === 'committed', at: performance.now() });
          if (performance.now() > restartedAt) log.afterRestart++;
        } catch {
          log.imports.push({ from, ok: 'error', at: performance.now() });
          await sleep(50);
        }
      }
    })();
    await sleep(1500);
    const t0 = performance.now();
    // asynchronously, so that the load goes on while the server goes down and comes back
    const [cmd, pre] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl')]] as const : [join(bin, 'pg_ctl'), []] as const;
    await promisify(execFile)(cmd, [...pre, '-D', data, '-l', join(root, 'log'), '-m', 'fast', '-w', 'restart', '-o', opts], { timeout: 60_000 });
    restartedAt = performance.now();
    console.log(`# PostgreSQL restarted in ${Math.round(restartedAt - t0)} ms`);
    // new queries succeed on the same Db without reopening
    let recoveredMs = -1;
    for (let i = 0; i < 100; i++) {
      try { await db.query('SELECT 1'); recoveredMs = Math.round(performance.now() - restartedAt); break; } catch { await sleep(100); }
    }
    assert.ok(recoveredMs >= 0, 'the pool did not recover within 10 s');
    await sleep(2500);
    stop = true;
    await Promise.all([answers, imports]);
    console.log(`# pool usable ${recoveredMs} ms after the restart; ${log.answers} answers (${log.answerErrors} failed), ${log.imports.length} imports (${log.imports.filter((x) => x.ok === 'error').length} failed), ${log.afterRestart} after the restart`);
    assert.ok(log.afterRestart >= 2, 'work succeeded after the restart');

    // interrupted transactions are absent: each import all or nothing, every acknowledged one present
    for (const imp of log.imports) {
      const n = (await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM cases WHERE case_id = ANY($1::text[])`,
        [Array.from({ length: 40 }, (_, k) => caseDoc(imp.from + k).id)])).rows[0]!.n as number;
      if (imp.ok === true) assert.equal(Number(n), 40, `import from ${imp.from} was acknowledged`);
      else assert.ok(Number(n) === 0 || Number(n) === 40, `import from ${imp.from} is half there (${n} of 40 cases)`);
    }
    const total = Number((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM cases')).rows[0]!.n);
    assert.equal((total - Number(base)) % 40, 0);
    const c = await warningConsistency(db);
    assert.deepEqual(c.broken, []);
    await auditOk(db);
    assert.ok(await cycleWarning(db));
  } finally {
    await db?.close().catch(() => undefined);
    try { sh(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], true); } catch { /* not running */ }
    rmSync(root, { recursive: true, force: true });
  }
});
