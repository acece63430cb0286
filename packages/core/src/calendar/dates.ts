/**
 * Local-date arithmetic. A local date is a 'YYYY-MM-DD' string; internally a day number (days since 1970-01-01),
 * computed with integer arithmetic (no Date objects on the hot path).
 */

/** Day number (days since 1970-01-01) of a civil date. */
export function dayNumberOf(y: number, m: number, d: number): number {
  // years 1901-2099 (every 4th a leap year): a table of year starts (the common case, on the hot path)
  if (y > 1900 && y < 2100 && m >= 1 && m <= 12 && (y | 0) === y && (m | 0) === m) {
    return YEAR_START[y - 1901]! + MONTH_START[m - 1]! + (m > 2 && (y & 3) === 0 ? 1 : 0) + d - 1;
  }
  // Howard Hinnant's days_from_civil
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_START = Int32Array.from([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]);
/** day number of 1 January of 1901 + i (1901-01-01 is day -25202; every 4th year from 1904 is a leap year) */
const YEAR_START = Int32Array.from({ length: 199 }, (_, i) => -25202 + 365 * i + Math.floor(i / 4));

function digits(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** Day number of a 'YYYY-MM-DD' string (only the first 10 characters are read); NaN if malformed. */
export function toDayNumber(date: string): number {
  if (date.length < 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  const y = digits(date, 0, 4), m = digits(date, 5, 2), d = digits(date, 8, 2);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  return dayNumberOf(y, m, d);
}

/** 'YYYY-MM-DD' of a day number. */
export function fromDayNumber(n: number): string {
  // civil_from_days
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Year of a day number. */
export function yearOfDay(n: number): number {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(n: number): number {
  // 1970-01-01 was a Thursday (4)
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** True for a well-formed, existing 'YYYY-MM-DD'. */
export function isLocalDate(s: string): boolean {
  if (s.length !== 10) return false;
  const n = toDayNumber(s);
  return !Number.isNaN(n) && fromDayNumber(n) === s;
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * null when `s` is an ISO-8601 instant with offset naming a day and a time that exist ('2026-02-31T10:00+08:00' and
 * 'T99:00' do not); else the error code. The one check of instants entering the system (files, CLI, API).
 */
export function instantProblem(s: string): 'instant.invalid' | 'instant.offset-missing' | null {
  const m = INSTANT_RE.exec(s);
  if (!m) return 'instant.invalid';
  if (!isLocalDate(`${m[1]}-${m[2]}-${m[3]}`)) return 'instant.invalid';
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59)) return 'instant.invalid';
  const off = m[7];
  if (off === undefined) return 'instant.offset-missing';
  if (off !== 'Z') {
    const oh = Number(off.slice(1, 3)), om = off.length > 3 ? Number(off.slice(-2)) : 0;
    if (oh > 14 || om > 59) return 'instant.invalid';
  }
  return null;
}

/**
 * The bilingual reason a day given as an option or parameter (`--as-of`, `?asOf=`) is refused, or null when it is a
 * day that exists, written YYYY-MM-DD: '2026-02-31' and '2026-2-3' are refused, not rolled over to March.
 */
export function localDateProblem(name: string, value: string): { zh: string; en: string } | null {
  if (isLocalDate(value)) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? { zh: `${name} 不是真实存在的日期：${JSON.stringify(value)}`, en: `${name} is not a day that exists: ${JSON.stringify(value)}` }
    : { zh: `${name} 须为 YYYY-MM-DD 格式的日期，收到 ${JSON.stringify(value)}`, en: `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}` };
}

/** Adds `n` calendar days to a local date (no roll-forward). */
export function addDays(date: string, n: number): string {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * Epoch milliseconds of an ISO-8601 instant with offset ('2026-03-09T10:00:00+08:00', '2005-03-23 00:00:00+01:00',
 * '...Z'). Parsed by hand (fast, no allocation); falls back to Date.parse for other shapes. NaN when unreadable.
 */
export function instantMs(s: string): number {
  instantMsInto(s, SCRATCH, 0);
  return SCRATCH[0]!;
}
const SCRATCH = new Float64Array(1);

/**
 * `instantMs(s)` stored in `out[i]` (a hot loop over many instants keeps its numbers unboxed this way).
 */
export function instantMsInto(s: string, out: Float64Array, i: number): void {
  // the usual shapes, 'YYYY-MM-DDTHH:MM:SS+HH:MM' and 'YYYY-MM-DDTHH:MM:SS.sss+HH:MM' ('T' or a space), straight-line;
  // anything odd takes the general path below
  const len = s.length;
  const f = len === 29 ? 4 : 0; // characters of the fraction
  const sep = s.charCodeAt(10);
  if ((len === 25 || (f === 4 && s.charCodeAt(19) === 46)) && (sep === 84 || sep === 32) && s.charCodeAt(4) === 45
    && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(22 + f) === 58) {
    const sign = s.charCodeAt(19 + f);
    const m = dg(s, 5) * 10 + dg(s, 6), d = dg(s, 8) * 10 + dg(s, 9);
    if ((sign === 43 || sign === 45) && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
      const y = dg(s, 0) * 1000 + dg(s, 1) * 100 + dg(s, 2) * 10 + dg(s, 3);
      const h = dg(s, 11) * 10 + dg(s, 12), mi = dg(s, 14) * 10 + dg(s, 15), se = dg(s, 17) * 10 + dg(s, 18);
      const frac = f ? dg(s, 20) * 100 + dg(s, 21) * 10 + dg(s, 22) : 0;
      const off = (sign === 45 ? -1 : 1) * ((dg(s, 20 + f) * 10 + dg(s, 21 + f)) * 60 + dg(s, 23 + f) * 10 + dg(s, 24 + f));
      const ms = dayNumberOf(y, m, d) * 86400000 + ((h * 60 + mi - off) * 60 + se) * 1000 + frac;
      if (ms === ms) { out[i] = ms; return; } // NaN: a stray character; the general path says what it is
    }
  }
  out[i] = instantMsGeneral(s);
}

/** A decimal digit at `i`, NaN if there is none. */
function dg(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

function instantMsGeneral(s: string): number {
  const len = s.length;
  if (len < 19) return NaN; // a date alone is not an instant
  {
    const sep = s.charCodeAt(10);
    if ((sep === 84 || sep === 32) && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
      const day = toDayNumber(s);
      const h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
      let i = 19;
      let frac = 0;
      if (i < len && s.charCodeAt(i) === 46) {
        i++;
        let scale = 100;
        while (i < len) {
          const c = s.charCodeAt(i) - 48;
          if (c < 0 || c > 9) break;
          frac += c * scale;
          scale /= 10;
          i++;
        }
        frac = Math.floor(frac);
      }
      let off = 0;
      if (i < len) {
        const c = s.charCodeAt(i);
        if (c === 90 && i === len - 1) off = 0;
        else if (c === 43 || c === 45) {
          let oh: number, om: number;
          if (len - i === 6 && s.charCodeAt(i + 3) === 58) { oh = digits(s, i + 1, 2); om = digits(s, i + 4, 2); }
          else if (len - i === 5) { oh = digits(s, i + 1, 2); om = digits(s, i + 3, 2); }
          else if (len - i === 3) { oh = digits(s, i + 1, 2); om = 0; }
          else return Date.parse(s);
          off = (c === 45 ? -1 : 1) * (oh * 60 + om);
        } else return Date.parse(s);
      } else return NaN; // no offset: not an instant
      const ms = day * 86400000 + ((h * 60 + mi - off) * 60 + se) * 1000 + frac;
      return ms;
    }
  }
  return Date.parse(s);
}

/**
 * The local date of an instant in its own offset (the date as written): '2005-03-23 00:00:00+01:00' → '2005-03-23'.
 * Used where a pack reasons in the timestamp's own offset (the Italian road-fines log).
 */
export function ownOffsetDate(instant: string): string {
  return instant.slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** Day number of the local date of an instant (epoch ms) in an IANA time zone. */
export function localDayOfMs(ms: number, tz: string): number {
  if (tz === 'Asia/Shanghai' && ms >= 694224000000 /* 1992-01-01: no DST since */) {
    return Math.floor((ms + 8 * 3600000) / 86400000);
  }
  if (tz === 'UTC' || tz === 'Etc/UTC') return Math.floor(ms / 86400000);
  const parts = formatter(tz).formatToParts(new Date(ms));
  let y = 0, m = 0, d = 0;
  for (const p of parts) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') m = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
  }
  return dayNumberOf(y, m, d);
}

/**
 * The jurisdiction's local date ('YYYY-MM-DD') of an ISO-8601 instant with offset.
 * @param tz IANA time zone, default Asia/Shanghai (the CN packs)
 * @throws RangeError when the instant is unreadable
 */
export function localDate(instant: string, tz = 'Asia/Shanghai'): string {
  const ms = instantMs(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant with offset: ${instant}`);
  return fromDayNumber(localDayOfMs(ms, tz));
}
