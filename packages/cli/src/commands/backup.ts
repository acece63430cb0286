/** `kaohe backup --out FILE [--db DIR|URL] [--json]`: a verified, self-describing backup of the whole database. */
import type { Command } from 'commander';
import { BackupError, createBackup } from '@kaohe/app';
import { dbConfig } from './import.ts';
import { CliExit, EXIT_REJECTED, EXIT_USAGE } from '../exit.ts';

export function register(program: Command): void {
  program
    .command('backup')
    .description('back up the whole database into one file (header with schema version and SM3; pg_dump or the PGlite data directory) 备份数据库')
    .requiredOption('--out <file>', 'the backup file to write (written to a temporary name, renamed when complete)')
    .option('--db <dir|url>', 'PGlite data directory or postgres:// URL (default: KAOHE_DB, DATABASE_URL, ./data/kaohe)')
    .option('--json', 'print the header as JSON')
    .action(async (o: { out: string; db?: string; json?: boolean }) => {
      const config = dbConfig(o.db);
      try {
        const r = await createBackup({ dbDir: config.dbDir, databaseUrl: config.databaseUrl }, o.out);
        const h = r.header;
        process.stdout.write(o.json ? JSON.stringify({ file: r.file, ms: r.ms, header: h }, null, 2) + '\n'
          : `backup 备份 ${r.file}: ${h.kind}, schema ${h.schemaVersion}, ${h.payloadBytes} bytes, SM3 ${h.sm3}, ${h.tables ? `${h.tables.cases ?? 0} cases 案件` : 'counts not pinned (written to during the backup)'}, ${r.ms} ms\n`);
      } catch (e) {
        if (e instanceof BackupError) throw new CliExit(e.code === 'empty' || e.code === 'tool' ? EXIT_USAGE : EXIT_REJECTED, `kaohe backup: ${e.message}`);
        throw e;
      }
    });
}
