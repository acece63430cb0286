import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { generateDataset } from '@kaohe/app';
import { SYNTH_FAULT_KINDS } from '@kaohe/core';
import { CliExit, EXIT_USAGE, dayOption } from '../exit.ts';

function int(name: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min || Number(v) > max) {
      throw new CliExit(EXIT_USAGE, `kaohe generate: --${name} must be an integer in ${min}..${max}, got "${v}"`);
    }
    return Number(v);
  };
}

function rate(v: string, acc: Record<string, number>): Record<string, number> {
  const m = /^([a-z-]+)=([0-9.]+)$/.exec(v);
  if (!m || !(SYNTH_FAULT_KINDS as string[]).includes(m[1]!) || !(Number(m[2]) >= 0 && Number(m[2]) <= 1)) {
    throw new CliExit(EXIT_USAGE, `kaohe generate: --rate expects KIND=P with P in [0, 1] and KIND one of: ${SYNTH_FAULT_KINDS.join(', ')}; got "${v}"`);
  }
  return { ...acc, [m[1]!]: Number(m[2]) };
}

function date(v: string): string {
  return dayOption('--until', v);
}

/** `kaohe generate`: a deterministic synthetic province (registries, calendar, cases, records, truth.json). */
export function register(program: Command): void {
  program
    .command('generate')
    .description('generate a deterministic synthetic province 生成合成测试数据 (agencies, people, items, calendar, cases, records, truth.json)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--cases <n>', 'number of cases', int('cases', 0, 100_000_000), 1000)
    .option('--seed <s>', 'random seed (same seed → byte-identical files)', int('seed', 0, Number.MAX_SAFE_INTEGER), 1)
    .option('--year <y>', 'year of the cases', int('year', 2000, 2100), 2026)
    .option('--until <date>', 'cut the data at this day (YYYY-MM-DD, within --year; default: 31 Dec): no later events or records, cases in progress stay open', date)
    .option('--rate <kind=p>', 'override a fault rate (repeatable), e.g. --rate late-service=0.1', rate, {} as Record<string, number>)
    .option('--quiet', 'no progress bar')
    .action(async (o: { out: string; cases: number; seed: number; year: number; until?: string; rate: Record<string, number>; quiet?: boolean }, cmd: Command) => {
      // --until alone picks its year
      const year = o.until !== undefined && cmd.getOptionValueSource('year') === 'default' ? Number(o.until.slice(0, 4)) : o.year;
      const bar = !o.quiet && process.stderr.isTTY
        ? new SingleBar({ stream: process.stderr, format: 'generate [{bar}] {percentage}% | {value}/{total} cases | ETA {eta_formatted}', hideCursor: true })
        : undefined;
      bar?.start(o.cases, 0);
      let result;
      try {
        result = await generateDataset({
          out: o.out, cases: o.cases, seed: o.seed, year, rates: o.rate, ...(o.until !== undefined ? { until: o.until } : {}),
          progressEvery: Math.max(100, Math.floor(o.cases / 200)),
          onProgress: (done) => bar?.update(done),
        });
      } catch (e) {
        if (e instanceof RangeError) throw new CliExit(EXIT_USAGE, `kaohe generate: ${e.message}`);
        throw e;
      } finally {
        bar?.stop();
      }
      const rate = result.ms > 0 ? Math.round((result.cases / result.ms) * 1000) : result.cases;
      process.stdout.write(
        `generated ${result.cases} cases, ${result.records} records, ${result.faults} injected faults (${result.open} cases open ${o.until !== undefined ? `on ${result.asOf}` : 'at year end'})\n` +
        `  ${result.agencies} agencies, ${result.people} people, ${result.items} items; ${(result.ms / 1000).toFixed(1)} s (${rate} cases/s)\n` +
        `  ${result.dir}\n`,
      );
    });
}
