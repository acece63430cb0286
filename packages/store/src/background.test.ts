import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb } from './testing.ts';

test('background statements yield to interactive ones (PGlite); on PostgreSQL the pool runs both', async () => {
  const t = await createTestDb();
  try {
    const bg = t.db.background();
    if (t.db.kind === 'postgres') {
      assert.equal(bg, t.db);
      return;
    }
    const order: string[] = [];
    const run = Promise.all([1, 2, 3, 4].map((i) => bg.query('SELECT pg_sleep(0.05)').then(() => order.push(`bg${i}`))));
    await new Promise((r) => setImmediate(r));
    const page = t.db.query('SELECT 1 AS one').then((r) => order.push(`page=${r.rows[0]!.one}`));
    await Promise.all([run, page]);
    // the page's query waits for at most the background statement already running, never for the whole run
    assert.deepEqual(order, ['bg1', 'page=1', 'bg2', 'bg3', 'bg4']);
    // background statements still see committed data and report errors
    await assert.rejects(bg.query('SELECT * FROM no_such_table'), /no_such_table/);
  } finally {
    await t.cleanup();
  }
});
