import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, verifyAudit, sm3, type Queryable } from '@kaohe/store';
import { createTestLocation, TEST_CIPHER } from '@kaohe/store/testing';
import { generateDataset } from './generate.ts';
import { importBatch } from './batch.ts';
import { status } from './status.ts';
import { answerWarning } from './warnings.ts';
import { BACKUP_HEADER_BYTES, BackupError, createBackup, readBackupHeader, restoreBackup, verifyBackup } from './backup.ts';

type Loc = Awaited<ReturnType<typeof createTestLocation>>;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-backup-'));
const locs: Loc[] = [];
const newLoc = async () => { const l = await createTestLocation(); locs.push(l); return l; };
let src: Loc;
let file: string;

/** SM3 over the warnings, their answers and the audit rows, in a stable order. */
export async function contentChecksum(q: Queryable, auditThroughSeq = Number.MAX_SAFE_INTEGER): Promise<string> {
  const w = await q.query(`SELECT id, agency_id, case_id, rule, finding_key, status, state, due_on::text FROM warnings ORDER BY id`);
  const a = await q.query(`SELECT id, warning_id, actor, action, text FROM warning_actions ORDER BY id`);
  const l = await q.query(`SELECT seq, action, target, prev_hash, hash FROM audit_log WHERE seq <= $1 ORDER BY seq`, [auditThroughSeq]);
  return sm3(JSON.stringify([w.rows, a.rows, l.rows]));
}

before(async () => {
  await generateDataset({ out: dir, cases: 400, seed: 5, year: 2026 });
  src = await newLoc();
  const db = await openDb(src);
  const files = ['agencies', 'people', 'items', 'calendar', 'cases', 'records'].map((f) => join(dir, `${f}.jsonl`));
  const r = await importBatch(db, files, { user: 'tester', cipher: TEST_CIPHER, asOf: '2026-12-31' });
  assert.equal(r.status, 'committed');
  const ids = (await db.query<{ id: unknown }>(`SELECT id FROM warnings WHERE state = 'open' ORDER BY id LIMIT 5`)).rows.map((x) => Number(x.id));
  assert.ok(ids.length > 0);
  for (const id of ids) assert.equal((await answerWarning(db, id, { username: 'agency-admin' }, { kind: 'explained', text: 'ok' })).ok, true);
  await db.close();
});
after(async () => {
  for (const l of locs) await l.drop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('back up, restore into a fresh location: same counts, same warnings and audit rows, audit chain verifies', { timeout: 180_000 }, async () => {
  let db = await openDb(src);
  const before = { status: await status(db), sum: await contentChecksum(db), audit: await verifyAudit(db) };
  await db.close();

  file = join(dir, 'kaohe.backup');
  const b = await createBackup(src, file);
  console.log(`# backup (${b.header.kind}): ${b.header.payloadBytes} bytes in ${b.ms} ms`);
  assert.equal(b.header.kind, process.env.DATABASE_URL ? 'postgres' : 'pglite');
  assert.equal(b.header.tables?.cases, before.status.cases);
  assert.match(b.header.sm3, /^[0-9a-f]{64}$/);
  assert.deepEqual(await verifyBackup(file), b.header);

  const dst = await newLoc();
  const r = await restoreBackup(file, dst, { actor: { username: 'cli:tester', role: 'cli' } });
  console.log(`# restore (${b.header.kind}): ${r.ms} ms`);
  assert.equal(r.audit.ok, true);
  db = await openDb(dst);
  assert.deepEqual(await status(db), before.status);
  // the backed-up chain is restored as it was, and the restore is one more entry on it (issue 11 item 11)
  assert.ok(before.audit.ok);
  assert.equal(await contentChecksum(db, before.audit.lastSeq), before.sum);
  const a = await verifyAudit(db);
  assert.ok(a.ok && a.count === before.audit.count + 1, JSON.stringify(a));
  assert.equal(r.audit.count, a.count);
  const last = (await db.query<{ actor: string; action: string; target: string }>('SELECT actor, action, target FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0]!;
  assert.deepEqual(last, { actor: 'cli:tester', action: 'backup.restore', target: 'backup:kaohe.backup' });
  await db.close();

  // a non-empty target is refused without force, and nothing changes
  await assert.rejects(restoreBackup(file, dst), (e: unknown) => e instanceof BackupError && e.code === 'not-empty');
  const r2 = await restoreBackup(file, dst, { force: true });
  assert.equal(r2.tables.cases, before.status.cases);
});

test('a damaged or truncated backup is refused before anything is touched', { timeout: 60_000 }, async () => {
  const bytes = readFileSync(file);
  const bad = join(dir, 'bad.backup');
  const flipped = Buffer.from(bytes);
  flipped[BACKUP_HEADER_BYTES + 100] = flipped[BACKUP_HEADER_BYTES + 100]! ^ 0xff;
  writeFileSync(bad, flipped);
  const dst = await newLoc();
  await assert.rejects(restoreBackup(bad, dst), (e: unknown) => e instanceof BackupError && e.code === 'checksum');
  writeFileSync(bad, bytes.subarray(0, bytes.length - 10));
  await assert.rejects(restoreBackup(bad, dst), (e: unknown) => e instanceof BackupError && e.code === 'checksum');
  writeFileSync(bad, 'hello');
  await assert.rejects(readBackupHeader(bad), (e: unknown) => e instanceof BackupError && e.code === 'format');
  // the untouched target is still an empty location (nothing was restored into it)
  const db = await openDb(dst);
  assert.equal((await status(db)).cases, 0);
  await db.close();
});
