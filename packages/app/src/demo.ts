import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDate } from '@kaohe/core';
import { num, type Db, type PersonalDataCipher } from '@kaohe/store';
import { importBatch, type BatchResult } from './batch.ts';
import { generateDataset } from './generate.ts';

export interface DemoOptions {
  cipher: PersonalDataCipher;
  /** cases of the demo province (default 3000) */
  cases?: number;
  seed?: number;
  /** the demo's "today": data is cut there and evaluated as of it (default: today in Asia/Shanghai) */
  until?: string;
  onProgress?: (phase: 'generating' | 'importing' | 'evaluating', done: number, total: number) => void;
}

/**
 * Loads a generated demo province into an empty database (first start of `npm start`): registries, a year of cases
 * up to the demo's today with injected faults, external records — one import batch, every case evaluated.
 * Does nothing when the database already holds cases.
 */
export async function seedDemo(db: Db, opts: DemoOptions): Promise<{ seeded: boolean; batch?: BatchResult }> {
  const existing = num((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM cases')).rows[0]?.n);
  if (existing > 0) return { seeded: false };
  const until = opts.until ?? localDate(new Date().toISOString());
  const year = Number(until.slice(0, 4));
  const dir = mkdtempSync(join(tmpdir(), 'kaohe-demo-'));
  try {
    const total = opts.cases ?? 3000;
    const g = await generateDataset({
      out: dir, cases: total, seed: opts.seed ?? 7, year, until,
      onProgress: (done) => opts.onProgress?.('generating', done, total),
    });
    const files = g.files.filter((f) => f.endsWith('.jsonl')).map((f) => (f.startsWith('/') ? f : join(dir, f)));
    const batch = await importBatch(db, files, {
      user: 'system:demo', cipher: opts.cipher, asOf: until,
      onProgress: (p) => opts.onProgress?.('importing', p.records, total),
      onEvaluate: (done, n) => opts.onProgress?.('evaluating', done, n),
    });
    if (batch.status !== 'committed') throw new Error(`demo import rejected: ${batch.errors.slice(0, 3).map((e) => e.message.en).join('; ')}`);
    return { seeded: true, batch };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
