import type { CaseEvent } from '../model.ts';
import type { CaseContext } from './context.ts';
import { typeSlot } from './context.ts';
import type { Cond, FieldCond, ValueRef } from './types.ts';

/** What a condition sees: the case, the act at hand (`event.*`), the latest attribute values (`latest.*`), params. */
export interface Env {
  c: CaseContext;
  event?: CaseEvent | undefined;
  /** latest attribute values, when a caller computed them (else `latestPos` is used) */
  latest?: Record<string, unknown> | undefined;
  /** `latest.x` = the latest non-empty `x` among the events before this position (-1 / undefined: none) */
  latestPos?: number | undefined;
  param(name: string): unknown;
}

/** The Env of a pack evaluation: pack parameters, overridden by the caller's. Reused across cases. */
export class PackEnv implements Env {
  c!: CaseContext;
  event: CaseEvent | undefined = undefined;
  latest: Record<string, unknown> | undefined = undefined;
  latestPos = -1;
  over: Record<string, unknown> | undefined = undefined;
  defaults: Record<string, unknown>;
  constructor(defaults: Record<string, unknown>) { this.defaults = defaults; }
  param(name: string): unknown {
    const o = this.over;
    return o !== undefined && name in o ? o[name] : this.defaults[name];
  }
}

export type Getter = (env: Env) => unknown;
export type Pred = (env: Env) => boolean;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** A getter walking `parts` from what `root` returns (undefined as soon as a step is not an object). */
function walker(root: Getter, parts: readonly string[]): Getter {
  switch (parts.length) {
    case 0: return root;
    case 1: {
      const [a] = parts as [string];
      return (env) => { const v = root(env); return isObj(v) ? v[a] : undefined; };
    }
    case 2: {
      const [a, b] = parts as [string, string];
      return (env) => {
        const v = root(env);
        if (!isObj(v)) return undefined;
        const w = v[a];
        return isObj(w) ? w[b] : undefined;
      };
    }
    default:
      return (env) => {
        let v = root(env);
        for (let i = 0; i < parts.length; i++) {
          if (!isObj(v)) return undefined;
          v = v[parts[i]!];
        }
        return v;
      };
  }
}

/** The latest non-empty value of attribute `a` among events before position `pos` (exclusive). */
function latestOf(c: CaseContext, a: string, pos: number): unknown {
  const ev = c.events;
  for (let i = pos - 1; i >= 0; i--) {
    const v = ev[i]![a];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** Compiles a dotted path: `event.x`, `latest.x`, `penalty.x` (the case's penalty), or a case-document path. */
export function compilePath(path: string, latestAttrs?: Set<string>): Getter {
  const parts = path.split('.');
  const head = parts[0];
  const rest = parts.slice(1);
  if (head === 'event') return walker((env) => env.event, rest);
  if (head === 'latest') {
    if (rest.length !== 1) throw new Error(`latest.<attribute> expected, got ${path}`);
    latestAttrs?.add(rest[0]!);
    const a = rest[0]!;
    return (env) => {
      const l = env.latest;
      if (l !== undefined) return l[a];
      const pos = env.latestPos;
      return pos !== undefined && pos >= 0 ? latestOf(env.c, a, pos) : undefined;
    };
  }
  if (head === 'penalty') return walker((env) => env.c.penalty, rest);
  return walker((env) => env.c.doc, parts);
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

/** `(a) => same(a, b)` for a constant `b`, with the type tests on `b` done once. */
function sameAs(b: unknown): (a: unknown) => boolean {
  if (typeof b === 'boolean') {
    const sb = String(b);
    return (a) => a === b || (typeof a === 'string' && a === sb);
  }
  if (typeof b === 'number') {
    if (Number.isNaN(b)) return () => false; // NaN equals nothing (num(NaN) is NaN)
    return (a) => a === b || num(a) === b;
  }
  if (typeof b === 'string') {
    const y = num(b);
    if (Number.isNaN(y)) return (a) => a === b || (typeof a === 'boolean' && String(a) === b);
    return (a) => {
      if (a === b) return true;
      const x = num(a);
      if (!Number.isNaN(x)) return x === y;
      return typeof a === 'boolean' && String(a) === b;
    };
  }
  return (a) => a === b;
}

/** `(v) => xs.some((x) => same(v, x))` for constant `xs`. */
function inSet(xs: readonly unknown[]): (v: unknown) => boolean {
  const ts = xs.map(sameAs);
  if (ts.length === 1) return ts[0]!;
  return (v) => {
    for (let i = 0; i < ts.length; i++) if (ts[i]!(v)) return true;
    return false;
  };
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
      return (env) => { let s = 0; for (let i = 0; i < gs.length; i++) s += num(gs[i]!(env)); return s; };
    }
  }
  return () => v;
}

/** A constant ValueRef (a literal), or undefined. */
function constantOf(v: ValueRef): { value: unknown } | undefined {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return undefined;
  return { value: v };
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Compiles a condition into a predicate. `latestAttrs` collects the `latest.*` attributes it reads. */
export function compileCond(cond: Cond, latestAttrs?: Set<string>): Pred {
  if ('all' in cond) {
    const ps = cond.all.map((c) => compileCond(c, latestAttrs));
    switch (ps.length) {
      case 0: return () => true;
      case 1: return ps[0]!;
      case 2: { const [p, q] = ps as [Pred, Pred]; return (env) => p(env) && q(env); }
      case 3: { const [p, q, r] = ps as [Pred, Pred, Pred]; return (env) => p(env) && q(env) && r(env); }
      default: return (env) => { for (let i = 0; i < ps.length; i++) if (!ps[i]!(env)) return false; return true; };
    }
  }
  if ('any' in cond) {
    const ps = cond.any.map((c) => compileCond(c, latestAttrs));
    switch (ps.length) {
      case 0: return () => false;
      case 1: return ps[0]!;
      case 2: { const [p, q] = ps as [Pred, Pred]; return (env) => p(env) || q(env); }
      case 3: { const [p, q, r] = ps as [Pred, Pred, Pred]; return (env) => p(env) || q(env) || r(env); }
      default: return (env) => { for (let i = 0; i < ps.length; i++) if (ps[i]!(env)) return true; return false; };
    }
  }
  if ('not' in cond) { const p = compileCond(cond.not, latestAttrs); return (env) => !p(env); }
  if ('hasEvent' in cond) {
    const slots = (asArray(cond.hasEvent) as string[]).map(typeSlot);
    if (slots.length === 1) { const s = slots[0]!; return (env) => env.c.list(s).length > 0; }
    return (env) => { for (let i = 0; i < slots.length; i++) if (env.c.list(slots[i]!).length > 0) return true; return false; };
  }
  return compileField(cond, latestAttrs);
}

type Cmp = 'lt' | 'le' | 'gt' | 'ge';

function compileField(f: FieldCond, latestAttrs?: Set<string>): Pred {
  const base = compilePath(f.field, latestAttrs);
  const d = f.default;
  const get: Getter = d === undefined ? base : (env) => { const x = base(env); return x === undefined || x === null || x === '' ? d : x; };
  const preds: Pred[] = [];
  const cmp = (op: Cmp, ref: ValueRef | undefined) => {
    if (ref === undefined) return;
    const k = constantOf(ref);
    if (k) {
      const b = num(k.value);
      switch (op) {
        case 'lt': preds.push((env) => num(get(env)) < b); break;
        case 'le': preds.push((env) => num(get(env)) <= b); break;
        case 'gt': preds.push((env) => num(get(env)) > b); break;
        case 'ge': preds.push((env) => num(get(env)) >= b); break;
      }
      return;
    }
    const r = compileValue(ref, latestAttrs);
    switch (op) {
      case 'lt': preds.push((env) => num(get(env)) < num(r(env))); break;
      case 'le': preds.push((env) => num(get(env)) <= num(r(env))); break;
      case 'gt': preds.push((env) => num(get(env)) > num(r(env))); break;
      case 'ge': preds.push((env) => num(get(env)) >= num(r(env))); break;
    }
  };
  const eq = (ref: ValueRef, negate: boolean) => {
    const k = constantOf(ref);
    if (k) {
      const t = sameAs(k.value);
      preds.push(negate ? (env) => !t(get(env)) : (env) => t(get(env)));
      return;
    }
    const r = compileValue(ref, latestAttrs);
    preds.push(negate ? (env) => !same(get(env), r(env)) : (env) => same(get(env), r(env)));
  };
  if (f.eq !== undefined) eq(f.eq, false);
  if (f.ne !== undefined) eq(f.ne, true);
  cmp('lt', f.lt);
  cmp('le', f.le);
  cmp('gt', f.gt);
  cmp('ge', f.ge);
  if (f.in) { const t = inSet(f.in); preds.push((env) => t(get(env))); }
  if (f.notIn) { const t = inSet(f.notIn); preds.push((env) => !t(get(env))); }
  if (f.exists !== undefined) { const want = f.exists; preds.push((env) => { const v = get(env); return (v !== undefined && v !== null && v !== '') === want; }); }
  if (f.nonEmpty !== undefined) {
    const want = f.nonEmpty;
    preds.push((env) => {
      const v = get(env);
      return (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null) === want;
    });
  }
  // the list ops read a scalar as a one-element list and a missing value as an empty one
  if (f.contains !== undefined) {
    const t = sameAs(f.contains);
    preds.push((env) => {
      const v = get(env);
      if (!Array.isArray(v)) return v !== undefined && v !== null && t(v);
      for (let i = 0; i < v.length; i++) if (t(v[i])) return true;
      return false;
    });
  }
  if (f.containsAny) {
    const t = inSet(f.containsAny);
    preds.push((env) => {
      const v = get(env);
      if (!Array.isArray(v)) return v !== undefined && v !== null && t(v);
      for (let i = 0; i < v.length; i++) if (t(v[i])) return true;
      return false;
    });
  }
  if (f.subsetOf) {
    const t = inSet(f.subsetOf);
    preds.push((env) => {
      const v = get(env);
      if (!Array.isArray(v)) return v === undefined || v === null || t(v);
      for (let i = 0; i < v.length; i++) if (!t(v[i])) return false;
      return true;
    });
  }
  if (f.someNotIn) {
    const t = inSet(f.someNotIn);
    preds.push((env) => {
      const v = get(env);
      if (!Array.isArray(v)) return v !== undefined && v !== null && !t(v);
      for (let i = 0; i < v.length; i++) if (!t(v[i])) return true;
      return false;
    });
  }
  if (preds.length === 0) return (env) => { const v = get(env); return v !== undefined && v !== null && v !== '' && v !== false; };
  if (preds.length === 1) return preds[0]!;
  return (env) => { for (let i = 0; i < preds.length; i++) if (!preds[i]!(env)) return false; return true; };
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
