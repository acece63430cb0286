import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER, type TestDb } from '@kaohe/store/testing';
import { importFiles, type ImportOptions } from './import.ts';
import { status } from './status.ts';
import { jsonlReader, writeJsonl, writeCases, caseDoc, registries, AGENCY } from './import-testkit.ts';

let t: TestDb;
let dir: string;
before(async () => {
  t = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'kaohe-import-'));
});
after(async () => {
  await t?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});
const opts = (extra: Partial<ImportOptions> = {}): ImportOptions => ({ user: 'tester', cipher: TEST_CIPHER, readFile: jsonlReader, ...extra });

test('a case whose events come in a later batch; unregistered refs flagged, then cleared by registration', async () => {
  const { db } = t;
  // a case document without events, its events in a later event-only document, and an event-only document first
  const doc = caseDoc(900001);
  const { events, ...bare } = doc;
  const f1 = writeJsonl(join(dir, 'a.jsonl'), [{ ...bare, events: [] }, { schema: 'kaohe.case/v1', id: 'EO-1', agency: AGENCY, events: [events[0]] }]);
  const r1 = await importFiles(db, [f1], opts());
  assert.equal(r1.status, 'committed');
  assert.deepEqual(r1.counts.cases, { inserted: 2, updated: 0, unchanged: 0 });
  let c = (await db.query<{ flags: string[]; stub: boolean }>('SELECT flags, stub FROM cases WHERE case_id = $1', [doc.id])).rows[0]!;
  assert.deepEqual([...c.flags].sort(), ['unregistered-agency', 'unregistered-item', 'unregistered-person']);
  const s1 = await status(db);
  assert.deepEqual(s1.unregistered, { agencies: 1, items: 1, people: 3 });

  const seen: unknown[] = [];
  const f2 = writeJsonl(join(dir, 'b.jsonl'), [...registries(), { schema: 'kaohe.case/v1', id: doc.id, agency: AGENCY, events }]);
  const r2 = await importFiles(db, [f2], opts({ onCasesChanged: (k) => void seen.push(...k) }));
  assert.equal(r2.status, 'committed');
  assert.deepEqual(r2.counts.events, { inserted: 4, unchanged: 0 });
  assert.deepEqual(r2.counts.cases, { inserted: 0, updated: 0, unchanged: 1 }); // event-only: the case document stays
  assert.equal(r2.counts.agencies.inserted, 1);
  assert.equal(r2.counts.calendars.inserted, 1);
  assert.deepEqual(seen, [{ agency: AGENCY, caseId: doc.id }]);
  const row = (await db.query<{ flags: string[]; opened_on: string; decided_on: string; party: object; penalty: { fine: number } }>(
    'SELECT flags, opened_on, decided_on, party, penalty FROM cases WHERE case_id = $1', [doc.id])).rows[0]!;
  assert.deepEqual(row.flags, ['unregistered-person']); // P0102 is not registered
  assert.equal(row.opened_on, '2026-03-09'); // 23:30 +08:00
  assert.equal(row.decided_on, '2026-04-30'); // 17:00Z is 01:00 the next day in Shanghai
  assert.equal(row.penalty.fine, 20000);
  const s2 = await status(db);
  assert.deepEqual(s2.unregistered, { agencies: 0, items: 0, people: 1 });

  // the stub becomes a full case when its document arrives
  c = (await db.query<{ flags: string[]; stub: boolean }>('SELECT flags, stub FROM cases WHERE case_id = $1', ['EO-1'])).rows[0]!;
  assert.equal(c.stub, true);
  const f3 = writeJsonl(join(dir, 'c.jsonl'), [{ ...caseDoc(1), id: 'EO-1' }]);
  const r3 = await importFiles(db, [f3], opts());
  assert.deepEqual(r3.counts.cases, { inserted: 0, updated: 1, unchanged: 0 });
  assert.deepEqual(r3.counts.events, { inserted: 3, unchanged: 1 });
  c = (await db.query<{ flags: string[]; stub: boolean }>('SELECT flags, stub FROM cases WHERE case_id = $1', ['EO-1'])).rows[0]!;
  assert.equal(c.stub, false);
});

test('personal data is stored encrypted, with a keyed lookup index', async () => {
  const { db } = t;
  const doc = caseDoc(777);
  const r = (await db.query<{ party: Record<string, unknown>; party_id_enc: Uint8Array; party_id_idx: string; party_phone_enc: Uint8Array }>(
    'SELECT party, party_id_enc, party_id_idx, party_phone_enc FROM cases WHERE case_id = $1', ['EO-1'])).rows[0]!;
  assert.equal(r.party.idNumber, undefined);
  assert.equal(r.party.phone, undefined);
  assert.equal(r.party.name, '李四');
  const plain = caseDoc(1).party!.idNumber!;
  assert.equal(TEST_CIPHER.decrypt(r.party_id_enc), plain);
  assert.equal(TEST_CIPHER.decrypt(r.party_phone_enc), '13800000000');
  assert.equal(r.party_id_idx, TEST_CIPHER.index(plain));
  assert.ok(!Buffer.from(r.party_id_enc).includes(Buffer.from(plain)));
  // nowhere in the row's text form, nor in the person's
  const raw = await db.query<{ t: string }>("SELECT c::text AS t FROM cases c WHERE case_id = 'EO-1' UNION ALL SELECT p::text FROM people p WHERE code = 'P0101'");
  for (const x of raw.rows) {
    assert.ok(!x.t.includes(plain) && !x.t.includes('330102199001011234') && !x.t.includes('13800000000'), x.t);
  }
  const p = (await db.query<{ id_number_enc: Uint8Array; id_number_idx: string }>("SELECT id_number_enc, id_number_idx FROM people WHERE code = 'P0101'")).rows[0]!;
  assert.equal(TEST_CIPHER.decrypt(p.id_number_enc), '330102199001011234');
  const found = await db.query('SELECT code FROM people WHERE id_number_idx = $1', [TEST_CIPHER.index('330102199001011234')]);
  assert.equal(found.rowCount, 1);
  void doc;
});

test('all or nothing: 10 000 cases with one bad record are rejected and nothing is written', async () => {
  const { db } = t;
  const before = await status(db);
  const f = await writeCases(join(dir, 'big-bad.jsonl'), 10_000, { from: 10_000, badAt: 17_500 });
  const r = await importFiles(db, [f], opts());
  assert.equal(r.status, 'rejected');
  assert.equal(r.errorCount, 1);
  assert.equal(r.errors[0]!.line, 5 + 7_500 + 1);
  assert.equal(r.errors[0]!.code, 'value.invalid');
  const after = await status(db);
  assert.deepEqual({ ...after, batches: 0 }, { ...before, batches: 0 });
  assert.equal(after.batches, before.batches + 1);
  const b = (await db.query<{ status: string; errors: unknown[]; error_count: number; by_user: string; sha256: string }>(
    'SELECT status, errors, error_count, by_user, sha256 FROM import_batches WHERE id = $1', [r.batchId])).rows[0]!;
  assert.equal(b.status, 'rejected');
  assert.equal(b.error_count, 1);
  assert.equal(b.by_user, 'tester');
  assert.match(b.sha256, /^[0-9a-f]{64}$/);
  assert.equal((b.errors[0] as { line: number }).line, 7_506);
});

test('re-import is idempotent; a changed case is updated, events are not duplicated', async () => {
  const { db } = t;
  const f = await writeCases(join(dir, 'ok.jsonl'), 2_000, { from: 20_000 });
  const r1 = await importFiles(db, [f], opts());
  assert.equal(r1.status, 'committed');
  assert.deepEqual(r1.counts.cases, { inserted: 2_000, updated: 0, unchanged: 0 });
  assert.deepEqual(r1.counts.events, { inserted: 8_000, unchanged: 0 });
  const s1 = await status(db);
  const r2 = await importFiles(db, [f], opts());
  assert.deepEqual(r2.counts.cases, { inserted: 0, updated: 0, unchanged: 2_000 });
  assert.deepEqual(r2.counts.events, { inserted: 0, unchanged: 8_000 });
  assert.deepEqual(r2.counts.agencies, { inserted: 0, updated: 0, unchanged: 1 });
  assert.equal(r2.changedCases, 0);
  const s2 = await status(db);
  assert.deepEqual({ ...s2, batches: 0 }, { ...s1, batches: 0 });

  // one case changed, one new event on another, the same case twice in a batch (the last wins)
  const changed = caseDoc(20_005, 1);
  const moreEvents = { ...caseDoc(20_006), events: [...caseDoc(20_006).events, { id: 'e5', type: 'decision.served', at: '2026-05-08T10:00:00+08:00', method: 'direct' }] };
  const f3 = writeJsonl(join(dir, 'upd.jsonl'), [caseDoc(20_005, 7), changed, moreEvents]);
  const r3 = await importFiles(db, [f3], opts());
  assert.deepEqual(r3.counts.cases, { inserted: 0, updated: 1, unchanged: 1 });
  assert.deepEqual(r3.counts.events, { inserted: 1, unchanged: 8 });
  assert.equal(r3.changedCases, 2);
  const fine = (await db.query<{ fine: number }>("SELECT (penalty->>'fine')::int AS fine FROM cases WHERE case_id = $1", [changed.id])).rows[0]!;
  assert.equal(fine.fine, 20_001);
  const batches = await db.query<{ status: string }>('SELECT status FROM import_batches WHERE id = ANY($1::bigint[]) ORDER BY id', [[r1.batchId, r2.batchId, r3.batchId]]);
  assert.deepEqual(batches.rows.map((x) => x.status), ['committed', 'committed', 'committed']);
});

test('a missing file fails before anything is recorded', async () => {
  const n = (await status(t.db)).batches;
  await assert.rejects(importFiles(t.db, [join(dir, 'nope.jsonl')], opts()), /ENOENT/);
  assert.equal((await status(t.db)).batches, n);
});

test('the merge gives the same database whether the batch has duplicates (deduplicating path) or not (fast path)', async () => {
  const [one, other] = [await createTestDb(), await createTestDb()];
  try {
    const P = (code: string) => ({ schema: 'kaohe.person/v1', code, name: code, agency: AGENCY, posts: ['handler'] });
    const evOnly = (i: number, events: object[]) => ({ schema: 'kaohe.case/v1', id: caseDoc(i).id, agency: AGENCY, events });
    // batch 1: P0102 (a handler) unregistered; case 31 only by events, one actor unknown; an unregistered agency
    const b1 = [
      ...registries(), ...Array.from({ length: 30 }, (_, k) => caseDoc(k + 1)),
      evOnly(31, [{ id: 'x1', type: 'case.opened', at: '2026-03-01T23:30:00+08:00', by: ['P0999'] }]),
      { ...caseDoc(32), agency: '440300-XXX' },
    ];
    // batch 2: a changed case, new events for an existing case and the stub, the missing people registered
    const b2 = [
      caseDoc(3, 1), evOnly(5, [{ id: 'e9', type: 'case.opened', at: '2026-01-02T08:00:00+08:00' }]),
      evOnly(31, [{ id: 'x2', type: 'decision.made', at: '2026-04-01T10:00:00+08:00', by: ['P0190'] }]), P('P0102'), P('P0999'),
      ...Array.from({ length: 5 }, (_, k) => caseDoc(k + 10)),
    ];
    // the same batches with a record repeated: the slow path
    const dup = (b: object[], i: number) => [...b, b[i]!];
    const runs = [
      { db: one.db, batches: [b1, b2] },
      { db: other.db, batches: [dup(b1, registries().length + 6), dup(b2, 0)] },
    ];
    const results: unknown[][] = [[], []];
    for (const [n, run] of runs.entries()) {
      for (const [k, b] of run.batches.entries()) {
        const r = await importFiles(run.db, [writeJsonl(join(dir, `eq-${n}-${k}.jsonl`), b)], opts());
        assert.equal(r.status, 'committed');
        results[n]!.push({ counts: r.counts, changed: r.changedCases });
      }
    }
    assert.deepEqual(results[0], results[1]);
    const ids = Array.from({ length: 32 }, (_, k) => caseDoc(k + 1).id);
    const snapshot = async (db: TestDb['db']) => ({
      cases: (await db.query(
        `SELECT region_code, agency_id, case_id, domain, procedure, party, party_id_idx, violation, item_code, major, complex, staff, staff_codes,
                penalty, extra, opened_on, decided_on, flags, stub, content_hash, party_id_enc IS NULL AS no_id
           FROM cases WHERE case_id = ANY($1::text[]) ORDER BY agency_id, case_id`, [ids])).rows,
      events: (await db.query(
        `SELECT region_code, agency_id, case_id, event_id, type, at, local_date, by, records, attrs FROM events
          WHERE case_id = ANY($1::text[]) ORDER BY agency_id, case_id, event_id`, [ids])).rows,
    });
    const [s0, s1] = [await snapshot(one.db), await snapshot(other.db)];
    assert.deepEqual(s0, s1);
    const c31 = (s0.cases as { case_id: string; opened_on: string; decided_on: string; flags: string[]; stub: boolean }[]).find((c) => c.case_id === ids[30])!;
    assert.deepEqual([c31.stub, c31.opened_on, c31.decided_on, c31.flags], [true, '2026-03-01', '2026-04-01', []]);
    const c5 = (s0.cases as { case_id: string; opened_on: string }[]).find((c) => c.case_id === ids[4])!;
    assert.equal(c5.opened_on, '2026-01-02');
    const c32 = (s0.cases as { case_id: string; flags: string[]; region_code: string }[]).find((c) => c.case_id === ids[31])!;
    assert.deepEqual([c32.flags, c32.region_code], [['unregistered-agency'], '440300']);
  } finally {
    await one.cleanup();
    await other.cleanup();
  }
});
