/**
 * A matter end to end in the app: opened from a warning (pre-classified, the chain found on the case), due process
 * step by step with each due day on the legal calendar, the officer's answer with an attachment, liability and
 * tolerance assessed, a graded decision served, an appeal that leaves it in force, closed — every step audited;
 * refusals (out of order, wrong role, another officer) change nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAudit } from '@kaohe/store';
import { createTestDb, type TestDb } from '@kaohe/store/testing';
import { listWarnings } from '../warnings.ts';
import {
  answerMatter, appealMatter, assessMatter, decideAppeal, decideMatter, getMatter, getMatterAttachment, investigateMatter, listMatters, notifyMatter,
  openMatter, serveMatter, closeMatter, type MatterActor,
} from './index.ts';
import { seedAccountability } from './testkit.ts';

let t: TestDb;
let id: number;
const sup: MatterActor = { username: 'sup', role: 'supervisor', as: 'supervisor' };
const officer = (code: string): MatterActor => ({ username: `u-${code}`, role: 'officer', as: 'officer', personCode: code });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

const ok = <T>(r: { ok: true; value: T } | { ok: false; reason: { en: string } }): T => {
  if (!r.ok) assert.fail(r.reason.en);
  return r.value;
};
const audits = async () => (await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY seq`, [`matter:${id}`])).rows.map((r) => r.action);

before(async () => {
  t = await createTestDb();
  await seedAccountability(t.db);
});
after(() => t.cleanup());

test('opened from a warning: pre-classified by its rule, the chain from the case, numbered, due on the 5th working day', async () => {
  const w = await listWarnings(t.db, { rule: 'cn.apl.61.service' });
  assert.equal(w.total, 1);
  assert.equal(w.items[0]!.dueOn, '2026-10-14');
  const r = ok(await openMatter(t.db, { source: 'warning', warningIds: [w.items[0]!.id], summary: '处罚决定书逾期送达', today: '2026-11-02' }, sup));
  id = r.id;
  // the first matter of region 330100 in 2026
  assert.equal(r.number, '追责〔2026〕1号');
  const m = (await getMatter(t.db, id, '2026-11-02'))!;
  // cn.apl.61.service → 程序违法 › 未依法送达 (RULE_CATEGORIES)
  assert.deepEqual([m.category, m.subtype, m.step, m.agency, m.source], ['procedural', 'service', 'filed', '330100-SCJG', 'warning']);
  assert.deepEqual(m.people.map((p) => `${p.role}:${p.person}:${p.name}`), ['handler:P1:张一鸣', 'handler:P2:李二强', 'reviewer:P3:王三审', 'approver:P4:赵四批']);
  assert.deepEqual(m.cases, [{ agency: '330100-SCJG', caseId: 'SJ-1', warningIds: [w.items[0]!.id] }]);
  // 立案 → 调查 within 5 working days after Mon 2 Nov: 3, 4, 5, 6, 9 Nov
  assert.equal(m.stepDue, '2026-11-09');
  // overdue from the day after the due day
  assert.equal((await listMatters(t.db, { today: '2026-11-09', overdue: true })).total, 0);
  const late = await listMatters(t.db, { today: '2026-11-10', overdue: true });
  assert.deepEqual(late.items.map((x) => [x.id, x.overdueDays]), [[id, 1]]);
  assert.deepEqual(await audits(), ['matter.open']);
});

test('a cleared warning, an unknown source or a case of two departments is refused', async () => {
  const r = await openMatter(t.db, { source: 'rumour', cases: [{ agency: '330100-SCJG', caseId: 'SJ-1' }], category: 'procedural', today: '2026-11-02' }, sup);
  assert.equal(r.ok, false);
  const m = await openMatter(t.db, { source: 'manual', category: 'procedural', today: '2026-11-02' }, sup);
  assert.deepEqual(m.ok ? null : m.error, 'validation');
  const s = await openMatter(t.db, { source: 'manual', cases: [{ agency: '330100-SCJG', caseId: 'SJ-1' }], category: 'procedural', subtype: 'abuse-of-power', today: '2026-11-02' }, sup);
  assert.match(s.ok ? '' : s.reason.zh, /无子类 abuse-of-power/);
});

test('out of order or by the wrong role: refused with the machine\'s bilingual reason, nothing stored', async () => {
  const before = await audits();
  const a = await decideMatter(t.db, id, sup, { today: '2026-11-03', decisions: [{ person: 'P1', kind: 'criticism' }] });
  assert.equal(a.ok ? '' : a.error, 'refused');
  assert.match(a.ok ? '' : a.reason.zh, /当前处于“立案”环节/);
  assert.match(a.ok ? '' : a.reason.en, /at "Opened"/);
  const b = await investigateMatter(t.db, id, officer('P1'), { today: '2026-11-03' });
  assert.match(b.ok ? '' : b.reason.zh, /只能由执法监督人员操作/);
  // an officer the matter does not name finds nothing
  const c = await investigateMatter(t.db, id, officer('Q1'), { today: '2026-11-03' });
  assert.equal(c.ok ? '' : c.error, 'not-found');
  assert.deepEqual(await audits(), before);
  assert.equal((await getMatter(t.db, id, '2026-11-03'))!.events.length, 1);
});

test('due process with due days on the legal calendar; the answer carries an attachment checked by its bytes', async () => {
  // 调查: 60 calendar days after Tue 3 Nov = Sat 2 Jan 2027 (27 + 31 + 2); 2027 has no official schedule loaded, so
  // weekends only: rolled to Mon 4 Jan, provisional for 2027
  const inv = ok(await investigateMatter(t.db, id, sup, { today: '2026-11-03', text: '调取案卷、询问承办人' }));
  assert.equal(inv.stepDue, '2027-01-04');
  assert.deepEqual((await getMatter(t.db, id, '2026-11-03'))!.provisional, [2027]);
  // 告知: 5 working days after Tue 10 Nov: 11, 12, 13, 16, 17 Nov
  const n = ok(await notifyMatter(t.db, id, sup, { today: '2026-11-10', proposals: [{ person: 'P1', kind: 'written-review' }, { person: null, kind: 'rectify' }] }));
  assert.deepEqual([n.step, n.stepDue], ['notice', '2026-11-17']);
  // a PNG named .pdf is refused before anything is written
  const bad = await answerMatter(t.db, id, officer('P1'), { today: '2026-11-12', text: '送达迟延系当事人地址变更', attachments: [{ name: '说明.pdf', content: PNG }] });
  assert.match(bad.ok ? '' : bad.reason.zh, /内容与扩展名不符/);
  const big = await answerMatter(t.db, id, officer('P1'), { today: '2026-11-12', text: '送达迟延', attachments: [{ name: 'x.pdf', content: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]) }] });
  assert.match(big.ok ? '' : big.reason.en, /larger than 5 MB/);
  // Q1 is not named in the matter
  assert.equal((await answerMatter(t.db, id, officer('Q1'), { today: '2026-11-12', text: '申辩' })).ok, false);
  // 陈述申辩 → 决定 within 10 working days after Thu 12 Nov: 13, 16–20, 23–26 Nov
  const a = ok(await answerMatter(t.db, id, officer('P1'), { today: '2026-11-12', text: '送达迟延系当事人地址变更所致', attachments: [{ name: '地址变更证明.pdf', content: PDF }] }));
  assert.deepEqual([a.step, a.stepDue], ['defence', '2026-11-26']);
  const m = (await getMatter(t.db, id, '2026-11-12'))!;
  assert.equal(m.attachments.length, 1);
  assert.deepEqual([m.attachments[0]!.name, m.attachments[0]!.contentType, m.attachments[0]!.size], ['地址变更证明.pdf', 'application/pdf', PDF.length]);
  const file = (await getMatterAttachment(t.db, id, m.attachments[0]!.id))!;
  assert.ok(file.content.equals(PDF));
  assert.equal(m.events.at(-1)!.person, 'P1');
});

test('liability and tolerance: the handler\'s wrong proposal not caught → handlers primary, reviewer and approver secondary', async () => {
  assert.equal((await assessMatter(t.db, id, officer('P1'), { today: '2026-11-13', facts: { origin: 'handler' } })).ok, false);
  const r = ok(await assessMatter(t.db, id, sup, {
    today: '2026-11-13',
    facts: { origin: 'handler', tolerance: { withinAuthorityAndProcedure: true, publicInterest: true, noPersonalGain: true, correctedNoHarm: true } },
  }));
  assert.equal(r.ruleSet, '2026.1');
  const m = (await getMatter(t.db, id, '2026-11-13'))!;
  assert.deepEqual(m.people.map((p) => `${p.person}:${p.level}`), ['P1:primary', 'P2:primary', 'P3:secondary', 'P4:secondary']);
  assert.ok(m.people.every((p) => p.reason?.zh && p.rule));
  const tol = (m.evaluation as { tolerance: { outcome: string } }).tolerance;
  // the three prerequisites hold and 及时纠正、未造成危害后果 is a `lighter` ground of cn-default (no exempt ground, no exclusion)
  assert.equal(tol.outcome, 'lighter');
  assert.equal(m.ruleSet, '2026.1');
});

test('decided (graded), served, appealed — the decision stays in force — upheld and closed; every step audited', async () => {
  const d = ok(await decideMatter(t.db, id, sup, { today: '2026-11-16', decisions: [{ person: 'P1', kind: 'written-review' }, { person: null, kind: 'rectify' }] }));
  // 决定 → 送达 within 7 working days after Mon 16 Nov: 17–20, 23–25 Nov
  assert.equal(d.stepDue, '2026-11-25');
  let m = (await getMatter(t.db, id, '2026-11-16'))!;
  // no earlier decision on P1 within 12 months: as proposed
  assert.deepEqual(m.decisions.map((x) => [x.person, x.kind, x.severity, x.status, x.number]), [['P1', 'written-review', 2, 'in-force', '追决〔2026〕1号'], [null, 'rectify', 1, 'in-force', '追决〔2026〕2号']]);
  assert.equal(m.established, true);
  // 送达 → 30 calendar days for review after Tue 17 Nov: Thu 17 Dec
  assert.equal(ok(await serveMatter(t.db, id, sup, { today: '2026-11-17' })).stepDue, '2026-12-17');
  const p1Decision = m.decisions[0]!.id;
  // P2 cannot appeal P1's decision
  assert.equal((await appealMatter(t.db, id, officer('P2'), { today: '2026-11-20', decisionId: p1Decision, grounds: '不服' })).ok, false);
  // appeal: 30 calendar days after Fri 20 Nov = Sun 20 Dec → Mon 21 Dec
  const ap = ok(await appealMatter(t.db, id, officer('P1'), { today: '2026-11-20', decisionId: p1Decision, grounds: '已及时纠正，请求从轻', attachments: [{ name: '纠正记录.pdf', content: PDF }] }));
  assert.deepEqual([ap.step, ap.stepDue], ['appeal', '2026-12-21']);
  m = (await getMatter(t.db, id, '2026-11-20'))!;
  assert.equal(m.decisions[0]!.status, 'in-force', 'an appeal does not suspend the decision');
  assert.equal(m.appeals.length, 1);
  const upheld = ok(await decideAppeal(t.db, id, sup, { today: '2026-12-01', appealId: m.appeals[0]!.id, outcome: 'upheld', reasoning: '事实清楚，维持原决定' }));
  assert.deepEqual([upheld.step, upheld.stepDue], ['enforcement', null]);
  ok(await closeMatter(t.db, id, sup, { today: '2026-12-02', text: '整改到位' }));
  m = (await getMatter(t.db, id, '2026-12-02'))!;
  assert.equal(m.step, 'closed');
  assert.equal(m.appeals[0]!.outcome, 'upheld');
  assert.deepEqual(await audits(), [
    'matter.open', 'matter.investigate', 'matter.notify', 'matter.answer', 'matter.assess', 'matter.decide', 'matter.serve', 'matter.appeal', 'matter.decide-appeal', 'matter.close',
  ]);
  assert.deepEqual(m.events.map((e) => e.to), ['filed', 'investigation', 'notice', 'defence', 'defence', 'decision', 'service', 'appeal', 'enforcement', 'closed']);
  assert.equal((await verifyAudit(t.db)).ok, true);
});

test('scope: a department sees its own matters only; an officer only the matters naming him', async () => {
  const dept = (agency: string) => (first: number) => ({ sql: `m.agency_id = $${first}`, params: [agency] });
  assert.equal((await listMatters(t.db, { today: '2026-12-02', scope: dept('330100-SCJG') })).total, 1);
  assert.equal((await listMatters(t.db, { today: '2026-12-02', scope: dept('330100-JT') })).total, 0);
  const own = (p: string) => (first: number) => ({ sql: `EXISTS (SELECT 1 FROM matter_people op WHERE op.matter_id = m.id AND op.person_code = $${first})`, params: [p] });
  assert.equal((await getMatter(t.db, id, '2026-12-02', own('P3')))?.id, id);
  assert.equal(await getMatter(t.db, id, '2026-12-02', own('Q1')), null);
  assert.equal(await getMatterAttachment(t.db, id, 1, own('Q1')), null);
});
