/** `kaohe serve [--db DIR|URL] [--port N] [--host H] [--web DIR]`: the HTTP API (and the built web UI). */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cipherFromConfig, openDbFromConfig, scheduleDailyReevaluation, seedDemo } from '@kaohe/app';
import { DEMO_PASSWORD, seedDemoAccounts, startServer } from '@kaohe/server';
import { CliExit, EXIT_USAGE } from '../exit.ts';
import { dbConfig } from './import.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP API and web UI 启动服务')
    .option('--db <dir|url>', 'PGlite data directory or postgres:// URL (default: KAOHE_DB, DATABASE_URL, ./data/kaohe)')
    .option('--port <n>', 'port (default: PORT or 8080)')
    .option('--host <h>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--web <dir>', 'built web UI folder (default: packages/web/dist when present)')
    .option('--demo', 'on an empty database, load a generated demo province and create demo accounts (not in production)')
    .option('--demo-cases <n>', 'cases of the demo province', '3000')
    .action(async (o: { db?: string; port?: string; host?: string; web?: string; demo?: boolean; demoCases: string }) => {
      if (o.demo && process.env.NODE_ENV === 'production') throw new CliExit(EXIT_USAGE, '--demo is refused when NODE_ENV=production');
      const config = dbConfig(o.db);
      const port = o.port === undefined ? config.port : Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliExit(EXIT_USAGE, `--port must be 0–65535, got ${o.port}`);
      const defaultWeb = fileURLToPath(new URL('../../../web/dist/', import.meta.url));
      const webRoot = o.web ?? (existsSync(defaultWeb) ? defaultWeb : undefined);
      const db = await openDbFromConfig(config);
      if (o.demo) await loadDemo(db, cipherFromConfig(config), Number(o.demoCases));
      const stopDaily = scheduleDailyReevaluation(db, {
        timezone: config.timezone,
        onRun: (d, r) => process.stderr.write(`kaohe: daily re-evaluation as of ${d}: ${r.cases} cases, ${r.changed} warnings changed\n`),
        onError: (e) => process.stderr.write(`kaohe: daily re-evaluation failed: ${e instanceof Error ? e.message : String(e)}\n`),
      });
      const { app, url } = await startServer({ db, config, webRoot, host: o.host ?? config.host, port, logger: true, trustProxy: process.env.KAOHE_TRUST_PROXY === '1' });
      process.stderr.write(`kaohe: listening on ${url} (API ${url}/api/v1, docs ${url}/api/docs)${webRoot ? '' : ' — no web UI built'}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          stopDaily();
          void app.close().then(() => db.close()).then(() => resolve());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}

async function loadDemo(db: Parameters<typeof seedDemo>[0], cipher: ReturnType<typeof cipherFromConfig>, cases: number): Promise<void> {
  let lastPhase = '';
  const r = await seedDemo(db, {
    cipher, cases,
    onProgress: (phase, done, total) => {
      if (phase !== lastPhase) process.stderr.write(`\nkaohe: demo ${phase} 演示数据${phase === 'generating' ? '生成' : phase === 'importing' ? '导入' : '检查'}中 `);
      lastPhase = phase;
      // importing counts every record read (registries, cases, external records), not cases
      if (phase === 'importing') { if (done % 2000 === 0) process.stderr.write(`${done} `); }
      else if (done === total || done % 500 === 0) process.stderr.write(`${done}/${total} `);
    },
  });
  if (r.seeded) process.stderr.write(`\nkaohe: demo province loaded 演示数据已载入: ${r.batch?.counts.cases.inserted ?? 0} cases, ${r.batch?.evaluation?.opened ?? 0} warnings\n`);
  const accounts = await seedDemoAccounts(db);
  process.stdout.write(`\nDemo accounts 演示账号 (password 密码: ${DEMO_PASSWORD})\n`);
  for (const a of accounts) process.stdout.write(`  ${a.username.padEnd(14)} ${a.role.padEnd(15)} ${a.scope.padEnd(22)} ${a.name}\n`);
}
