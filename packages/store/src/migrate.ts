/**
 * Plain SQL migrations: `packages/store/migrations/NNN_name.sql`, applied in number order, each recorded in
 * `schema_migrations` with its checksum. Numbers: 001–099 storage/import, 100–199 server/security,
 * 200–299 rules/warnings. All pending files run in one transaction under an advisory lock, so two processes starting
 * at once apply them exactly once (the second waits, then finds nothing to do).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const f of readdirSync(dir).sort()) {
    const m = /^(\d{3})_([\w-]+)\.sql$/.exec(f);
    if (!m) continue;
    const sql = readFileSync(dir + f, 'utf8');
    out.push({ version: Number(m[1]), name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) throw new Error(`two migrations numbered ${out[i]!.version} in ${dir}`);
  }
  return out;
}

/** An arbitrary, fixed advisory-lock key for "kaohe migrations". */
const LOCK_KEY = 7_306_240_001;

/** Apply pending migrations; returns the versions applied now. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((r) => [r.version, r]));
    const done: number[] = [];
    for (const m of migrations) {
      const a = applied.get(m.version);
      if (a) {
        if (a.checksum !== m.checksum) {
          throw new Error(
            `migration ${String(m.version).padStart(3, '0')}_${m.name}.sql was changed after it was applied (checksum differs); ` +
              'add a new migration instead 迁移文件在应用后被修改，请新增迁移',
          );
        }
        continue;
      }
      try {
        await tx.exec(m.sql);
      } catch (e) {
        (e as Error).message = `migration ${String(m.version).padStart(3, '0')}_${m.name}.sql: ${(e as Error).message}`;
        throw e;
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      done.push(m.version);
    }
    return done;
  });
}
