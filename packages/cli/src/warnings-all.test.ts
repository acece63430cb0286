/** Issue 11 items 5 and 8: `kaohe warnings --json` returns every warning (no 10 000 cap) and drains through a pipe. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDb } from '@kaohe/store';
import { createTestLocation } from '@kaohe/store/testing';

const BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url));
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

test('warnings --json: 10 500 warnings all arrive through a pipe (more than 1 MB), total agrees', async () => {
  const loc = await createTestLocation();
  after(() => loc.drop());
  const db = await openDb({ databaseUrl: loc.databaseUrl, dbDir: loc.dbDir });
  // cheap rows straight into the table: 10 500 > the old cap of 10 000; 500 of them cleared (not listed by default)
  await db.exec(`INSERT INTO warnings (region_code, agency_id, case_id, rule, status, due_on, code, as_of, state)
    SELECT '330100', '330100-SCJG', 'SJ-' || lpad(i::text, 6, '0'), 'cn.apl.61.service', 'violated',
           DATE '2026-03-01' + (i % 200), 'test.code', DATE '2026-11-26', CASE WHEN i > 10500 THEN 'cleared' ELSE 'open' END
    FROM generate_series(1, 11000) AS i`);
  await db.close();
  const where = loc.databaseUrl ?? loc.dbDir;
  const parse = `${q(process.execPath)} -e 'let b=[],n=0;process.stdin.on("data",c=>{n+=c.length;b.push(c)}).on("end",()=>{const j=JSON.parse(Buffer.concat(b));console.log(JSON.stringify({bytes:n,total:j.total,n:j.warnings.length,ids:new Set(j.warnings.map(w=>w.id)).size,first:j.warnings[0].dueOn}))})'`;
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${q(process.execPath)} ${q(BIN)} warnings --json --db ${q(where)} | ${parse}`],
    { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as { bytes: number; total: number; n: number; ids: number; first: string };
  assert.equal(got.total, 10_500, 'the 10 500 not cleared');
  assert.equal(got.n, 10_500, 'every one listed, none cut at 10 000');
  assert.equal(got.ids, 10_500, 'no warning twice across pages');
  assert.equal(got.first, '2026-03-01', 'sorted by due day: i = 200, 400, … fall on 1 March (i % 200 = 0)');
  assert.ok(got.bytes > 1024 * 1024, `${got.bytes} bytes`);
});
