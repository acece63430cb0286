/** The case-file review API: a reviewer reads and scores only the files assigned to them; the supervisor's region only. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBatch } from '@kaohe/app';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';

let h: Harness;
let sup: Client;
let rA: Client;
let rB: Client;
let campaign: number;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-campaign-api-'));
const at = (d: string) => `2026-${d}T09:00:00+08:00`;
const kase = (id: string, agency: string) => ({
  schema: 'kaohe.case/v1', id, agency, domain: 'market', procedure: 'general', party: { type: 'person', name: '李小明' },
  staff: { handlers: ['H1', 'H2'] }, penalty: { kinds: ['warning'] },
  events: [{ id: 'e1', type: 'case.opened', at: at('03-02') }, { id: 'e2', type: 'investigation', at: at('03-03'), by: ['H1', 'H2'] }, { id: 'e3', type: 'decision.made', at: at('03-20'), penalty: { kinds: ['warning'] } }],
});

before(async () => {
  h = await harness();
  const docs = [
    { schema: 'kaohe.agency/v1', code: 'A1', name: '西湖区市场监管局', region: '330106', domain: 'market', level: 'county' },
    { schema: 'kaohe.agency/v1', code: 'A2', name: '上城区市场监管局', region: '330102', domain: 'market', level: 'county' },
    { schema: 'kaohe.person/v1', code: 'PA', name: '甲评查员', agency: 'A1', posts: ['supervisor'] },
    { schema: 'kaohe.person/v1', code: 'PB', name: '乙评查员', agency: 'A2', posts: ['supervisor'] },
    ...['01', '02', '03'].map((i) => kase(`A1-${i}`, 'A1')), ...['01', '02', '03'].map((i) => kase(`A2-${i}`, 'A2')),
  ];
  const f = join(dir, 'seed.jsonl');
  writeFileSync(f, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  assert.equal((await importBatch(h.db, [f], { user: 'seed', cipher: TEST_CIPHER, asOf: '2026-07-01' })).status, 'committed');
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  rA = await signedIn(h, { roles: ['file-reviewer'], region: '330100', personCode: 'PA' });
  rB = await signedIn(h, { roles: ['file-reviewer'], region: '330100', personCode: 'PB' });
  const r = await sup.post('/reviews/campaigns', { name: '2026年上半年案卷评查', period: '2026H1', seed: 'KH-7', dueOn: '2026-07-31' });
  assert.equal(r.statusCode, 200, r.body);
  // two censuses of 3 files; PA's department is A1 and PB's A2, so each reviews the other department's 3 files
  assert.deepEqual({ ...(r.json() as object), id: 0 }, { id: 0, files: 6, assignments: 6, unassigned: [] });
  campaign = r.json().id;
});
after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

test('my files: each reviewer gets the other department’s files only', async () => {
  const a = (await rA.get('/reviews/my')).json().items as { agency: string; id: number }[];
  const b = (await rB.get('/reviews/my')).json().items as { agency: string; id: number }[];
  assert.deepEqual([a.map((x) => x.agency), b.map((x) => x.agency)], [['A2', 'A2', 'A2'], ['A1', 'A1', 'A1']]);
});

test('scope: a reviewer cannot read or score a file assigned to someone else (404); their own works once', async () => {
  const theirs = ((await rB.get('/reviews/my')).json().items as { id: number }[])[0]!.id;
  const mine = ((await rA.get('/reviews/my')).json().items as { id: number }[])[0]!.id;
  assert.equal((await rA.get(`/reviews/assignments/${theirs}`)).statusCode, 404);
  assert.equal((await rA.post(`/reviews/assignments/${theirs}/score`, { deductions: [] })).statusCode, 404);
  const own = await rA.get(`/reviews/assignments/${mine}`);
  assert.equal(own.statusCode, 200, own.body);
  assert.ok(own.json().timeline.every((e: { by: string[] }) => e.by.every((n) => n.endsWith('某') || n.endsWith('***') || /^H\d$/.test(n))), 'names masked for a file reviewer');
  const bad = await rA.post(`/reviews/assignments/${mine}/score`, { deductions: [{ item: 'content.service', deduction: 'late', comment: '' }] });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /须说明理由/);
  const ok = await rA.post(`/reviews/assignments/${mine}/score`, { deductions: [{ item: 'content.service', deduction: 'late', comment: '超期送达' }] });
  assert.deepEqual(ok.json(), { total: 97, grade: 'excellent', reconciliation: null }); // 100 − 3
  assert.equal((await rA.post(`/reviews/assignments/${mine}/score`, { deductions: [] })).statusCode, 409);
  // the supervisor sees the score; the campaign is outside another city's region
  const d = (await sup.get(`/reviews/campaigns/${campaign}`)).json();
  assert.equal(d.seed, 'KH-7');
  assert.equal(d.files.filter((f: { total: number | null }) => f.total === 97).length, 1);
  const other = await signedIn(h, { roles: ['supervisor'], region: '330200' });
  assert.equal((await other.get(`/reviews/campaigns/${campaign}`)).statusCode, 404);
  assert.deepEqual((await other.get('/reviews/campaigns')).json().items, []);
  assert.equal((await rA.get('/reviews/campaigns')).statusCode, 403);
  assert.equal((await sup.get('/reviews/my')).statusCode, 403);
});

test('checks are recorded in the campaign, in the region', async () => {
  const r = await sup.post(`/reviews/campaigns/${campaign}/checks`, { kind: 'on-site', agency: 'A1', place: '西湖区文三路 1 号', onDate: '2026-07-15', people: ['王五', '赵六'], found: '现场执法公示不全' });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual((await sup.get(`/reviews/campaigns/${campaign}/checks`)).json().items.map((c: { place: string; people: string[] }) => [c.place, c.people]), [['西湖区文三路 1 号', ['王五', '赵六']]]);
  assert.equal((await sup.post(`/reviews/campaigns/${campaign}/checks`, { kind: 'spot', agency: 'NOPE', place: 'x', onDate: '2026-07-15', people: [], found: 'x' })).statusCode, 400);
});
