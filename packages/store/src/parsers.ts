/**
 * How values come out of the database, in one place for both adapters: the type parsers (pg's `types`, PGlite's
 * `parsers`) and the readers app code applies to a column (`dayOf`, `daysOf`, `isoOf`, `jsonOf`, `num`).
 *
 * No `Date` object leaves the store. A `Date` for a calendar date is an instant at the process's local midnight:
 * under TZ=Asia/Shanghai `DATE '2027-01-01'` became 2026-12-31T16:00Z and `toISOString()` read it a day early.
 * So every date/time type is parsed from PostgreSQL's text form into a string:
 *   date                → 'YYYY-MM-DD' (as PostgreSQL wrote it)
 *   timestamptz         → ISO instant in UTC, 'YYYY-MM-DDTHH:MM:SS.sssZ' (millisecond precision, as a JS Date had)
 *   timestamp (no zone) → wall-clock 'YYYY-MM-DDTHH:MM:SS[.ffffff]', no zone (it has none)
 *   time, timetz, interval → PostgreSQL's text
 *   arrays of these     → arrays of the same strings
 *   int8                → number when safe, else the exact string
 * The sessions run with TimeZone = UTC and DateStyle = ISO (SESSION_SETTINGS), so the texts parsed here and any
 * SQL that casts between date and timestamptz read the same on a server configured for Asia/Shanghai and on PGlite.
 */

/** Type OIDs of PostgreSQL's date/time types and int8, and their array types. */
export const OID = {
  int8: 20, int8Array: 1016,
  date: 1082, dateArray: 1182,
  time: 1083, timeArray: 1183,
  timestamp: 1114, timestampArray: 1115,
  timestamptz: 1184, timestamptzArray: 1185,
  interval: 1186, intervalArray: 1187,
  timetz: 1266, timetzArray: 1270,
} as const;

/** Settings every session gets: the text forms parsed here depend on them, and so do date ↔ timestamptz casts. */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = Object.freeze({ TimeZone: 'UTC', DateStyle: 'ISO, YMD', IntervalStyle: 'postgres' });

const TS = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d+)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?|Z)?( BC)?$/;

/** A timestamptz text ('2027-01-01 00:30:00.123456+08', any offset) → ISO instant in UTC. 'infinity' stays as is. */
export function parseTimestamptz(text: string): string {
  const m = TS.exec(text);
  if (!m || m[12]) return text; // infinity, -infinity, BC: no JS instant; kept as PostgreSQL wrote it
  const frac = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const sign = m[8] === '-' ? -1 : 1;
  const offsetMs = m[8] ? sign * ((Number(m[9]) * 60 + Number(m[10] ?? 0)) * 60 + Number(m[11] ?? 0)) * 1000 : 0;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), frac);
  const d = new Date(utc - offsetMs);
  // Date.UTC maps years 0–99 to 1900–1999
  if (Number(m[1]) < 100) d.setUTCFullYear(d.getUTCFullYear() - 1900);
  return d.toISOString();
}

/** A timestamp-without-time-zone text → 'YYYY-MM-DDTHH:MM:SS[.ffffff]' (wall clock; no zone is invented). */
export function parseTimestamp(text: string): string {
  return TS.test(text) ? text.replace(' ', 'T') : text;
}

/** int8 → number when it is exact, else the decimal string. */
export function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

const identity = (text: string): string => text;

/**
 * A PostgreSQL array literal → nested JS arrays, each element through `element` (NULL → null). Handles quoting,
 * backslash escapes, nesting and a leading dimension decoration ('[0:1]={a,b}').
 */
export function parseArray<T>(text: string, element: (s: string) => T): (T | null | (T | null)[])[] {
  let i = 0;
  if (text[0] === '[') {
    i = text.indexOf('=') + 1;
    if (i <= 0) throw new Error(`not an array literal: ${text.slice(0, 40)}`);
  }
  const parseLevel = (): unknown[] => {
    if (text[i] !== '{') throw new Error(`not an array literal at ${i}: ${text.slice(0, 40)}`);
    i++;
    const out: unknown[] = [];
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      if (text[i] === '{') out.push(parseLevel());
      else if (text[i] === '"') {
        i++;
        let s = '';
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          s += text[i++];
        }
        i++; // closing quote
        out.push(element(s));
      } else {
        let j = i;
        while (j < text.length && text[j] !== ',' && text[j] !== '}') j++;
        const raw = text.slice(i, j).trim();
        i = j;
        out.push(raw.toUpperCase() === 'NULL' ? null : element(raw));
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      throw new Error(`malformed array literal at ${i}: ${text.slice(0, 40)}`);
    }
  };
  return parseLevel() as (T | null | (T | null)[])[];
}

/** The scalar parsers by OID (PGlite applies them to array elements itself). */
const SCALAR: Readonly<Record<number, (text: string) => unknown>> = {
  [OID.int8]: parseInt8,
  [OID.date]: identity,
  [OID.time]: identity,
  [OID.timetz]: identity,
  [OID.interval]: identity,
  [OID.timestamp]: parseTimestamp,
  [OID.timestamptz]: parseTimestamptz,
};

/** Array OID → its element's OID. */
const ARRAY_OF: Readonly<Record<number, number>> = {
  [OID.int8Array]: OID.int8,
  [OID.dateArray]: OID.date,
  [OID.timeArray]: OID.time,
  [OID.timetzArray]: OID.timetz,
  [OID.intervalArray]: OID.interval,
  [OID.timestampArray]: OID.timestamp,
  [OID.timestamptzArray]: OID.timestamptz,
};

/** PGlite's `parsers` option (PGlite parses an array with its element type's parser). */
export const PGLITE_PARSERS: Readonly<Record<number, (text: string) => unknown>> = SCALAR;

/** The parser for a text-format column of type `oid` on the pg adapter, or undefined to keep pg's default. */
export function pgParser(oid: number): ((text: string) => unknown) | undefined {
  const s = SCALAR[oid];
  if (s) return s;
  const el = ARRAY_OF[oid];
  if (el !== undefined) {
    const p = SCALAR[el]!;
    return (text: string) => parseArray(text, p);
  }
  return undefined;
}

// ---- readers: what app code applies to a column it selected ----

function noDate(v: unknown, what: string): void {
  if (v instanceof Date) throw new TypeError(`${what}: got a Date object; the store gives dates and timestamps as strings (a Date for a calendar day shifts with the process time zone)`);
}

/** A date column as its day 'YYYY-MM-DD' (also the day part of a timestamp text); null stays null. */
export function dayOf(v: unknown): string | null {
  if (v == null || v === '') return null;
  noDate(v, 'dayOf');
  return String(v).slice(0, 10);
}

/** A date[] column as its days; null → []. */
export function daysOf(v: unknown): string[] {
  if (v == null) return [];
  if (!Array.isArray(v)) return parseArray(String(v), identity).map((x) => dayOf(x)!);
  return v.map((x) => dayOf(x)!);
}

/** A timestamptz column as an ISO instant in UTC; null stays null. */
export function isoOf(v: unknown): string | null {
  if (v == null || v === '') return null;
  noDate(v, 'isoOf');
  const s = String(v);
  return TS.test(s) ? parseTimestamptz(s) : new Date(s).toISOString();
}

/** A json/jsonb column as a value (the adapters give it parsed or as text); null stays null. */
export function jsonOf<T>(v: unknown): T {
  return (v == null ? null : typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** A count or int8 column as a number (null → 0). */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}
