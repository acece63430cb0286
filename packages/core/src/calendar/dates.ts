/**
 * Local-date arithmetic. A local date is a 'YYYY-MM-DD' string; internally a day number (days since 1970-01-01),
 * computed with integer arithmetic (no Date objects on the hot path).
 */

/** Day number (days since 1970-01-01) of a civil date. */
export function dayNumberOf(y: number, m: number, d: number): number {
  // Howard Hinnant's days_from_civil
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

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
