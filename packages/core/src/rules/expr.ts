import type { CaseEvent } from '../model.ts';
import type { CaseContext } from './context.ts';
import type { Cond, FieldCond, ValueRef } from './types.ts';

/** What a condition sees: the case, the act at hand (`event.*`), the latest attribute values (`latest.*`), params. */
export interface Env {
  c: CaseContext;
  event?: CaseEvent | undefined;
  latest?: Record<string, unknown> | undefined;
  param(name: string): unknown;
}

/** The Env of a pack evaluation: pack parameters, overridden by the caller's. Reused across cases. */
export class PackEnv implements Env {
  c!: CaseContext;
  event: CaseEvent | undefined = undefined;
  latest: Record<string, unknown> | undefined = undefined;
  over: Record<string, unknown> | undefined = undefined;
  readonly defaults: Record<string, unknown>;
  constructor(defaults: Record<string, unknown>) { this.defaults = defaults; }
  param(name: string): unknown {
    const o = this.over;
    return o !== undefined && name in o ? o[name] : this.defaults[name];
  }
}

export type Getter = (env: Env) => unknown;
export type Pred = (env: Env) => boolean;

/** Compiles a dotted path: `event.x`, `latest.x`, `penalty.x` (the case's penalty), or a case-document path. */
export function compilePath(path: string, latestAttrs?: Set<string>): Getter {
  const parts = path.split('.');
  const head = parts[0];
  const rest = parts.slice(1);
  const walk = (v: unknown): unknown => {
    for (const p of rest) {
      if (v === null || v === undefined || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
  if (head === 'event') return (env) => walk(env.event);
  if (head === 'latest') {
    if (rest.length !== 1) throw new Error(`latest.<attribute> expected, got ${path}`);
    latestAttrs?.add(rest[0]!);
    const a = rest[0]!;
    return (env) => env.latest?.[a];
  }
  if (head === 'penalty') return (env) => walk(env.c.penalty);
  return (env) => {
    let v: unknown = env.c.doc;
    for (const p of parts) {
      if (v === null || v === undefined || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

/** A number from a number or a numeric string; NaN otherwise. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = num(a), y = num(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x === y;
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b;
  if (typeof b === 'boolean' && typeof a === 'string') return String(b) === a;
  return false;
}

export function compileValue(v: ValueRef, latestAttrs?: Set<string>): Getter {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if ('field' in v) {
      const g = compilePath(v.field, latestAttrs);
      const d = v.default;
      return d === undefined ? g : (env) => { const x = g(env); return x === undefined || x === null || x === '' ? d : x; };
    }
    if ('param' in v) {
      const name = v.param;
      if (v.by) {
        const by = compilePath(v.by, latestAttrs);
        return (env) => {
          const p = env.param(name);
          return p !== null && typeof p === 'object' ? (p as Record<string, unknown>)[String(by(env))] : p;
        };
      }
      return (env) => env.param(name);
    }
    if ('sum' in v) {
      const gs = v.sum.map((x) => compileValue(x, latestAttrs));
      return (env) => { let s = 0; for (const g of gs) s += num(g(env)); return s; };
    }
  }
  return () => v;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Compiles a condition into a predicate. `latestAttrs` collects the `latest.*` attributes it reads. */
export function compileCond(cond: Cond, latestAttrs?: Set<string>): Pred {
  if ('all' in cond) { const ps = cond.all.map((c) => compileCond(c, latestAttrs)); return (env) => ps.every((p) => p(env)); }
  if ('any' in cond) { const ps = cond.any.map((c) => compileCond(c, latestAttrs)); return (env) => ps.some((p) => p(env)); }
  if ('not' in cond) { const p = compileCond(cond.not, latestAttrs); return (env) => !p(env); }
  if ('hasEvent' in cond) {
    const types = asArray(cond.hasEvent) as string[];
    return (env) => types.some((t) => env.c.has(t));
  }
  return compileField(cond, latestAttrs);
}

function compileField(f: FieldCond, latestAttrs?: Set<string>): Pred {
  const base = compilePath(f.field, latestAttrs);
  const d = f.default;
  const get: Getter = d === undefined ? base : (env) => { const x = base(env); return x === undefined || x === null || x === '' ? d : x; };
  const preds: Pred[] = [];
  const cmp = (ref: ValueRef | undefined, test: (a: number, b: number) => boolean) => {
    if (ref === undefined) return;
    const r = compileValue(ref, latestAttrs);
    preds.push((env) => test(num(get(env)), num(r(env))));
  };
  if (f.eq !== undefined) { const r = compileValue(f.eq, latestAttrs); preds.push((env) => same(get(env), r(env))); }
  if (f.ne !== undefined) { const r = compileValue(f.ne, latestAttrs); preds.push((env) => !same(get(env), r(env))); }
  cmp(f.lt, (a, b) => a < b);
  cmp(f.le, (a, b) => a <= b);
  cmp(f.gt, (a, b) => a > b);
  cmp(f.ge, (a, b) => a >= b);
  if (f.in) { const set = f.in; preds.push((env) => { const v = get(env); return set.some((x) => same(v, x)); }); }
  if (f.notIn) { const set = f.notIn; preds.push((env) => { const v = get(env); return !set.some((x) => same(v, x)); }); }
  if (f.exists !== undefined) { const want = f.exists; preds.push((env) => { const v = get(env); return (v !== undefined && v !== null && v !== '') === want; }); }
  if (f.nonEmpty !== undefined) { const want = f.nonEmpty; preds.push((env) => (asArray(get(env)).length > 0) === want); }
  if (f.contains !== undefined) { const x = f.contains; preds.push((env) => asArray(get(env)).some((v) => same(v, x))); }
  if (f.containsAny) { const xs = f.containsAny; preds.push((env) => asArray(get(env)).some((v) => xs.some((x) => same(v, x)))); }
  if (f.subsetOf) { const xs = f.subsetOf; preds.push((env) => asArray(get(env)).every((v) => xs.some((x) => same(v, x)))); }
  if (f.someNotIn) { const xs = f.someNotIn; preds.push((env) => asArray(get(env)).some((v) => !xs.some((x) => same(v, x)))); }
  if (preds.length === 0) return (env) => { const v = get(env); return v !== undefined && v !== null && v !== '' && v !== false; };
  if (preds.length === 1) return preds[0]!;
  return (env) => preds.every((p) => p(env));
}

/** Latest non-empty values of `attrs` among events before position `pos` (exclusive). */
export function latestBefore(c: CaseContext, attrs: readonly string[], pos: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let left = attrs.length;
  for (let i = pos - 1; i >= 0 && left > 0; i--) {
    const e = c.events[i]!;
    for (const a of attrs) {
      if (out[a] !== undefined) continue;
      const v = e[a];
      if (v !== undefined && v !== null && v !== '') { out[a] = v; left--; }
    }
  }
  return out;
}
