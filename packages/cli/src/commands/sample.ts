import type { Command } from 'commander';
import { drawReviewSample, openExistingDb, SampleError, type SampleResult } from '@kaohe/app';
import { dbConfig } from './import.ts';
import { CliExit, EXIT_USAGE } from '../exit.ts';

function table(r: SampleResult): string {
  const w = r.method.weights;
  const out = [
    `案卷评查抽样 case-file review sample · period ${r.period} · seed ${r.seed} · rate ${r.rate} · min ${r.min}`,
    `random 随机层: ${r.method.random}`,
    `risk 风险层: ${r.method.risk}`,
    `weights 风险权重: violated 违法预警 ${w.violated}, complaint 投诉 ${w.complaint}, reversal 复议诉讼纠错 ${w.reversal}`,
  ];
  for (const d of r.departments) {
    const random = d.sample.filter((s) => s.stratum === 'random').length;
    out.push('', `${d.agency}  population 案件数 ${d.population}  sample 抽取 ${d.sample.length} (random ${random}, risk ${d.sample.length - random})`);
    for (const s of d.sample) out.push(`  ${s.stratum.padEnd(6)}  ${s.case.padEnd(20)}  risk ${String(s.risk).padStart(2)}  ${s.digest.slice(0, 16)}…  ${s.reasons.join(', ')}`.trimEnd());
  }
  const total = r.departments.reduce((a, d) => a + d.sample.length, 0);
  out.push('', `${r.departments.length} departments 个部门, ${total} files 件案卷`);
  return out.join('\n') + '\n';
}

/**
 * `kaohe sample --period 2026H1|2026 [--rate 0.10] [--min 5] --seed S [--format json|table] [--db DIR|URL]`:
 * the case-file review sample (案卷评查抽样), re-derivable from the seed (docs/review.md). Read-only.
 */
export function register(program: Command): void {
  program
    .command('sample')
    .description('draw the case-file review sample 案卷评查抽样 (random stratum by SM3 of seed:case, risk stratum by weighted risk)')
    .requiredOption('--period <period>', '2026H1 | 2026')
    .requiredOption('--seed <seed>', 'the published random seed 随机种子')
    .option('--rate <rate>', 'share of each department’s decided cases 抽样比例', '0.10')
    .option('--min <n>', 'least files per department 每部门最少件数', '5')
    .option('--format <format>', 'json | table', 'table')
    .option('--db <dir|url>', 'an existing PGlite data directory or postgres:// URL (read-only)')
    .action(async (o: { period: string; seed: string; rate: string; min: string; format: string; db?: string }) => {
      if (!['json', 'table'].includes(o.format)) throw new CliExit(EXIT_USAGE, '--format must be json or table · 输出格式须为 json 或 table');
      if (!/^\d+$/.test(o.min)) throw new CliExit(EXIT_USAGE, `--min: 须为非负整数 · must be a whole number, got ${o.min}`);
      let db;
      try {
        db = await openExistingDb(dbConfig(o.db));
      } catch (e) {
        throw new CliExit(EXIT_USAGE, `kaohe sample: ${(e as Error).message.split('\n')[0]}`);
      }
      try {
        const r = await drawReviewSample(db, { period: o.period, seed: o.seed, rate: o.rate, min: Number(o.min) });
        process.stdout.write(o.format === 'json' ? JSON.stringify(r, null, 2) + '\n' : table(r));
      } catch (e) {
        if (e instanceof SampleError) throw new CliExit(EXIT_USAGE, `kaohe sample: ${e.message}`);
        throw e;
      } finally {
        await db.close();
      }
    });
}
