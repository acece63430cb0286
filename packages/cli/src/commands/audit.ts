/** `kaohe audit verify | checkpoint --key FILE --out FILE | verify-checkpoint --cp FILE --pub FILE | keygen | purge`. */
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { openDbFromConfig } from '@kaohe/app';
import { auditKeygen, checkpoint, purgeAudit, verifyAudit, verifyCheckpoint, type Checkpoint } from '@kaohe/store';
import { AUDIT_TAIL_NOTE } from '@kaohe/server';
import { CliExit, EXIT_REJECTED, EXIT_USAGE, dayOption } from '../exit.ts';
import { dbConfig } from './import.ts';

const dbOpt = ['--db <dir|url>', 'PGlite data directory or postgres:// URL (default: KAOHE_DB, DATABASE_URL, ./data/kaohe)'] as const;

async function withDb<T>(db: string | undefined, fn: (d: Awaited<ReturnType<typeof openDbFromConfig>>) => Promise<T>): Promise<T> {
  const d = await openDbFromConfig(dbConfig(db));
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

export function register(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log 审计日志');
  audit
    .command('verify')
    .description('verify the whole hash chain; exit 1 naming the first bad row 校验审计链')
    .option(...dbOpt)
    .action(async (o: { db?: string }) => {
      const v = await withDb(o.db, (db) => verifyAudit(db));
      if (!v.ok) throw new CliExit(EXIT_REJECTED, `audit chain BROKEN at seq ${v.badSeq}: ${v.reason} (${v.count} rows verified before it)\n审计链在第 ${v.badSeq} 条处断裂`);
      process.stdout.write(`audit chain ok 审计链完整: ${v.count} rows, last seq ${v.lastSeq}, hash ${v.lastHash}\n${AUDIT_TAIL_NOTE.zh}\n${AUDIT_TAIL_NOTE.en}\n`);
    });
  audit
    .command('checkpoint')
    .description('sign the chain head with an SM2 private key 签名检查点')
    .requiredOption('--key <file>', 'SM2 private key (hex) file')
    .requiredOption('--out <file>', 'where to write the checkpoint JSON')
    .option(...dbOpt)
    .action(async (o: { db?: string; key: string; out: string }) => {
      let key: string;
      try {
        key = readFileSync(o.key, 'utf8').trim();
      } catch (e) {
        throw new CliExit(EXIT_USAGE, `cannot read ${o.key}: ${(e as Error).message}`);
      }
      let cp: Checkpoint;
      try {
        cp = await withDb(o.db, (db) => checkpoint(db, key));
      } catch (e) {
        throw new CliExit(EXIT_REJECTED, (e as Error).message);
      }
      writeFileSync(o.out, JSON.stringify(cp, null, 2) + '\n');
      process.stdout.write(`checkpoint 检查点: seq ${cp.seq}, hash ${cp.hash} → ${o.out}\n`);
    });
  audit
    .command('verify-checkpoint')
    .description('check a signed checkpoint against the database 校验检查点')
    .requiredOption('--cp <file>', 'checkpoint JSON')
    .requiredOption('--pub <file>', 'SM2 public key (hex) file')
    .option(...dbOpt)
    .action(async (o: { db?: string; cp: string; pub: string }) => {
      const cp = JSON.parse(readFileSync(o.cp, 'utf8')) as Checkpoint;
      const r = await withDb(o.db, (db) => verifyCheckpoint(db, cp, readFileSync(o.pub, 'utf8')));
      if (!r.ok) throw new CliExit(EXIT_REJECTED, `checkpoint does NOT verify: ${r.reason}`);
      process.stdout.write(`checkpoint ok 检查点有效: seq ${cp.seq}\n`);
    });
  audit
    .command('keygen')
    .description('new SM2 key pair for checkpoints 生成 SM2 密钥对')
    .option('--out <prefix>', 'write PREFIX.key (mode 600) and PREFIX.pub instead of printing')
    .action((o: { out?: string }) => {
      const k = auditKeygen();
      if (!o.out) {
        process.stdout.write(JSON.stringify(k, null, 2) + '\n');
        return;
      }
      writeFileSync(`${o.out}.key`, k.privateKey + '\n', { mode: 0o600 });
      writeFileSync(`${o.out}.pub`, k.publicKey + '\n');
      process.stdout.write(`${o.out}.key, ${o.out}.pub\n`);
    });
  audit
    .command('purge')
    .description('delete audit rows older than a date (refused under 180 days) 清理过期审计记录')
    .requiredOption('--before <date>', 'YYYY-MM-DD')
    .option(...dbOpt)
    .action(async (o: { db?: string; before: string }) => {
      dayOption('--before', o.before);
      try {
        const r = await withDb(o.db, (db) => purgeAudit(db, new Date(o.before + 'T00:00:00Z'), `cli:${userInfo().username}`));
        process.stdout.write(`purged ${r.purged} rows\n`);
      } catch (e) {
        throw new CliExit(EXIT_REJECTED, (e as Error).message);
      }
    });
}
