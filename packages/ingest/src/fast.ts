/**
 * Hand-written parsers that mirror the zod schemas of validate.ts for the common case of a well-formed record, at a
 * fraction of zod's cost. Each returns the value zod would return (same keys, same key order: the shape's keys
 * first, then the unknown ones) or FAIL; on FAIL the caller runs the zod schema, which finds and words every issue.
 * A parser may FAIL on a value zod would accept (e.g. a required string with surrounding spaces, which zod trims):
 * that only costs the slow path. It must never accept a value zod would reject.
 */

export const FAIL: unique symbol = Symbol('fail');
/** Input → output, or FAIL. */
export type Fast = (v: unknown) => unknown;

const WS_HIGH = new Set([0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
/** Characters String.prototype.trim removes. */
function isWs(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return WS_HIGH.has(c) || (c >= 0x2000 && c <= 0x200a);
}

/** z.string() */
export const str: Fast = (v) => (typeof v === 'string' ? v : FAIL);
/** z.string().trim().min(1), for strings that need no trimming (the others take the slow path) */
export const reqStr: Fast = (v) =>
  typeof v === 'string' && v.length > 0 && !isWs(v.charCodeAt(0)) && !isWs(v.charCodeAt(v.length - 1)) ? v : FAIL;
/** z.number() */
export const num: Fast = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL);
/** z.boolean() */
export const bool: Fast = (v) => (typeof v === 'boolean' ? v : FAIL);
/** z.unknown() */
export const unknown: Fast = (v) => v;
/** .optional() */
export const opt = (p: Fast): Fast => (v) => (v === undefined ? v : p(v));
/** .refine(f) */
export const refine = <T>(p: Fast, f: (v: T) => boolean): Fast => (v) => {
  const r = p(v);
  return r !== FAIL && f(r as T) ? r : FAIL;
};
/** z.enum(values) */
export const oneOf = (values: readonly string[]): Fast => {
  const s = new Set<unknown>(values);
  return (v) => (s.has(v) ? v : FAIL);
};
/** z.literal(x) */
export const literal = (x: string): Fast => (v) => (v === x ? v : FAIL);

/** z.array(p) */
export const arr = (p: Fast): Fast => (v) => {
  if (!Array.isArray(v)) return FAIL;
  let out = v;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const r = p(x);
    if (r === FAIL) return FAIL;
    if (r !== x) {
      if (out === v) out = v.slice();
      out[i] = r;
    }
  }
  return out;
};

const plain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.hasOwn(v, '__proto__');

/** z.record(z.string(), p) */
export const record = (p: Fast): Fast => (v) => {
  if (!plain(v)) return FAIL;
  let out = v;
  for (const k of Object.keys(v)) {
    const x = v[k];
    const r = p(x);
    if (r === FAIL) return FAIL;
    if (r !== x) {
      if (out === v) out = { ...v };
      out[k] = r;
    }
  }
  return out;
};

/**
 * z.looseObject(shape). `check: true` returns the input itself (when only validity matters — events, whose parsed
 * form is not kept).
 */
export const obj = (shape: Record<string, Fast>, o: { check?: boolean } = {}): Fast => {
  const keys = Object.keys(shape);
  const ps = keys.map((k) => shape[k]!);
  const known = new Set(keys);
  return (v) => {
    if (!plain(v)) return FAIL;
    const out: Record<string, unknown> | undefined = o.check ? undefined : {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = v[k];
      if (x === undefined && !Object.hasOwn(v, k)) {
        if (ps[i]!(undefined) === FAIL) return FAIL;
        continue;
      }
      const r = ps[i]!(x);
      if (r === FAIL) return FAIL;
      if (out) out[k] = r;
    }
    if (!out) return v;
    for (const k of Object.keys(v)) if (!known.has(k)) out[k] = v[k];
    return out;
  };
};

/** `{ success: true, data }` like zod's safeParse, or undefined (take the slow path). */
export function fastParse(p: Fast, v: unknown): { success: true; data: unknown } | undefined {
  const r = p(v);
  return r === FAIL ? undefined : { success: true, data: r };
}
