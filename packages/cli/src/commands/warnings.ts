import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { localDate } from '@kaohe/core';
import { openExistingDbFromConfig, listWarnings, reevaluateOpenCases } from '@kaohe/app';
import { dbConfig } from './import.ts';
import { CliExit, dayOption, EXIT_USAGE } from '../exit.ts';

/**
 * `kaohe warnings [--json] [--agency A] [--as-of D] [--status S] [--rule R]`: the stored warning list
 * (程序合规预警清单). With --as-of the open cases are first re-evaluated as of that day (the daily run).
 */
/** rows per query; the list itself is never cut */
const PAGE = 5000;

export function register(program: Command): void {
  program
    .command('warnings')
    .description('the procedural-compliance warning list 程序合规预警清单')
    .option('--db <dir|url>', 'PGlite data directory or postgres:// URL')
    .option('--agency <code>', 'one agency')
    .option('--rule <id>', 'one rule id')
    .option('--status <status>', 'violated | pending | advisory')
    .option('--as-of <date>', 're-evaluate open cases as of this day first (YYYY-MM-DD)')
    .option('--all', 'include cleared warnings')
    .option('--json', 'print JSON')
    .action(async (o: { db?: string; agency?: string; rule?: string; status?: string; asOf?: string; all?: boolean; json?: boolean }) => {
      if (o.asOf !== undefined) dayOption('--as-of', o.asOf);
      if (o.status && !['violated', 'pending', 'advisory'].includes(o.status)) throw new CliExit(EXIT_USAGE, '--status must be violated, pending or advisory');
      const db = await openExistingDbFromConfig(dbConfig(o.db));
      try {
        if (o.asOf) await reevaluateOpenCases(db, { asOf: o.asOf, actor: { username: `cli:${userInfo().username}`, role: 'cli' } });
        // every warning, page by page, written as it comes (no cap: `total` and the list always agree)
        const filter = {
          agency: o.agency, rule: o.rule, status: o.status as 'violated' | undefined, state: o.all ? undefined : ('active' as const),
          pageSize: PAGE, sort: 'due_on' as const,
        };
        const out = process.stdout;
        const write = (s: string): Promise<void> | void => (out.write(s) ? undefined : new Promise<void>((r) => out.once('drain', () => r())));
        let total: number | undefined;
        let written = 0;
        for (let page = 1; total === undefined || written < total; page++) {
          const list = await listWarnings(db, { ...filter, page });
          if (total === undefined) {
            total = list.total;
            if (o.json) await write(`{\n  "asOf": ${JSON.stringify(o.asOf ?? localDate(new Date().toISOString()))},\n  "total": ${total},\n  "warnings": [`);
          }
          if (list.items.length === 0) break; // the list shrank while it was read
          for (const w of list.items) {
            if (o.json) {
              const item = {
                id: w.id, agency: w.agency, case: w.caseId, rule: w.rule, status: w.status, state: w.state,
                dueOn: w.dueOn, actOn: w.actOn, provisional: w.provisional, message: w.message,
              };
              await write(`${written ? ',' : ''}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`);
            } else await write(`${w.status.padEnd(8)} ${w.dueOn ?? '          '} ${w.agency} ${w.caseId} ${w.rule}\n  ${w.message.zh}\n`);
            written++;
          }
        }
        if (o.json) await write(`${written ? '\n  ' : ''}]\n}\n`);
        else await write(`${written} warnings 条预警\n`);
      } finally {
        await db.close();
      }
    });
}
