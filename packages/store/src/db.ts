/**
 * The database seam. Two adapters implement it: PGlite (embedded, data directory, running in a worker thread so a
 * long query never blocks the event loop) and PostgreSQL via `pg`. The same SQL runs on both.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  /** Run one parameterised statement ($1, $2 ...). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Run several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Everything inside `fn` commits together or not at all. Nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * PGlite only: a consistent copy of the whole data directory (a gzip tarball), taken in the worker after a
   * CHECKPOINT and while no transaction is open. A PostgreSQL server is backed up with pg_dump (app/backup.ts).
   */
  backup?(): Promise<Uint8Array>;
  /**
   * The same database for long batch work (assessment runs, re-evaluations): on PGlite, whose one connection runs a
   * statement at a time, these statements yield to interactive ones (each waits until no interactive statement is in
   * flight, or at most a short grace period), so pages stay responsive while a run goes on. PostgreSQL: the pool
   * already runs them side by side, and this is the database itself.
   */
  background(): Queryable;
  /**
   * Read-only work whose statements must all see one state of the data (an assessment run: the numerator and the
   * denominator of an indicator count the same cases). PostgreSQL: one connection in a REPEATABLE READ READ ONLY
   * transaction, JIT off (the run's statements are short; JIT compile time is pure cost). PGlite: its one connection
   * cannot hold a snapshot without stopping every other statement for the whole run, so `fn` gets `background()`;
   * there, a batch that commits between two statements of a run is seen by the later ones.
   */
  snapshot<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * PGlite only: replace the data directory with a tarball made by `backup()`. The old contents are moved aside
   * and put back if loading fails. Ends this handle (it is closed afterwards): open the directory again.
   */
  restore?(tarball: Uint8Array): Promise<void>;
}

export interface Tx extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Bulk-load rows into `table(columns)` inside this transaction: COPY FROM STDIN on PostgreSQL,
   * batched multi-row INSERT on PGlite. Values are JS values (null, string, number, boolean, Date, Uint8Array → bytea, array → PostgreSQL array,
   * other object → json); a JSON array for a json/jsonb column must be passed as a string (JSON.stringify).
   */
  copyRows(table: string, columns: string[], rows: Iterable<unknown[]> | AsyncIterable<unknown[]>): Promise<number>;
}

export { dayOf, daysOf, isoOf, jsonOf, num } from './parsers.ts';
