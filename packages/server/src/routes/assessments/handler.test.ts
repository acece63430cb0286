import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { generateDataset, importBatch } from '@kaohe/app';
import { verifyAudit } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';

let h: Harness;
let sup: Client, districtSup: Client, admin: Client, officer: Client, otherAdmin: Client;
let handler: string;

before(async () => {
  h = await harness();
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-assess-api-'));
  await generateDataset({ out: dir, cases: 400, seed: 3, year: 2026 });
  const r = await importBatch(h.db, ['agencies', 'people', 'items', 'calendar', 'cases', 'records'].map((f) => join(dir, `${f}.jsonl`)), { user: 't', cipher: TEST_CIPHER, asOf: '2026-12-31' });
  assert.equal(r.status, 'committed');
  handler = (await h.db.query<{ h: string }>(`SELECT c.staff->'handlers'->>0 AS h FROM cases c WHERE agency_id = '330102-SCJG' AND decided_on IS NOT NULL ORDER BY case_id LIMIT 1`)).rows[0]!.h;
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  districtSup = await signedIn(h, { roles: ['supervisor'], region: '330105' });
  admin = await signedIn(h, { roles: ['agency-admin'], agency: '330102-SCJG' });
  otherAdmin = await signedIn(h, { roles: ['agency-admin'], agency: '330105-SCJG' });
  officer = await signedIn(h, { roles: ['officer'], agency: '330102-SCJG', personCode: handler });
});
after(async () => { await h.close(); });

test('POST /assessments: preview (not stored), validation, scope', async () => {
  const p = await sup.post('/assessments', { period: '2026H1', asOf: '2026-12-31', scope: '330100' });
  assert.equal(p.statusCode, 200, p.body);
  const body = p.json();
  assert.equal(body.run.id, null);
  assert.equal(body.run.set, 'cn-2026Q2');
  assert.match(body.run.hash, /^[0-9a-f]{64}$/);
  assert.ok(body.departments.length > 50);
  assert.ok(body.departments[0].indicators.length > 10);
  assert.equal(body.definition, undefined);
  const again = (await sup.post('/assessments', { period: '2026H1', asOf: '2026-12-31', scope: '330100' })).json();
  assert.equal(again.run.hash, body.run.hash);
  assert.equal((await h.db.query('SELECT 1 FROM assessment_runs')).rows.length, 0);
  assert.equal((await sup.post('/assessments', { period: '2026Q5', scope: '330100' })).statusCode, 400);
  for (const asOf of ['2026-13-01', '2026-02-30']) assert.equal((await sup.post('/assessments', { period: '2026', asOf, scope: '330100' })).json().error.id, 'validation', asOf);
  assert.equal((await sup.post('/assessments', { period: '2026', scope: '330100', set: 'cn-1999Q1' })).json().error.id, 'validation');
  assert.equal((await sup.post('/assessments', { period: '2026', scope: '440100' })).statusCode, 404, 'outside the supervisor’s region');
  assert.equal((await districtSup.post('/assessments', { period: '2026', scope: '330102-SCJG' })).statusCode, 404);
  assert.equal((await admin.post('/assessments', { period: '2026', scope: '330102-SCJG' })).statusCode, 403);
});

test('publish, then scoped reads: supervisor all, a department its own line, an officer his own individual line', async () => {
  const pub = await sup.post('/assessments', { period: '2026', asOf: '2026-12-31', scope: '330100', publish: true });
  assert.equal(pub.statusCode, 200, pub.body);
  const run = pub.json().run;
  assert.ok(run.id > 0);
  assert.equal(run.published, true);
  const audit = await h.db.query<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'assessment.publish' AND target = $1`, [`assessment:${run.id}`]);
  assert.equal(audit.rows.length, 1);
  assert.equal((await verifyAudit(h.db)).ok, true);

  const list = (await sup.get('/assessments')).json();
  assert.equal(list.total, 1);
  assert.equal(list.items[0].hash, run.hash);
  assert.equal((await districtSup.get('/assessments')).json().items[0].departments < list.items[0].departments, true);

  const full = (await sup.get(`/assessments/${run.id}`)).json();
  assert.equal(full.departments.length, pub.json().departments.length);
  assert.equal(full.targets.region.length, 5);
  const mine = (await admin.get(`/assessments/${run.id}`)).json();
  assert.deepEqual(mine.departments.map((d: { agency: string }) => d.agency), ['330102-SCJG']);
  assert.deepEqual(mine.targets.region, []);
  assert.ok(mine.individuals.every((i: { agency: string }) => i.agency === '330102-SCJG'));
  assert.equal((await admin.get(`/assessments/latest?scope=330100`)).json().run.id, run.id);
  const own = (await officer.get(`/assessments/${run.id}`)).json();
  assert.deepEqual(own.individuals.map((i: { person: string }) => i.person), [handler]);
  assert.ok(own.posts.every((p: { person: string }) => p.person === handler));
  assert.equal((await sup.get('/assessments/999999')).statusCode, 404);
});

test('drill-down: the cases behind a figure, scoped; the officer sees only his own cases', async () => {
  const id = (await sup.get('/assessments')).json().items[0].id;
  const d = await admin.get(`/assessments/${id}/indicators/330102-SCJG/procedure.compliance`);
  assert.equal(d.statusCode, 200, d.body);
  const dd = d.json();
  assert.equal(dd.matches, true);
  assert.equal(dd.items.length, dd.n);
  assert.equal(dd.items.filter((i: { inNumerator: boolean }) => i.inNumerator).length, dd.x);
  assert.equal((await otherAdmin.get(`/assessments/${id}/indicators/330102-SCJG/procedure.compliance`)).statusCode, 404);
  assert.equal((await admin.get(`/assessments/${id}/indicators/330102-SCJG/no.such`)).statusCode, 404);
  const mineOnly = (await officer.get(`/assessments/${id}/indicators/330102-SCJG/procedure.compliance`)).json();
  assert.ok(mineOnly.items.length > 0 && mineOnly.items.length < dd.items.length);
  const cases = await h.db.query<{ case_id: string }>(`SELECT case_id FROM cases WHERE agency_id = '330102-SCJG' AND $1 = ANY(staff_codes)`, [handler]);
  const ownIds = new Set(cases.rows.map((r) => r.case_id));
  assert.ok(mineOnly.items.every((i: { caseId: string }) => ownIds.has(i.caseId)));
});

test('drill-down of a preview (not stored): the figure\'s cases, scoped like a published run', async () => {
  const q = 'period=2026&asOf=2026-12-31&scope=330100';
  const preview = (await sup.post('/assessments', { period: '2026', asOf: '2026-12-31', scope: '330100' })).json();
  const fig = preview.departments.find((d: { agency: string }) => d.agency === '330102-SCJG').indicators.find((i: { code: string }) => i.code === 'procedure.compliance');
  assert.ok(fig.n > 0);
  const r = await sup.get(`/assessments/preview/indicators/330102-SCJG/procedure.compliance?${q}`);
  assert.equal(r.statusCode, 200, r.body);
  const d = r.json();
  assert.equal(d.run, null);
  assert.deepEqual([d.n, d.x], [fig.n, fig.x]);
  assert.equal(d.items.length, fig.n);
  assert.equal(d.items.filter((i: { inNumerator: boolean }) => i.inNumerator).length, fig.x);
  assert.deepEqual(Object.keys(d.items[0]).sort(), ['caseId', 'day', 'inNumerator', 'ref'], 'no personal data');
  // a department: its own agency only; another department's figure is not found
  assert.deepEqual((await admin.get(`/assessments/preview/indicators/330102-SCJG/procedure.compliance?${q}`)).json().items, d.items);
  assert.equal((await otherAdmin.get(`/assessments/preview/indicators/330102-SCJG/procedure.compliance?${q}`)).statusCode, 404);
  assert.equal((await districtSup.get(`/assessments/preview/indicators/330102-SCJG/procedure.compliance?${q}`)).statusCode, 404);
  // the agency must lie in the preview's scope
  assert.equal((await sup.get('/assessments/preview/indicators/330102-SCJG/procedure.compliance?period=2026Q1&scope=330105')).statusCode, 404);
  // an officer: his own cases
  const own = (await officer.get(`/assessments/preview/indicators/330102-SCJG/procedure.compliance?${q}`)).json();
  assert.ok(own.items.length > 0 && own.items.length < d.items.length);
  assert.equal((await sup.get(`/assessments/preview/indicators/330102-SCJG/no.such?${q}`)).statusCode, 404);
  assert.equal((await sup.get('/assessments/preview/indicators/330102-SCJG/procedure.compliance?period=2026Q1&asOf=2025-01-01')).json().error.id, 'validation');
});

test('XLSX export of the individual results (公务员年度考核), audited', async () => {
  const id = (await sup.get('/assessments')).json().items[0].id;
  const r = await admin.get(`/assessments/${id}?format=xlsx`);
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('个人绩效考评')!;
  assert.equal(ws.getRow(1).getCell(7).value, '考评等次');
  assert.ok(ws.rowCount > 1);
  ws.eachRow((row, n) => { if (n > 1) assert.equal(String(row.getCell(4).value).length > 0, true); });
  const a = await h.db.query(`SELECT 1 FROM audit_log WHERE action = 'export' AND target = $1`, [`assessment:${id}`]);
  assert.equal(a.rows.length, 1);
});

test('the evaluator gets officers\' names masked in assessment results, JSON and XLSX alike (as /people masks them)', async () => {
  const evaluator = await signedIn(h, { roles: ['evaluator'], region: '330100' });
  const id = (await sup.get('/assessments')).json().items[0].id;
  const full = (await sup.get(`/assessments/${id}`)).json();
  const named = full.individuals.filter((i: { name: string | null }) => i.name);
  assert.ok(named.length > 10);
  // the supervisor's answer has full names; the evaluator's the same lines with surname + 某 (张三丰 → 张某)
  const ev = (await evaluator.get(`/assessments/${id}`)).json();
  const byPerson = new Map(ev.individuals.map((i: { person: string; name: string | null }) => [i.person, i.name]));
  for (const i of named as { person: string; name: string }[]) {
    const masked = byPerson.get(i.person) as string;
    assert.ok(masked.endsWith('某') && masked !== i.name && i.name.startsWith(masked.slice(0, -1)), `${i.name} → ${masked}`);
  }
  assert.ok(!ev.posts.some((p: { name: string | null }) => p.name && !p.name.endsWith('某')));
  const x = await evaluator.get(`/assessments/${id}?format=xlsx`);
  assert.equal(x.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('个人绩效考评')!;
  const names: string[] = [];
  ws.eachRow((row, n) => { if (n > 1 && row.getCell(2).value) names.push(String(row.getCell(2).value)); });
  assert.ok(names.length > 10);
  assert.ok(names.every((n) => n.endsWith('某')), names.slice(0, 5).join(','));
  const fullNames = new Set((named as { name: string }[]).map((i) => i.name));
  assert.ok(!names.some((n) => fullNames.has(n) && !n.endsWith('某')));
});

test('a role that sees masked names cannot search people or cases by a full name', async () => {
  const evaluator = await signedIn(h, { roles: ['evaluator'], region: '330100' });
  const p = (await h.db.query<{ code: string; name: string; credential_number: string | null }>(`SELECT code, name, credential_number FROM people WHERE agency_id = '330102-SCJG' ORDER BY code LIMIT 1`)).rows[0]!;
  // the supervisor finds the officer by name; the evaluator does not (by name, nor by its first character) …
  assert.ok((await sup.get(`/people?q=${encodeURIComponent(p.name)}`)).json().total >= 1);
  assert.equal((await evaluator.get(`/people?q=${encodeURIComponent(p.name)}`)).json().total, 0);
  // … but does by what the evaluator sees: the code
  assert.equal((await evaluator.get(`/people?q=${encodeURIComponent(p.code)}`)).json().items[0].code, p.code);
  const c = (await h.db.query<{ name: string; case_id: string }>(`SELECT party->>'name' AS name, case_id FROM cases WHERE party->>'type' = 'person' AND left(region_code, 4) = '3301' ORDER BY case_id LIMIT 1`)).rows[0]!;
  assert.ok((await sup.get(`/cases?q=${encodeURIComponent(c.name)}`)).json().total >= 1);
  assert.equal((await evaluator.get(`/cases?q=${encodeURIComponent(c.name)}`)).json().total, 0);
  assert.equal((await evaluator.get(`/cases?q=${encodeURIComponent(c.case_id)}`)).json().items[0].id, c.case_id);
});
