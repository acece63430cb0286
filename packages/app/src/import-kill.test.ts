import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '@kaohe/store';
import { createTestLocation, TEST_CIPHER } from '@kaohe/store/testing';
import { importFiles } from './import.ts';
import { status } from './status.ts';
import { jsonlReader, writeCases } from './import-testkit.ts';

const CHILD = fileURLToPath(new URL('./import-kill-child.ts', import.meta.url));
let loc: Awaited<ReturnType<typeof createTestLocation>>;
let dir: string;
let big: string;
before(async () => {
  loc = await createTestLocation();
  dir = mkdtempSync(join(tmpdir(), 'kaohe-kill-'));
  big = await writeCases(join(dir, 'big.jsonl'), 12_000, { from: 100_000 });
});
after(async () => {
  await loc?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Run the child import and SIGKILL it `delayMs` after it prints a line starting with `when`. */
function importAndKill(when: string, delayMs: number): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, loc.dbDir, big], {
      env: { ...process.env, DATABASE_URL: loc.databaseUrl ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!armed && output.split('\n').some((l) => l.startsWith(when))) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ killed: signal === 'SIGKILL', output }));
  });
}

test('kill -9 during an import leaves the database as it was before the batch', { timeout: 600_000 }, async () => {
  const base = join(dir, 'base.jsonl');
  await writeCases(base, 500, { from: 1 });
  let db = await openDb(loc);
  const r0 = await importFiles(db, [base], { user: 't', cipher: TEST_CIPHER, readFile: jsonlReader });
  assert.equal(r0.status, 'committed');
  const before = await status(db);
  await db.close();

  for (const [when, delay] of [['reading 5000', 0], ['merging', 300]] as const) {
    const r = await importAndKill(when, delay);
    assert.ok(r.killed, `child was not killed mid-way (${when}):\n${r.output}`);
    assert.ok(!r.output.includes('result'), r.output);
    db = await openDb(loc); // PGlite: takes over the dead process's lock, WAL recovery
    const now = await status(db);
    assert.deepEqual({ ...now, batches: 0 }, { ...before, batches: 0 }, `after kill at ${when}`);
    const running = await db.query<{ status: string }>("SELECT status FROM import_batches WHERE by_user = 'child' ORDER BY id DESC LIMIT 1");
    assert.equal(running.rows[0]?.status, 'running'); // the batch log shows the interrupted import
    await db.close();
  }

  // the database is fully usable afterwards
  db = await openDb(loc);
  const r = await importFiles(db, [big], { user: 't', cipher: TEST_CIPHER, readFile: jsonlReader });
  assert.equal(r.status, 'committed');
  assert.equal(r.counts.cases.inserted, 12_000);
  assert.equal((await status(db)).cases, before.cases + 12_000);
  await db.close();
});
