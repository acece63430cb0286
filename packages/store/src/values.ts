/**
 * Conversions of JS values to PostgreSQL text forms, shared by both adapters: the COPY text format (COPY FROM STDIN
 * on PostgreSQL, COPY FROM '/dev/blob' on PGlite). null/undefined → NULL, boolean → t/f, Date → ISO instant,
 * Uint8Array → bytea hex, array → array literal, other objects → JSON.
 */

/** Quote one element of an array literal. */
function arrayElement(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return arrayLiteral(v);
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** `['a', 'b"c']` → `{"a","b\"c"}` */
export function arrayLiteral(a: readonly unknown[]): string {
  return '{' + a.map(arrayElement).join(',') + '}';
}

/** The text form of a value, or null for NULL. */
export function toPgText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 't' : 'f';
    default:
      break;
  }
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return '\\x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  if (Array.isArray(v)) return arrayLiteral(v);
  return JSON.stringify(v);
}

/** Escape a text value for COPY … FROM STDIN (text format). */
export function copyEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\\\n\r\t]/.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : s;
}

/** One line of COPY text format, with its newline. */
export function copyLine(row: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < row.length; i++) {
    if (i) out += '\t';
    const t = toPgText(row[i]);
    out += t === null ? '\\N' : copyEscape(t);
  }
  return out + '\n';
}

/** A quoted identifier, possibly schema-qualified (`a.b`). */
export function ident(name: string): string {
  return name
    .split('.')
    .map((p) => '"' + p.replace(/"/g, '""') + '"')
    .join('.');
}
