import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseDoc } from '../model.ts';
import { chinaCalendar } from '../calendar/index.ts';
import { z } from 'zod';
import { evaluateCase, evaluateCaseDetailed, loadPack, parsePack, PackLoadError, registerTemplate, renderFinding, Summary, withParams } from './index.ts';

const calendar = chinaCalendar();
const MANIFEST = `id: bureau\ntitle: { zh: 本局, en: Bureau }\nversion: "1"\ntimezone: Asia/Shanghai\ndecisionEvent: decision.made\n`;
const rule = (from: string, days: number) => `
- id: bureau.service
  title: { zh: 送达, en: Service }
  citation: { law: 某规章, article: 第一条 }
  quote: 应当在${days}日内送达。
  effective: { from: "${from}" }
  severity: high
  template: deadline
  params: { from: decision.made, to: decision.served, period: { days: ${days}, unit: working } }
`;
const doc = (decided: string): CaseDoc => ({
  id: 'C1', agency: 'A', events: [{ id: 'd', type: 'decision.made', at: `${decided}T09:00:00+08:00` }],
});

test('the version in force on the decision date is used', () => {
  const pack = parsePack([{ path: 'pack.yaml', text: MANIFEST }, { path: 'service.yaml', text: rule('2020-01-01', 7) + rule('2026-06-01', 3).replace(/^\n/, '') }]);
  const before = evaluateCase(doc('2026-05-06'), [pack], { asOf: '2026-12-31', calendar });
  assert.equal(before[0]!.dueOn, '2026-05-14'); // Sat 9 May is a make-up working day
  const after = evaluateCase(doc('2026-06-02'), [pack], { asOf: '2026-12-31', calendar });
  assert.equal(after[0]!.dueOn, '2026-06-05');
  assert.deepEqual(evaluateCase(doc('2019-06-02'), [pack], { asOf: '2026-12-31', calendar }), []); // no version yet
});

test('a bureau pack loads from a folder without code; errors name file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-pack-'));
  writeFileSync(join(dir, 'pack.yaml'), MANIFEST);
  writeFileSync(join(dir, 'art-1-service.yaml'), rule('2020-01-01', 7));
  const pack = loadPack(dir);
  assert.equal(pack.rules.length, 1);
  const bad = join(dir, 'bad');
  mkdirSync(bad);
  writeFileSync(join(bad, 'pack.yaml'), MANIFEST);
  writeFileSync(join(bad, 'x.yaml'), rule('2020-01-01', 7).replace('unit: working', 'unit: weekly').replace('severity: high', 'severity: huge'));
  assert.throws(() => loadPack(bad), (e: unknown) => {
    assert.ok(e instanceof PackLoadError);
    assert.ok(e.problems.some((p) => p.includes('x.yaml') && p.includes('severity')), e.message);
    return true;
  });
  writeFileSync(join(bad, 'x.yaml'), rule('2020-01-01', 7).replace('unit: working', 'unit: weekly'));
  assert.throws(() => loadPack(bad), /x\.yaml: 0\.params\.period\.unit/);
  writeFileSync(join(bad, 'x.yaml'), rule('2020-01-01', 7).replace('template: deadline', 'template: nope'));
  assert.throws(() => loadPack(bad), /x\.yaml: 0\.template: unknown template "nope"/);
  assert.throws(() => loadPack('no-such-pack'), /no such built-in pack/);
});

test('hearing thresholds are pack parameters a bureau overrides', () => {
  const pack = loadPack('cn-apl-2021');
  const c: CaseDoc = {
    id: 'H', agency: 'A', procedure: 'general', party: { type: 'person' }, penalty: { kinds: ['fine'], fine: 6000 },
    events: [
      { id: 'n', type: 'notice.issued', at: '2026-03-02T10:00:00+08:00', hearingRight: false },
      { id: 'd', type: 'decision.made', at: '2026-03-20T10:00:00+08:00' },
    ],
  };
  const hr = (fs: ReturnType<typeof evaluateCase>) => fs.filter((f) => f.rule === 'cn.apl.63.hearing-right');
  assert.equal(hr(evaluateCase(c, [pack], { asOf: '2026-12-31', calendar })).length, 0);
  const override = { 'hearing.fine': { person: 5000, org: 50000 } };
  assert.equal(hr(evaluateCase(c, [pack], { asOf: '2026-12-31', calendar, params: override })).length, 1);
  assert.equal(hr(evaluateCase(c, [withParams(pack, override)], { asOf: '2026-12-31', calendar })).length, 1);
});

test('a realistic case: the interchange example', () => {
  const pack = loadPack('cn-apl-2021');
  const c: CaseDoc = {
    schema: 'kaohe.case/v1', id: 'SJ-2026-000123', agency: '330100-SCJG', domain: 'market', procedure: 'general',
    party: { type: 'org', name: '某某食品有限公司' },
    violation: { item: 'SC-FOOD-124-1', occurredOn: '2026-02-20', circumstance: 'general', firstOffense: false, minor: false, corrected: false },
    major: false, complex: false, staff: { handlers: ['P0101', 'P0102'], reviewer: 'P0150', approver: 'P0190' },
    penalty: { kinds: ['fine'], fine: 20000, confiscated: 0 },
    events: [
      { id: 'e1', type: 'lead.registered', at: '2026-03-02T09:10:00+08:00' },
      { id: 'e2', type: 'case.opened', at: '2026-03-09T10:00:00+08:00', by: ['P0190'], records: ['text'] },
      { id: 'e3', type: 'investigation', at: '2026-03-12T14:00:00+08:00', by: ['P0101', 'P0102'], records: ['text', 'av'] },
      { id: 'e4', type: 'notice.issued', at: '2026-04-20T10:00:00+08:00', proposed: { kinds: ['fine'], fine: 20000 }, hearingRight: true },
      { id: 'e5', type: 'review.completed', at: '2026-04-28T16:00:00+08:00', by: ['P0150'], result: 'passed', records: ['text'] },
      { id: 'e6', type: 'decision.made', at: '2026-04-30T10:00:00+08:00', by: ['P0190'], penalty: { kinds: ['fine'], fine: 20000 }, records: ['text'] },
      { id: 'e7', type: 'decision.served', at: '2026-05-08T10:00:00+08:00', method: 'direct', records: ['text'] },
    ],
  };
  const r = evaluateCaseDetailed(c, [pack], { asOf: '2026-05-20', calendar });
  // not yet published: due 7 working days after Apr 30 = May 13 (May 1–5 holiday, Sat May 9 make-up) → violated
  assert.deepEqual(r.findings.map((f) => [f.rule, f.status, f.dueOn]), [['cn.gbf118.publish', 'violated', '2026-05-13']]);
  assert.ok(r.checked.includes('cn.apl.61.service') && r.checked.includes('cn.apl.60.decision'));
  const zh = renderFinding(r.findings[0]!, 'zh-CN', [pack]);
  assert.match(zh, /^【违规】七个工作日内公示处罚决定：decision.published 未在期限届满日 2026-05-13 前作出/);
  assert.match(renderFinding(r.findings[0]!, 'en', [pack]), /^\[violated\] Decision published within 7 working days: decision.published missing: it was due on 2026-05-13/);
  const s = new Summary();
  s.add(r);
  assert.deepEqual(s.rules['cn.gbf118.publish'], { checked: 1, violated: 1, pending: 0, advisory: 0 });
});

test('events after the as-of date are not seen', () => {
  const pack = loadPack('cn-apl-2021');
  const c: CaseDoc = { id: 'X', agency: 'A', events: [
    { id: 'd', type: 'decision.made', at: '2026-03-02T10:00:00+08:00' },
    { id: 's', type: 'decision.served', at: '2026-03-10T10:00:00+08:00' },
  ] };
  const f = evaluateCase(c, [pack], { asOf: '2026-03-09', calendar }).filter((x) => x.rule === 'cn.apl.61.service');
  assert.equal(f[0]!.status, 'pending');
});

test('performance: road-fines throughput (CPU time; target 1 M events/s, floor 150 k under shared-machine load)', () => {
  const pack = loadPack('it-road-fines');
  const cases: CaseDoc[] = [];
  const mk = (i: number): CaseDoc => ({
    id: `N${i}`, agency: 'IT', events: [
      { id: '1', type: 'Create Fine', at: '2006-07-24 00:00:00+02:00', amount: 35, totalPaymentAmount: 0, points: 0, dismissal: 'NIL' },
      { id: '2', type: 'Send Fine', at: '2006-12-05 00:00:00+01:00', expense: 11 },
      { id: '3', type: 'Insert Fine Notification', at: '2006-12-12 00:00:00+01:00' },
      { id: '4', type: 'Add penalty', at: '2007-02-10 00:00:00+01:00', amount: 71.5 },
      { id: '5', type: 'Send for Credit Collection', at: '2009-03-30 00:00:00+02:00' },
    ],
  });
  for (let i = 0; i < 40000; i++) cases.push(mk(i));
  const ctx = { asOf: '2026-01-01', calendar };
  const s = new Summary();
  for (let i = 0; i < 2000; i++) s.add(evaluateCaseDetailed(cases[i]!, [pack], ctx)); // warm-up
  const u0 = process.cpuUsage();
  for (const c of cases) s.add(evaluateCaseDetailed(c, [pack], ctx));
  const u = process.cpuUsage(u0);
  const ms = (u.user + u.system) / 1000;
  const rate = (cases.length * 5) / (ms / 1000);
  console.log(`road-fines: ${Math.round(rate).toLocaleString('en')} events/s`);
  assert.ok(rate > 150_000, `too slow: ${rate} events/s`);
});

test('cases evaluated one after another do not see each other (the engine reuses its per-case buffers)', () => {
  const pack = loadPack('cn-apl-2021');
  const big: CaseDoc = {
    id: 'B', agency: 'A', procedure: 'general', domain: 'market', penalty: { kinds: ['fine'], fine: 500 },
    events: [
      { id: 'l', type: 'lead.registered', at: '2026-03-01T10:00:00+08:00' },
      { id: 'o', type: 'case.opened', at: '2026-03-02T10:00:00+08:00', records: ['text'] },
      { id: 'i1', type: 'investigation', at: '2026-03-03T10:00:00+08:00', by: ['P1'], records: ['av'] },
      { id: 'i2', type: 'investigation', at: '2026-03-04T10:00:00+08:00', by: ['P2'], records: ['av'] },
      { id: 'n', type: 'notice.issued', at: '2026-03-05T10:00:00+08:00', hearingRight: false },
      { id: 'd', type: 'decision.made', at: '2026-03-20T10:00:00+08:00', records: ['text'] },
      { id: 's', type: 'decision.served', at: '2026-03-23T10:00:00+08:00', records: ['text'] },
    ],
  };
  // a smaller, unsorted case with none of the decision's acts: a stale index would show it B's
  const small: CaseDoc = {
    id: 'S', agency: 'A', procedure: 'general', domain: 'market',
    events: [
      { id: 'i', type: 'investigation', at: '2026-05-04T10:00:00+08:00', by: ['P9'], records: [] },
      { id: 'l', type: 'lead.registered', at: '2026-05-01T10:00:00+08:00' },
    ],
  };
  const ctx = { asOf: '2026-12-31', calendar };
  const alone = evaluateCaseDetailed(small, [pack], ctx);
  evaluateCaseDetailed(big, [pack], ctx);
  const after = evaluateCaseDetailed(small, [pack], ctx);
  assert.deepEqual(after, alone);
  assert.ok(!after.checked.includes('cn.apl.61.service'), 'S has no decision');
  assert.deepEqual(after.findings.map((f) => [f.rule, f.code]).sort(), [
    ['cn.apl.47.record', 'guard.failed'], ['cn.samr.18.filing', 'deadline.missing'],
  ]);
  assert.deepEqual(evaluateCaseDetailed(big, [pack], ctx), evaluateCaseDetailed(big, [pack], ctx));
});

test('a TypeScript check may ask about an act type no rule names', () => {
  registerTemplate({
    name: 'test.count-acts',
    params: z.object({ act: z.string() }).strict(),
    compile: (p) => (c, out) => {
      const n = c.ofType(p.act).length;
      if (n) out.emit('advisory', 'x.count', { n, has: c.has(p.act) });
      return n > 0;
    },
  });
  const pack = parsePack([{ path: 'pack.yaml', text: MANIFEST }, { path: 'count.yaml', text: `
id: bureau.count
title: { zh: 计数, en: Count }
citation: { law: 某规章, article: 第一条 }
quote: 计数。
effective: { from: "2020-01-01" }
severity: low
template: test.count-acts
params: { act: never.named.elsewhere }
` }]);
  const c = (n: number): CaseDoc => ({ id: `C${n}`, agency: 'A', events: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, type: i % 2 ? 'other' : 'never.named.elsewhere', at: `2026-03-0${1 + i}T10:00:00+08:00` })) });
  const fs = [5, 0, 3].map((n) => evaluateCase(c(n), [pack], { asOf: '2026-12-31', calendar }));
  assert.deepEqual(fs.map((f) => f.map((x) => x.fields)), [[{ n: 3, has: true }], [], [{ n: 2, has: true }]]);
});
