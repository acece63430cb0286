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
        const list = await listWarnings(db, {
          agency: o.agency, rule: o.rule, status: o.status as 'violated' | undefined, state: o.all ? undefined : 'active',
          pageSize: 10000, sort: 'due_on',
        });
        if (o.json) {
          process.stdout.write(JSON.stringify({
            asOf: o.asOf ?? localDate(new Date().toISOString()), total: list.total,
            warnings: list.items.map((w) => ({
              id: w.id, agency: w.agency, case: w.caseId, rule: w.rule, status: w.status, state: w.state,
              dueOn: w.dueOn, actOn: w.actOn, provisional: w.provisional, message: w.message,
            })),
          }, null, 2) + '\n');
          return;
        }
        for (const w of list.items) process.stdout.write(`${w.status.padEnd(8)} ${w.dueOn ?? '          '} ${w.agency} ${w.caseId} ${w.rule}\n  ${w.message.zh}\n`);
        process.stdout.write(`${list.total} warnings 条预警\n`);
      } finally {
        await db.close();
      }
    });
}
