/**
 * `kaohe check` streaming throughput and peak memory on a file: prints JSON { cases, ms, peak }.
 *   node --import tsx scripts/bench/check.ts FILE PACK
 */
import { runCheck } from '@kaohe/app';
import { reportPeak } from './common.ts';

const [file, pack] = process.argv.slice(2) as [string, string];
const t0 = performance.now();
let findings = 0;
const r = await runCheck({ files: [file], packs: [pack], asOf: '2026-11-26', onFinding: () => findings++ });
process.stdout.write(JSON.stringify({ cases: r.cases, findings, ms: performance.now() - t0 }) + '\n');
reportPeak();
