/**
 * `kaohe check` streaming throughput and memory on a file. Prints JSON
 *   { cases, events, findings, ms, eventsPerSec, rssStartMb, heapAfterGcMb, heapSamples }
 * and the peak RSS (PEAK_RSS_MB=…). `heapAfterGcMb` is the largest heap in use right after a full collection, sampled
 * every SAMPLE cases (the data the checker really holds, whatever the size V8 lets its heap grow to between
 * collections); `rssStartMb` is the resident set before the first case (code, modules, packs).
 *   node --import tsx scripts/bench/check.ts --pack PACK [--events N (default: counted)] [--as-of D] [--sample] FILE...
 * Run it with NODE_OPTIONS=--max-old-space-size=N to check within a fixed heap.
 */
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runCheck } from '@kaohe/app';
import { reportPeak } from './common.ts';

const { values: opt, positionals: files } = parseArgs({
  allowPositionals: true,
  options: { pack: { type: 'string' }, events: { type: 'string' }, 'as-of': { type: 'string', default: '2026-11-26' }, sample: { type: 'boolean', default: false } },
});
const sample = opt.sample;
const SAMPLE = 10000;
let gc: (() => void) | undefined;
if (sample) {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
}
const rssStartMb = process.memoryUsage().rss / 1048576;
let heapAfterGc = 0;
let heapSamples = 0;
const t0 = performance.now();
let findings = 0;
const r = await runCheck({
  files, packs: opt.pack ? [opt.pack] : undefined, asOf: opt['as-of'], onFinding: () => findings++,
  onCase: (n) => {
    if (!gc || n % SAMPLE !== 0) return;
    gc();
    heapAfterGc = Math.max(heapAfterGc, process.memoryUsage().heapUsed);
    heapSamples++;
  },
});
const ms = performance.now() - t0;
const events = opt.events ? Number(opt.events) : r.events;
process.stdout.write(JSON.stringify({
  cases: r.cases, events, findings, ms, eventsPerSec: events / (ms / 1000), rssStartMb, heapAfterGcMb: heapAfterGc / 1048576, heapSamples,
}) + '\n');
reportPeak();
