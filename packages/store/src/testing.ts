/**
 * Test helper: a fresh database per call. PGlite in a new temp directory, or — when DATABASE_URL is set — a new,
 * uniquely named database on that server, dropped by `cleanup()`, so test files can run in parallel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from './db.ts';
import { openDb } from './open.ts';
import { PersonalDataCipher } from './crypto.ts';

export interface TestDb {
  db: Db;
  /** where it lives: the PGlite directory or the database URL */
  location: { dbDir: string; databaseUrl?: string };
  /** close and remove it */
  cleanup(): Promise<void>;
}

/** Test keys (never use them for real data). */
export const TEST_CIPHER = new PersonalDataCipher('000102030405060708090a0b0c0d0e0f', '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f');

/** Create an empty database (URL or directory) without opening it. */
export async function createTestLocation(): Promise<{ dbDir: string; databaseUrl?: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `kaohe_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = '/' + name;
    return {
      dbDir: '',
      databaseUrl: u.toString(),
      async drop() {
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-test-'));
  const dbDir = join(dir, 'db');
  return {
    dbDir,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const loc = await createTestLocation();
  const db = await openDb({ dbDir: loc.dbDir, databaseUrl: loc.databaseUrl, migrate: opts.migrate });
  let done = false;
  return {
    db,
    location: { dbDir: loc.dbDir, databaseUrl: loc.databaseUrl },
    async cleanup() {
      if (done) return;
      done = true;
      await db.close().catch(() => undefined);
      await loc.drop();
    },
  };
}
