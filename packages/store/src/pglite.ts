/**
 * The embedded adapter: PGlite with a data directory, in a worker thread (see pglite-worker.ts), so that a long
 * query never blocks the main event loop. One process at a time may open a data directory: a lock file next to it
 * holds the owner's pid (a stale lock of a dead process — e.g. after kill -9 — is taken over; PostgreSQL's WAL
 * recovery then restores the last committed state).
 */
import { Worker } from 'node:worker_threads';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Db, Tx, QueryResult, Queryable } from './db.ts';
import type { WorkerRequest, WorkerResponse, WorkerError } from './pglite-worker.ts';
import { copyLine } from './values.ts';

/** An error of the database, with the PostgreSQL fields (code = SQLSTATE). */
export class DbError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  constructor(e: WorkerError) {
    super(e.message);
    this.name = 'DbError';
    Object.assign(this, e);
  }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Characters of COPY text per message of copyRows (~4 MB). */
const COPY_CHUNK_CHARS = 4_000_000;
/** the longest a background statement waits for interactive ones to drain */
const BACKGROUND_GRACE_MS = 30;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the directory's lock file, or throw if a live process holds it. Returns the release function. */
function lockDir(dataDir: string): () => void {
  const file = resolve(dataDir) + '.lock';
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = NaN;
      try {
        pid = Number(readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      if (Number.isInteger(pid) && pid > 0 && pidAlive(pid) && pid !== process.pid) {
        throw new Error(
          `database directory ${dataDir} is in use by process ${pid} 数据目录正被进程 ${pid} 使用 (PGlite allows one process; set DATABASE_URL for a server)`,
        );
      }
      if (pid === process.pid) throw new Error(`database directory ${dataDir} is already open in this process 数据目录已在本进程中打开`);
      try {
        unlinkSync(file); // stale: its owner is dead
      } catch {
        /* raced with another taker */
      }
    }
  }
  throw new Error(`cannot lock database directory ${dataDir}`);
}

/** Worker execArgv: without the TypeScript loader flags (the boot file registers the loader itself). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const a = process.execArgv;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if ((x === '--import' || x === '--loader' || x === '--experimental-loader') && a[i + 1]?.includes('tsx')) {
      i++;
      continue;
    }
    if (/^--(import|loader|experimental-loader)=.*tsx/.test(x)) continue;
    out.push(x);
  }
  return out;
}

export async function openPglite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDir(dataDir);
  let worker: Worker;
  try {
    worker = new Worker(new URL('./pglite-worker-boot.mjs', import.meta.url), {
      workerData: { dataDir: resolve(dataDir) },
      execArgv: workerExecArgv(),
    });
  } catch (e) {
    release();
    throw e;
  }
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: Error | null = null;

  await new Promise<void>((ok, fail) => {
    const onMsg = (m: WorkerResponse) => {
      if ('ready' in m) {
        worker.off('message', onMsg);
        ok();
      } else if ('fatal' in m) {
        worker.off('message', onMsg);
        fail(new DbError(m.fatal));
      }
    };
    worker.on('message', onMsg);
    worker.once('error', fail);
  }).catch(async (e) => {
    await worker.terminate();
    release();
    throw e;
  });

  worker.on('message', (m: WorkerResponse) => {
    if (!('id' in m)) return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.ok) p.resolve(m.result);
    else p.reject(new DbError(m.error));
  });
  const die = (e: Error) => {
    dead = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    release();
  };
  worker.on('error', (e) => die(e));
  worker.on('exit', (code) => die(new Error(`database worker exited (${code})`)));
  worker.unref();

  function send<T>(req: DistributiveOmit<WorkerRequest, 'id'>): Promise<T> {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<T>((res, rej) => {
      pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
      worker.ref();
      worker.postMessage({ ...req, id });
    });
  }

  const als = new AsyncLocalStorage<Tx>();

  // Interactive first: background statements wait while interactive ones are in flight (at most BACKGROUND_GRACE_MS
  // each, so a busy server still lets a run progress), then go to the worker one at a time.
  let interactive = 0;
  let backgroundChain: Promise<unknown> = Promise.resolve();
  const idle: (() => void)[] = [];
  const tracked = <T>(p: Promise<T>): Promise<T> => {
    interactive++;
    const done = () => {
      if (--interactive === 0) idle.splice(0).forEach((f) => f());
    };
    p.then(done, done);
    return p;
  };
  const whenIdle = (): Promise<void> => (interactive === 0 ? Promise.resolve() : new Promise<void>((ok) => {
    const timer = setTimeout(ok, BACKGROUND_GRACE_MS);
    idle.push(() => { clearTimeout(timer); ok(); });
  }));
  function sendBackground<T>(req: DistributiveOmit<WorkerRequest, 'id'>): Promise<T> {
    const run = backgroundChain.then(whenIdle).then(() => send<T>(req));
    backgroundChain = run.catch(() => undefined);
    return run;
  }
  const background: Queryable = {
    query: <T>(sql: string, params?: unknown[]) => sendBackground<QueryResult<T>>({ op: 'query', sql, params }),
    exec: (sql: string) => sendBackground<void>({ op: 'exec', sql }),
  };

  function makeTx(txId: number): Tx {
    return {
      kind: 'pglite',
      query: <T>(sql: string, params?: unknown[]) => send<QueryResult<T>>({ op: 'query', tx: txId, sql, params }),
      exec: (sql: string) => send<void>({ op: 'exec', tx: txId, sql }),
      // COPY text is made here and loaded by the worker with COPY … FROM '/dev/blob': one string per message
      // (cheap to pass between threads, unlike rows of objects) and PostgreSQL's COPY parser instead of SQL literals
      async copyRows(table, columns, rows) {
        let n = 0;
        let text = '';
        for await (const row of rows as AsyncIterable<unknown[]>) {
          text += copyLine(row);
          n++;
          if (text.length >= COPY_CHUNK_CHARS) {
            await send<null>({ op: 'copyText', tx: txId, table, columns, text });
            text = '';
          }
        }
        if (text) await send<null>({ op: 'copyText', tx: txId, table, columns, text });
        return n;
      },
    };
  }

  async function runTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const txId = await send<number>({ op: 'begin' });
    const tx = makeTx(txId);
    let result: T;
    try {
      result = await als.run(tx, () => fn(tx));
    } catch (e) {
      await send({ op: 'rollback', tx: txId }).catch(() => undefined);
      throw e;
    }
    await send({ op: 'commit', tx: txId });
    return result;
  }

  const db: Db = {
    kind: 'pglite',
    query<T>(sql: string, params?: unknown[]) {
      const tx = als.getStore();
      return tx ? tx.query<T>(sql, params) : tracked(send<QueryResult<T>>({ op: 'query', sql, params }));
    },
    exec(sql: string) {
      const tx = als.getStore();
      return tx ? tx.exec(sql) : tracked(send<void>({ op: 'exec', sql }));
    },
    background: () => background,
    snapshot: (fn) => fn(background),
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const outer = als.getStore();
      if (outer) return fn(outer);
      return tracked(runTransaction(fn));
    },
    async close() {
      if (dead) return;
      try {
        await send({ op: 'close' });
      } finally {
        await worker.terminate();
        release();
      }
    },
    backup() {
      return send<Uint8Array>({ op: 'dump' });
    },
    async restore(tarball: Uint8Array) {
      if (dead) throw dead;
      try {
        await send({ op: 'load', data: tarball });
      } finally {
        await worker.terminate();
        release();
      }
    },
  };
  return db;
}
