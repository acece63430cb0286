import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset, importBatch } from '@kaohe/app';
import { verifyAudit } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';

let h: Harness;
let sup: Client, districtSup: Client, admin: Client, evaluator: Client;
// the server's clock: 2026Q4 in Asia/Shanghai, so the next quarter is 2027Q1
const NOW = new Date('2026-11-26T02:00:00Z');

before(async () => {
  h = await harness({ now: () => NOW });
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-sets-api-'));
  await generateDataset({ out: dir, cases: 300, seed: 5, year: 2026 });
  const r = await importBatch(h.db, ['agencies', 'people', 'items', 'calendar', 'cases', 'records'].map((f) => join(dir, `${f}.jsonl`)), { user: 't', cipher: TEST_CIPHER, asOf: '2026-11-26' });
  assert.equal(r.status, 'committed');
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  districtSup = await signedIn(h, { roles: ['supervisor'], region: '330105' });
  admin = await signedIn(h, { roles: ['agency-admin'], agency: '330102-SCJG' });
  evaluator = await signedIn(h, { roles: ['evaluator'], region: '330100' });
});
after(async () => { await h.close(); });

const patch = (c: Client, url: string, body: unknown) => c.req('PATCH', url, body);

test('GET /indicator-sets and /indicator-sets/:version: the versions and what the screens need (names, floors, targets, weights, change log)', async () => {
  const list = await admin.get('/indicator-sets');
  assert.equal(list.statusCode, 200, list.body);
  const l = list.json();
  assert.deepEqual(l.items.map((s: { version: string; kind: string }) => `${s.kind}:${s.version}`), ['shipped:cn-2026Q1', 'shipped:cn-2026Q2']);
  assert.equal(l.items.find((s: { inForce: boolean }) => s.inForce).version, 'cn-2026Q2');
  const q2 = await admin.get('/indicator-sets/cn-2026Q2');
  assert.equal(q2.statusCode, 200, q2.body);
  const d = q2.json();
  assert.equal(d.kind, 'shipped');
  assert.equal(d.set.source, undefined, 'no server paths');
  assert.deepEqual(d.set.lineage, ['cn-2026Q1', 'cn-2026Q2']);
  const av = d.set.indicators.find((i: { code: string }) => i.code === 'record.av');
  assert.deepEqual([av.name.zh, av.floor, av.target, av.weight, av.group, av.direction], ['音像记录保存规范率', 0.75, 0.98, 10, 'common', 'up']);
  assert.deepEqual(d.set.weights[0].children.map((c: { id: string; weight: number }) => [c.id, c.weight]), [['common', 60], ['domain', 40]]);
  assert.ok(d.set.changelog.at(-1).feedback);
  assert.equal((await admin.get('/indicator-sets/cn-1999Q1')).statusCode, 404);
});

test('a supervisor drafts, edits with reasons (validation errors name field and reason in zh-CN and en), previews, publishes', async () => {
  const c = await sup.post('/indicator-sets/drafts', { base: 'cn-2026Q2' });
  assert.equal(c.statusCode, 200, c.body);
  const draft = c.json();
  assert.deepEqual([draft.kind, draft.version, draft.effective, draft.region], ['draft', 'cn-2027Q1', '2027Q1', '330100']);
  const url = `/indicator-sets/drafts/${draft.id}`;

  const ok = await patch(sup, url, { op: 'reweight', weights: { 'record.av': 14 }, reason: '执法记录仪已配齐' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json().log.map((x: { action: string; code: string; from: number; to: number }) => [x.action, x.code, x.from, x.to]), [['reweight', 'record.av', 10, 14]]);

  const noReason = await patch(sup, url, { op: 'reweight', weights: { 'record.av': 15 } });
  assert.equal(noReason.statusCode, 400);
  assert.equal(noReason.json().error.id, 'validation');
  assert.deepEqual(noReason.json().error.details.map((x: { field: string }) => x.field), ['reason']);
  const tree = await patch(sup, url, { op: 'reweight', weights: { domain: 50 }, reason: '加大领域指标比重' });
  assert.equal(tree.statusCode, 400);
  const e = tree.json().error;
  assert.match(e.message.zh, /校验未通过/);
  assert.equal(e.details[0].field, 'weights[objective].children');
  assert.match(e.details[0].reason.zh, /须合计 100%/);
  assert.match(e.details[0].reason.en, /must sum to 100 %: common 60 \+ domain 50 = 110/);
  const q2 = (await sup.get('/indicator-sets/cn-2026Q2')).json();
  const fine = { ...q2.set.indicators.find((i: { code: string }) => i.code === 'procedure.compliance'), code: 'result.fine-total', denominator: { count: 'cases', anchor: 'decided' }, numerator: { of: 'denominator', where: [{ field: 'penalty.fine', gte: 10000 }] } };
  const fines = await patch(sup, url, { op: 'add', indicator: fine, reason: '大额罚款' });
  assert.equal(fines.statusCode, 400);
  assert.ok(fines.json().error.details[0].reason.zh.includes('国办发〔2022〕27号'));
  assert.equal((await patch(sup, url, { op: 'edit', code: 'record.av', fields: { weight: 1 }, reason: 'x' })).statusCode, 400, 'only floor, target, name, basis, note');
  assert.equal((await patch(sup, url, { op: 'remove', code: 'review.adoption', reason: '样本少、波动大' })).statusCode, 200);

  // preview: the draft beside the set in force, on the current data, nothing stored
  const p = await sup.post(`${url}/preview`, { period: '2026', asOf: '2026-11-26' });
  assert.equal(p.statusCode, 200, p.body);
  const pv = p.json();
  assert.equal(pv.draft.run.set, 'cn-2027Q1');
  assert.equal(pv.current.run.set, 'cn-2026Q2');
  assert.equal(pv.draft.run.id, null);
  assert.ok(pv.draft.departments.length > 10 && pv.draft.departments.length === pv.current.departments.length);
  assert.equal(pv.draft.definition, undefined);
  assert.equal((await h.db.query('SELECT 1 FROM assessment_runs')).rows.length, 0);
  assert.equal((await sup.post(`${url}/preview`, { scope: '440100' })).statusCode, 404, 'a scope outside the draft’s region');

  // publish: never the current quarter; then immutable
  const now = await sup.post(`${url}/publish`, { quarter: '2026Q4' });
  assert.equal(now.statusCode, 400);
  assert.equal(now.json().error.details[0].field, 'quarter');
  assert.match(now.json().error.details[0].reason.zh, /不得追溯/);
  const pub = await sup.post(`${url}/publish`, { feedback: '基层执法队反馈' });
  assert.equal(pub.statusCode, 200, pub.body);
  assert.deepEqual([pub.json().kind, pub.json().version, pub.json().effectiveFrom], ['published', 'cn-2027Q1', '2027-01-01']);
  assert.equal((await patch(sup, url, { op: 'reweight', weights: { 'record.av': 9 }, reason: 'x' })).statusCode, 400);
  assert.equal((await sup.req('DELETE', url)).statusCode, 400);

  // everyone it applies to reads it by version: names come from the API, a bureau's own set included
  const mine = await admin.get('/indicator-sets/cn-2027Q1');
  assert.equal(mine.statusCode, 200, mine.body);
  assert.ok(!mine.json().set.indicators.some((i: { code: string }) => i.code === 'review.adoption'));
  assert.equal(mine.json().log.length, 2);
  assert.equal((await districtSup.get('/indicator-sets/cn-2027Q1')).statusCode, 200);
  assert.ok((await admin.get('/indicator-sets')).json().items.some((s: { version: string; kind: string }) => s.kind === 'published' && s.version === 'cn-2027Q1'));
  // an assessment can name it (what-if), and picks it by itself from 2027Q1
  const run = await sup.post('/assessments', { period: '2026', asOf: '2026-11-26', scope: '330100', set: 'cn-2027Q1' });
  assert.equal(run.statusCode, 200, run.body);
  assert.equal(run.json().run.set, 'cn-2027Q1');
  assert.equal((await sup.post('/assessments', { period: '2027Q1', asOf: '2027-01-10', scope: '330100' })).json().run.set, 'cn-2027Q1');

  const actions = (await h.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY seq`, [`indicator-set:${draft.id}`])).rows.map((r) => r.action);
  assert.deepEqual(actions, ['indicator-set.draft', 'indicator-set.edit', 'indicator-set.edit', 'indicator-set.publish']);
  assert.equal((await verifyAudit(h.db)).ok, true);
});

test('GET /indicator-sets/drafts/:id/indicators/:agency/:code: a draft figure opens to its cases; a department is refused', async () => {
  const c = await sup.post('/indicator-sets/drafts', { base: 'cn-2026Q2' });
  assert.equal(c.statusCode, 200, c.body);
  const url = `/indicator-sets/drafts/${c.json().id}`;
  assert.equal((await patch(sup, url, { op: 'remove', code: 'review.adoption', reason: '样本少、波动大' })).statusCode, 200);
  const p = await sup.post(`${url}/preview`, { period: '2026', asOf: '2026-11-26' });
  assert.equal(p.statusCode, 200, p.body);
  type Dept = { agency: string; indicators: { code: string; n: number; x: number }[] };
  const dept = (p.json().draft.departments as Dept[]).find((d) => d.agency === '330102-SCJG' && d.indicators.some((i) => i.n > 0))
    ?? (p.json().draft.departments as Dept[]).find((d) => d.indicators.some((i) => i.n > 0))!;
  const fig = dept.indicators.find((i) => i.n > 0)!;
  const drill = `${url}/indicators/${dept.agency}/${fig.code}?period=2026&asOf=2026-11-26`;
  const r = await sup.get(drill);
  assert.equal(r.statusCode, 200, r.body);
  const d = r.json();
  assert.deepEqual([d.run, d.agency, d.code, d.n, d.x, d.matches], [null, dept.agency, fig.code, fig.n, fig.x, true]);
  assert.ok(d.items.length > 0 && d.items.some((i: { caseId: string | null }) => i.caseId));
  // with the draft's region as an explicit scope: the same figure
  assert.equal((await sup.get(`${drill}&scope=330100`)).json().n, fig.n);
  // the draft removed the indicator: nothing behind it, though the set in force has it
  assert.equal((await sup.get(`${url}/indicators/${dept.agency}/review.adoption?period=2026&asOf=2026-11-26`)).statusCode, 404);
  assert.equal((await sup.get(`${drill}&scope=440100`)).statusCode, 404, 'a scope outside the draft’s region');
  assert.equal((await sup.get(`${url}/indicators/440100-SCJG/${fig.code}?period=2026`)).statusCode, 404, 'an agency outside the caller’s region');
  assert.equal((await sup.get(drill.replace('period=2026', 'period=2026Q5'))).statusCode, 400);
  assert.equal((await admin.get(drill)).statusCode, 403, 'a department never sees a draft');
  assert.equal((await evaluator.get(drill)).statusCode, 403);
  assert.equal((await districtSup.get(drill)).statusCode, 404, 'the city’s draft is not the district’s');
  assert.equal((await sup.req('DELETE', url)).statusCode, 200);
  assert.equal((await sup.get(drill)).statusCode, 404);
});

test('drafts are the supervisors’ of the region: others read published sets only', async () => {
  const c = await sup.post('/indicator-sets/drafts', { base: 'cn-2026Q2' });
  assert.equal(c.statusCode, 200);
  const url = `/indicator-sets/drafts/${c.json().id}`;
  assert.equal((await admin.post('/indicator-sets/drafts', { base: 'cn-2026Q2' })).statusCode, 403);
  assert.equal((await admin.get(url)).statusCode, 403);
  assert.equal((await evaluator.get(url)).statusCode, 403);
  assert.equal((await patch(admin, url, { op: 'remove', code: 'record.av', reason: 'x' })).statusCode, 403);
  assert.equal((await districtSup.get(url)).statusCode, 404, 'the city’s draft is not the district’s');
  assert.equal((await districtSup.post('/indicator-sets/drafts', { base: 'cn-2026Q2', region: '330100' })).statusCode, 404, 'not for a region above its own');
  assert.ok(!(await admin.get('/indicator-sets')).json().items.some((s: { kind: string }) => s.kind === 'draft'));
  assert.ok((await sup.get('/indicator-sets')).json().items.some((s: { kind: string }) => s.kind === 'draft'));
  assert.equal((await sup.get('/indicator-sets/drafts/latest')).json().id, c.json().id);
  assert.equal((await sup.post('/indicator-sets/drafts', { base: 'no-such' })).statusCode, 400);
  const del = await sup.req('DELETE', url);
  assert.equal(del.statusCode, 200, del.body);
  assert.equal((await sup.get(url)).statusCode, 404);
});
