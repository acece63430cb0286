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
  assessmentDrilldown, getAssessment, individualsWorkbook, listAssessments, AssessError, previewDrilldown, publishAssessment, resolveAssessmentId, runAssessment,
  type AssessmentResult,
} from './assess.ts';
import { drilldownQuery } from './assess-sql.ts';

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
  assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), ['序号', '姓名', '人员编码', '执法部门', '办结案件数', '考评得分', '考评等次', '上年等次', '备注']);
  assert.equal(ws.rowCount, withDecision.individuals.length + 1);
  let found = false;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    assert.ok(['优秀', '合格', '基本合格', '不合格', ''].includes(String(row.getCell(7).value ?? '')));
    if (row.getCell(3).value === top.person) {
      found = true;
      assert.equal(row.getCell(7).value, '合格');
      assert.match(String(row.getCell(9).value), /不得评为优秀/);
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

test('individuals: two 不合格 years in a row flag the credential; the year before is graded from its data with the same set', async () => {
  // what a full-year run of the year before gives, with the same set: each officer's line with the most cases
  const prev = await runAssessment(t.db, { period: '2025', asOf: '2025-12-31', scope: REGION, set: full.run.set });
  const before = new Map<string, AssessmentResult['individuals'][number]>();
  for (const i of prev.individuals) { const h = before.get(i.person); if (!h || i.cases > h.cases) before.set(i.person, i); }
  let graded = 0, flagged = 0;
  for (const i of full.individuals) {
    assert.equal(i.previousGrade, before.get(i.person)?.grade ?? null, i.person);
    assert.equal(i.credentialFlag, i.grade === 'fail' && i.previousGrade === 'fail', i.person);
    if (i.previousGrade) graded++;
    if (i.credentialFlag) flagged++;
  }
  const failing = full.individuals.filter((i) => i.grade === 'fail').length;
  assert.ok(graded > 100, `${graded} officers graded the year before`);
  assert.ok(flagged > 0 && flagged < failing, `${flagged} flagged of ${failing} 不合格`);
  // the annual-review workbook shows last year's grade and the flag
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await individualsWorkbook(full) as unknown as ArrayBuffer);
  const flaggedRows = new Map<string, [string, string]>();
  wb.getWorksheet('个人绩效考评')!.eachRow((row, n) => {
    if (n > 1 && /连续两年不合格/.test(String(row.getCell(9).value))) flaggedRows.set(String(row.getCell(3).value), [String(row.getCell(7).value), String(row.getCell(8).value)]);
  });
  assert.deepEqual([...flaggedRows.keys()].sort(), full.individuals.filter((i) => i.credentialFlag).map((i) => i.person).sort());
  assert.ok([...flaggedRows.values()].every(([now, before]) => now === '不合格' && before === '不合格'));
  // bands under which nobody fails: nobody is flagged, last year's grades follow the bands too
  const loose = await runAssessment(t.db, { period: '2026', asOf: '2026-12-31', scope: REGION, set: { ...loadIndicatorSet(full.run.set), grades: { excellent: 60, pass: 40, basic: 0 } } });
  assert.ok(loose.individuals.every((i) => !i.credentialFlag && i.previousGrade !== 'fail'));
  assert.ok(loose.individuals.some((i) => i.previousGrade !== null));
  // only a full-year run grades the year before
  const q4 = await runAssessment(t.db, { period: '2026Q4', asOf: '2026-12-31', scope: REGION });
  assert.ok(q4.individuals.length > 0 && q4.individuals.every((i) => i.previousGrade === null && !i.credentialFlag));
});

test('market.repeat-inspection and the repeat-error target agree with their row-by-row definitions when parties and handlers recur', async () => {
  const ROLLBACK = new Error('rollback');
  await assert.rejects(t.db.transaction(async (tx) => {
    // the generated parties and handlers hardly recur: give each agency a few of them (some parties by name only,
    // some cases without handlers), and put many inspections on the same days
    await tx.query(`UPDATE cases SET party = CASE WHEN substr(md5(case_id), 5, 1) = '0' THEN NULL
        WHEN substr(md5(case_id), 2, 1) < '6' THEN (party - 'creditCode') || jsonb_build_object('name', 'N' || substr(md5(case_id), 3, 1))
        ELSE party || jsonb_build_object('creditCode', 'P' || substr(md5(case_id), 1, 1)) END WHERE party->>'type' = 'org'`);
    await tx.query(`UPDATE cases SET staff = jsonb_set(coalesce(staff, '{}'::jsonb), '{handlers}', CASE substr(md5(case_id), 1, 1)
        WHEN '0' THEN '[]'::jsonb WHEN '1' THEN '"H1"'::jsonb WHEN '2' THEN '[7, "H2"]'::jsonb WHEN '3' THEN '["7", null]'::jsonb
        ELSE jsonb_build_array('H' || (ascii(substr(md5(case_id), 2, 1)) % 3), 'H' || (ascii(substr(md5(case_id), 3, 1)) % 3)) END)`);
    await tx.query(`UPDATE events SET local_date = date_trunc('week', local_date)::date WHERE type = 'investigation' AND substr(md5(event_id || case_id), 1, 1) < '6'`);
    const r = await runAssessment(tx, { period: '2026', asOf: '2026-12-31', scope: REGION });

    // 涉企执法扰企率: for each inspection of an enterprise, an earlier inspection of the same party by the same agency
    // in another case within 30 days (the same day does not count), not prompted by a complaint or referral
    const ref = await tx.query<{ agency: string; x: unknown; n: unknown }>(
      `SELECT e.agency_id AS agency, count(*) AS n, count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM events x JOIN cases cx ON cx.agency_id = x.agency_id AND cx.case_id = x.case_id
            WHERE x.agency_id = e.agency_id AND x.type = e.type AND x.case_id <> e.case_id
              AND x.local_date < e.local_date AND x.local_date >= e.local_date - 30
              AND coalesce(cx.party->>'creditCode', cx.party->>'name') = coalesce(c.party->>'creditCode', c.party->>'name'))
         AND NOT EXISTS (SELECT 1 FROM events l WHERE l.agency_id = c.agency_id AND l.case_id = c.case_id AND l.type = 'lead.registered'
              AND l.local_date <= '2026-12-31' AND l.attrs->>'source' IN ('complaint', 'referral'))) AS x
         FROM events e JOIN cases c ON c.agency_id = e.agency_id AND c.case_id = e.case_id
        WHERE e.type = 'investigation' AND e.local_date BETWEEN '2026-01-01' AND '2026-12-31' AND c.party->>'type' = 'org'
          AND left(e.region_code, 4) = '3301' GROUP BY 1`);
    const expected = new Map(ref.rows.map((x) => [x.agency, [num(x.x), num(x.n)]]));
    const market = r.departments.filter((d) => d.domain === 'market');
    let repeats = 0;
    for (const d of market) {
      const i = d.indicators.find((x) => x.code === 'market.repeat-inspection')!;
      assert.deepEqual([i.x, i.n], expected.get(d.agency) ?? [0, 0], d.agency);
      repeats += i.x;
    }
    assert.ok(repeats > 20, `${repeats} repeat inspections`);
    // the drill-down lists the same inspections
    const busiest = [...market].sort((a, b) => b.indicators.find((x) => x.code === 'market.repeat-inspection')!.x - a.indicators.find((x) => x.code === 'market.repeat-inspection')!.x)[0]!;
    const ind = r.definition!.indicators.find((i) => i.code === 'market.repeat-inspection')!;
    const dq = drilldownQuery(ind, busiest.agency, { from: '2026-01-01', to: '2026-12-31', asOf: '2026-12-31', prefix: '3301' }, 100000).denominator;
    const rows = (await tx.query<{ in_numerator: unknown }>(dq.sql, dq.params)).rows;
    assert.deepEqual([rows.filter((x) => x.in_numerator === true).length, rows.length], expected.get(busiest.agency));

    // the repeat rate of the same kind of error: a violated finding whose rule was violated in the 365 days before on
    // a case of one of its handlers (a case without handlers: of its department)
    for (const [y, entry] of [[2026, 'thisYear'], [2025, 'lastYear']] as const) {
      const rr = await tx.query<{ agency: string; x: unknown; n: unknown }>(
        `WITH f AS (
           SELECT w.id, w.agency_id, w.rule, coalesce(w.act_on, w.due_on, c.decided_on) AS d,
                  CASE WHEN jsonb_typeof(c.staff->'handlers') = 'array' THEN c.staff->'handlers' ELSE '[]'::jsonb END AS h
             FROM warnings w JOIN cases c ON c.agency_id = w.agency_id AND c.case_id = w.case_id
            WHERE w.status = 'violated' AND w.state <> 'cleared' AND left(w.region_code, 4) = '3301'
              AND coalesce(w.act_on, w.due_on, c.decided_on) <= '2026-12-31')
         SELECT f.agency_id AS agency, count(*) AS n, count(*) FILTER (WHERE EXISTS (
                  SELECT 1 FROM f p WHERE p.agency_id = f.agency_id AND p.rule = f.rule AND p.d < f.d AND p.d >= f.d - 365
                     AND (p.h ?| ARRAY(SELECT jsonb_array_elements_text(f.h)) OR jsonb_array_length(f.h) = 0))) AS x
           FROM f WHERE f.d BETWEEN $1::date AND $2::date GROUP BY 1`, [`${y}-01-01`, `${y}-12-31`]);
      const exp = new Map(rr.rows.map((x) => [x.agency, [num(x.x), num(x.n)]]));
      let xs = 0;
      for (const d of r.targets.departments) {
        const e = d.entries.find((x) => x.code === 'repeat')![entry];
        assert.deepEqual([e.x, e.n], exp.get(d.agency) ?? [0, 0], `${d.agency} ${y}`);
        xs += e.x;
      }
      if (y === 2026) assert.ok(xs > 20, `${xs} repeated errors`);
    }
    throw ROLLBACK;
  }), (e) => e === ROLLBACK);
});

test('a preview figure drills down: previewDrilldown equals the drill-down of the same run published', async () => {
  const opts = { period: '2026H1', asOf: '2026-09-30', scope: REGION };
  const preview = await runAssessment(t.db, opts);
  const pub = await publishAssessment(t.db, preview, { username: 'sfj-supervisor', role: 'supervisor' });
  let compared = 0;
  for (const agency of ['330102-SCJG', preview.departments.at(-1)!.agency]) {
    const dept = preview.departments.find((d) => d.agency === agency)!;
    for (const fig of dept.indicators.filter((i) => i.n > 0).slice(0, 4)) {
      const p = await previewDrilldown(t.db, { ...opts, agency, code: fig.code });
      const s = await assessmentDrilldown(t.db, pub.run.id!, agency, fig.code);
      assert.ok(p && s, fig.code);
      assert.deepEqual({ n: p.n, x: p.x, items: p.items }, { n: s.n, x: s.x, items: s.items }, `${agency} ${fig.code}`);
      assert.deepEqual([p.n, p.x], [fig.n, fig.x], 'the preview shows these counts');
      assert.equal(p.run, null);
      assert.equal(p.matches, true);
      assert.equal(s.matches, true);
      compared++;
    }
  }
  assert.ok(compared >= 4);
  // the set and window are resolved as the run resolves them: a loaded set and an agency scope work too
  const code = preview.departments[0]!.indicators.find((i) => i.n > 0)!.code;
  const agency = preview.departments[0]!.agency;
  const viaSet = await previewDrilldown(t.db, { ...opts, set: preview.definition!, agency, code });
  const viaAgency = await previewDrilldown(t.db, { period: opts.period, asOf: opts.asOf, scope: { agency }, agency, code });
  const base = await previewDrilldown(t.db, { ...opts, agency, code });
  assert.deepEqual(viaSet, base);
  assert.deepEqual(viaAgency, base);
  assert.equal(await previewDrilldown(t.db, { ...opts, agency, code: 'no.such' }), null);
  await assert.rejects(previewDrilldown(t.db, { ...opts, period: '2026Q5', agency, code }), AssessError);
  await assert.rejects(runAssessment(t.db, { period: '2026', asOf: '2026-02-29', scope: REGION }), (e: Error) => e instanceof AssessError && /existing day/.test(e.message));
});
