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
import { toPgText, ident } from './values.ts';

export type WorkerRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params?: unknown[] }
  | { id: number; op: 'exec'; tx?: number; sql: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit'; tx: number }
  | { id: number; op: 'rollback'; tx: number }
  | { id: number; op: 'copyRows'; tx: number; table: string; columns: string[]; rows: unknown[][] }
  | { id: number; op: 'close' };

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

/** `'…'` with quotes doubled (standard_conforming_strings is on). NUL cannot be stored in text anyway. */
function literal(v: unknown): string {
  const t = toPgText(v);
  return t === null ? 'NULL' : "'" + t.replace(/'/g, "''") + "'";
}

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };

// Dates stay 'YYYY-MM-DD' strings (no time-zone shift); int8 (count(*)) becomes a number, as on the pg adapter.
const pg = new PGlite({
  dataDir,
  parsers: {
    1082: (v: string) => v,
    20: (v: string) => {
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : v;
    },
  },
});

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
    case 'copyRows': {
      if (r.rows.length === 0) return 0;
      const head = `INSERT INTO ${ident(r.table)} (${r.columns.map(ident).join(', ')}) VALUES `;
      // ~1 MB of SQL per statement
      let parts: string[] = [];
      let size = 0;
      let n = 0;
      const flush = async () => {
        if (parts.length === 0) return;
        try {
          const res = await pg.query(head + parts.join(','));
          n += res.affectedRows ?? 0;
        } catch (e) {
          txFailed = true;
          throw e;
        }
        parts = [];
        size = 0;
      };
      for (const row of r.rows) {
        const s = '(' + row.map(literal).join(',') + ')';
        parts.push(s);
        size += s.length;
        if (size > 1_000_000) await flush();
      }
      await flush();
      return n;
    }
    case 'close':
      closed = true;
      await pg.close();
      return null;
  }
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

pg.waitReady.then(
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
