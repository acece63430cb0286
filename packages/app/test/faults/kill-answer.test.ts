/**
 * Fault: kill -9 while warnings are being answered and decided. Every step (warning_actions row + state + audit row)
 * is one transaction: after the kill each warning's state matches its actions and audit rows, every step the child
 * reported done is there, and the audit chain verifies. Runs on PGlite, or PostgreSQL with DATABASE_URL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '@kaohe/store';
import { createTestLocation } from '@kaohe/store/testing';
import { auditOk, cycleWarning, load, province, runAndKill, warningConsistency } from './kit.ts';

let loc: Awaited<ReturnType<typeof createTestLocation>>;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-fault-answer-'));
before(async () => {
  loc = await createTestLocation();
  const db = await openDb(loc);
  await load(db, await province(dir, 300));
  await db.close();
});
after(async () => {
  await loc?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('kill -9 during warning answers: each warning is fully before or fully after its step; nothing acknowledged is lost', { timeout: 170_000 }, async () => {
  let steps = 0;
  for (const [after, delay] of [[5, 0], [12, 7]] as const) {
    const r = await runAndKill(loc, ['answer'], 'done', after, delay);
    assert.ok(r.killed, `child was not killed mid-way:\n${r.output}`);
    const done = r.lines.filter((l) => l.startsWith('done'));
    steps += done.length;
    const db = await openDb(loc); // PGlite: takes over the dead child's lock; WAL recovery
    const c = await warningConsistency(db);
    assert.deepEqual(c.broken, [], 'half-done answers');
    assert.equal(c.actions, c.audits);
    // every step the child printed had committed; at most one more (committed, not yet printed) may be there
    assert.ok(c.actions >= steps && c.actions <= steps + 1, `${c.actions} actions stored, child reported ${steps}`);
    steps = c.actions;
    assert.ok((await auditOk(db)) >= c.actions);
    // the system goes on by itself: the next step succeeds
    const next = await cycleWarning(db);
    assert.ok(next);
    steps++;
    await db.close();
  }
});
