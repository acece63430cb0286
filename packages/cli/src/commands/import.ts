/** `kaohe import PATH... [--db DIR|URL]`: one all-or-nothing batch; exit 0 done, 1 rejected (errors on stderr), 2 usage. */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import cliProgress from 'cli-progress';
import { loadConfig, openDbFromConfig, cipherFromConfig, importBatch, type ImportProgress, type ImportRowError, type Config } from '@kaohe/app';
import { CliExit, EXIT_REJECTED, EXIT_USAGE } from '../exit.ts';

/** The database of a command: `--db` (a PGlite directory or a postgres:// URL), else KAOHE_DB / DATABASE_URL. */
export function dbConfig(db: string | undefined): Config {
  if (!db) return loadConfig();
  return /^postgres(ql)?:\/\//.test(db) ? loadConfig(process.env, { databaseUrl: db }) : loadConfig({ ...process.env, DATABASE_URL: undefined }, { dbDir: db });
}

function where(e: ImportRowError): string {
  return [e.file, e.sheet && `sheet ${e.sheet}`, e.line !== undefined && `line ${e.line}`, e.row !== undefined && `row ${e.row}`, e.field && `field ${e.field}`]
    .filter(Boolean)
    .join(', ');
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import case, event, record and registry files as one batch (all or nothing) 导入数据（整批成功或整批拒绝）')
    .argument('<paths...>', 'JSON/JSONL, CSV, XLSX or XES files')
    .option('--db <dir|url>', 'PGlite data directory or postgres:// URL (default: KAOHE_DB, DATABASE_URL, ./data/kaohe)')
    .option('--user <name>', 'who imports (recorded with the batch)')
    .option('--agency <code>', 'agency of XES event logs (they name none)')
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], o: { db?: string; user?: string; agency?: string; json?: boolean }) => {
      const config = dbConfig(o.db);
      const db = await openDbFromConfig(config);
      const tty = process.stderr.isTTY;
      const bar = tty
        ? new cliProgress.SingleBar(
            { format: '{phase} [{bar}] {value}/{total} files | {records} records | {errors} errors', stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let started = false;
      const onProgress = (p: ImportProgress) => {
        const payload = { phase: p.phase.padEnd(7), records: p.records, errors: p.errors };
        const value = p.phase === 'merging' || p.phase === 'done' ? p.files : (p.fileIndex ?? 0);
        if (bar) {
          if (!started) {
            bar.start(p.files, value, payload);
            started = true;
          } else bar.update(value, payload);
        } else if (p.phase !== 'reading' || p.records % 50_000 === 0) {
          process.stderr.write(`${p.phase} ${p.file ?? ''} ${p.records} records, ${p.errors} errors\n`);
        }
      };
      try {
        const r = await importBatch(db, paths, {
          user: o.user ?? `cli:${userInfo().username}`,
          cipher: cipherFromConfig(config),
          agencyForXes: o.agency,
          timezone: config.timezone,
          onProgress,
        }).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES') {
            throw new CliExit(EXIT_USAGE, `kaohe import: cannot read ${e.path ?? e.message} 无法读取文件 (${e.code})`);
          }
          throw e;
        });
        bar?.stop();
        if (o.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        if (r.status === 'rejected') {
          const lines = r.errors.map((e) => `  ${where(e)}: [${e.code}] ${e.message.zh} / ${e.message.en}`);
          const more = r.errorCount > r.errors.length ? [`  … ${r.errorCount - r.errors.length} more 更多错误未列出`] : [];
          throw new CliExit(
            EXIT_REJECTED,
            `batch ${r.batchId} rejected: ${r.errorCount} error(s), nothing was imported\n第 ${r.batchId} 批被拒绝：${r.errorCount} 处错误，未导入任何数据\n${[...lines, ...more].join('\n')}`,
          );
        }
        if (!o.json) {
          const c = r.counts;
          const u = (x: { inserted: number; updated: number; unchanged: number }) => `${x.inserted} new 新增, ${x.updated} updated 更新, ${x.unchanged} unchanged 未变`;
          process.stdout.write(
            [
              `batch ${r.batchId} committed 已导入`,
              `  cases 案件      ${u(c.cases)}`,
              `  events 环节     ${c.events.inserted} new 新增, ${c.events.unchanged} already stored 已存在`,
              `  records 外部记录 ${u(c.records)}`,
              `  agencies 执法主体 ${u(c.agencies)}`,
              `  people 人员     ${u(c.people)}`,
              `  items 执法事项   ${u(c.items)}`,
              `  calendars 日历  ${u(c.calendars)}`,
              ...(r.evaluation
                ? [`  warnings 预警   ${r.evaluation.cases} cases evaluated 已检查, ${r.evaluation.opened} opened 新增, ${r.evaluation.changed} changed 变化, ${r.evaluation.cleared} cleared 消除`]
                : []),
              ...(r.hookError ? [`  evaluation failed 检查失败: ${r.hookError}`] : []),
              '',
            ].join('\n'),
          );
        }
      } finally {
        bar?.stop();
        await db.close();
      }
    });
}
