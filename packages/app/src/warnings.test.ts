import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAudit } from '@kaohe/store';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import { importBatch } from './batch.ts';
import { answerWarning, decideWarning, listWarnings, reevaluateOpenCases } from './warnings.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-warn-'));
let n = 0;
function file(...docs: unknown[]): string {
  const f = join(dir, `b${n++}.jsonl`);
  writeFileSync(f, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  return f;
}

const AGENCY = { schema: 'kaohe.agency/v1', code: '330100-SCJG', name: '杭州市市场监督管理局', region: '330100', domain: 'market', level: 'city' };
/** A general-procedure warning case decided on Tue 29 Sep 2026; service due on 14 Oct (National Day in between). */
function caseDoc(extra: unknown[] = []) {
  return {
    schema: 'kaohe.case/v1', id: 'SJ-2026-0001', agency: '330100-SCJG', domain: 'market', procedure: 'general',
    party: { type: 'person', name: '张三', idNumber: '110101199003070011' },
    violation: { item: 'SC-X', occurredOn: '2026-09-01', circumstance: 'general' },
    staff: { handlers: ['P1', 'P2'], reviewer: 'P3', approver: 'P4' }, penalty: { kinds: ['warning'] },
    events: [
      { id: 'e0', type: 'lead.registered', at: '2026-09-07T09:00:00+08:00', source: 'inspection' },
      { id: 'e1', type: 'case.opened', at: '2026-09-10T09:00:00+08:00', records: ['text'] },
      { id: 'e2', type: 'investigation', at: '2026-09-11T09:00:00+08:00', by: ['P1', 'P2'], records: ['av'], credentialShown: true },
      { id: 'e3', type: 'notice.issued', at: '2026-09-15T09:00:00+08:00', proposed: { kinds: ['warning'] }, hearingRight: false },
      { id: 'e4', type: 'decision.made', at: '2026-09-29T10:00:00+08:00', penalty: { kinds: ['warning'] }, records: ['text'] },
      ...extra,
    ],
  };
}
const served = (day: string) => ({ id: 'e5', type: 'decision.served', at: `${day}T10:00:00+08:00`, method: 'direct', records: ['text'] });

const t = await createTestDb();
after(() => t.cleanup());
const opts = { user: 'tester', cipher: TEST_CIPHER };

test('live warnings: late service opens cn.apl.61.service within the import; the day-of act does not', async () => {
  const r = await importBatch(t.db, [file(AGENCY, caseDoc([served('2026-10-15')]))], { ...opts, asOf: '2026-11-26' });
  assert.equal(r.status, 'committed');
  assert.equal(r.evaluation?.cases, 1);
  const w = await listWarnings(t.db, { rule: 'cn.apl.61.service' });
  assert.equal(w.total, 1);
  assert.deepEqual([w.items[0]!.status, w.items[0]!.dueOn, w.items[0]!.actOn], ['violated', '2026-10-14', '2026-10-15']);
  assert.match(w.items[0]!.message.zh, /第六十一条|第八十五条/);
  assert.ok(w.items[0]!.citation?.quote);
});

test('live warnings: a missing act is pending, turns violated as days pass, and clears when the act arrives', async () => {
  const doc = { ...caseDoc(), id: 'SJ-2026-0002' };
  await importBatch(t.db, [file(doc)], { ...opts, asOf: '2026-10-12' });
  let w = await listWarnings(t.db, { caseId: 'SJ-2026-0002', rule: 'cn.apl.61.service' });
  assert.equal(w.items[0]?.status, 'pending', 'due 14 Oct is within 3 working days of 12 Oct');
  await reevaluateOpenCases(t.db, { asOf: '2026-10-15' });
  w = await listWarnings(t.db, { caseId: 'SJ-2026-0002', rule: 'cn.apl.61.service' });
  assert.equal(w.items[0]?.status, 'violated', 'the day after the due day');
  // the missing act is sent as an event-only document: the warning is re-judged on its real date (on time) and cleared
  await importBatch(t.db, [file({ schema: 'kaohe.case/v1', id: 'SJ-2026-0002', agency: '330100-SCJG', events: [served('2026-10-14')] })], { ...opts, asOf: '2026-10-15' });
  w = await listWarnings(t.db, { caseId: 'SJ-2026-0002', rule: 'cn.apl.61.service' });
  assert.equal(w.total, 0);
  const all = await listWarnings(t.db, { caseId: 'SJ-2026-0002', rule: 'cn.apl.61.service', state: 'cleared' });
  assert.equal(all.total, 1);
});

test('warning workflow: answer → reject → answer → accept, each step audited in the chain', async () => {
  const w = (await listWarnings(t.db, { caseId: 'SJ-2026-0001', rule: 'cn.apl.61.service' })).items[0]!;
  const actor = { username: 'scjg-admin', role: 'agency-admin' };
  const boss = { username: 'sfj-supervisor', role: 'supervisor' };
  assert.deepEqual(await decideWarning(t.db, w.id, boss, { accept: true, comment: 'x' }), { ok: false, reason: 'wrong-state' }, 'nothing to decide before an answer');
  assert.deepEqual(await answerWarning(t.db, w.id, actor, { kind: 'explained', text: '当事人拒收，已留置送达' }), { ok: true, state: 'answered' });
  assert.deepEqual(await answerWarning(t.db, w.id, actor, { kind: 'explained', text: 'again' }), { ok: false, reason: 'wrong-state' });
  assert.deepEqual(await decideWarning(t.db, w.id, boss, { accept: false, comment: '请补充送达回证' }), { ok: true, state: 'rejected' });
  assert.deepEqual(await answerWarning(t.db, w.id, actor, { kind: 'rectified', text: '已补充送达回证', evidence: ['回证.pdf'] }), { ok: true, state: 'answered' });
  assert.deepEqual(await decideWarning(t.db, w.id, boss, { accept: true, comment: '同意' }), { ok: true, state: 'accepted' });
  assert.deepEqual(await answerWarning(t.db, 999999, actor, { kind: 'explained', text: 'x' }), { ok: false, reason: 'not-found' });
  const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY seq`, [`warning:${w.id}`]);
  assert.deepEqual(audit.rows.map((r) => r.action), ['warning.answer', 'warning.decide', 'warning.answer', 'warning.decide']);
  assert.equal((await verifyAudit(t.db)).ok, true);
  // a re-evaluation keeps the workflow state
  await reevaluateOpenCases(t.db, { asOf: '2026-11-27' });
  const again = (await listWarnings(t.db, { caseId: 'SJ-2026-0001', rule: 'cn.apl.61.service' })).items[0]!;
  assert.equal(again.state, 'accepted');
});
