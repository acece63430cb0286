/** `kaohe status [--json] [--db DIR|URL]`: what the database holds. */
import type { Command } from 'commander';
import { openExistingDbFromConfig, status, recentBatches } from '@kaohe/app';
import { dbConfig } from './import.ts';

export function register(program: Command): void {
  program
    .command('status')
    .description('counts of registries, cases, events, records, import batches and unregistered references 数据概况')
    .option('--db <dir|url>', 'PGlite data directory or postgres:// URL (default: KAOHE_DB, DATABASE_URL, ./data/kaohe)')
    .option('--json', 'print JSON')
    .action(async (o: { db?: string; json?: boolean }) => {
      const db = await openExistingDbFromConfig(dbConfig(o.db));
      try {
        const s = await status(db);
        if (o.json) {
          process.stdout.write(JSON.stringify(s, null, 2) + '\n');
          return;
        }
        const last = (await recentBatches(db, 1))[0];
        process.stdout.write(
          [
            `agencies 执法主体   ${s.agencies}`,
            `people 执法人员     ${s.people}`,
            `items 执法事项      ${s.items}`,
            `cases 案件          ${s.cases}`,
            `events 办案环节     ${s.events}`,
            `records 外部记录    ${s.records}`,
            `batches 导入批次    ${s.batches}${last ? ` (last 最近: #${last.id} ${last.status}, ${last.file})` : ''}`,
            `unregistered 未登记引用: agencies 执法主体 ${s.unregistered.agencies}, items 执法事项 ${s.unregistered.items}, people 人员 ${s.unregistered.people}`,
            '',
          ].join('\n'),
        );
      } finally {
        await db.close();
      }
    });
}
