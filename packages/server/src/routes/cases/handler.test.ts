import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';
import { verifyAudit } from '@kaohe/store';
import { safeCell } from '../../xlsx.ts';

let h: Harness;
let sup: Client;
let officer: Client;
before(async () => {
  h = await harness();
  const q = (sql: string, p: unknown[]) => h.db.query(sql, p);
  for (const [agency, region, id, name, staff, at] of [
    ['A1', '330102', 'C-1', '=HYPERLINK("http://x")', 'P1', '2026-01-05'],
    ['A1', '330102', 'C-2', '王小明', 'P2', '2026-02-05'],
    ['A9', '440101', 'C-9', '赵六', 'P9', '2026-01-07'],
  ] as const) {
    await q(`INSERT INTO cases (region_code, agency_id, case_id, domain, procedure, party, party_id_enc, staff, staff_codes, opened_on, penalty, content_hash)
      VALUES ($1,$2,$3,'market','general',$4,$5,$6,$7,$8,$9,'h')`,
      [region, agency, id, JSON.stringify({ type: 'person', name, address: '浙江省杭州市西湖区文三路 1 号' }), TEST_CIPHER.encrypt('330102199001011234'), JSON.stringify({ handlers: [staff] }), [staff], at, JSON.stringify({ kinds: ['fine'], fine: 500 })]);
    for (const [eid, type, t] of [['e2', 'decision.made', `${at}T15:00:00+08:00`], ['e1', 'case.opened', `${at}T09:00:00+08:00`]]) {
      await q(`INSERT INTO events (region_code, agency_id, case_id, event_id, type, at, local_date) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [region, agency, id, eid, type, t, at]);
    }
  }
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  officer = await signedIn(h, { roles: ['officer'], agency: 'A1', personCode: 'P1' });
});
after(async () => { await h.close(); });

test('list: scoped, filtered, sorted, party masked, no ID number', async () => {
  const r = (await sup.get('/cases?sort=openedOn&order=desc')).json();
  assert.deepEqual(r.items.map((c: { id: string }) => c.id), ['C-2', 'C-1']);
  assert.equal(r.total, 2);
  assert.equal(r.items[0].party.name, '王某');
  assert.ok(!JSON.stringify(r).includes('330102199001011234'));
  assert.deepEqual((await sup.get('/cases?from=2026-02-01')).json().items.map((c: { id: string }) => c.id), ['C-2']);
  assert.deepEqual((await sup.get('/cases?q=C-1')).json().total, 1);
  assert.deepEqual((await officer.get('/cases')).json().items.map((c: { id: string }) => c.id), ['C-1']);
  assert.equal((await sup.get('/cases?bogus=1')).statusCode, 400);
});

test('detail: events in time order, other region 404', async () => {
  const d = (await sup.get('/cases/A1/C-2')).json();
  assert.deepEqual(d.events.map((e: { type: string }) => e.type), ['case.opened', 'decision.made']);
  assert.equal((await sup.get('/cases/A9/C-9')).json().error.id, 'not-found');
  assert.equal((await officer.get('/cases/A1/C-2')).statusCode, 404);
});

test('reveal: reason required, decrypts, audited', async () => {
  assert.equal((await sup.post('/cases/A1/C-2/reveal', {})).statusCode, 400);
  const r = await sup.post('/cases/A1/C-2/reveal', { reason: '复核当事人身份' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().idNumber, '330102199001011234');
  assert.equal(r.json().name, '王小明');
  const a = await h.db.query<{ target: string; detail: unknown }>("SELECT target, detail FROM audit_log WHERE action = 'case.reveal'");
  assert.equal(a.rows[0]!.target, 'case:A1/C-2');
  assert.equal((await sup.post('/cases/A9/C-9/reveal', { reason: '越权尝试测试' })).statusCode, 404);
  assert.equal((await verifyAudit(h.db)).ok, true);
});

test('xlsx export: formula-safe cells, audited', async () => {
  const r = await sup.get('/cases?format=xlsx');
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const cells: unknown[] = [];
  ws.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
  assert.ok(cells.includes("'=***"), JSON.stringify(cells)); // the masked party name still starts with =
  assert.ok(!cells.some((c) => typeof c === 'object' && c !== null && 'formula' in c));
  const a = await h.db.query("SELECT 1 FROM audit_log WHERE action = 'export' AND target = '/cases'");
  assert.equal(a.rows.length, 1);
});

test('safeCell neutralises formula prefixes', () => {
  assert.deepEqual(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'ok', 5].map(safeCell), ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", 'ok', 5]);
});

test('list: status filter, totals on a page and past the last page (one statement per page)', async () => {
  // seeded: C-1 and C-2 in the supervisor's region (330100), neither with a case.closed event; C-1 gets one here
  await h.db.query(`INSERT INTO events (region_code, agency_id, case_id, event_id, type, at, local_date) VALUES ('330102', 'A1', 'C-1', 'e9', 'case.closed', '2026-01-20T09:00:00+08:00', '2026-01-20')`);
  const closed = (await sup.get('/cases?status=closed')).json();
  assert.deepEqual([closed.items.map((c: { id: string; status: string }) => `${c.id}:${c.status}`), closed.total], [['C-1:closed'], 1]);
  // no decided_on on either: C-2 is open
  const open = (await sup.get('/cases?status=open')).json();
  assert.deepEqual([open.items.map((c: { id: string }) => c.id), open.total], [['C-2'], 1]);
  // pageSize 1: two pages of one; page 3 is past the end, yet the total is still 2
  const p2 = (await sup.get('/cases?pageSize=1&page=2&sort=id')).json();
  assert.deepEqual([p2.items.map((c: { id: string }) => c.id), p2.total], [['C-2'], 2]);
  const p3 = (await sup.get('/cases?pageSize=1&page=3')).json();
  assert.deepEqual([p3.items.length, p3.total], [0, 2]);
  assert.deepEqual((await sup.get('/cases?pageSize=1&page=2&status=closed')).json().total, 1);
  await h.db.query(`DELETE FROM events WHERE case_id = 'C-1' AND event_id = 'e9'`);
});
