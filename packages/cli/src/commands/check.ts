import type { Command } from 'commander';
import { localDate } from '@kaohe/core';
import { compareFindings, runCheck, UnreadableInputError, type CheckedFinding } from '@kaohe/app';
import type { RowError } from '@kaohe/ingest';
import { CliExit, dayOption, EXIT_REJECTED, EXIT_USAGE } from '../exit.ts';

const FORMATS = ['table', 'json', 'jsonl'] as const;

/** `kaohe check FILE... [--pack ID|PATH]... [--as-of D] [--format table|json|jsonl]` (rules.md). No database. */
export function register(program: Command): void {
  program
    .command('check')
    .description('check case documents or event logs against rule packs, without a database / 无库合规检查')
    .argument('<files...>', 'JSON, JSONL, CSV, XLSX, XES or XES.gz files')
    .option('--pack <idOrPath>', 'rule pack id or path (repeatable; default cn-apl-2021)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--as-of <date>', 'as-of date YYYY-MM-DD (default: today in Asia/Shanghai)')
    .option('--format <format>', 'table | json | jsonl', 'table')
    .option('--lang <lang>', 'message language: zh-CN | en', 'zh-CN')
    .option('--agency <code>', 'agency code given to XES traces', 'xes')
    .action(async (files: string[], o: { pack: string[]; asOf?: string; format: string; lang: string; agency: string }) => {
      if (!(FORMATS as readonly string[]).includes(o.format)) throw new CliExit(EXIT_USAGE, `--format must be one of ${FORMATS.join(', ')}`);
      if (o.asOf !== undefined) dayOption('--as-of', o.asOf);
      if (o.lang !== 'zh-CN' && o.lang !== 'en') throw new CliExit(EXIT_USAGE, '--lang must be zh-CN or en');
      const asOf = o.asOf ?? localDate(new Date().toISOString());
      const out = process.stdout;
      const findings: CheckedFinding[] = [];
      try {
        const result = await runCheck({
          files, packs: o.pack, asOf, lang: o.lang, agency: o.agency,
          onFinding: (f) => (o.format === 'jsonl' ? out.write(JSON.stringify(f) + '\n') : findings.push(f)),
          onError: (e) => process.stderr.write(`${e.file}${e.line ? `:${e.line}` : e.row ? ` row ${e.row}` : ''} ${e.field}: ${e.message.zh} | ${e.message.en}\n`),
        });
        // the same findings in the same order however the input is laid out (jsonl streams in input order)
        findings.sort(compareFindings);
        const rejected = result.rejected.map(rejectedRow);
        if (o.format === 'jsonl') out.write(JSON.stringify({ summary: result.summary, asOf: result.asOf, packs: result.packs, cases: result.cases, rejected }) + '\n');
        else if (o.format === 'json') {
          out.write(JSON.stringify({ asOf: result.asOf, packs: result.packs, cases: result.cases, findings, summary: result.summary, rejected }, null, 2) + '\n');
        } else out.write(table(findings, result.summary, result.cases, result.asOf, rejected.length));
        // rows that could not be checked are not "found nothing": exit 1 (rejected input), after the output drains
        if (rejected.length) process.exitCode = EXIT_REJECTED;
      } catch (e) {
        if (e instanceof UnreadableInputError) throw new CliExit(EXIT_USAGE, `kaohe check: ${e.message}`);
        throw e;
      }
    });
}

/** A rejected row as the JSON output carries it: where, which field, why (zh-CN and English). */
function rejectedRow(e: RowError): Record<string, unknown> {
  return {
    file: e.file, ...(e.sheet ? { sheet: e.sheet } : {}), ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.row !== undefined ? { row: e.row } : {}), field: e.field, code: e.code, message: e.message,
  };
}

function table(findings: CheckedFinding[], summary: Record<string, Record<string, number>>, cases: number, asOf: string, rejected: number): string {
  const lines = [`as of ${asOf} · ${cases} cases${rejected ? ` · ${rejected} input errors 条输入错误, rows not checked (see stderr)` : ''}`, ''];
  if (findings.length) {
    const rows = findings.map((f) => [f.case, f.agency, f.rule, f.status, f.dueOn ?? '', f.actOn ?? '']);
    lines.push(...grid(['case', 'agency', 'rule', 'status', 'due', 'act'], rows), '');
  }
  const srows = Object.entries(summary).map(([rule, c]) => [rule, String(c.checked), String(c.violated), String(c.pending), String(c.advisory)]);
  lines.push(...grid(['rule', 'checked', 'violated', 'pending', 'advisory'], srows));
  return lines.join('\n') + '\n';
}

/** Aligned columns: a header, a rule and the rows (exported for its test on 200 000 rows). */
export function grid(head: string[], rows: string[][]): string[] {
  // widths by a loop: spreading 180 000 values into Math.max overflows the stack
  const w = head.map((h) => h.length);
  for (const r of rows) for (let i = 0; i < w.length; i++) if (r[i]!.length > w[i]!) w[i] = r[i]!.length;
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)];
}
