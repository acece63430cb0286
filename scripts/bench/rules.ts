/**
 * Rule-engine throughput in process: every case of a generated province's cases.jsonl (held in memory, parsed
 * before timing) through the cn-apl-2021 pack. Prints JSON { cases, events, cpuMs, wallMs, eventsPerSec }.
 *   node --import tsx scripts/bench/rules.ts DIR
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chinaCalendar, evaluateCaseDetailed, loadPack, type CaseDoc } from '@kaohe/core';
import { reportPeak } from './common.ts';

const dir = process.argv[2]!;
const docs = readFileSync(join(dir, 'cases.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CaseDoc);
const packs = [loadPack('cn-apl-2021')];
const calendar = chinaCalendar();
const events = docs.reduce((n, d) => n + d.events.length, 0);
const asOf = '2026-12-31';
// warm-up (JIT) on a slice, then the timed pass
for (const d of docs.slice(0, 2000)) evaluateCaseDetailed(d, packs, { asOf, calendar });
const c0 = process.cpuUsage();
const t0 = performance.now();
let findings = 0;
for (const d of docs) findings += evaluateCaseDetailed(d, packs, { asOf, calendar }).findings.length;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(JSON.stringify({ cases: docs.length, events, findings, cpuMs, wallMs, eventsPerSec: events / (cpuMs / 1000) }) + '\n');
reportPeak();
