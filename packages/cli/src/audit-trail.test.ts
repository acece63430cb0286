/**
 * Issue 11 item 11: every state change made from the console leaves an entry in the audit chain, with the console
 * actor `cli:<os user>`: user create / unlock / reset-password, `warnings --as-of` when it changes warnings,
 * `assess --publish`, `restore`. (Import outcomes are audited by the import itself, tested with it.)
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, verifyAudit } from '@kaohe/store';
import { createTestLocation } from '@kaohe/store/testing';

const BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kaohe-cli-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const kaohe = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: process.env, timeout: 180_000 });
  assert.equal(r.status, 0, `kaohe ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const ACTOR = `cli:${userInfo().username}`;

async function auditRows(loc: { dbDir: string; databaseUrl?: string }) {
  const db = await openDb(loc);
  try {
    const rows = (await db.query<{ actor: string; action: string; target: string | null }>('SELECT actor, action, target FROM audit_log ORDER BY seq')).rows;
    const v = await verifyAudit(db);
    return { rows, ok: v.ok };
  } finally {
    await db.close();
  }
}

test('console state changes are audited as cli:<user>, on the chain, in order', { timeout: 600_000 }, async () => {
  const loc = await createTestLocation();
  const dst = await createTestLocation();
  after(() => loc.drop());
  after(() => dst.drop());
  const db = ['--db', loc.databaseUrl ?? loc.dbDir];
  const data = join(dir, 'data');
  // 120 cases of 2026 cut at 30 November: cases in progress stay open, their deadlines ahead of the import's as-of
  // (today, when the import evaluates them)
  kaohe(['generate', '--out', data, '--cases', '120', '--seed', '3', '--until', '2026-11-30', '--quiet']);
  kaohe(['import', ...['agencies', 'people', 'items', 'calendar', 'cases', 'records'].map((f) => join(data, `${f}.jsonl`)), ...db, '--json']);
  const base = (await auditRows(loc)).rows.length;

  kaohe(['user', 'create', 'sup1', '--role', 'supervisor', '--region', '330000', ...db]);
  kaohe(['user', 'unlock', 'sup1', ...db]);
  kaohe(['user', 'reset-password', 'sup1', ...db]);
  // a year later every deadline of the open cases has passed: warnings change, so the run is audited
  kaohe(['warnings', '--as-of', '2027-12-31', ...db, '--json']);
  kaohe(['assess', '--period', '2026H1', '--as-of', '2026-06-30', '--publish', '--format', 'json', ...db]);

  const a = await auditRows(loc);
  assert.equal(a.ok, true);
  const mine = a.rows.slice(base).map((r) => [r.actor, r.action]);
  assert.deepEqual(mine, [
    [ACTOR, 'users.create'], [ACTOR, 'users.unlock'], [ACTOR, 'users.reset-password'], [ACTOR, 'warnings.reevaluate'], [ACTOR, 'assessment.publish'],
  ]);

  // the same as-of again changes nothing: no entry (an entry says something changed)
  kaohe(['warnings', '--as-of', '2027-12-31', ...db, '--json']);
  assert.equal((await auditRows(loc)).rows.length, a.rows.length);

  // a restore is the newest entry of the restored chain
  const file = join(dir, 'k.backup');
  kaohe(['backup', '--out', file, ...db]);
  kaohe(['restore', file, '--db', dst.databaseUrl ?? dst.dbDir]);
  const r = await auditRows(dst);
  assert.equal(r.ok, true);
  assert.equal(r.rows.length, a.rows.length + 1);
  assert.deepEqual(r.rows.at(-1), { actor: ACTOR, action: 'backup.restore', target: 'backup:k.backup' });
});
