/**
 * Child process of datetypes.test.ts: opens a fresh test database in this process's time zone (TZ is set by the
 * parent), writes one row of every date/time column type by SQL literals and by copyRows, and prints what the
 * store reads back, with each value's JS kind, as one JSON line.
 */
import { createTestDb } from './testing.ts';

const kind = (v: unknown): string => (v instanceof Date ? 'Date' : Array.isArray(v) ? `array:${v.map(kind).join(',')}` : v === null ? 'null' : typeof v);

const t = await createTestDb({ migrate: false });
try {
  const db = t.db;
  if (db.kind === 'postgres' && process.env.PROBE_SERVER_ZONE) {
    // a server configured for China's time zone (as initdb on a Chinese machine sets it): new sessions default to it
    const name = new URL(t.location.databaseUrl!).pathname.slice(1);
    await db.exec(`ALTER DATABASE ${name} SET timezone = '${process.env.PROBE_SERVER_ZONE}'`);
  }
  await db.exec(`CREATE TABLE probe (k int, d date, da date[], tz timestamptz, tza timestamptz[], ts timestamp, tsa timestamp[],
    t time, n int8, na int8[])`);
  await db.exec(`INSERT INTO probe VALUES (1, '2027-01-01', '{2027-01-01,2027-02-11,NULL}', '2027-01-01 00:30:00.123+08',
    '{"2027-01-01 00:30:00+08","2026-12-31 23:59:59Z"}', '2027-01-01 00:30:00', '{"2027-01-01 00:30:00"}', '08:30', 9007199254740993, '{5,6}')`);
  await db.transaction((tx) => tx.copyRows('probe', ['k', 'd', 'da', 'tz', 'tza'], [[2, '2026-10-01', ['2026-10-01', '2026-10-08'], '2026-10-01T00:00:00+08:00', ['2026-10-01T00:00:00+08:00']]]));
  const rows = (await db.query<Record<string, unknown>>('SELECT * FROM probe ORDER BY k')).rows;
  // casts between date and timestamptz follow the session zone: it must be UTC on both adapters
  const casts = (await db.query<Record<string, unknown>>(
    `SELECT (DATE '2027-01-01')::timestamptz AS midnight, (TIMESTAMPTZ '2026-12-31 20:00:00+00')::date AS day_of_instant,
       current_setting('TimeZone') AS zone`)).rows[0]!;
  const out = { kind: db.kind, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { kind: kind(v), v }]))), casts };
  process.stdout.write(JSON.stringify(out) + '\n');
} finally {
  await t.cleanup();
}
