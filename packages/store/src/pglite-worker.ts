/**
 * The PGlite database, off the main thread. One worker owns one data directory. Requests are served one at a time;
 * while a transaction is open only requests carrying its id run, the others wait in the queue (PGlite has a single
 * session, so an open transaction must not see other callers' statements).
 *
 * Protocol (main → worker): { id, op, tx?, ... }; (worker → main): { id, ok: true, result } | { id, ok: false, error }.
 * On start the worker posts { ready: true } or { fatal: error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { ident } from './values.ts';
import { PGLITE_PARSERS, SESSION_SETTINGS } from './parsers.ts';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export type WorkerRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params?: unknown[] }
  | { id: number; op: 'exec'; tx?: number; sql: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit'; tx: number }
  | { id: number; op: 'rollback'; tx: number }
  | { id: number; op: 'copyText'; tx: number; table: string; columns: string[]; text: string }
  | { id: number; op: 'close' }
  | { id: number; op: 'dump' }
  | { id: number; op: 'load'; data: Uint8Array };

export interface WorkerError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: WorkerError }
  | { ready: true }
  | { fatal: WorkerError };

function toWorkerError(e: unknown): WorkerError {
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    const out: WorkerError = { message: String(o.message ?? e) };
    for (const k of ['code', 'detail', 'hint', 'position', 'where', 'table', 'column', 'constraint'] as const) {
      if (typeof o[k] === 'string') out[k] = o[k] as string;
    }
    return out;
  }
  return { message: String(e) };
}

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };

// Values come back as on the pg adapter (parsers.ts): no Date objects; int8 as numbers
const pg = new PGlite({ dataDir, parsers: { ...PGLITE_PARSERS } });
const sessionReady = pg.waitReady.then(() =>
  pg.exec(Object.entries(SESSION_SETTINGS).map(([k, v]) => `SET ${k} = '${v}';`).join(' ')));

const queue: WorkerRequest[] = [];
let openTx: number | null = null;
let txFailed = false;
let running = false;
let closed = false;

function reply(msg: WorkerResponse): void {
  port.postMessage(msg);
}

function nextRequest(): WorkerRequest | undefined {
  const i =
    openTx === null
      ? 0
      : queue.findIndex((r) => 'tx' in r && r.tx === openTx);
  if (i < 0 || i >= queue.length) return undefined;
  return queue.splice(i, 1)[0];
}

async function run(r: WorkerRequest): Promise<unknown> {
  if ('tx' in r && r.tx !== undefined && r.tx !== openTx) throw new Error(`transaction ${r.tx} is not open`);
  switch (r.op) {
    case 'query': {
      try {
        const res = await pg.query(r.sql, r.params as unknown[] | undefined);
        return { rows: res.rows, rowCount: res.fields.length ? res.rows.length : (res.affectedRows ?? 0) };
      } catch (e) {
        if (openTx !== null) txFailed = true;
        throw e;
      }
    }
    case 'exec': {
      try {
        await pg.exec(r.sql);
        return null;
      } catch (e) {
        if (openTx !== null) txFailed = true;
        throw e;
      }
    }
    case 'begin':
      await pg.exec('BEGIN');
      openTx = r.id;
      txFailed = false;
      return r.id;
    case 'commit': {
      const failed = txFailed;
      try {
        await pg.exec(failed ? 'ROLLBACK' : 'COMMIT');
      } finally {
        openTx = null;
        txFailed = false;
      }
      if (failed) throw Object.assign(new Error('transaction aborted by an earlier error; rolled back'), { code: '25P02' });
      return null;
    }
    case 'rollback':
      try {
        await pg.exec('ROLLBACK');
      } finally {
        openTx = null;
        txFailed = false;
      }
      return null;
    case 'copyText': {
      // COPY text format (values.ts copyLine) through PGlite's /dev/blob
      try {
        await pg.query(`COPY ${ident(r.table)} (${r.columns.map(ident).join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([r.text]) });
      } catch (e) {
        txFailed = true;
        throw e;
      }
      return null;
    }
    case 'close':
      closed = true;
      await pg.close();
      return null;
    case 'dump': {
      // runs only between transactions (the queue holds it while one is open); the checkpoint keeps the WAL short
      await pg.exec('CHECKPOINT');
      const blob = await pg.dumpDataDir('gzip');
      return new Uint8Array(await blob.arrayBuffer());
    }
    case 'load':
      closed = true; // this handle ends here; the caller opens the directory again
      await pg.close();
      await loadDataDir(r.data);
      return null;
  }
}

/** Replaces the data directory's contents with a tarball; the old contents are moved aside and restored on failure. */
async function loadDataDir(data: Uint8Array): Promise<void> {
  const aside = `${dataDir}.before-restore-${process.pid}-${Date.now()}`;
  mkdirSync(aside);
  for (const name of readdirSync(dataDir)) renameSync(join(dataDir, name), join(aside, name));
  try {
    const fresh = new PGlite({ dataDir, loadDataDir: new Blob([data as Uint8Array<ArrayBuffer>]) });
    await fresh.waitReady;
    await fresh.close();
  } catch (e) {
    for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    for (const name of readdirSync(aside)) renameSync(join(aside, name), join(dataDir, name));
    rmSync(aside, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(aside)) rmSync(aside, { recursive: true, force: true });
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const r = nextRequest();
      if (!r) break;
      try {
        const result = await run(r);
        reply({ id: r.id, ok: true, result });
      } catch (e) {
        reply({ id: r.id, ok: false, error: toWorkerError(e) });
      }
      if (closed) {
        for (const q of queue.splice(0)) reply({ id: q.id, ok: false, error: { message: 'database closed' } });
        port.close();
        return;
      }
    }
  } finally {
    running = false;
  }
}

sessionReady.then(
  () => {
    port.on('message', (r: WorkerRequest) => {
      if (closed) {
        reply({ id: r.id, ok: false, error: { message: 'database closed' } });
        return;
      }
      queue.push(r);
      void pump();
    });
    reply({ ready: true });
  },
  (e: unknown) => reply({ fatal: toWorkerError(e) }),
);
