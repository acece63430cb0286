import type { z } from 'zod';
import type { CaseContext } from './context.ts';
import { typeSlot } from './context.ts';
import type { Env, Pred } from './expr.ts';
import { compileCond, num } from './expr.ts';
import type { EventSpec, NumberRef } from './schema.ts';
import type { FindingStatus, RuleDef } from './types.ts';
import { YearSink } from '../calendar/legal-calendar.ts';
import { fromDayNumber } from '../calendar/dates.ts';

export interface EmitOpts {
  dueDay?: number;
  actDay?: number;
  provisional?: number[];
  eventId?: string;
}

/** Where a check reports: its environment (case, params) and the finding sink. */
export interface Out {
  env: Env;
  emit(status: FindingStatus, code: string, fields: Record<string, unknown>, opts?: EmitOpts): void;
}

/** A compiled check: reports findings, returns whether the rule was checked on the case. */
export type CheckFn = (c: CaseContext, out: Out) => boolean;

/** A rule template (or a TypeScript check registered under the same interface). */
export interface Template<P = unknown> {
  name: string;
  /** validates the rule's `params` at load */
  params: z.ZodType<P>;
  /** deadline-like templates need due-day / day-after / pending examples */
  deadline?: (params: P) => boolean;
  compile(params: P, rule: RuleDef): CheckFn;
}

const registry = new Map<string, Template<any>>();

/** Registers a template (built-ins, and TypeScript checks of packs). */
export function registerTemplate<P>(t: Template<P>): Template<P> {
  registry.set(t.name, t as Template<any>);
  return t;
}

export function getTemplate(name: string): Template<any> | undefined {
  return registry.get(name);
}

export function templateNames(): string[] {
  return [...registry.keys()].sort();
}

// ---------- helpers shared by templates and TS checks ----------

export interface CompiledSpec {
  types: string[];
  /** the types' slots (see `typeSlot`), in the same order */
  slots: number[];
  where: Pred | null;
  occurrence: 'first' | 'last';
}

export function compileSpec(spec: EventSpec): CompiledSpec {
  const types = typeof spec === 'string' ? [spec] : Array.isArray(spec) ? spec : typeof spec.type === 'string' ? [spec.type] : spec.type;
  const where = typeof spec === 'object' && !Array.isArray(spec) && spec.where ? compileCond(spec.where) : null;
  const occurrence = typeof spec === 'object' && !Array.isArray(spec) ? spec.occurrence ?? 'first' : 'first';
  return { types, slots: types.map(typeSlot), where, occurrence };
}

export function specLabel(s: CompiledSpec): string {
  return s.types.join('|');
}

/** True when act `i` (of one of the spec's types) meets the spec's `where`. */
function matches(c: CaseContext, s: CompiledSpec, env: Env, i: number): boolean {
  if (!s.where) return true;
  const prev = env.event;
  env.event = c.events[i];
  const ok = s.where(env);
  env.event = prev;
  return ok;
}

/**
 * Index of the first (or last, per the spec or `occurrence`) matching act with lo < index < hi; -1 if none.
 */
export function pick(c: CaseContext, s: CompiledSpec, env: Env, lo = -1, hi = Infinity, occurrence = s.occurrence): number {
  let best = -1;
  const slots = s.slots;
  for (let t = 0; t < slots.length; t++) {
    const list = c.list(slots[t]!);
    if (occurrence === 'first') {
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        if (i <= lo) continue;
        if (i >= hi || (best !== -1 && i >= best)) break;
        if (matches(c, s, env, i)) { best = i; break; }
      }
    } else {
      for (let k = list.length - 1; k >= 0; k--) {
        const i = list[k]!;
        if (i >= hi) continue;
        if (i <= lo || (best !== -1 && i <= best)) break;
        if (matches(c, s, env, i)) { best = i; break; }
      }
    }
  }
  return best;
}

/** All matching acts, in time order. */
export function all(c: CaseContext, s: CompiledSpec, env: Env): number[] {
  const out: number[] = [];
  const slots = s.slots;
  for (let t = 0; t < slots.length; t++) {
    const list = c.list(slots[t]!);
    for (let k = 0; k < list.length; k++) if (matches(c, s, env, list[k]!)) out.push(list[k]!);
  }
  if (s.types.length > 1) out.sort((a, b) => a - b);
  return out;
}

/** True when the spec's types hold a type twice (then `all`, not a walk over the events, keeps its order). */
export function hasDuplicateSlots(s: CompiledSpec): boolean {
  const xs = s.slots;
  for (let i = 1; i < xs.length; i++) if (xs.indexOf(xs[i]!) < i) return true;
  return false;
}

export function resolveNumber(ref: NumberRef, env: Env, byValue?: unknown): number {
  if (typeof ref === 'number') return ref;
  const p = env.param(ref.param);
  if (p !== null && typeof p === 'object') {
    const key = ref.by ? String(byPath(env, ref.by)) : String(byValue);
    return num((p as Record<string, unknown>)[key]);
  }
  return num(p);
}

function byPath(env: Env, path: string): unknown {
  let v: unknown = env.c.doc;
  for (const p of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

export interface DeadlineJudgement {
  /** day number the period starts from (excluded) */
  fromDay: number;
  days: number;
  unit: 'calendar' | 'working';
  rollForward: boolean;
  /** 'latest': act due on or before the due day; 'earliest': act not before it */
  bound: 'latest' | 'earliest';
  /** index of the act, -1 when missing */
  act: number;
  /** what a missing act means: 'due' (pending / violated as of the as-of date) or 'ignore' (not checked) */
  missing: 'due' | 'ignore';
  /** finding fields (shared, not copied); `days` and `fromOn` are added when there is a finding */
  fields: Record<string, unknown>;
}

const SINK = new YearSink();

/** Judges one period (DESIGN.md "Legal time"); emits its finding; returns whether it was checked. */
export function judgeDeadline(c: CaseContext, out: Out, j: DeadlineJudgement): boolean {
  return judge(c, out, j.fromDay, j.days, j.unit, j.rollForward, j.bound, j.act, j.missing, j.fields);
}

/** `judgeDeadline` with its fields as arguments (no judgement object per case). */
export function judge(c: CaseContext, out: Out, fromDay: number, days: number, unit: 'calendar' | 'working',
  rollForward: boolean, bound: 'latest' | 'earliest', act: number, missing: 'due' | 'ignore', fields: Record<string, unknown>): boolean {
  if (act < 0 && (missing === 'ignore' || bound === 'earliest')) return false;
  const sink = SINK;
  sink.reset();
  const cal = c.calendar;
  const due = unit === 'working'
    ? cal.addWorkingDaysNum(fromDay, days, sink)
    : cal.addCalendarDaysNum(fromDay, days, rollForward && bound === 'latest', sink);
  const provisional = sink.years.length ? sink.years : undefined;

  if (act >= 0) {
    const actDay = c.day[act]!;
    if (bound === 'latest' ? actDay > due : actDay < due) {
      out.emit('violated', bound === 'latest' ? 'deadline.late' : 'deadline.early', withDays(fields, days, fromDay),
        { dueDay: due, actDay, ...(provisional ? { provisional } : {}), eventId: c.events[act]!.id });
    }
    return true;
  }
  if (c.asOfDay > due) out.emit('violated', 'deadline.missing', withDays(fields, days, fromDay), { dueDay: due, ...(provisional ? { provisional } : {}) });
  else if (due <= c.pendingLimit) out.emit('pending', 'deadline.pending', withDays(fields, days, fromDay), { dueDay: due, ...(provisional ? { provisional } : {}) });
  return true;
}

function withDays(fields: Record<string, unknown>, days: number, fromDay: number): Record<string, unknown> {
  return { ...fields, days, fromOn: fromDayNumber(fromDay) };
}
