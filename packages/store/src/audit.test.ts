import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, auditKeygen, checkpoint, purgeAudit, verifyAudit, verifyCheckpoint, canonicalJson, AuditRetentionError } from './audit.ts';
import { createTestDb } from './testing.ts';

test('audit chain: append, verify, tamper detection, append-only trigger, checkpoint, retention', async () => {
  const t = await createTestDb();
  const { db } = t;
  try {
    assert.deepEqual(await verifyAudit(db), { ok: true, count: 0, lastSeq: 0, lastHash: '0'.repeat(64) });
    const old = new Date(Date.now() - 200 * 86400_000);
    await db.transaction((tx) => audit(tx, { actor: 'a', action: 'x.old', at: old, detail: { z: 1, a: [1, { b: 'c' }] } }));
    for (let i = 0; i < 5; i++) await db.transaction((tx) => audit(tx, { actor: 'alice', role: 'secadmin', action: 'users.create', target: `user:u${i}`, detail: { i, 名: '张三' }, ip: '127.0.0.1' }));
    const v = await verifyAudit(db);
    assert.equal(v.ok, true);
    assert.equal(v.ok && v.lastSeq, 6);

    // the change fails when the audit append fails (same transaction)
    await assert.rejects(db.transaction(async (tx) => {
      await tx.query("INSERT INTO users (username, display_name, password_hash) VALUES ('ghost', 'g', 'x')");
      await audit(tx, { actor: 'x', action: 'y', detail: { bad: 1n as unknown as number } });
    }));
    assert.equal((await db.query("SELECT 1 FROM users WHERE username = 'ghost'")).rows.length, 0);

    // UPDATE / DELETE refused by the trigger
    await assert.rejects(db.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"), /append-only/);
    await assert.rejects(db.query('DELETE FROM audit_log WHERE seq = 3'), /append-only/);

    // checkpoint signed with SM2 verifies; a wrong key does not
    const keys = auditKeygen();
    const cp = await checkpoint(db, keys.privateKey);
    assert.equal(cp.seq, 6);
    assert.deepEqual(await verifyCheckpoint(db, cp, keys.publicKey), { ok: true });
    assert.equal((await verifyCheckpoint(db, cp, auditKeygen().publicKey)).ok, false);
    assert.equal((await verifyCheckpoint(db, { ...cp, seq: 5 }, keys.publicKey)).ok, false);

    // retention: nothing younger than 180 days
    await assert.rejects(purgeAudit(db, new Date(Date.now() - 10 * 86400_000), 'auditor'), AuditRetentionError);
    // a purge of old rows keeps the chain verifiable (anchor moves)
    const p = await purgeAudit(db, new Date(Date.now() - 190 * 86400_000), 'auditor');
    assert.equal(p.purged, 1);
    const v2 = await verifyAudit(db);
    assert.equal(v2.ok, true, JSON.stringify(v2));
    // the trigger itself refuses young rows even inside a purge
    await assert.rejects(db.transaction(async (tx) => {
      await tx.query("SELECT set_config('kaohe.audit_purge', 'on', true)");
      await tx.query('DELETE FROM audit_log WHERE seq = 4');
    }), /append-only/);

    // tampering (trigger disabled, as a DBA could) is found and named
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await db.query(`UPDATE audit_log SET detail = '{"i": 99}' WHERE seq = 4`);
    const bad = await verifyAudit(db);
    assert.deepEqual(bad.ok ? null : bad.badSeq, 4);
    assert.equal((await verifyCheckpoint(db, cp, keys.publicKey)).ok, true); // row 6 intact, but:
    await db.query('DELETE FROM audit_log WHERE seq = 5');
    await db.query(`UPDATE audit_log SET detail = '{"i": 2, "名": "张三"}' WHERE seq = 4`);
    const gone = await verifyAudit(db);
    assert.equal(gone.ok ? null : gone.badSeq, 5);
  } finally {
    await t.cleanup();
  }
});

test('canonical JSON sorts keys at every level', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":2,"y":1}]},"b":1}');
});
