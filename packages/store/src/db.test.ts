import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, createTestLocation, type TestDb } from './testing.ts';
import { openDb } from './open.ts';
import { migrate, loadMigrations } from './migrate.ts';
import { dayOf, isoOf, jsonOf, num } from './db.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(async () => {
  await t?.cleanup();
});

test('migrations: all applied once, re-running is a no-op', async () => {
  const all = loadMigrations().map((m) => m.version);
  const { rows } = await t.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(rows.map((r) => r.version), all);
  assert.deepEqual(await migrate(t.db), []);
  assert.deepEqual(await migrate(t.db), []);
});

test('a changed migration is refused', async () => {
  const ms = loadMigrations();
  ms[0] = { ...ms[0]!, checksum: 'x' };
  await assert.rejects(migrate(t.db, ms), /changed after it was applied/);
});

test('count(*) is a number on both adapters; dates are strings', async () => {
  const r = await t.db.query<{ n: unknown; d: unknown; big: unknown }>("SELECT count(*) AS n, DATE '2026-02-01' AS d, 9007199254740993::int8 AS big FROM generate_series(1, 3)");
  assert.equal(r.rows[0]!.n, 3);
  assert.equal(r.rows[0]!.d, '2026-02-01');
  assert.equal(r.rows[0]!.big, '9007199254740993'); // beyond 2^53: kept exact as a string
  assert.equal(num('12'), 12);
});

test('dayOf, isoOf, jsonOf read date, timestamptz and jsonb columns alike on both adapters', async () => {
  const r = await t.db.query<Record<string, unknown>>(
    `SELECT DATE '2026-10-08' AS d, TIMESTAMPTZ '2026-10-08T09:30:00+08:00' AS ts, '{"a":[1,"x"]}'::jsonb AS j, NULL::jsonb AS nj, NULL::date AS nd`);
  const row = r.rows[0]!;
  assert.equal(dayOf(row.d), '2026-10-08');
  assert.equal(isoOf(row.ts), '2026-10-08T01:30:00.000Z');
  assert.deepEqual(jsonOf(row.j), { a: [1, 'x'] });
  assert.deepEqual(jsonOf('{"b":2}'), { b: 2 });
  assert.equal(jsonOf(row.nj), null);
  assert.equal(dayOf(row.nd), null);
  assert.equal(isoOf(null), null);
});

test('copyRows: tricky values survive COPY / batched INSERT', async () => {
  const rows: unknown[][] = [
    ["tab\there\nnew\\line 'q' \"dq\" 中文", ['a"b', 'c,d', '{x}', null, 'NULL'], { k: "v'\n\\", n: [1, 2] }, Buffer.from([0, 1, 92, 255]), 5, true, '2026-01-02', '2026-03-02T09:10:00+08:00'],
    [null, [], null, null, null, false, null, null],
    ['\\N', null, JSON.stringify([1, 'x']), new Uint8Array([]), -1.5, null, null, new Date('2026-01-01T00:00:00Z')],
  ];
  const got = await t.db.transaction(async (tx) => {
    await tx.exec('CREATE TEMP TABLE s (a text, b text[], c jsonb, d bytea, e float8, f boolean, g date, h timestamptz) ON COMMIT DROP');
    const n = await tx.copyRows('s', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], (async function* () {
      yield* rows;
    })());
    assert.equal(n, 3);
    return (await tx.query<Record<string, unknown>>('SELECT * FROM s ORDER BY e NULLS FIRST')).rows;
  });
  const [r1, r0, r2] = [got[2]!, got[0]!, got[1]!];
  assert.equal(r1.a, rows[0]![0]);
  assert.deepEqual(r1.b, rows[0]![1]);
  assert.deepEqual(r1.c, rows[0]![2]);
  assert.deepEqual([...(r1.d as Uint8Array)], [0, 1, 92, 255]);
  assert.equal(r1.f, true);
  assert.equal(r1.g, '2026-01-02');
  assert.equal(r1.h, '2026-03-02T01:10:00.000Z'); // no Date object leaves the store
  assert.equal(r0.a, null);
  assert.deepEqual(r0.b, []);
  assert.equal(r2.a, '\\N');
  assert.deepEqual(r2.c, [1, 'x']);
});

test('transactions: rollback on throw, nested calls join, an aborted transaction does not commit', async () => {
  const db = t.db;
  await db.exec('CREATE TABLE IF NOT EXISTS tx_probe (k int PRIMARY KEY)');
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (1)');
      await db.transaction(async (inner) => inner.query('INSERT INTO tx_probe VALUES (2)'));
      await db.query('INSERT INTO tx_probe VALUES (3)'); // db.* inside a transaction joins it
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal(num((await db.query<{ n: number }>('SELECT count(*) AS n FROM tx_probe')).rows[0]!.n), 0);
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (1)');
      await tx.query('INSERT INTO tx_probe VALUES (1)').catch(() => undefined); // swallowed error
    }),
    (e: Error & { code?: string }) => e.code === '25P02',
  );
  assert.equal(num((await db.query<{ n: number }>('SELECT count(*) AS n FROM tx_probe')).rows[0]!.n), 0);
  await db.transaction(async (tx) => tx.query('INSERT INTO tx_probe VALUES (4)'));
  assert.equal(num((await db.query<{ n: number }>('SELECT count(*) AS n FROM tx_probe')).rows[0]!.n), 1);
  const e = await db.query('SELECT nope FROM tx_probe').catch((x: unknown) => x as Error & { code?: string });
  assert.equal((e as { code?: string }).code, '42703');
});

test('while a transaction is open, other callers wait for it and do not see its rows', async () => {
  const db = t.db;
  await db.exec('CREATE TABLE IF NOT EXISTS tx_wait (k int)');
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const order: string[] = [];
  const txp = db.transaction(async (tx) => {
    await tx.query('INSERT INTO tx_wait VALUES (1)');
    order.push('tx-inserted');
    await gate;
    order.push('tx-commit');
  });
  await new Promise((r) => setTimeout(r, 50));
  const outside = db.query<{ n: number }>('SELECT count(*) AS n FROM tx_wait').then((r) => {
    order.push('outside');
    return r.rows[0]!.n;
  });
  await new Promise((r) => setTimeout(r, 100));
  release();
  await txp;
  const n = await outside;
  if (db.kind === 'pglite') {
    assert.deepEqual(order, ['tx-inserted', 'tx-commit', 'outside']);
    assert.equal(n, 1);
  } else {
    assert.equal(n, 0); // another connection: read committed, does not wait
  }
});

test('snapshot: one state of the data for a whole read-only run (PostgreSQL); background statements on PGlite', async () => {
  const db = t.db;
  await db.exec('CREATE TABLE IF NOT EXISTS snap_probe (k int)');
  await db.query('INSERT INTO snap_probe VALUES (1)');
  const count = async (q: { query: typeof db.query }) => num((await q.query<{ n: number }>('SELECT count(*) AS n FROM snap_probe')).rows[0]!.n);
  const seen = await db.snapshot(async (q) => {
    const first = await count(q);
    await db.transaction(async (tx) => tx.query('INSERT INTO snap_probe VALUES (2)')); // a batch commits mid-run
    return [first, await count(q)];
  });
  // PostgreSQL: the run's second statement still sees what its first saw; PGlite (documented): it sees the batch
  assert.deepEqual(seen, db.kind === 'postgres' ? [1, 1] : [1, 2]);
  assert.equal(await count(db), 2);
  if (db.kind === 'postgres') {
    await assert.rejects(db.snapshot((q) => q.query('INSERT INTO snap_probe VALUES (3)')), /read-only/);
    assert.equal(await count(db), 2);
  }
});

test('the main event loop keeps running during a long query', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const t0 = Date.now();
  await t.db.query('SELECT count(*) FROM generate_series(1, 2000000)');
  clearInterval(timer);
  const ms = Date.now() - t0;
  if (ms > 200) assert.ok(ticks >= (ms / 10) * 0.3, `${ticks} ticks in ${ms} ms`);
});

test('two openers at once: migrations applied exactly once (PostgreSQL) / second PGlite opener refused', async () => {
  const loc = await createTestLocation();
  try {
    if (loc.databaseUrl) {
      const [a, b] = await Promise.all([openDb({ ...loc, migrate: false }), openDb({ ...loc, migrate: false })]);
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      assert.deepEqual([...ra, ...rb].sort((x, y) => x - y), loadMigrations().map((m) => m.version));
      await Promise.all([a.close(), b.close()]);
    } else {
      const a = await openDb(loc);
      await assert.rejects(openDb(loc), /already open|in use/);
      await a.close();
      const b = await openDb(loc); // released on close
      assert.deepEqual(await migrate(b), []);
      await b.close();
    }
  } finally {
    await loc.drop();
  }
});
