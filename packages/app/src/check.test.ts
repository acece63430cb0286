import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runCheck, UnreadableInputError, type CheckedFinding } from './check.ts';

const XES = fileURLToPath(new URL('../../../fixtures/road-fines/road-fines-100.xes', import.meta.url));

test('road-fines sample: the figures of its README, through the streaming XES reader', async () => {
  const found: CheckedFinding[] = [];
  const r = await runCheck({ files: [XES], packs: ['it-road-fines'], asOf: '2026-11-26', onFinding: (f) => found.push(f) });
  assert.equal(r.cases, 100);
  const s = r.summary;
  assert.deepEqual([s['it.roadfines.send-90d']!.checked, s['it.roadfines.send-90d']!.violated], [78, 35]);
  assert.deepEqual([s['it.roadfines.appeal-prefecture-60d']!.checked, s['it.roadfines.appeal-prefecture-60d']!.violated], [1, 0]);
  assert.deepEqual([s['it.roadfines.penalty-60d']!.checked, s['it.roadfines.penalty-60d']!.violated], [57, 0]);
  assert.deepEqual([s['it.roadfines.collection-unpaid']!.checked, s['it.roadfines.collection-unpaid']!.violated], [36, 0]);
  assert.deepEqual([s['it.roadfines.end-without-send']!.checked, s['it.roadfines.end-without-send']!.violated], [22, 0]);
  for (const [id, c] of Object.entries(s)) if (id.startsWith('it.roadfines.order.')) assert.equal(c.violated, 0, id);
  assert.equal(found.length, 35);
  assert.ok(found.every((f) => f.rule === 'it.roadfines.send-90d' && f.status === 'violated' && f.agency === 'xes'));
});

const caseDoc = (served: string) => ({
  schema: 'kaohe.case/v1', id: 'SJ-1', agency: '330100-SCJG', domain: 'market', procedure: 'general',
  party: { type: 'org', name: '某公司' }, violation: { item: 'X', occurredOn: '2026-09-01', circumstance: 'general' },
  staff: { handlers: ['P1', 'P2'], reviewer: 'P3', approver: 'P4' }, penalty: { kinds: ['warning'] },
  events: [
    { id: 'e1', type: 'case.opened', at: '2026-09-10T09:00:00+08:00', records: ['text'] },
    { id: 'e2', type: 'investigation', at: '2026-09-11T09:00:00+08:00', by: ['P1', 'P2'], records: ['av'], credentialShown: true },
    { id: 'e3', type: 'notice.issued', at: '2026-09-15T09:00:00+08:00', proposed: { kinds: ['warning'] }, hearingRight: false },
    { id: 'e4', type: 'decision.made', at: '2026-09-29T10:00:00+08:00', penalty: { kinds: ['warning'] }, records: ['text'] },
    ...(served ? [{ id: 'e5', type: 'decision.served', at: `${served}T10:00:00+08:00`, method: 'direct', records: ['text'] }] : []),
  ],
});

test('cn.apl.61.service across National Day 2026: due on the 7th working day after the decision', async () => {
  // decided Tue 29 Sep; working days after it: 30 Sep, 8 Oct, 9 Oct, 10 Oct (make-up Saturday), 12, 13, 14 Oct → due 14 Oct
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-check-'));
  const verdict = async (served: string, asOf = '2026-11-26') => {
    const f = join(dir, `c-${served || 'none'}.jsonl`);
    writeFileSync(f, JSON.stringify(caseDoc(served)) + '\n');
    const found: CheckedFinding[] = [];
    await runCheck({ files: [f], asOf, onFinding: (x) => found.push(x) });
    return found.filter((x) => x.rule === 'cn.apl.61.service');
  };
  assert.equal((await verdict('2026-10-13')).length, 0, 'day before the due day');
  assert.equal((await verdict('2026-10-14')).length, 0, 'on the due day');
  const late = await verdict('2026-10-15');
  assert.equal(late.length, 1, 'day after the due day');
  assert.equal(late[0]!.status, 'violated');
  assert.equal(late[0]!.dueOn, '2026-10-14');
  assert.equal(late[0]!.actOn, '2026-10-15');
  assert.match(late[0]!.message, /第六十一条|第八十五条/);
  const pending = await verdict('', '2026-10-12');
  assert.equal(pending[0]?.status, 'pending', 'not served, due within 3 working days of the as-of date');
});

test('an unknown pack or a missing file is unreadable input', async () => {
  await assert.rejects(runCheck({ files: [XES], packs: ['no-such-pack'], asOf: '2026-11-26' }), UnreadableInputError);
  await assert.rejects(runCheck({ files: ['/nonexistent/cases.jsonl'], asOf: '2026-11-26' }), UnreadableInputError);
});

test('streaming: the heap held after a collection does not grow with the cases checked', async () => {
  // 8 000 traces (the sample 80 times over, ids made unique); a case kept per trace would add megabytes
  const sample = readFileSync(XES, 'utf8');
  const open = sample.indexOf('<trace>'), close = sample.lastIndexOf('</trace>') + '</trace>'.length;
  const traces = sample.slice(open, close);
  const parts = [sample.slice(0, open)];
  for (let i = 0; i < 80; i++) parts.push(traces.replace(/(<string key="concept:name" value=")([^"]*)("\/>\s*<event>)/g, `$1$2-${i}$3`));
  parts.push(sample.slice(close));
  const file = join(mkdtempSync(join(tmpdir(), 'kaohe-check-big-')), 'big.xes');
  writeFileSync(file, parts.join(''));
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heap: Record<number, number> = {};
  let findings = 0;
  const r = await runCheck({
    files: [file], packs: ['it-road-fines'], asOf: '2026-11-26', onFinding: () => findings++,
    onCase: (n) => { if (n === 2000 || n === 8000) { gc(); heap[n] = process.memoryUsage().heapUsed; } },
  });
  assert.equal(r.cases, 8000);
  assert.equal(findings, 80 * 35);
  assert.equal(r.summary['it.roadfines.send-90d']!.violated, 80 * 35);
  const grew = heap[8000]! - heap[2000]!;
  assert.ok(grew < 2_000_000, `heap grew by ${(grew / 1e6).toFixed(1)} MB over 6 000 cases`);
});
