/**
 * /matters over HTTP: the supervisor of the region drives a matter opened from a warning; the officer it names answers
 * with an attachment and appeals; a step out of order (409) or by a role the route does not allow (403) is refused
 * with a bilingual reason; another department's admin and an officer it does not name find nothing (404); the
 * decision's DOCX is read back; the list exports to XLSX.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { verifyAudit } from '@kaohe/store';
import { seedAccountability } from '@kaohe/app/testing';
import { harness, signedIn, type Client, type Harness } from '../../harness.ts';

let h: Harness;
let sup: Client; let p1: Client; let q1: Client; let scjg: Client; let jt: Client; let legal: Client;
let now = new Date('2026-11-02T10:00:00+08:00');
let id = 0;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

before(async () => {
  h = await harness({ now: () => now });
  await seedAccountability(h.db);
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100', username: 'sup-hz' });
  p1 = await signedIn(h, { roles: ['officer'], agency: '330100-SCJG', personCode: 'P1', username: 'p1' });
  q1 = await signedIn(h, { roles: ['officer'], agency: '330100-JT', personCode: 'Q1' });
  scjg = await signedIn(h, { roles: ['agency-admin'], agency: '330100-SCJG' });
  jt = await signedIn(h, { roles: ['agency-admin'], agency: '330100-JT' });
  legal = await signedIn(h, { roles: ['legal-reviewer'], agency: '330100-SCJG' });
});
after(() => h.close());
const at = (day: string) => { now = new Date(`${day}T10:00:00+08:00`); };

test('the supervisor opens a matter from a warning; names, labels and the due day come back', async () => {
  const w = (await sup.get('/warnings?rule=cn.apl.61.service')).json().items[0];
  const r = await sup.post('/matters', { source: 'warning', warningIds: [w.id], summary: '逾期送达' });
  assert.equal(r.statusCode, 200, r.body);
  id = r.json().id;
  const m = (await sup.get(`/matters/${id}`)).json();
  assert.deepEqual([m.labels.category.zh, m.labels.subtype.zh, m.labels.step.zh, m.stepDue], ['程序违法', '未依法送达', '立案', '2026-11-09']);
  assert.deepEqual(m.people.map((p: { name: string }) => p.name), ['张一鸣', '李二强', '王三审', '赵四批']);
  assert.deepEqual(m.actions, ['investigate', 'dismiss']);
  // only the supervision body opens matters
  assert.equal((await scjg.post('/matters', { source: 'warning', warningIds: [w.id] })).statusCode, 403);
});

test('scope: the department sees its matter, another department and an officer not named find nothing', async () => {
  assert.equal((await scjg.get('/matters')).json().total, 1);
  assert.equal((await jt.get('/matters')).json().total, 0);
  assert.equal((await jt.get(`/matters/${id}`)).statusCode, 404);
  assert.equal((await q1.get(`/matters/${id}`)).statusCode, 404);
  assert.equal((await legal.get('/matters')).statusCode, 403);
  // the officer named sees his own name and the others masked
  const m = (await p1.get(`/matters/${id}`)).json();
  assert.deepEqual(m.people.map((p: { name: string }) => p.name), ['张一鸣', '李某', '王某', '赵某']);
});

test('out of order → 409 with the machine\'s reason; wrong role → 403; the officer answers with an attachment', async () => {
  const early = await sup.post(`/matters/${id}/decide`, { decisions: [{ person: 'P1', kind: 'criticism' }] });
  assert.equal(early.statusCode, 409);
  assert.match(early.json().error.message.zh, /当前处于“立案”环节，不能“作出处理决定”/);
  assert.match(early.json().error.message.en, /cannot "Decide"/);
  assert.equal((await p1.post(`/matters/${id}/investigate`, {})).statusCode, 403);
  at('2026-11-03');
  assert.equal((await sup.post(`/matters/${id}/investigate`, { text: '调取案卷' })).statusCode, 200);
  at('2026-11-10');
  const n = await sup.post(`/matters/${id}/notify`, { proposals: [{ person: 'P1', kind: 'written-review' }] });
  assert.deepEqual(n.json(), { step: 'notice', stepDue: '2026-11-17' });
  at('2026-11-12');
  assert.equal((await q1.post(`/matters/${id}/answer`, { text: '申辩意见' })).statusCode, 404);
  const bad = await p1.post(`/matters/${id}/answer`, { text: '申辩意见', attachments: [{ name: 'a.exe', content: PDF.toString('base64') }] });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message.zh, /类型不允许/);
  const a = await p1.post(`/matters/${id}/answer`, { text: '送达迟延系当事人地址变更所致', attachments: [{ name: '证明.pdf', content: PDF.toString('base64') }] });
  assert.equal(a.statusCode, 200, a.body);
  const m = (await p1.get(`/matters/${id}`)).json();
  const file = await p1.get(`/matters/${id}/attachments/${m.attachments[0].id}`);
  assert.deepEqual([file.statusCode, file.headers['content-type'], file.rawPayload.equals(PDF)], [200, 'application/pdf', true]);
  assert.equal((await q1.get(`/matters/${id}/attachments/${m.attachments[0].id}`)).statusCode, 404);
});

test('assessed, decided, served: the decision DOCX is A4 with GB/T 9704 margins, the names and the date; appeal decided', async () => {
  at('2026-11-13');
  const as = await sup.post(`/matters/${id}/assess`, { facts: { origin: 'handler' } });
  assert.equal(as.statusCode, 200, as.body);
  at('2026-11-16');
  assert.equal((await sup.post(`/matters/${id}/decide`, { decisions: [{ person: 'P1', kind: 'written-review' }, { person: null, kind: 'rectify' }] })).statusCode, 200);
  at('2026-11-17');
  assert.equal((await sup.post(`/matters/${id}/serve`, { method: 'direct' })).statusCode, 200);
  const m = (await p1.get(`/matters/${id}`)).json();
  assert.deepEqual(m.documents.map((d: { kind: string }) => d.kind), ['filing', 'notice', 'decision', 'supervision-notice', 'supervision-opinion']);
  const res = await p1.get(`/matters/${id}/documents/decision`);
  assert.equal(res.statusCode, 200);
  const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
  // A4 = 210 × 297 mm = 11906 × 16838 twips; margins 37/35/28/26 mm = 2098/1984/1587/1474 twips (× 1440 / 25.4, rounded)
  assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
  assert.match(xml, /w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1984"[^>]*w:left="1587"/);
  for (const s of ['行政执法责任追究处理决定书', '张一鸣同志', '书面检查', '2026年11月17日', '追决〔2026〕1号', '仿宋_GB2312', '黑体']) assert.ok(xml.includes(s), s);
  // the officer appeals his decision; it stays in force; the supervisor upholds it
  at('2026-11-20');
  const decision = m.decisions.find((d: { person: string | null }) => d.person === 'P1');
  assert.deepEqual(m.decisions.map((d: { person: string | null }) => d.person), ['P1', null]);
  const ap = await p1.post(`/matters/${id}/appeal`, { decisionId: decision.id, grounds: '已及时纠正，请求从轻' });
  assert.deepEqual(ap.json().step, 'appeal');
  assert.equal((await p1.get(`/matters/${id}`)).json().decisions[0].status, 'in-force');
  at('2026-12-01');
  const appealId = (await sup.get(`/matters/${id}`)).json().appeals[0].id;
  const up = await sup.post(`/matters/${id}/decide-appeal`, { appealId, outcome: 'upheld', reasoning: '维持原决定' });
  assert.equal(up.json().step, 'enforcement');
  const actions = (await h.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY seq`, [`matter:${id}`])).rows.map((r) => r.action);
  assert.deepEqual(actions, ['matter.open', 'matter.investigate', 'matter.notify', 'matter.answer', 'matter.assess', 'matter.decide', 'matter.serve', 'matter.appeal', 'matter.decide-appeal']);
  assert.equal((await verifyAudit(h.db)).ok, true);
});

test('the list exports to XLSX with names, not codes', async () => {
  const r = await sup.get('/matters?format=xlsx');
  assert.equal(r.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
  const text = JSON.stringify(rows);
  for (const s of ['立案编号', '追责〔2026〕1号', '杭州市市场监督管理局', '程序违法', '执行', '张一鸣']) assert.ok(text.includes(s), s);
});
