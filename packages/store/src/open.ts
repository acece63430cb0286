import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';

export interface OpenDbOptions {
  /** PostgreSQL server; when unset the embedded PGlite database in `dbDir` is used. */
  databaseUrl?: string;
  /** PGlite data directory. */
  dbDir: string;
  /** apply pending migrations (default true) */
  migrate?: boolean;
  /** pg pool size */
  poolSize?: number;
}

/** Open the database (PostgreSQL when `databaseUrl` is set, else PGlite in `dbDir`) and bring its schema up to date. */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl, { max: opts.poolSize }) : await openPglite(opts.dbDir);
  if (opts.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}
