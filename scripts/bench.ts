/**
 * `npm run bench [-- SECTION...]`: the figures Kaohe promises, measured in one run and printed with their ratios.
 * Sections: import (PGlite vs PostgreSQL, 100 000-case province), rules (engine events/s), check (`kaohe check`
 * streaming throughput and memory on the road-fines log scaled up, at two sizes), api (loopback load, p99 during a
 * heavy job), assess (full-year assessment). Sizes: BENCH_CASES (default 100000), BENCH_ASSESS_CASES (200000), BENCH_SCALE
 * (road-fines copies, default 500 → 50 000 traces), BENCH_CHECK_HEAP_MB (the capped check run, 64), BENCH_API_CASES (3000),
 * BENCH_SECONDS (10).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, PG_URL, runTs, table, type Row } from './bench/common.ts';

const sections = process.argv.slice(2).length ? process.argv.slice(2) : ['import', 'rules', 'check', 'api', 'assess'];
const N = Number(process.env.BENCH_CASES ?? 100000);
const out = join('bench-out');
mkdirSync(out, { recursive: true });
const rows: Row[] = [];
const say = (s: string) => process.stderr.write(`bench: ${s}\n`);
const json = (s: string) => JSON.parse(s.split('\n').find((l) => l.startsWith('{'))!) as Record<string, number>;

async function must(file: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = await runTs(file, args, env);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
  return r;
}

const province = join(out, `province-${N}`);
if (['import', 'rules', 'check', 'assess'].some((x) => sections.includes(x)) && !existsSync(join(province, 'truth.json'))) {
  say(`generating a ${fmt(N)}-case province…`);
  await must('packages/cli/src/main.ts', ['generate', '--cases', String(N), '--seed', '7', '--year', '2026', '--out', province, '--quiet']);
}

if (sections.includes('import')) {
  const res: Record<string, Record<string, number>> = {};
  for (const [name, env] of [['PGlite', { DATABASE_URL: undefined }], ['PostgreSQL', { DATABASE_URL: PG_URL }]] as const) {
    say(`import into ${name}…`);
    const r = await must('scripts/bench/import.ts', [province], env);
    const j = json(r.stdout);
    res[name] = j;
    rows.push({ section: 'import', what: `${name}: ${fmt(j.cases!)} cases, ${fmt(j.events!)} events`, figure: `${fmt(j.events! / (j.importMs! / 1000))} events/s`, note: `${fmt(j.cases! / (j.importMs! / 1000))} cases/s, ${fmt(j.importMs! / 1000, 1)} s, peak ${r.peakMb} MB` });
    rows.push({ section: 'import', what: `${name}: evaluate every case → warnings`, figure: `${fmt(j.cases! / (j.evaluateMs! / 1000))} cases/s`, note: `${fmt(j.evaluateMs! / 1000, 1)} s, ${fmt(j.warnings!)} warnings` });
  }
  const a = res.PGlite!, b = res.PostgreSQL!;
  rows.push({ section: 'import', what: 'PGlite time ÷ PostgreSQL time', figure: `${fmt(a.importMs! / b.importMs!, 2)} ×`, note: `target ≥ 20 000 events/s on PostgreSQL` });
}

if (sections.includes('rules')) {
  say('rule engine…');
  const r = await must('scripts/bench/rules.ts', [province]);
  const j = json(r.stdout);
  const digest = String((JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{'))!) as { digest: string }).digest).slice(0, 12);
  rows.push({ section: 'rules', what: `cn-apl-2021 over ${fmt(j.cases!)} cases / ${fmt(j.events!)} events`, figure: `${fmt(j.eventsPerSec!)} events/s`, note: `per core: median of 3 passes after a warm-up pass (best ${fmt(j.bestEventsPerSec!)}; CPU time ${fmt(j.cpuMs! / 1000, 2)} s); target ≥ 1 000 000` });
  rows.push({ section: 'rules', what: 'first pass after a 2 000-case warm-up (the old figure)', figure: `${fmt(j.firstPassEventsPerSec!)} events/s`, note: `${fmt(j.findings!)} findings, sha256 ${digest}… of every case's result` });
}

if (sections.includes('check')) {
  const scale = Number(process.env.BENCH_SCALE ?? 500);
  const sample = readFileSync('fixtures/road-fines/road-fines-100.xes', 'utf8');
  const open = sample.indexOf('<trace>');
  const close = sample.lastIndexOf('</trace>') + '</trace>'.length;
  const traces = sample.slice(open, close);
  // each size twice: as a user runs it (V8 sizes its heap as it likes), and with the heap capped at CAP MB, sampling
  // the heap in use after full collections; the capped run at 4× the cases succeeding is the proof that memory is
  // O(1) in the cases (RSS alone can mislead: V8 grows its heap lazily)
  const CAP = Number(process.env.BENCH_CHECK_HEAP_MB ?? 64);
  const runs: { k: number; cases: number; rss: number; capRss: number; heap: number }[] = [];
  for (const k of [scale, scale * 4]) {
    const file = join(out, `road-fines-x${k}.xes`);
    if (!existsSync(file)) {
      // each copy renames its traces so that case ids stay unique
      const parts = [sample.slice(0, open)];
      for (let i = 0; i < k; i++) parts.push(traces.replace(/(<string key="concept:name" value=")([^"]*)("\/>\s*<event>)/g, `$1$2-${i}$3`));
      parts.push(sample.slice(close));
      writeFileSync(file, parts.join(''));
    }
    const events = 390 * k;
    say(`kaohe check on road-fines ×${k}…`);
    const r = await must('scripts/bench/check.ts', ['--pack', 'it-road-fines', '--events', String(events), file]);
    const j = json(r.stdout);
    say(`kaohe check on road-fines ×${k}, heap capped at ${CAP} MB…`);
    const rc = await must('scripts/bench/check.ts', ['--pack', 'it-road-fines', '--events', String(events), '--sample', file], { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${CAP}`.trim() });
    const jc = json(rc.stdout);
    if (jc.findings !== j.findings || jc.cases !== j.cases) throw new Error(`capped run differs: ${jc.cases} cases / ${jc.findings} findings vs ${j.cases} / ${j.findings}`);
    runs.push({ k, cases: j.cases!, rss: r.peakMb ?? 0, capRss: rc.peakMb ?? 0, heap: jc.heapAfterGcMb! });
    rows.push({ section: 'check', what: `road-fines ×${k}: ${fmt(j.cases!)} traces, ${fmt(events)} events (XES, streaming)`, figure: `${fmt(j.eventsPerSec!)} events/s`, note: `peak RSS ${r.peakMb} MB (${fmt(j.rssStartMb!)} MB before the first case), ${fmt(j.findings!)} findings` });
    rows.push({ section: 'check', what: `  same, heap capped at ${CAP} MB (--max-old-space-size)`, figure: `${fmt(jc.heapAfterGcMb!, 1)} MB`, note: `heap in use after GC (max of ${jc.heapSamples} samples); peak RSS ${rc.peakMb} MB; ${fmt(jc.eventsPerSec!)} events/s` });
  }
  const [a0, a1] = runs as [typeof runs[0], typeof runs[0]];
  if (existsSync(join(province, 'cases.jsonl'))) {
    say(`kaohe check on the ${fmt(N)}-case province…`);
    const files = ['people.jsonl', 'records.jsonl', 'cases.jsonl'].map((f) => join(province, f));
    const rp = await must('scripts/bench/check.ts', ['--pack', 'cn-apl-2021', '--as-of', '2026-12-31', ...files]);
    const jp = json(rp.stdout);
    rows.push({ section: 'check', what: `province: ${fmt(jp.cases!)} cases, ${fmt(jp.events!)} events (JSONL + people + records)`, figure: `${fmt(jp.eventsPerSec!)} events/s`, note: `peak RSS ${rp.peakMb} MB, ${fmt(jp.findings!)} findings (reading and validating included)` });
  }
  rows.push({ section: 'check', what: `peak RSS at ${fmt(a1.cases)} ÷ at ${fmt(a0.cases)} traces`, figure: `${fmt(a1.rss / a0.rss, 2)} ×`, note: `${a1.rss} / ${a0.rss} MB; with the ${CAP} MB cap ${fmt(a1.capRss / a0.capRss, 2)} × (${a1.capRss} / ${a0.capRss} MB); ≈ 1 means memory does not grow with the cases` });
  rows.push({ section: 'check', what: `heap after GC at ${fmt(a1.cases)} ÷ at ${fmt(a0.cases)} traces (${CAP} MB cap)`, figure: `${fmt(a1.heap / a0.heap, 2)} ×`, note: `${fmt(a1.heap, 1)} / ${fmt(a0.heap, 1)} MB: what the checker holds is O(1) in the cases` });
}

if (sections.includes('api')) {
  say('API load…');
  const r = await must('scripts/bench/api.ts', [process.env.BENCH_API_CASES ?? '3000', process.env.BENCH_SECONDS ?? '10'], { DATABASE_URL: undefined });
  const j = JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{'))!) as { db: string; scenarios: { name: string; rps: number; p99: number; p50: number; errors: number; jobsCompleted?: number }[] };
  for (const s of j.scenarios) rows.push({ section: 'api', what: `${j.db}: ${s.name}`, figure: `${fmt(s.rps)} req/s`, note: `p50 ${s.p50} ms, p99 ${s.p99} ms, errors ${s.errors}${s.jobsCompleted !== undefined ? `, jobs done ${s.jobsCompleted}` : ''}` });
  const quiet = j.scenarios.find((s) => s.name === 'case page')!, busy = j.scenarios.find((s) => s.name.startsWith('case page during'))!;
  rows.push({ section: 'api', what: 'case page p99 busy ÷ quiet', figure: `${fmt(busy.p99 / Math.max(1, quiet.p99), 2)} ×`, note: 'target: p99 under 200 ms while a run goes on' });
}

if (sections.includes('assess')) {
  const A = Number(process.env.BENCH_ASSESS_CASES ?? 200000);
  const big = join(out, `province-${A}`);
  if (!existsSync(join(big, 'truth.json'))) {
    say(`generating a ${fmt(A)}-case province…`);
    await must('packages/cli/src/main.ts', ['generate', '--cases', String(A), '--seed', '11', '--year', '2026', '--out', big, '--quiet']);
  }
  for (const [name, env] of [['PGlite', { DATABASE_URL: undefined }], ['PostgreSQL', { DATABASE_URL: PG_URL }]] as const) {
    say(`assessment on ${name} (import and evaluation first, not timed)…`);
    const r = await must('scripts/bench/assess.ts', [big], env);
    const j = json(r.stdout);
    rows.push({ section: 'assess', what: `${name}: full-year assessment of ${fmt(j.cases!)} cases`, figure: `${fmt(j.ms! / 1000, 1)} s`, note: `warm ${fmt(j.warmMs! / 1000, 1)} s; target < 60 s on PostgreSQL; peak ${r.peakMb} MB` });
  }
}

process.stdout.write('\n' + table(rows) + '\n');
