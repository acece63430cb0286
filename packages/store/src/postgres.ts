/**
 * The server adapter: PostgreSQL through a `pg` Pool. Bulk loads use COPY … FROM STDIN (text format) through
 * `pg-copy-streams`. Values come back as on PGlite (parsers.ts): dates and timestamps as strings, never `Date`
 * objects; int8 (count(*)) as numbers. Every connection runs with TimeZone UTC and DateStyle ISO.
 */
import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { Db, Queryable, Tx, QueryResult } from './db.ts';
import { copyLine, ident } from './values.ts';
import { pgParser, SESSION_SETTINGS } from './parsers.ts';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return pgParser(oid) ?? pg.types.getTypeParser(oid, format as 'text');
  },
};

/** The libpq `options` startup parameter that applies SESSION_SETTINGS to every pooled connection. */
const sessionOptions = Object.entries(SESSION_SETTINGS).map(([k, v]) => `-c ${k}=${v.replace(/[\\ ]/g, (c) => '\\' + c)}`).join(' ');

function client2q(c: pg.PoolClient | pg.Pool) {
  return async <T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const r = await c.query(sql, params as unknown[]);
    // a multi-statement string answers an array of results: keep the last
    const last = (Array.isArray(r) ? r[r.length - 1] : r) as pg.QueryResult;
    return { rows: (last?.rows ?? []) as T[], rowCount: last?.rowCount ?? 0 };
  };
}

/** Lines of COPY text, batched into ~64 KB strings. */
async function* copyText(rows: Iterable<unknown[]> | AsyncIterable<unknown[]>, count: { n: number }): AsyncGenerator<string> {
  let buf = '';
  for await (const row of rows as AsyncIterable<unknown[]>) {
    buf += copyLine(row);
    count.n++;
    if (buf.length > 65536) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

export async function openPostgres(databaseUrl: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.max ?? 10, types, options: sessionOptions });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  // fail early on a wrong URL
  const c = await pool.connect();
  c.release();

  const als = new AsyncLocalStorage<Tx>();

  function makeTx(client: pg.PoolClient): Tx {
    const q = client2q(client);
    return {
      kind: 'postgres',
      query: q,
      exec: async (sql: string) => {
        await client.query(sql);
      },
      async copyRows(table, columns, rows) {
        const count = { n: 0 };
        const stream = client.query(copyStreams.from(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(copyText(rows, count)), stream);
        return count.n;
      },
    };
  }

  /** `fn` on one pooled connection inside a transaction opened by `begin`: committed, or rolled back if it throws. */
  async function inTransaction<T>(begin: string[], fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    // a checked-out client has no pool listener: a connection lost between two statements (server restart) would
    // otherwise be an uncaught 'error' event that ends the process; the next statement fails and is rolled back
    const onLost = () => {
      broken = true;
    };
    client.on('error', onLost);
    try {
      for (const sql of begin) await client.query(sql);
      try {
        const r = await fn(client);
        const c = await client.query('COMMIT');
        if (c.command === 'ROLLBACK') throw Object.assign(new Error('transaction aborted by an earlier error; rolled back'), { code: '25P02' });
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw e;
      }
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }

  const poolQuery = client2q(pool);
  const db: Db = {
    kind: 'postgres',
    background: () => db,
    query<T>(sql: string, params?: unknown[]) {
      const tx = als.getStore();
      return tx ? tx.query<T>(sql, params) : poolQuery<T>(sql, params);
    },
    async exec(sql: string) {
      const tx = als.getStore();
      if (tx) return tx.exec(sql);
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const outer = als.getStore();
      if (outer) return fn(outer);
      return inTransaction(['BEGIN'], (client) => {
        const tx = makeTx(client);
        return als.run(tx, () => fn(tx));
      });
    },
    snapshot<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      return inTransaction(['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', 'SET LOCAL jit = off'],
        (client) => fn({ query: client2q(client), exec: async (sql: string) => { await client.query(sql); } }));
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}
