/**
 * Child process of the kill -9 test: imports one JSONL file into the database given by DATABASE_URL or argv[2]
 * (a PGlite directory), printing its progress on stdout, so the parent can SIGKILL it mid-way.
 */
import { openDb } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { importFiles } from './import.ts';
import { jsonlReader } from './import-testkit.ts';

const [dbDir, file] = process.argv.slice(2) as [string, string];
const db = await openDb({ dbDir, databaseUrl: process.env.DATABASE_URL || undefined });
process.stdout.write('open\n');
const r = await importFiles(db, [file], {
  user: 'child',
  cipher: TEST_CIPHER,
  readFile: jsonlReader,
  onProgress: (p) => process.stdout.write(`${p.phase} ${p.records}\n`),
});
process.stdout.write(`result ${r.status}\n`);
await db.close();
