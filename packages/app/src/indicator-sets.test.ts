/**
 * Indicator sets edited as drafts: created from a shipped version, changed one operation at a time with a reason,
 * validated by the core loader (weight tree sums, fine amounts, unique codes — errors name field and reason in zh-CN
 * and en), previewed on the data without storing a run, published for a coming quarter only, immutable afterwards,
 * picked by runAssessment as the latest version effective on the as-of date for its region; every change audited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndicatorSetLoadError, loadIndicatorSet, parseIndicatorSet } from '@kaohe/core';
import { verifyAudit } from '@kaohe/store';
import { createTestDb, TEST_CIPHER, type TestDb } from '@kaohe/store/testing';
import { importBatch } from './batch.ts';
import { generateDataset } from './generate.ts';
import { runAssessment } from './assess.ts';
import {
  IndicatorSetError, createDraft, deleteDraft, draftDrilldown, editDraft, getDraft, getIndicatorSet, listIndicatorSets, nextQuarter, previewDraft, proposedVersion,
  publishDraft, quarterOf, resolveIndicatorSet, type SetViewer,
} from './indicator-sets.ts';

let t: TestDb;
const NOW = new Date('2026-11-26T02:00:00Z'); // 2026Q4 in Asia/Shanghai: the next quarter is 2027Q1
const SUP: SetViewer = { region: '330100', supervisor: true };
const ctx = { actor: { username: 'sup1', role: 'supervisor', ip: '127.0.0.1' }, now: NOW };

/** the refusal of `fn`: kind and problems */
async function refused(fn: () => Promise<unknown>): Promise<IndicatorSetError> {
  try { await fn(); } catch (e) { if (e instanceof IndicatorSetError) return e; throw e; }
  assert.fail('expected a refusal');
}

before(async () => {
  t = await createTestDb();
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-sets-'));
  await generateDataset({ out: dir, cases: 400, seed: 3, year: 2026 });
  const r = await importBatch(t.db, ['agencies', 'people', 'items', 'calendar', 'cases', 'records'].map((f) => join(dir, `${f}.jsonl`)), { user: 't', cipher: TEST_CIPHER, asOf: '2026-11-26' });
  assert.equal(r.status, 'committed');
});
after(async () => { await t?.cleanup(); });

test('quarters and version names', () => {
  assert.equal(quarterOf('2026-11-26'), '2026Q4');
  assert.equal(quarterOf('2026-01-01'), '2026Q1');
  assert.equal(nextQuarter('2026Q4'), '2027Q1');
  assert.equal(nextQuarter('2026Q2'), '2026Q3');
  assert.equal(proposedVersion('cn-2026Q2', '2027Q1'), 'cn-2027Q1');
  assert.equal(proposedVersion('hz', '2027Q1'), 'hz-2027Q1');
});

test('core validation: the weight tree sums to 100 (top: points, children: percent); problems are bilingual', () => {
  const q2 = loadIndicatorSet('cn-2026Q2');
  const file = (weights: unknown) => JSON.stringify({
    version: 't-1', title: q2.title, effective: '2026Q1', changelog: [{ version: 't-1', date: '2026-01-01', changes: ['x'] }], weights, indicators: q2.indicators,
  });
  assert.doesNotThrow(() => parseIndicatorSet({ path: 'ok.json', text: file(q2.weights) }));
  assert.throws(() => parseIndicatorSet({ path: 'w.json', text: file([{ id: 'objective', weight: 80, children: [{ id: 'common', weight: 70 }, { id: 'domain', weight: 40 }] }, { id: 'social', weight: 20 }]) }), (e: unknown) => {
    assert.ok(e instanceof IndicatorSetLoadError);
    assert.deepEqual(e.issues.map((i) => i.field), ['weights.0.children']);
    assert.match(e.issues[0]!.message.en, /under "objective" must sum to 100 %: common 70 \+ domain 40 = 110/);
    assert.match(e.issues[0]!.message.zh, /“objective”下各组占比须合计 100%/);
    assert.equal(e.problems[0], `w.json: weights.0.children: ${e.issues[0]!.message.en}`);
    return true;
  });
  assert.throws(() => parseIndicatorSet({ path: 'top.json', text: file([{ id: 'objective', weight: 80, children: [{ id: 'common', weight: 60 }, { id: 'domain', weight: 40 }] }, { id: 'social', weight: 30 }]) }),
    /top\.json: weights: the top of the weight tree must sum to 100 points: objective 80 \+ social 30 = 110/);
});

let draftId = 0;

test('a draft from a shipped version: proposed for the next quarter, audited', async () => {
  const d = await createDraft(t.db, { base: 'cn-2026Q2', region: '330100' }, SUP, ctx);
  draftId = d.id!;
  assert.equal(d.kind, 'draft');
  assert.equal(d.version, 'cn-2027Q1');
  assert.equal(d.effective, '2027Q1');
  assert.equal(d.effectiveFrom, '2027-01-01');
  assert.equal(d.base, 'cn-2026Q2');
  assert.deepEqual(d.title, { zh: '2027年第一季度行政执法考核指标体系', en: 'Enforcement assessment indicators 2027 Q1' });
  assert.deepEqual(d.set.indicators, loadIndicatorSet('cn-2026Q2').indicators);
  assert.deepEqual(d.set.lineage, ['cn-2026Q1', 'cn-2026Q2', 'cn-2027Q1']);
  assert.deepEqual(d.log, []);
  const a = await t.db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'indicator-set.draft' AND target = $1`, [`indicator-set:${draftId}`]);
  assert.equal(a.rows.length, 1);
  // outside the supervisor's region, from an unknown base, or not a supervisor: refused
  assert.equal((await refused(() => createDraft(t.db, { base: 'cn-2026Q2', region: '440100' }, SUP, ctx))).kind, 'not-found');
  assert.deepEqual((await refused(() => createDraft(t.db, { base: 'cn-1999Q1', region: '330100' }, SUP, ctx))).problems.map((p) => p.field), ['base']);
  assert.equal((await refused(() => createDraft(t.db, { base: 'cn-2026Q2', region: '330100' }, { region: '330100', supervisor: false }, ctx))).kind, 'not-found');
  // a department sees no drafts; the supervisor does
  assert.ok((await listIndicatorSets(t.db, SUP, { now: NOW })).some((s) => s.kind === 'draft' && s.id === draftId));
  assert.ok(!(await listIndicatorSets(t.db, { region: '330102', supervisor: false }, { now: NOW })).some((s) => s.kind === 'draft'));
});

test('edits need a reason and are validated like a shipped file; a refused edit changes nothing', async () => {
  const edit = (op: Parameters<typeof editDraft>[2]) => editDraft(t.db, draftId, op, SUP, ctx);
  // re-weight an indicator, with its reason
  const d1 = await edit({ op: 'reweight', weights: { 'record.av': 12 }, reason: '执法记录仪已全面配备，提高音像记录权重' });
  assert.equal(d1.set.indicators.find((i) => i.code === 'record.av')!.weight, 12);
  assert.deepEqual(d1.log.map((c) => [c.action, c.code, c.from, c.to, c.who]), [['reweight', 'record.av', 10, 12, 'sup1']]);
  assert.match(d1.set.changelog.at(-1)!.changes[0]!, /调整权重 record\.av：10 → 12。理由：执法记录仪已全面配备/);

  const before = JSON.stringify((await getDraft(t.db, draftId, SUP))!.set);
  // no reason
  const noReason = await refused(() => edit({ op: 'reweight', weights: { 'record.av': 15 }, reason: '  ' }));
  assert.deepEqual(noReason.problems.map((p) => p.field), ['reason']);
  assert.match(noReason.problems[0]!.reason.zh, /理由/);
  // a group re-weighted alone breaks the 60/40 split: the field and the sum, in both languages
  const tree = await refused(() => edit({ op: 'reweight', weights: { common: 70 }, reason: '通用指标更重要' }));
  assert.equal(tree.kind, 'invalid');
  assert.deepEqual(tree.problems.map((p) => p.field), ['weights[objective].children']);
  assert.match(tree.problems[0]!.reason.zh, /须合计 100%.*common 70 \+ domain 40 = 110/);
  assert.match(tree.problems[0]!.reason.en, /must sum to 100 %/);
  // a weight of 0
  const zero = await refused(() => edit({ op: 'reweight', weights: { 'record.av': 0 }, reason: '取消' }));
  assert.deepEqual(zero.problems.map((p) => p.field), ['indicators[record.av].weight']);
  assert.match(zero.problems[0]!.reason.zh, /指标 record\.av 的权重（weight）：须大于 0/);
  // floor above target for a "higher is better" indicator
  const dir = await refused(() => edit({ op: 'edit', code: 'record.av', fields: { target: 0.6 }, reason: '降低目标' }));
  assert.deepEqual(dir.problems.map((p) => p.field), ['indicators[record.av].target']);
  assert.match(dir.problems[0]!.reason.zh, /目标值须高于下限/);
  // fine amounts never score
  const q2 = loadIndicatorSet('cn-2026Q2');
  const template = { ...q2.indicators.find((i) => i.code === 'procedure.compliance')!, code: 'result.fines', name: { zh: '罚没金额', en: 'Fines' }, weight: 5 };
  const fines = await refused(() => edit({ op: 'add', indicator: { ...template, denominator: { count: 'events', types: ['decision.made'] }, numerator: { of: 'denominator', sum: 'fine' } }, reason: '考核罚没' }));
  assert.deepEqual(fines.problems.map((p) => p.field), ['indicators[result.fines].numerator.sum']);
  assert.ok(fines.problems[0]!.reason.zh.includes('国办发〔2022〕27号') && fines.problems[0]!.reason.en.includes('fine amounts never score'));
  // a code that already exists
  const dup = await refused(() => edit({ op: 'add', indicator: { ...template, code: 'procedure.compliance' }, reason: '重复' }));
  assert.ok(dup.problems.some((p) => p.field === 'indicators[procedure.compliance].code' && /重复/.test(p.reason.zh)), JSON.stringify(dup.problems));
  // unknown indicator, not editable field
  assert.deepEqual((await refused(() => edit({ op: 'remove', code: 'no.such', reason: 'x' }))).problems.map((p) => p.field), ['code']);
  assert.deepEqual((await refused(() => edit({ op: 'edit', code: 'record.av', fields: { weight: 3 } as never, reason: 'x' }))).problems.map((p) => p.field), ['fields.weight']);
  assert.equal(JSON.stringify((await getDraft(t.db, draftId, SUP))!.set), before, 'nothing changed');

  // the 60/40 split changed as a whole; an indicator added, one removed, a target changed
  await edit({ op: 'reweight', weights: { common: 55, domain: 45 }, reason: '加大领域特色指标比重' });
  await edit({ op: 'add', indicator: { ...template, code: 'market.recall', name: { zh: '缺陷产品召回监督率', en: 'Recall supervision' }, domain: 'market', group: 'domain', weight: 20 }, reason: '新增召回监督' });
  await edit({ op: 'remove', code: 'review.adoption', reason: '意见数量少，波动大' });
  const d2 = await edit({ op: 'edit', code: 'record.av', fields: { target: 0.99, floor: 0.8 }, reason: '设备已更新' });
  assert.deepEqual(d2.set.weights[0]!.children!.map((c) => c.weight), [55, 45]);
  assert.ok(d2.set.indicators.some((i) => i.code === 'market.recall'));
  assert.ok(!d2.set.indicators.some((i) => i.code === 'review.adoption'));
  assert.deepEqual([d2.set.indicators.find((i) => i.code === 'record.av')!.floor, d2.set.indicators.find((i) => i.code === 'record.av')!.target], [0.8, 0.99]);
  assert.deepEqual(d2.log.map((c) => `${c.action} ${c.code}`), ['reweight record.av', 'reweight common', 'reweight domain', 'add market.recall', 'remove review.adoption', 'edit record.av', 'edit record.av']);
  const edits = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'indicator-set.edit' AND target = $1`, [`indicator-set:${draftId}`]);
  assert.equal(edits.rows.length, 5, 'one audit entry per accepted operation');
});

test('preview: the draft on the current data beside the set in force, nothing stored', async () => {
  const p = await previewDraft(t.db, draftId, SUP, { period: '2026', asOf: '2026-11-26', now: NOW });
  assert.equal(p.draft.run.set, 'cn-2027Q1');
  assert.equal(p.current?.run.set, 'cn-2026Q2');
  assert.equal(p.draft.departments.length, p.current!.departments.length);
  assert.notEqual(p.draft.run.hash, p.current!.run.hash);
  const anyDept = p.draft.departments.find((d) => d.domain === 'market')!;
  assert.ok(anyDept.indicators.some((i) => i.code === 'market.recall'));
  assert.ok(!anyDept.indicators.some((i) => i.code === 'review.adoption'));
  assert.equal((await t.db.query('SELECT 1 FROM assessment_runs')).rows.length, 0);
});

test('a draft figure drills down: draftDrilldown recounts the preview\'s n / x; another region\'s viewer gets not-found', async () => {
  const opts = { period: '2026', asOf: '2026-11-26', now: NOW };
  const p = await previewDraft(t.db, draftId, SUP, opts);
  const dept = p.draft.departments.find((d) => d.indicators.some((i) => i.code === 'market.recall' && i.n > 0))
    ?? p.draft.departments.find((d) => d.indicators.some((i) => i.n > 0))!;
  const figs = dept.indicators.filter((i) => i.n > 0).slice(0, 3);
  assert.ok(figs.length > 0);
  for (const fig of figs) {
    const d = await draftDrilldown(t.db, draftId, SUP, { ...opts, agency: dept.agency, code: fig.code });
    assert.ok(d, fig.code);
    assert.deepEqual([d.n, d.x, d.run, d.matches], [fig.n, fig.x, null, true], fig.code);
    assert.ok(d.items.length > 0);
  }
  // an indicator the draft removed is not there, though the set in force has it
  assert.equal(await draftDrilldown(t.db, draftId, SUP, { ...opts, agency: dept.agency, code: 'review.adoption' }), null);
  for (const viewer of [{ region: '330200', supervisor: true }, { region: '330100', supervisor: false }] satisfies SetViewer[]) {
    assert.equal((await refused(() => draftDrilldown(t.db, draftId, viewer, { ...opts, agency: dept.agency, code: figs[0]!.code }))).kind, 'not-found');
  }
  assert.equal((await refused(() => draftDrilldown(t.db, 999999, SUP, { ...opts, agency: dept.agency, code: figs[0]!.code }))).kind, 'not-found');
});

test('publish: a coming quarter only, a unique version, immutable afterwards; runs pick it from its first day', async () => {
  const pub = (o: Parameters<typeof publishDraft>[2]) => publishDraft(t.db, draftId, o, SUP, ctx);
  assert.deepEqual((await refused(() => pub({ quarter: '2026Q4' }))).problems.map((p) => p.field), ['quarter'], 'not the current quarter');
  assert.match((await refused(() => pub({ quarter: '2026Q2' }))).problems[0]!.reason.zh, /不得追溯/);
  assert.deepEqual((await refused(() => pub({ version: 'cn-2026Q1' }))).problems.map((p) => p.field), ['version'], 'a shipped name');
  const p = await pub({ feedback: '基层反馈：记录仪已配齐' });
  assert.equal(p.kind, 'published');
  assert.equal(p.version, 'cn-2027Q1');
  assert.equal(p.effectiveFrom, '2027-01-01');
  assert.equal(p.publishedBy, 'sup1');
  assert.equal(p.set.changelog.at(-1)!.version, 'cn-2027Q1');
  assert.equal(p.set.changelog.at(-1)!.feedback, '基层反馈：记录仪已配齐');
  assert.equal(p.set.changelog.at(-1)!.changes.length, 7);
  assert.equal(p.set.source, 'indicator-sets/cn-2027Q1');

  // immutable: the app refuses, and so does the database
  assert.equal((await refused(() => editDraft(t.db, draftId, { op: 'reweight', weights: { 'record.av': 5 }, reason: 'x' }, SUP, ctx))).problems[0]!.field, 'status');
  assert.equal((await refused(() => deleteDraft(t.db, draftId, SUP, ctx))).kind, 'invalid');
  await assert.rejects(t.db.query(`UPDATE indicator_sets SET effective = '2026Q1' WHERE id = $1`, [draftId]), /immutable/);
  await assert.rejects(t.db.query(`DELETE FROM indicator_sets WHERE id = $1`, [draftId]), /immutable/);
  await assert.rejects(t.db.query('TRUNCATE indicator_sets'), /immutable/);

  // readable by version; visible to the departments it applies to, not to another city
  assert.equal((await getIndicatorSet(t.db, 'cn-2027Q1', { region: '330102', supervisor: false }))?.version, 'cn-2027Q1');
  assert.equal(await getIndicatorSet(t.db, 'cn-2027Q1', { region: '440100', supervisor: false }), null);
  const list = await listIndicatorSets(t.db, { region: '330102', supervisor: false }, { now: NOW });
  assert.deepEqual(list.map((s) => `${s.kind}:${s.version}`), ['shipped:cn-2026Q1', 'shipped:cn-2026Q2', 'published:cn-2027Q1']);
  assert.equal(list.find((s) => s.inForce)?.version, 'cn-2026Q2', 'today the shipped Q2 set is in force');
  assert.equal((await listIndicatorSets(t.db, { region: '330102', supervisor: false }, { now: new Date('2027-02-01T00:00:00Z') })).find((s) => s.inForce)?.version, 'cn-2027Q1');

  // the lookup rule: the latest version effective on the as-of date, for the scope's region
  assert.equal((await resolveIndicatorSet(t.db, { asOf: '2026-12-31', scope: { region: '330100' } })).version, 'cn-2026Q2');
  assert.equal((await resolveIndicatorSet(t.db, { asOf: '2027-01-01', scope: { region: '330100' } })).version, 'cn-2027Q1');
  assert.equal((await resolveIndicatorSet(t.db, { asOf: '2027-01-01', scope: { agency: '330102-SCJG' } })).version, 'cn-2027Q1');
  assert.equal((await resolveIndicatorSet(t.db, { asOf: '2027-01-01', scope: { region: '440100' } })).version, 'cn-2026Q2', 'another city keeps the shipped set');
  assert.equal((await runAssessment(t.db, { period: '2027Q1', asOf: '2027-01-15', scope: { region: '330100' } })).run.set, 'cn-2027Q1');
  const named = await runAssessment(t.db, { period: '2026', asOf: '2026-11-26', scope: { region: '330100' }, set: 'cn-2027Q1' });
  assert.equal(named.run.set, 'cn-2027Q1');
  assert.ok(named.departments.find((d) => d.domain === 'market')!.indicators.some((i) => i.code === 'market.recall'));

  // a second draft cannot take the same quarter; a draft from the published set is proposed for the quarter after it
  const d2 = await createDraft(t.db, { base: 'cn-2026Q2', region: '330100' }, SUP, ctx);
  assert.equal((await refused(() => publishDraft(t.db, d2.id!, {}, SUP, ctx))).problems[0]!.field, 'changes', 'nothing to publish');
  await editDraft(t.db, d2.id!, { op: 'reweight', weights: { 'record.av': 11 }, reason: '试行' }, SUP, ctx);
  assert.equal((await refused(() => publishDraft(t.db, d2.id!, { version: 'hz-2027Q1' }, SUP, ctx))).problems[0]!.field, 'quarter');
  assert.equal((await refused(() => publishDraft(t.db, d2.id!, { quarter: '2027Q2', version: 'cn-2027Q1' }, SUP, ctx))).problems[0]!.field, 'version', 'a version is published once');
  await deleteDraft(t.db, d2.id!, SUP, ctx);
  assert.equal(await getDraft(t.db, d2.id!, SUP), null);
  const d3 = await createDraft(t.db, { base: 'cn-2027Q1', region: '330100' }, SUP, ctx);
  assert.equal(d3.effective, '2027Q2');
  assert.equal(d3.version, 'cn-2027Q2');
  assert.deepEqual(d3.set.lineage, ['cn-2026Q1', 'cn-2026Q2', 'cn-2027Q1', 'cn-2027Q2']);

  const actions = (await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'indicator-set.%' ORDER BY seq`)).rows.map((r) => r.action);
  assert.deepEqual([...new Set(actions)].sort(), ['indicator-set.delete', 'indicator-set.draft', 'indicator-set.edit', 'indicator-set.publish']);
  assert.equal((await verifyAudit(t.db)).ok, true);
});
