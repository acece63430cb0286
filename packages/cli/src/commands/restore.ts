/** `kaohe restore FILE [--db DIR|URL] [--force] [--verify-only] [--json]`: verify a backup, then restore it. */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { BackupError, restoreBackup, verifyBackup } from '@kaohe/app';
import { dbConfig } from './import.ts';
import { CliExit, EXIT_REJECTED, EXIT_USAGE } from '../exit.ts';

export function register(program: Command): void {
  program
    .command('restore')
    .description('restore a backup made by `kaohe backup`: verified (SM3, schema) before anything is touched; a non-empty target needs --force 恢复备份')
    .argument('<file>', 'the backup file')
    .option('--db <dir|url>', 'PGlite data directory or postgres:// URL (default: KAOHE_DB, DATABASE_URL, ./data/kaohe)')
    .option('--force', 'replace a database that already holds data 覆盖非空数据库')
    .option('--verify-only', 'check the file (header, size, SM3) and stop')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { db?: string; force?: boolean; verifyOnly?: boolean; json?: boolean }) => {
      try {
        if (o.verifyOnly) {
          const h = await verifyBackup(file);
          process.stdout.write(o.json ? JSON.stringify(h, null, 2) + '\n' : `ok 校验通过: ${h.kind} backup of ${h.createdAt}, schema ${h.schemaVersion}, SM3 ${h.sm3}\n`);
          return;
        }
        const config = dbConfig(o.db);
        const r = await restoreBackup(file, { dbDir: config.dbDir, databaseUrl: config.databaseUrl }, { force: o.force, actor: { username: `cli:${userInfo().username}`, role: 'cli' } });
        process.stdout.write(o.json ? JSON.stringify(r, null, 2) + '\n'
          : `restored 已恢复 ${file} (${r.header.kind}, ${r.header.createdAt}): ${r.tables.cases ?? 0} cases 案件, ${r.tables.warnings ?? 0} warnings 预警, audit chain 审计链 ok (${r.audit.count} rows), ${r.ms} ms\n`);
      } catch (e) {
        if (e instanceof BackupError) throw new CliExit(e.code === 'tool' || (e.code === 'format' && /no such file/.test(e.message)) ? EXIT_USAGE : EXIT_REJECTED, `kaohe restore: ${e.message}`);
        throw e;
      }
    });
}
