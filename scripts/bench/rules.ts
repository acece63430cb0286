/**
 * Rule-engine throughput in process: every case of a generated province's cases.jsonl (held in memory, parsed
 * before timing) through the cn-apl-2021 pack. One untimed pass first (JIT warm-up; it also digests the findings,
 * so that two versions of the engine can be compared on what they found), then PASSES timed passes over all cases.
 * CPU time is the process's (all threads, GC included). Prints JSON
 *   { cases, events, findings, digest, passes: [cpuMs...], cpuMs (median), bestCpuMs, wallMs (median),
 *     eventsPerSec (median), bestEventsPerSec, firstPassEventsPerSec }
 * where firstPassEventsPerSec is the old protocol's figure (one pass after a 2 000-case warm-up).
 *   node --import tsx scripts/bench/rules.ts DIR [PASSES]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chinaCalendar, evaluateCaseDetailed, loadPack, type CaseDoc } from '@kaohe/core';
import { reportPeak } from './common.ts';

const dir = process.argv[2]!;
const PASSES = Number(process.argv[3] ?? 3);
const docs = readFileSync(join(dir, 'cases.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CaseDoc);
const packs = [loadPack('cn-apl-2021')];
const calendar = chinaCalendar();
const events = docs.reduce((n, d) => n + d.events.length, 0);
const asOf = '2026-12-31';

function pass(): { cpuMs: number; wallMs: number; findings: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let findings = 0;
  for (const d of docs) findings += evaluateCaseDetailed(d, packs, { asOf, calendar }).findings.length;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, findings };
}

// the old protocol (kept for comparison): a 2 000-case warm-up, then the first timed pass
for (const d of docs.slice(0, 2000)) evaluateCaseDetailed(d, packs, { asOf, calendar });
const first = pass();
// the untimed pass: every finding and the rules checked, digested
const h = createHash('sha256');
for (const d of docs) h.update(JSON.stringify(evaluateCaseDetailed(d, packs, { asOf, calendar })) + '\n');
const digest = h.digest('hex');
const runs = Array.from({ length: PASSES }, pass);
for (const r of runs) if (r.findings !== first.findings) throw new Error(`a pass found ${r.findings} findings, the first ${first.findings}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMs = median(runs.map((r) => r.cpuMs));
const bestCpuMs = Math.min(...runs.map((r) => r.cpuMs));
process.stdout.write(JSON.stringify({
  cases: docs.length, events, findings: first.findings, digest, passes: runs.map((r) => Math.round(r.cpuMs)),
  cpuMs, bestCpuMs, wallMs: median(runs.map((r) => r.wallMs)),
  eventsPerSec: events / (cpuMs / 1000), bestEventsPerSec: events / (bestCpuMs / 1000),
  firstPassEventsPerSec: events / (first.cpuMs / 1000),
}) + '\n');
reportPeak();
