/**
 * Fault: kill -9 during assessment runs (runAssessment + publishAssessment, repeated). A published run, its
 * department rows and its audit row commit together: after the kill every stored run is whole, none is half
 * there, and the audit chain verifies. Runs on PGlite, or PostgreSQL with DATABASE_URL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '@kaohe/store';
import { createTestLocation } from '@kaohe/store/testing';
import { runAssessment, publishAssessment } from '../../src/assess.ts';
import { auditOk, halfRuns, load, province, runAndKill } from './kit.ts';

let loc: Awaited<ReturnType<typeof createTestLocation>>;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-fault-assess-'));
before(async () => {
  loc = await createTestLocation();
  const db = await openDb(loc);
  await load(db, await province(dir, 300, 9));
  await db.close();
});
after(async () => {
  await loc?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('kill -9 during an assessment run: stored runs are complete or absent, never half', { timeout: 170_000 }, async () => {
  let published = 0;
  // killed right as a publish starts (its transaction in flight), then at a later, arbitrary moment
  for (const [when, after, delay] of [['publishing', 1, 0], ['publishing', 2, 15], ['running', 3, 40]] as const) {
    const r = await runAndKill(loc, ['assess'], when, after, delay);
    assert.ok(r.killed, `child was not killed mid-way:\n${r.output}`);
    published += r.lines.filter((l) => l.startsWith('published')).length;
    const db = await openDb(loc);
    const h = await halfRuns(db);
    assert.deepEqual(h.broken, [], 'half-stored runs');
    assert.ok(h.runs >= published && h.runs <= published + 1, `${h.runs} runs stored, child reported ${published}`);
    published = h.runs;
    await auditOk(db);
    await db.close();
  }
  // and a new run publishes normally afterwards
  const db = await openDb(loc);
  const res = await publishAssessment(db, await runAssessment(db, { period: '2026', asOf: '2026-12-31', scope: { region: '330100' } }), { username: 't' });
  assert.ok(res.run.id);
  assert.deepEqual((await halfRuns(db)).broken, []);
  await auditOk(db);
  await db.close();
});
