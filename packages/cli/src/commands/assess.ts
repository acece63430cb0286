import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { AssessError, individualsWorkbook, openDbFromConfig, openExistingDbFromConfig, publishAssessment, runAssessment, type AssessmentResult } from '@kaohe/app';
import type { Db } from '@kaohe/store';
import { dbConfig } from './import.ts';
import { CliExit, dayOption, EXIT_USAGE } from '../exit.ts';

/** The region all registered agencies share (330100 for a city and its districts), as a 6-digit code. */
async function defaultRegion(db: Db): Promise<string> {
  const r = await db.query<{ region_code: string }>('SELECT DISTINCT region_code FROM agencies ORDER BY 1');
  if (r.rows.length === 0) throw new CliExit(EXIT_USAGE, 'no agencies registered: import the registries first, or pass --scope');
  let p = r.rows[0]!.region_code;
  for (const { region_code: c } of r.rows) while (!c.startsWith(p)) p = p.slice(0, -1);
  p = p.slice(0, p.length - (p.length % 2));
  if (p.length < 2) throw new CliExit(EXIT_USAGE, 'the agencies span several provinces: pass --scope REGION');
  return p.padEnd(6, '0');
}

function table(r: AssessmentResult): string {
  const out: string[] = [];
  out.push(`run ${r.run.id ?? '(preview)'}  period ${r.run.period} (${r.run.from} – ${r.run.to})  set ${r.run.set}  as of ${r.run.asOf}  scope ${r.run.scope.code}`);
  out.push(`hash ${r.run.hash}   ${r.run.ms} ms`);
  out.push('', 'rank  domain-rank  score   agency                 N/A re-spread');
  for (const d of r.departments) {
    out.push(`${String(d.rank ?? '-').padStart(4)}  ${String(d.rankInDomain ?? '-').padStart(11)}  ${(d.score ?? 0).toFixed(2).padStart(6)}  ${d.agency.padEnd(22)} ${d.respread.map((x) => x.from).join(', ')}  ${d.name ?? ''}`);
  }
  out.push('', '三个提升、两个下降 (region)');
  for (const e of r.targets.region) {
    const v = (x: number | null) => (x === null ? '—' : e.code === 'complaints' ? String(x) : `${(x * 100).toFixed(1)} %`);
    out.push(`  ${e.met === null ? '?' : e.met ? '✓' : '✗'} ${e.name.zh}: ${v(e.thisYear.value)} (last year ${v(e.lastYear.value)}${e.change !== null ? `, ${(e.change * 100).toFixed(1)} %` : ''})`);
  }
  const grades = new Map<string, number>();
  for (const i of r.individuals) grades.set(i.gradeZh ?? '—', (grades.get(i.gradeZh ?? '—') ?? 0) + 1);
  out.push('', `officers: ${r.individuals.length} (${[...grades].map(([g, n]) => `${g} ${n}`).join(', ')}); post lines: ${r.posts.length}`);
  return out.join('\n') + '\n';
}

/**
 * `kaohe assess --period 2026Q1|2026H1|2026 [--set VERSION] [--as-of D] [--scope AGENCY|REGION] [--format json|table]
 * [--publish] [--xlsx FILE] [--db DIR|URL]`: an assessment run (考核). Without --publish it is a preview; with it the
 * run is stored, immutable and audited (as cli:<os user>). --xlsx writes the individual results for 公务员年度考核.
 */
export function register(program: Command): void {
  program
    .command('assess')
    .description('run an assessment 考核: department, post and individual scores, targets panel')
    .requiredOption('--period <period>', '2026Q1 | 2026H1 | 2026')
    .option('--set <version>', 'indicator-set version or file (default: the latest effective on the as-of date)')
    .option('--as-of <date>', 'data as of this day (default: the period’s last day)')
    .option('--scope <code>', 'a region (330100) or an agency (330100-SCJG); default: the region of all registered agencies')
    .option('--format <format>', 'json | table', 'table')
    .option('--publish', 'store the run as published (immutable, audited)')
    .option('--xlsx <file>', 'write the individual results (个人绩效考评) to this XLSX file')
    .option('--db <dir|url>', 'PGlite data directory or postgres:// URL')
    .action(async (o: { period: string; set?: string; asOf?: string; scope?: string; format: string; publish?: boolean; xlsx?: string; db?: string }) => {
      if (!['json', 'table'].includes(o.format)) throw new CliExit(EXIT_USAGE, '--format must be json or table');
      if (o.asOf !== undefined) dayOption('--as-of', o.asOf);
      // a preview reads only: a mistyped --db is refused, not created; --publish stores the run and may open any database
      const db = await (o.publish ? openDbFromConfig : openExistingDbFromConfig)(dbConfig(o.db));
      try {
        const code = o.scope ?? (await defaultRegion(db));
        const scope = /^\d{6}$/.test(code) ? { region: code } : { agency: code };
        let r: AssessmentResult;
        try {
          r = await db.snapshot((q) => runAssessment(q, { period: o.period, scope, ...(o.set ? { set: o.set } : {}), ...(o.asOf ? { asOf: o.asOf } : {}) }));
        } catch (e) {
          if (e instanceof AssessError) throw new CliExit(EXIT_USAGE, e.message);
          throw e;
        }
        if (o.publish) r = await publishAssessment(db, r, { username: `cli:${userInfo().username}`, role: 'cli' });
        if (o.xlsx) writeFileSync(o.xlsx, await individualsWorkbook(r));
        const { definition: _d, ...shown } = r;
        process.stdout.write(o.format === 'json' ? JSON.stringify(shown, null, 2) + '\n' : table(r));
      } finally {
        await db.close();
      }
    });
}
