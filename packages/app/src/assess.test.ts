/**
 * The assessment run on a generated province (3000 cases in 2026 + 600 in 2025 for the year-on-year targets):
 * faulty departments rank below clean ones, tiny departments are not ranked on luck, the hash is deterministic and
 * follows the data, N/A weights are re-spread visibly, published runs are immutable and audited, the individual
 * results export to a real XLSX file.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadIndicatorSet } from '@kaohe/core';
import { num, verifyAudit } from '@kaohe/store';
import { createTestDb, TEST_CIPHER, type TestDb } from '@kaohe/store/testing';
import { importBatch } from './batch.ts';
import { generateDataset } from './generate.ts';
import {
  assessmentDrilldown, getAssessment, individualsWorkbook, listAssessments, publishAssessment, resolveAssessmentId, runAssessment,
  type AssessmentResult,
} from './assess.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-assess-'));
let t: TestDb;
let truth: { multipliers: Record<string, number> };
let full: AssessmentResult;
const REGION = { region: '330100' };
const strip = (r: AssessmentResult) => ({ ...r, run: { ...r.run, ms: 0 } });

before(async () => {
  t = await createTestDb();
  const files = (d: string) => ['agencies', 'people', 'items', 'calendar', 'cases', 'records'].map((f) => join(d, `${f}.jsonl`));
  await generateDataset({ out: join(dir, '2025'), cases: 600, seed: 11, year: 2025 });
  await generateDataset({ out: join(dir, '2026'), cases: 3000, seed: 7, year: 2026 });
  truth = JSON.parse(readFileSync(join(dir, '2026', 'truth.json'), 'utf8')) as typeof truth;
  const a = await importBatch(t.db, files(join(dir, '2025')), { user: 'tester', cipher: TEST_CIPHER, asOf: '2025-12-31' });
  assert.equal(a.status, 'committed');
  const b = await importBatch(t.db, files(join(dir, '2026')), { user: 'tester', cipher: TEST_CIPHER, asOf: '2026-12-31' });
  assert.equal(b.status, 'committed');
  const t0 = performance.now();
  full = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION });
  console.log(`# full-year run (${t.db.kind}): ${Math.round(performance.now() - t0)} ms, ${full.departments.length} departments, ${full.posts.length} post lines, ${full.individuals.length} officers`);
});
after(async () => { await t?.cleanup(); });

test('the run: latest set on the as-of date, every department scored and ranked, weights 100', () => {
  assert.equal(full.run.set, 'cn-2026Q2');
  assert.match(full.run.hash, /^[0-9a-f]{64}$/);
  assert.equal(full.departments.length, 78);
  for (const d of full.departments) {
    assert.ok(d.score !== null && d.rank !== null && d.rankInDomain !== null, d.agency);
    const w = d.indicators.reduce((s, i) => s + i.weight, 0);
    assert.ok(Math.abs(w - 100) < 0.01, `${d.agency}: weights sum to ${w}`);
  }
  assert.deepEqual(full.departments.map((d) => d.rank), [...full.departments.map((d) => d.rank)].sort((a, b) => a! - b!));
  assert.ok(full.posts.some((p) => p.post === 'handler') && full.posts.some((p) => p.post === 'reviewer') && full.posts.some((p) => p.post === 'supervisor'));
  assert.ok(full.individuals.length > 100);
  assert.ok(full.individuals.every((i) => i.grade === null || ['excellent', 'pass', 'basic', 'fail'].includes(i.grade)));
});

test('the department with the highest fault multiplier ranks below the cleanest of its domain and comparable size', () => {
  const byCode = new Map(full.departments.map((d) => [d.agency, d]));
  const size = (a: string) => byCode.get(a)!.indicators.find((i) => i.code === 'procedure.compliance')!.n;
  const candidates = Object.entries(truth.multipliers).filter(([a]) => byCode.has(a) && size(a) >= 10);
  const [worst, wm] = candidates.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  const domain = byCode.get(worst)!.domain;
  const peers = candidates.filter(([a]) => byCode.get(a)!.domain === domain && a !== worst && size(a) >= size(worst) / 2 && size(a) <= size(worst) * 2);
  const [clean, cm] = peers.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
  assert.ok(wm > 1.5 * cm, `${worst} ×${wm} vs ${clean} ×${cm}`);
  const w = byCode.get(worst)!, c = byCode.get(clean)!;
  assert.ok(c.rankInDomain! < w.rankInDomain!, `clean ${clean} (×${cm}) rank ${c.rankInDomain} should beat faulty ${worst} (×${wm}) rank ${w.rankInDomain} in ${domain}`);
  assert.ok(c.rank! < w.rank!);
  assert.ok(c.score! > w.score!);
});

test('a 3-case department is neither first nor last on luck alone: small samples shrink toward the region', async () => {
  const decided = (d: AssessmentResult['departments'][number]) => d.indicators.find((i) => i.code === 'procedure.compliance')!.n;
  // the generator keeps two agencies tiny (3 and 2 cases); take the 3-case one
  const tiny = [...full.departments].sort((a, b) => decided(a) - decided(b) || a.agency.localeCompare(b.agency)).filter((d) => decided(d) > 0 && decided(d) <= 3).at(-1)!;
  const compliance = tiny.indicators.find((i) => i.code === 'procedure.compliance')!;
  assert.ok(compliance.n <= 3 && compliance.n > 0);
  assert.equal(compliance.shrunk, true);
  const region = full.targets.region.find((e) => e.code === 'compliance')!.thisYear.value!;
  assert.ok(compliance.adjusted! < compliance.raw! || compliance.raw! <= region, 'pulled from its raw rate toward the region');
  assert.ok(Math.abs(compliance.adjusted! - region) < Math.abs(compliance.raw! - region) + 1e-9);
  const last = Math.max(...full.departments.map((d) => d.rank!));
  assert.ok(tiny.rank! > 1 && tiny.rank! < last, `rank ${tiny.rank} of ${last}`);
  // without shrinkage the same department jumps up on its three lucky cases
  const raw = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION, set: { ...loadIndicatorSet('cn-2026Q2'), params: { minSample: 20, k: 0 } } });
  const rawTiny = raw.departments.find((d) => d.agency === tiny.agency)!;
  assert.ok(rawTiny.rank! < tiny.rank!, `unshrunk rank ${rawTiny.rank} vs shrunk ${tiny.rank}`);
  assert.notEqual(raw.run.hash, full.run.hash, 'the set parameters are part of the hash');
});

test('not applicable: denominator 0 → N/A, its weight re-spread over its group and shown', () => {
  const market = full.departments.find((d) => d.agency === '330100-SCJG')!;
  const fo = market.indicators.find((i) => i.code === 'market.first-offense')!;
  assert.deepEqual([fo.n, fo.raw, fo.score, fo.applicable, fo.weight], [0, null, null, false, 0]);
  assert.ok(fo.nominalWeight > 0);
  assert.ok(market.notApplicable.includes('market.first-offense'));
  assert.deepEqual(market.respread.find((r) => r.from === 'market.first-offense'), { from: 'market.first-offense', over: 'domain' });
  const ri = market.indicators.find((i) => i.code === 'market.repeat-inspection')!;
  assert.equal(ri.weight, 32, 'the domain group’s 32 points all on the applicable indicator');
  // a domain without specific indicators: the domain group is re-spread over the objective part
  const health = full.departments.find((d) => d.domain === 'health' && d.agency === '330100-WSJK')!;
  assert.deepEqual(health.respread.find((r) => r.from === 'domain'), { from: 'domain', over: 'objective' });
  assert.ok(Math.abs(health.indicators.filter((i) => i.code !== 'social.satisfaction').reduce((s, i) => s + i.weight, 0) - 80) < 0.01);
});

test('determinism: the same inputs give the same hash and numbers; changing one event changes the hash', async () => {
  const again = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION });
  assert.equal(again.run.hash, full.run.hash);
  assert.deepEqual(strip(again), strip(full));
  const ev = (await t.db.query<{ agency_id: string; case_id: string; event_id: string; records: string[] }>(
    `SELECT agency_id, case_id, event_id, records FROM events WHERE type = 'investigation' AND 'av' = ANY(records) AND local_date >= '2026-02-01' ORDER BY agency_id, case_id, event_id LIMIT 1`)).rows[0]!;
  await t.db.query(`UPDATE events SET records = '{text}' WHERE agency_id = $1 AND case_id = $2 AND event_id = $3`, [ev.agency_id, ev.case_id, ev.event_id]);
  try {
    const changed = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION });
    assert.notEqual(changed.run.hash, full.run.hash);
    const before = full.departments.find((d) => d.agency === ev.agency_id)!.indicators.find((i) => i.code === 'record.av')!;
    const after_ = changed.departments.find((d) => d.agency === ev.agency_id)!.indicators.find((i) => i.code === 'record.av')!;
    assert.equal(after_.x, before.x - 1);
  } finally {
    await t.db.query(`UPDATE events SET records = $4 WHERE agency_id = $1 AND case_id = $2 AND event_id = $3`, [ev.agency_id, ev.case_id, ev.event_id, ev.records]);
  }
  assert.equal((await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION })).run.hash, full.run.hash);
  // a different period, set or as-of date is a different run
  const q1 = await runAssessment(t.db, { period: '2026Q1', asOf: '2026-12-31', scope: REGION });
  assert.notEqual(q1.run.hash, full.run.hash);
  const q1old = await runAssessment(t.db, { period: '2026Q1', asOf: '2026-12-31', scope: REGION, set: 'cn-2026Q1' });
  assert.notEqual(q1old.run.hash, q1.run.hash);
  assert.equal(q1old.run.set, 'cn-2026Q1');
});

test('an agency-scoped run shows that agency, scored among its region', async () => {
  const one = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: { agency: '330100-SCJG' } });
  assert.deepEqual(one.departments.map((d) => d.agency), ['330100-SCJG']);
  assert.deepEqual(one.departments[0], full.departments.find((d) => d.agency === '330100-SCJG'));
  assert.ok(one.individuals.every((i) => i.agency === '330100-SCJG'));
});

test('targets panel: this year vs last year, region-wide and per department', () => {
  const codes = full.targets.region.map((e) => e.code);
  assert.deepEqual(codes, ['compliance', 'correction', 'satisfaction', 'complaints', 'repeat']);
  const c = full.targets.region.find((e) => e.code === 'compliance')!;
  assert.ok(c.thisYear.n > 2000 && c.lastYear.n > 300, JSON.stringify(c));
  assert.equal(c.met, c.thisYear.value! >= 0.98);
  for (const e of full.targets.region.filter((x) => x.code !== 'compliance' && x.code !== 'satisfaction')) {
    assert.ok(e.lastYear.value !== null, `${e.code} has a baseline`);
    if (e.change !== null) assert.equal(e.met, e.change <= ({ correction: -0.15, complaints: -0.2, repeat: -0.3 } as Record<string, number>)[e.code]!);
  }
  assert.equal(full.targets.departments.length, 78);
  const sum = full.targets.departments.reduce((s, d) => s + d.entries.find((e) => e.code === 'complaints')!.thisYear.x, 0);
  assert.equal(sum, full.targets.region.find((e) => e.code === 'complaints')!.thisYear.x);
});

test('individuals: an accountability decision in the year withholds 优秀; XLSX export for 公务员年度考核', async () => {
  const loose = { ...loadIndicatorSet('cn-2026Q2'), grades: { excellent: 60, pass: 40, basic: 20 } };
  const base = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION, set: loose });
  const top = base.individuals.find((i) => i.grade === 'excellent')!;
  assert.ok(top, 'someone is 优秀 with the loose bands');
  const withDecision = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION, set: loose, accountability: [{ person: top.person, decidedOn: '2026-06-01', kind: '诫勉' }] });
  const same = withDecision.individuals.find((i) => i.person === top.person)!;
  assert.deepEqual([same.grade, same.gradeZh, same.capped, same.accountability, same.score], ['pass', '合格', true, 1, top.score]);
  assert.notEqual(withDecision.run.hash, base.run.hash);

  const file = join(dir, 'individuals.xlsx');
  writeFileSync(file, await individualsWorkbook(withDecision));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('个人绩效考评')!;
  assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['序号', '姓名', '人员编码', '执法部门', '办结案件数', '考评得分', '考评等次', '备注']);
  assert.equal(ws.rowCount, withDecision.individuals.length + 1);
  let found = false;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    assert.ok(['优秀', '合格', '基本合格', '不合格', ''].includes(String(row.getCell(7).value ?? '')));
    if (row.getCell(3).value === top.person) {
      found = true;
      assert.equal(row.getCell(7).value, '合格');
      assert.match(String(row.getCell(8).value), /不得评为优秀/);
      assert.equal(row.getCell(6).value, top.score);
    }
  });
  assert.ok(found);
  const info = wb.getWorksheet('考核说明')!;
  let hashSeen = false;
  info.eachRow((row) => { if (row.getCell(2).value === withDecision.run.hash) hashSeen = true; });
  assert.ok(hashSeen);
});

test('publish: stored, audited, immutable; scoped reads; drill-down to the cases behind a figure', async () => {
  const pub = await publishAssessment(t.db, full, { username: 'sfj-supervisor', role: 'supervisor' });
  assert.ok(pub.run.id! > 0);
  assert.equal(pub.run.published, true);
  const id = pub.run.id!;
  await assert.rejects(t.db.query(`UPDATE assessment_runs SET hash = 'x' WHERE id = $1`, [id]), /published and immutable/);
  await assert.rejects(t.db.query(`DELETE FROM assessment_runs WHERE id = $1`, [id]), /published and immutable/);
  await assert.rejects(t.db.query(`UPDATE assessment_departments SET score = 100 WHERE run_id = $1`, [id]), /published and immutable/);
  await assert.rejects(t.db.query(`DELETE FROM assessment_departments WHERE run_id = $1`, [id]), /published and immutable/);
  const audits = await t.db.query<{ action: string; detail: unknown }>(`SELECT action, detail FROM audit_log WHERE target = $1`, [`assessment:${id}`]);
  assert.equal(audits.rows.length, 1);
  assert.equal(audits.rows[0]!.action, 'assessment.publish');
  assert.equal((await verifyAudit(t.db)).ok, true);

  const all = await getAssessment(t.db, id);
  assert.equal(all!.run.hash, full.run.hash);
  assert.deepEqual(all!.departments, full.departments);
  // a department sees its own line only
  const own = (agency: string) => (first: number) => ({ sql: `d.agency_id = $${first}`, params: [agency] });
  const mine = await getAssessment(t.db, id, { scope: own('330102-SCJG') });
  assert.deepEqual(mine!.departments.map((d) => d.agency), ['330102-SCJG']);
  assert.ok(mine!.individuals.every((i) => i.agency === '330102-SCJG'));
  assert.deepEqual(mine!.targets.region, []);
  assert.equal(await getAssessment(t.db, id, { scope: own('NOPE') }), null);
  assert.equal((await listAssessments(t.db, { scope: own('330102-SCJG') })).total, 1);
  assert.equal((await listAssessments(t.db, { scope: own('NOPE') })).total, 0);
  assert.equal(await resolveAssessmentId(t.db, 'latest', { scopeCode: '330100' }), id);
  assert.equal(await resolveAssessmentId(t.db, 'latest', { agency: '330102-SCJG', scope: own('330102-SCJG') }), id);

  const dept = full.departments.find((d) => d.agency === '330102-SCJG')!;
  const fig = dept.indicators.find((i) => i.code === 'procedure.compliance')!;
  const dd = await assessmentDrilldown(t.db, id, '330102-SCJG', 'procedure.compliance');
  assert.ok(dd);
  assert.equal(dd.matches, true);
  assert.equal(dd.items.length, fig.n);
  assert.equal(dd.items.filter((i) => i.inNumerator).length, fig.x);
  // the cases outside the numerator are exactly those with a violated finding
  const bad = dd.items.filter((i) => !i.inNumerator).map((i) => i.caseId);
  for (const c of bad) {
    const n = num((await t.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM warnings WHERE agency_id = '330102-SCJG' AND case_id = $1 AND status = 'violated' AND state <> 'cleared'`, [c])).rows[0]!.n);
    assert.ok(n > 0, c!);
  }
  const complaints = await assessmentDrilldown(t.db, id, '330102-SCJG', 'result.complaints');
  assert.equal(complaints!.items.filter((i) => i.inNumerator).length, dept.indicators.find((i) => i.code === 'result.complaints')!.x);
  assert.equal(await assessmentDrilldown(t.db, id, '330102-SCJG', 'no.such'), null);
});
