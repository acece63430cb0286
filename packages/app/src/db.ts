import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '@kaohe/store';
import { openDb as openStore, migrate, PersonalDataCipher } from '@kaohe/store';
import type { Config } from './config.ts';

/** Open the database named by the config (PostgreSQL when databaseUrl is set, else PGlite in dbDir), migrated. */
export function openDbFromConfig(config: Pick<Config, 'databaseUrl' | 'dbDir'>): Promise<Db> {
  return openStore({ databaseUrl: config.databaseUrl, dbDir: config.dbDir });
}

/** The database a read-only command was pointed at is not a Kaohe database (a mistyped --db): nothing is created. */
export class NotAKaoheDatabaseError extends Error {}

/**
 * Open an existing Kaohe database for a read-only command (`status`, `warnings`, `assess` without --publish): a
 * PGlite directory that does not exist or holds no database, or a PostgreSQL database without Kaohe's schema, is
 * refused with NotAKaoheDatabaseError instead of being created (and reported as zeros). Pending migrations of an
 * existing Kaohe database are applied as usual.
 */
export async function openExistingDbFromConfig(config: Pick<Config, 'databaseUrl' | 'dbDir'>): Promise<Db> {
  const where = config.databaseUrl ? redact(config.databaseUrl) : config.dbDir;
  const refuse = (): never => {
    throw new NotAKaoheDatabaseError(
      `${where}: 不是 Kaohe 数据库（不存在或未导入数据），只读命令不会新建数据库；请检查 --db，或先运行 kaohe import | ` +
        `not a Kaohe database (missing or never imported); a read-only command does not create one: check --db, or run kaohe import first`,
    );
  };
  if (!config.databaseUrl && !existsSync(join(config.dbDir, 'PG_VERSION'))) refuse();
  const db = await openStore({ databaseUrl: config.databaseUrl, dbDir: config.dbDir, migrate: false });
  try {
    const r = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
    if (!r.rows[0]?.t) refuse();
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

/** A connection URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** The personal-data cipher keyed by the config. */
export function cipherFromConfig(config: Pick<Config, 'dataKey' | 'indexKey'>): PersonalDataCipher {
  return PersonalDataCipher.fromConfig(config);
}

/**
 * Open an existing Kaohe database for reading, without creating or migrating anything: a PGlite directory must
 * exist and hold a database, and either kind must carry Kaohe's schema (its migrations table and `cases`).
 * @throws Error naming the location and the reason (zh-CN and en)
 */
export async function openExistingDb(config: Pick<Config, 'databaseUrl' | 'dbDir'>): Promise<Db> {
  const where = config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@') : config.dbDir;
  if (!config.databaseUrl && !existsSync(join(config.dbDir, 'PG_VERSION'))) {
    throw new Error(`${where}: 不是已有的 Kaohe 数据库（目录不存在或不是数据库目录） · not an existing Kaohe database (no such database directory)`);
  }
  const db = await openStore({ databaseUrl: config.databaseUrl, dbDir: config.dbDir, migrate: false });
  const r = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('schema_migrations', 'cases')`);
  if (Number(r.rows[0]?.n) !== 2) {
    await db.close();
    throw new Error(`${where}: 不是 Kaohe 数据库（缺少 Kaohe 的数据表） · not a Kaohe database (its tables are missing)`);
  }
  return db;
}
