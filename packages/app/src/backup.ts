/**
 * Backups and restores of the whole database, on both adapters.
 *
 * A backup file is a fixed 8 KiB header followed by the payload:
 *   KAOHE-BACKUP/1\n{ JSON header }\n<spaces>\n<payload>
 * The header names the format, the kind of database, the creation time, the schema migrations applied, the row count
 * of every table (taken from the same snapshot as the payload) and the SM3 of the payload, so a restore verifies the
 * file completely before it touches anything, and checks the restored database against the counts afterwards.
 *
 * - PGlite: the payload is the data directory as a gzip tarball, made in the database worker after a CHECKPOINT and
 *   while no transaction is open (`Db.backup`); restored by the worker (`Db.restore`), old contents moved aside and
 *   put back if loading fails.
 * - PostgreSQL: the payload is `pg_dump -Fc` run on a snapshot exported by a REPEATABLE READ transaction (the counts
 *   in the header come from that transaction); restored with `pg_restore --single-transaction` (all or nothing).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { auditNow, ident, loadMigrations, openDb, verifyAudit, type Db, type Queryable } from '@kaohe/store';

/** Bytes reserved for the header at the start of a backup file. */
export const BACKUP_HEADER_BYTES = 8192;
const MAGIC = 'KAOHE-BACKUP/1\n';

export interface BackupLocation {
  /** PGlite data directory (ignored when databaseUrl is set) */
  dbDir: string;
  /** PostgreSQL database URL */
  databaseUrl?: string;
}

export interface BackupHeader {
  format: 'kaohe-backup/1';
  kind: 'pglite' | 'postgres';
  payload: 'pglite-datadir-tar-gzip' | 'pg_dump-custom';
  createdAt: string;
  /** the highest schema migration applied, and all of them (version, name, checksum) */
  schemaVersion: number;
  migrations: { version: number; name: string; checksum: string }[];
  /** rows per table of schema public, from the same snapshot as the payload; null when they could not be pinned */
  tables: Record<string, number> | null;
  /** the tool that made the payload (pg_dump's version line, or PGlite) */
  tool: string;
  payloadBytes: number;
  /** SM3 of the payload, hex */
  sm3: string;
}

export type BackupErrorCode =
  | 'format' | 'checksum' | 'kind' | 'not-empty' | 'empty' | 'schema' | 'tool' | 'verify' | 'failed';

/** A backup or restore refused or failed; `code` says why. Nothing was changed unless `code` is 'failed' or 'verify'. */
export class BackupError extends Error {
  constructor(readonly code: BackupErrorCode, message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  file: string;
  header: BackupHeader;
  ms: number;
}

export interface RestoreResult {
  header: BackupHeader;
  /** rows per table after the restore (and after pending migrations) */
  tables: Record<string, number>;
  /** the audit chain of the restored database verified */
  audit: { ok: boolean; count: number };
  ms: number;
}

// ------------------------------------------------------------------------------------------------------------------
// helpers

/** Rows of every table in schema public, by name. */
export async function tableCounts(q: Queryable): Promise<Record<string, number>> {
  const t = await q.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  if (t.rows.length === 0) return {};
  const r = await q.query<Record<string, unknown>>('SELECT ' + t.rows.map((x, i) => `(SELECT count(*) FROM ${ident(x.name)}) AS c${i}`).join(', '));
  const row = r.rows[0]!;
  return Object.fromEntries(t.rows.map((x, i) => [x.name, Number(row[`c${i}`])]));
}

async function appliedMigrations(q: Queryable): Promise<BackupHeader['migrations']> {
  const has = await q.query<{ n: unknown }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_migrations'`);
  if (Number(has.rows[0]?.n) === 0) return [];
  const r = await q.query<{ version: unknown; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  return r.rows.map((m) => ({ version: Number(m.version), name: m.name, checksum: m.checksum }));
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(a) === JSON.stringify(b);

/** The directory holding the PostgreSQL client tools: KAOHE_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else PATH. */
export function pgToolPath(tool: 'pg_dump' | 'pg_restore'): string {
  const env = process.env.KAOHE_PG_BIN;
  if (env) return join(env, tool);
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', tool))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin', tool);
  }
  return tool;
}

/** Runs a tool to the end; resolves with its stdout, rejects with its stderr. */
function runTool(bin: string, args: string[], opts: { stdin?: NodeJS.ReadableStream; onStdout?: (chunk: Buffer) => Promise<void> | void } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let chain = Promise.resolve();
    p.on('error', (e: NodeJS.ErrnoException) =>
      reject(new BackupError('tool', e.code === 'ENOENT' ? `${bin} not found: install the PostgreSQL client tools or set KAOHE_PG_BIN 未找到 ${bin}` : e.message)));
    p.stdout!.on('data', (c: Buffer) => {
      if (!opts.onStdout) { out += c.toString(); return; }
      p.stdout!.pause();
      chain = chain.then(() => opts.onStdout!(c)).then(() => { p.stdout!.resume(); }, (e: unknown) => { p.kill(); reject(e); });
    });
    p.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    if (opts.stdin) {
      p.stdin!.on('error', () => undefined); // the tool may exit early; its stderr says why
      opts.stdin.pipe(p.stdin!);
    }
    p.on('close', (code) => {
      void chain.then(() => {
        if (code === 0) resolve(out);
        else reject(new BackupError('failed', `${bin} ${args[0] ?? ''} exited with ${code}: ${err.trim().split('\n').slice(-5).join('\n')}`));
      });
    });
  });
}

const major = (versionLine: string): number => Number(/(\d+)(?:\.\d+)?/.exec(versionLine.replace(/^[^0-9]*/, ''))?.[1] ?? 0);

/** Writes header + payload to `out` atomically (a temporary file renamed at the end). */
async function writeBackupFile(out: string, produce: (write: (chunk: Uint8Array) => Promise<void>) => Promise<Omit<BackupHeader, 'payloadBytes' | 'sm3'>>): Promise<BackupHeader> {
  const tmp = `${out}.partial-${process.pid}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(Buffer.alloc(BACKUP_HEADER_BYTES, 0x20), 0, BACKUP_HEADER_BYTES, 0);
    const hash = createHash('sm3');
    let pos = BACKUP_HEADER_BYTES;
    const base = await produce(async (chunk) => {
      hash.update(chunk);
      const { bytesWritten } = await fh.write(chunk, 0, chunk.length, pos);
      pos += bytesWritten;
    });
    const header: BackupHeader = { ...base, payloadBytes: pos - BACKUP_HEADER_BYTES, sm3: hash.digest('hex') };
    const text = Buffer.from(MAGIC + JSON.stringify(header) + '\n', 'utf8');
    if (text.length > BACKUP_HEADER_BYTES - 1) throw new BackupError('failed', `backup header too large (${text.length} bytes)`);
    const block = Buffer.alloc(BACKUP_HEADER_BYTES, 0x20);
    text.copy(block);
    block[BACKUP_HEADER_BYTES - 1] = 0x0a;
    await fh.write(block, 0, BACKUP_HEADER_BYTES, 0);
    await fh.sync();
    await fh.close();
    await rename(tmp, out);
    return header;
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------------------------
// backup

/**
 * Backs up the database at `loc` into `out`. For PGlite an already open handle may be passed as `opts.db` (a
 * server holding the directory); otherwise the directory is opened (PGlite allows one process: stop the server first).
 */
export async function createBackup(loc: BackupLocation, out: string, opts: { db?: Db } = {}): Promise<BackupResult> {
  const t0 = performance.now();
  const header = loc.databaseUrl ? await backupPostgres(loc.databaseUrl, out) : await backupPglite(loc.dbDir, out, opts.db);
  return { file: out, header, ms: Math.round(performance.now() - t0) };
}

async function backupPglite(dbDir: string, out: string, given?: Db): Promise<BackupHeader> {
  if (!given && !existsSync(join(dbDir, 'PG_VERSION'))) throw new BackupError('empty', `no database in ${dbDir} 目录中没有数据库`);
  const db = given ?? (await openDb({ dbDir, migrate: false }));
  try {
    if (db.kind !== 'pglite' || !db.backup) throw new BackupError('kind', 'this handle cannot make a PGlite backup');
    const migrations = await appliedMigrations(db);
    if (migrations.length === 0) throw new BackupError('empty', `the database in ${dbDir} has no Kaohe schema 数据库尚未初始化`);
    // the dump runs between transactions; counts taken just before and after it pin the snapshot when nothing was written
    const before = await tableCounts(db);
    const tarball = await db.backup();
    const after = await tableCounts(db);
    return await writeBackupFile(out, async (write) => {
      await write(tarball);
      return {
        format: 'kaohe-backup/1', kind: 'pglite', payload: 'pglite-datadir-tar-gzip', createdAt: new Date().toISOString(),
        schemaVersion: migrations.at(-1)!.version, migrations, tables: sameCounts(before, after) ? before : null, tool: 'pglite dumpDataDir',
      };
    });
  } finally {
    if (!given) await db.close();
  }
}

async function backupPostgres(url: string, out: string): Promise<BackupHeader> {
  const bin = pgToolPath('pg_dump');
  const tool = (await runTool(bin, ['--version'])).trim();
  const db = await openDb({ dbDir: '', databaseUrl: url, migrate: false });
  try {
    const server = Number((await db.query<{ v: string }>('SELECT current_setting(\'server_version_num\') AS v')).rows[0]!.v);
    if (major(tool) < Math.floor(server / 10000)) {
      throw new BackupError('tool', `${tool} is older than the server (${Math.floor(server / 10000)}): use a pg_dump of the server's version or newer (KAOHE_PG_BIN)`);
    }
    return await db.transaction(async (tx) => {
      // one snapshot for the counts, the migrations and pg_dump
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const snapshot = (await tx.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s;
      const migrations = await appliedMigrations(tx);
      if (migrations.length === 0) throw new BackupError('empty', 'the database has no Kaohe schema 数据库尚未初始化');
      const tables = await tableCounts(tx);
      return writeBackupFile(out, async (write) => {
        await runTool(bin, ['--format=custom', '--no-password', `--snapshot=${snapshot}`, `--dbname=${url}`], { onStdout: write });
        return {
          format: 'kaohe-backup/1', kind: 'postgres', payload: 'pg_dump-custom', createdAt: new Date().toISOString(),
          schemaVersion: migrations.at(-1)!.version, migrations, tables, tool,
        };
      });
    });
  } finally {
    await db.close();
  }
}

// ------------------------------------------------------------------------------------------------------------------
// verify and restore

/** Reads and checks the header of a backup file (not the payload: see `verifyBackup`). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!existsSync(file)) throw new BackupError('format', `no such file: ${file} 文件不存在`);
  const fh = await open(file, 'r');
  let block: Buffer;
  try {
    block = Buffer.alloc(BACKUP_HEADER_BYTES);
    const { bytesRead } = await fh.read(block, 0, BACKUP_HEADER_BYTES, 0);
    if (bytesRead < BACKUP_HEADER_BYTES) throw new BackupError('format', `${file} is not a Kaohe backup (too short) 不是考核系统备份文件`);
  } finally {
    await fh.close();
  }
  const text = block.toString('utf8');
  if (!text.startsWith(MAGIC)) throw new BackupError('format', `${file} is not a Kaohe backup (no KAOHE-BACKUP/1 header) 不是考核系统备份文件`);
  let h: BackupHeader;
  try {
    h = JSON.parse(text.slice(MAGIC.length, text.indexOf('\n', MAGIC.length))) as BackupHeader;
  } catch {
    throw new BackupError('format', `${file}: the backup header is damaged 备份文件头已损坏`);
  }
  if (h.format !== 'kaohe-backup/1' || (h.kind !== 'pglite' && h.kind !== 'postgres') || typeof h.sm3 !== 'string' || typeof h.payloadBytes !== 'number' || !Array.isArray(h.migrations)) {
    throw new BackupError('format', `${file}: unknown backup format 未知的备份格式`);
  }
  return h;
}

/** Checks the header, the payload's size and its SM3; throws BackupError('format' | 'checksum'). */
export async function verifyBackup(file: string): Promise<BackupHeader> {
  const h = await readBackupHeader(file);
  const size = statSync(file).size - BACKUP_HEADER_BYTES;
  if (size !== h.payloadBytes) throw new BackupError('checksum', `${file}: payload is ${size} bytes, the header says ${h.payloadBytes} (truncated or appended) 备份文件长度不符`);
  const hash = createHash('sm3');
  for await (const c of createReadStream(file, { start: BACKUP_HEADER_BYTES })) hash.update(c as Buffer);
  const got = hash.digest('hex');
  if (got !== h.sm3) throw new BackupError('checksum', `${file}: SM3 of the payload is ${got}, the header says ${h.sm3} (the file is damaged) 备份文件校验失败`);
  return h;
}

/** Checks that this program's migrations can take the backup's schema (same checksums, nothing newer). */
function checkSchema(h: BackupHeader): void {
  const mine = new Map(loadMigrations().map((m) => [m.version, m]));
  for (const m of h.migrations) {
    const x = mine.get(m.version);
    if (!x) throw new BackupError('schema', `the backup has migration ${m.version}_${m.name}, unknown to this version of Kaohe: restore with a newer Kaohe 备份来自更新的版本`);
    if (x.checksum !== m.checksum) throw new BackupError('schema', `migration ${m.version}_${m.name} of the backup differs from this version's 迁移文件不一致`);
  }
}

/**
 * Restores a backup into `loc`. The file is verified first (header, size, SM3, kind, schema); a target that holds
 * any table is refused unless `force`. After the restore pending migrations run and the table counts are compared
 * with the header; the audit chain is verified, and the restore itself is its newest entry (`backup.restore`, by
 * `opts.actor`, default `system`): the chain of the restored database says when and from which file it came.
 */
export async function restoreBackup(file: string, loc: BackupLocation, opts: { force?: boolean; actor?: { username: string; role?: string | null } } = {}): Promise<RestoreResult> {
  const t0 = performance.now();
  const h = await verifyBackup(file);
  const kind = loc.databaseUrl ? 'postgres' : 'pglite';
  if (h.kind !== kind) {
    throw new BackupError('kind', `this is a ${h.kind} backup and the target is ${kind}: restore it into a ${h.kind} database, or move data with export/import 备份与目标数据库类型不同`);
  }
  checkSchema(h);
  if (kind === 'pglite') await restorePglite(file, h, loc.dbDir, !!opts.force);
  else await restorePostgres(file, loc.databaseUrl!, !!opts.force);

  // open as the application does (pending migrations run), then check against the header
  const db = await openDb({ dbDir: loc.dbDir, databaseUrl: loc.databaseUrl });
  try {
    const tables = await tableCounts(db);
    if (h.tables) {
      const migrated = h.schemaVersion < Math.max(...loadMigrations().map((m) => m.version));
      const diff = Object.entries(h.tables).filter(([t, n]) => tables[t] !== n && !(migrated && t === 'schema_migrations'));
      if (diff.length) {
        throw new BackupError('verify', `restored row counts differ from the backup: ${diff.map(([t, n]) => `${t} ${tables[t] ?? 'missing'} ≠ ${n}`).join(', ')} 恢复后行数与备份不符`);
      }
    }
    const a = await verifyAudit(db);
    if (!a.ok) throw new BackupError('verify', `the audit chain of the restored database does not verify at row ${a.badSeq}: ${a.reason} 审计链校验失败`);
    await auditNow(db, {
      actor: opts.actor?.username ?? 'system', role: opts.actor?.role ?? null, action: 'backup.restore', target: `backup:${basename(file)}`,
      detail: { file: resolve(file), sm3: h.sm3, kind: h.kind, createdAt: h.createdAt, schemaVersion: h.schemaVersion, force: !!opts.force, cases: tables.cases ?? 0 },
    });
    return { header: h, tables, audit: { ok: a.ok, count: a.count + 1 }, ms: Math.round(performance.now() - t0) };
  } finally {
    await db.close();
  }
}

async function restorePglite(file: string, h: BackupHeader, dbDir: string, force: boolean): Promise<void> {
  const db = await openDb({ dbDir, migrate: false }); // takes the directory's lock (a fresh directory gets an empty cluster)
  let closed = false;
  try {
    const n = Object.keys(await tableCounts(db)).length;
    if (n > 0 && !force) throw new BackupError('not-empty', `${dbDir} already holds a database (${n} tables): use --force to replace it 目标数据库非空，如需覆盖请加 --force`);
    if (!db.restore) throw new BackupError('kind', 'this PGlite adapter cannot restore');
    const payload = new Uint8Array(h.payloadBytes);
    const fh = await open(file, 'r');
    try {
      await fh.read(payload, 0, h.payloadBytes, BACKUP_HEADER_BYTES);
    } finally {
      await fh.close();
    }
    // the bytes read now are the bytes verified: check again (the file could have changed in between)
    if (createHash('sm3').update(payload).digest('hex') !== h.sm3) throw new BackupError('checksum', `${file} changed while restoring 备份文件在恢复过程中被修改`);
    closed = true;
    await db.restore(payload);
  } finally {
    if (!closed) await db.close();
  }
}

async function restorePostgres(file: string, url: string, force: boolean): Promise<void> {
  const bin = pgToolPath('pg_restore');
  await runTool(bin, ['--version']);
  const db = await openDb({ dbDir: '', databaseUrl: url, migrate: false });
  try {
    const n = Object.keys(await tableCounts(db)).length;
    if (n > 0 && !force) throw new BackupError('not-empty', `the target database already holds ${n} tables: use --force to replace them 目标数据库非空，如需覆盖请加 --force`);
  } finally {
    await db.close();
  }
  // one transaction: a failing restore leaves the target as it was; --clean drops the objects of the dump first
  const args = ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', ...(force ? ['--clean', '--if-exists'] : []), `--dbname=${url}`];
  await runTool(bin, args, { stdin: createReadStream(file, { start: BACKUP_HEADER_BYTES }) });
}
