/**
 * A campaign on a small hand-made region: three departments, four file reviewers (one per department, one of the
 * bureau), a case that names another department's officer, a major case. Sample, recusal, scoring, reconciliation,
 * checks and the results' intervals, each state change audited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER, type TestDb } from '@kaohe/store/testing';
import { num } from '@kaohe/store';
import { importBatch } from '../batch.ts';
import { createCampaign } from './campaign.ts';
import { getAssignment, myAssignments, submitScore } from './work.ts';
import { listChecks, recordCheck } from './checks.ts';
import { campaignResults } from './results.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-campaign-'));
let t: TestDb;
const users: Record<string, number> = {};
const actor = { username: 'sup', role: 'supervisor' };
const at = (d: string) => `2026-${d}T09:00:00+08:00`;
function kase(id: string, agency: string, opts: { major?: boolean; by?: string[] } = {}) {
  return {
    schema: 'kaohe.case/v1', id, agency, domain: 'market', procedure: 'general', major: opts.major ?? false,
    party: { type: 'org', name: '某某有限公司' }, staff: { handlers: [`H-${agency}-1`, `H-${agency}-2`] }, penalty: { kinds: ['warning'] },
    events: [
      { id: 'e1', type: 'case.opened', at: at('03-02') },
      { id: 'e2', type: 'investigation', at: at('03-03'), by: opts.by ?? [`H-${agency}-1`, `H-${agency}-2`], records: ['text', 'av'], credentialShown: true },
      { id: 'e3', type: 'decision.made', at: at('03-20'), penalty: { kinds: ['warning'] } },
    ],
  };
}

before(async () => {
  t = await createTestDb();
  const docs: object[] = [
    ...[['A1', '330102'], ['A2', '330103'], ['A3', '330104'], ['X9', '330200']].map(([code, region]) => ({ schema: 'kaohe.agency/v1', code, name: `${code} 市场监管局`, region, domain: 'market', level: 'county' })),
    ...[['PA1', 'A1'], ['PB1', 'A2'], ['PC1', 'A3']].map(([code, agency]) => ({ schema: 'kaohe.person/v1', code, name: `评查员${code}`, agency, posts: ['supervisor'] })),
    // A1: 12 decided cases → n = max(⌈1.2⌉, 5) = 5 (3 random + 2 risk); A1-07 names PB1 (a joint inspection) and has a complaint
    ...Array.from({ length: 12 }, (_, i) => kase(`A1-${String(i + 1).padStart(2, '0')}`, 'A1', i === 6 ? { by: ['H-A1-1', 'PB1'] } : {})),
    { schema: 'kaohe.record/v1', kind: 'complaint', id: 'Q-1', receivedAt: at('04-01'), agency: 'A1', category: 'procedure', caseId: 'A1-07', verified: true },
    // A2: 3 cases → a census (N ≤ 5); A2-01 is major
    kase('A2-01', 'A2', { major: true }), kase('A2-02', 'A2'), kase('A2-03', 'A2'),
    // outside the region: never sampled
    kase('X9-01', 'X9'),
  ];
  const f = join(dir, 'seed.jsonl');
  writeFileSync(f, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const r = await importBatch(t.db, [f], { user: 'seed', cipher: TEST_CIPHER, asOf: '2026-07-01' });
  assert.equal(r.status, 'committed', JSON.stringify(r.errors));
  for (const [name, person] of [['rA', 'PA1'], ['rB', 'PB1'], ['rC', 'PC1'], ['rD', null]] as const) {
    const u = await t.db.query<{ id: unknown }>(`INSERT INTO users (username, display_name, roles, region_code, person_code, password_hash) VALUES ($1, $2, '{file-reviewer}', '330100', $3, 'x') RETURNING id`, [name, `评查员${name}`, person]);
    users[name] = num(u.rows[0]!.id);
  }
});
after(async () => { await t.cleanup(); rmSync(dir, { recursive: true, force: true }); });

test('create: the sample is stored with its seed, every file assigned without breaking recusal, majors twice', async () => {
  const bad = await createCampaign(t.db, actor, { name: '2026 上半年评查', period: '2026H1', seed: 's', region: '330100', dueOn: '2026-05-01' });
  assert.equal(bad.ok, false, 'due before the period ends');
  const early = await createCampaign(t.db, actor, { name: '2025 评查', period: '2025', seed: 's', region: '330100', dueOn: '2026-01-31' });
  assert.ok(!early.ok && /no penalty scoring sheet is effective on 2025-12-31/.test(early.message), 'no sheet in force for 2025: refused, not a crash');
  const c = await createCampaign(t.db, actor, { name: '2026 上半年评查', period: '2026H1', seed: 'KH-2026-07', region: '330100', dueOn: '2026-07-31', gap: 10 });
  assert.ok(c.ok);
  if (!c.ok) return;
  // 5 files of A1 + 3 of A2 = 8; slots 8 + 1 (the major file's second reviewer) = 9; X9 is outside 3301
  assert.deepEqual([c.files, c.assignments, c.unassigned], [8, 9, []]);
  const camp = await t.db.query<{ seed: string }>('SELECT seed FROM review_campaigns WHERE id = $1', [c.id]);
  assert.equal(camp.rows[0]!.seed, 'KH-2026-07');
  const a = await t.db.query<{ agency_id: string; case_id: string; user_id: unknown; role: string }>('SELECT agency_id, case_id, user_id, role FROM review_assignments WHERE campaign_id = $1', [c.id]);
  const dept: Record<number, string | null> = { [users.rA!]: 'A1', [users.rB!]: 'A2', [users.rC!]: 'A3', [users.rD!]: null };
  for (const x of a.rows) assert.notEqual(dept[num(x.user_id)], x.agency_id, `${x.case_id}: reviewed by its own department`);
  const sampled = await t.db.query<{ case_id: string }>(`SELECT case_id FROM review_files WHERE campaign_id = $1 AND case_id = 'A1-07'`, [c.id]);
  assert.equal(sampled.rows.length, 1, 'the complained-about case is drawn (risk 2 + its violated findings)');
  assert.ok(!a.rows.some((x) => x.case_id === 'A1-07' && num(x.user_id) === users.rB), 'PB1 acted in A1-07: rB may not review it');
  assert.deepEqual(a.rows.filter((x) => x.case_id === 'A2-01').map((x) => x.role).sort(), ['primary', 'second']);
  const load = Object.values(users).map((u) => a.rows.filter((x) => num(x.user_id) === u).length);
  assert.ok(Math.max(...load) - Math.min(...load) <= 1, `balanced ${load}`);
  const audits = await t.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'review.campaign.create' AND target = $1`, [`review-campaign:${c.id}`]);
  assert.equal(num(audits.rows[0]!.n), 1);
});

test('a reviewer sees and scores only their own files; evidence beside the items; reconciliation by a third', async () => {
  const campaign = num((await t.db.query<{ id: unknown }>('SELECT max(id) AS id FROM review_campaigns')).rows[0]!.id);
  const mine = await myAssignments(t.db, users.rC!, '2026-07-10');
  assert.ok(mine.length >= 2);
  const other = (await myAssignments(t.db, users.rD!, '2026-07-10'))[0]!;
  assert.equal(await getAssignment(t.db, other.id, users.rC!, '2026-07-10'), null, 'another reviewer’s file is not found');
  assert.deepEqual(await submitScore(t.db, { username: 'rC' }, other.id, users.rC!, { vetoFailed: [], minorProblems: [], deductions: [] }), { ok: false, reason: 'not-found' });

  const file = (await getAssignment(t.db, mine[0]!.id, users.rC!, '2026-07-10'))!;
  assert.equal(file.sheet.version, 'penalty-general-2026');
  assert.deepEqual(file.timeline.map((e) => e.type), ['case.opened', 'investigation', 'decision.made']);
  // no decision.served by 1 July: cn.apl.61.service is violated, shown beside "service within the period"
  assert.ok(file.evidence['content.service']?.some((f) => f.rule === 'cn.apl.61.service' && f.status === 'violated'), JSON.stringify(file.evidence));

  const missing = await submitScore(t.db, { username: 'rC' }, mine[0]!.id, users.rC!, { vetoFailed: [], minorProblems: [], deductions: [{ item: 'content.service', deduction: 'late', comment: '' }] });
  assert.equal(missing.ok, false);
  assert.equal((await myAssignments(t.db, users.rC!, '2026-07-10'))[0]!.state, 'assigned', 'an invalid sheet writes nothing');
  const ok = await submitScore(t.db, { username: 'rC' }, mine[0]!.id, users.rC!, { vetoFailed: [], minorProblems: [], deductions: [{ item: 'content.service', deduction: 'no-receipt', comment: '无送达回证' }] });
  assert.deepEqual(ok, { ok: true, total: 98, grade: 'excellent', reconciliation: null }); // 100 − 2
  assert.deepEqual(await submitScore(t.db, { username: 'rC' }, mine[0]!.id, users.rC!, { vetoFailed: [], minorProblems: [], deductions: [] }), { ok: false, reason: 'wrong-state' });

  // the major file: 100 and 70 differ by 30 > gap 10 → a third reviewer who is neither of them nor of A2
  const pair = (await t.db.query<{ id: unknown; user_id: unknown }>(`SELECT id, user_id FROM review_assignments WHERE campaign_id = $1 AND case_id = 'A2-01' ORDER BY role`, [campaign])).rows;
  const none = { vetoFailed: [], minorProblems: [] };
  await submitScore(t.db, { username: 'x' }, num(pair[0]!.id), num(pair[0]!.user_id), { ...none, deductions: [] });
  const second = await submitScore(t.db, { username: 'y' }, num(pair[1]!.id), num(pair[1]!.user_id), { ...none, deductions: [
    { item: 'content.legal-review', deduction: 'missing-review', comment: '未审核' }, { item: 'content.evidence', deduction: 'gap', count: 4, comment: '证据不足' }, { item: 'content.notice', deduction: 'missing-right', comment: '未告知听证' },
  ] }); // 8 + 12 + 5 = 25 → 75… plus nothing: 75
  assert.ok(second.ok && second.total === 75 && second.reconciliation?.assigned, JSON.stringify(second));
  const third = second.ok ? second.reconciliation!.assigned! : 0;
  assert.ok(![num(pair[0]!.user_id), num(pair[1]!.user_id), users.rB].includes(third), 'a third, eligible reviewer');
  const task = (await myAssignments(t.db, third, '2026-07-10')).find((x) => x.caseId === 'A2-01' && x.role === 'reconcile')!;
  assert.deepEqual((await getAssignment(t.db, task.id, third, '2026-07-10'))!.others.map((o) => o.total).sort(), [100, 75]);
  await submitScore(t.db, { username: 'z' }, task.id, third, { ...none, deductions: [{ item: 'content.legal-review', deduction: 'missing-review', comment: '未审核' }] });
  const res = await campaignResults(t.db, campaign);
  assert.equal(res.files.find((f) => f.caseId === 'A2-01')!.total, 92, 'the reconciler’s sheet is final');
  const audits = await t.db.query<{ action: string; n: unknown }>(`SELECT action, count(*) AS n FROM audit_log WHERE action LIKE 'review.%' GROUP BY action ORDER BY action`);
  assert.deepEqual(audits.rows.map((r) => [r.action, num(r.n)]), [['review.campaign.create', 1], ['review.reconcile.assign', 1], ['review.score.submit', 4]]);
});

test('results: rates from the random stratum only, with Wilson intervals; checks recorded in the campaign', async () => {
  const campaign = num((await t.db.query<{ id: unknown }>('SELECT max(id) AS id FROM review_campaigns')).rows[0]!.id);
  // score every remaining file of A1: risk files fail (a veto), random files pass with 100 − 12 − 5 − 3 = 80
  const open = await t.db.query<{ id: unknown; user_id: unknown; stratum: string }>(
    `SELECT a.id, a.user_id, f.stratum FROM review_assignments a JOIN review_files f USING (campaign_id, agency_id, case_id) WHERE a.campaign_id = $1 AND a.state = 'assigned' AND a.agency_id = 'A1'`, [campaign]);
  for (const a of open.rows) {
    const input = a.stratum === 'risk' ? { vetoFailed: ['basic.evidence'], minorProblems: [], deductions: [] }
      : { vetoFailed: [], minorProblems: [], deductions: [{ item: 'content.evidence', deduction: 'gap', count: 4, comment: '证据缺口' }, { item: 'content.notice', deduction: 'missing-right', count: 1, comment: '漏告知' }, { item: 'format.signatures', deduction: 'missing', count: 3, comment: '缺签名' }] };
    const r = await submitScore(t.db, { username: 'r' }, num(a.id), num(a.user_id), input);
    assert.ok(r.ok, JSON.stringify(r));
  }
  const res = await campaignResults(t.db, campaign);
  const a1 = res.departments.find((d) => d.agency === 'A1')!;
  assert.equal(a1.population, 12);
  // 3 random files: all pass (80 ≥ 60, or 98 for the one rC scored if it was A1's) → 3/3: Wilson [0.4385, 1]
  assert.deepEqual([a1.pass.k, a1.pass.n], [3, 3]);
  assert.ok(Math.abs(a1.pass.low! - 0.4385) < 5e-4 && a1.pass.high === 1, JSON.stringify(a1.pass));
  assert.equal(a1.riskScored, 2);
  // the risk files scored here were vetoed (one of them may have been rC's 98 in the test before)
  assert.equal(a1.riskFailed, open.rows.filter((a) => a.stratum === 'risk').length);
  assert.ok(a1.riskFailed >= 1, 'a failing risk file, and yet the estimate is 3/3');

  const rec = await recordCheck(t.db, actor, campaign, '3301', { kind: 'on-site', agency: 'A1', place: '西湖区文三路 1 号', onDate: '2026-07-15', people: ['评查员rD', '张三'], found: '现场未公示执法人员信息', caseId: 'A1-07' });
  assert.ok(rec.ok);
  assert.equal((await recordCheck(t.db, actor, campaign, '3301', { kind: 'spot', agency: 'X9', place: 'x', onDate: '2026-07-15', people: [], found: 'x' })).ok, false, 'outside the region');
  assert.deepEqual((await recordCheck(t.db, actor, campaign, '3302', { kind: 'spot', agency: 'A1', place: 'x', onDate: '2026-07-15', people: [], found: 'x' })), { ok: false, reason: 'not-found' });
  assert.deepEqual((await listChecks(t.db, campaign)).map((c) => [c.kind, c.agency, c.onDate, c.found]), [['on-site', 'A1', '2026-07-15', '现场未公示执法人员信息']]);
});
