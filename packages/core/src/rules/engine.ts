import type { CaseDoc } from '../model.ts';
import { fromDayNumber, toDayNumber } from '../calendar/dates.ts';
import { CaseContext, typeSlot } from './context.ts';
import { compileCond } from './expr.ts';
import { PackEnv } from './expr.ts';
import type { Env, Pred } from './expr.ts';
import { getTemplate } from './template.ts';
import type { CheckFn, EmitOpts, Out } from './template.ts';
import type { CaseResult, EvalContext, Finding, FindingStatus, Pack, RuleDef } from './types.ts';
import './templates.ts';

interface CompiledVersion {
  def: RuleDef;
  from: number;
  to: number;
  applies: Pred | null;
  check: CheckFn;
}
interface CompiledRule {
  id: string;
  /** newest first */
  versions: CompiledVersion[];
  /** the only version, when there is one */
  only: CompiledVersion | null;
}
interface CompiledPack {
  pack: Pack;
  rules: CompiledRule[];
  /** slot of the pack's decision event type, -1 when it has none */
  decisionSlot: number;
}

const cache = new WeakMap<Pack, CompiledPack>();

/** Compiles a pack once (cached per pack object): conditions and template closures are built here, not per case. */
export function compilePack(pack: Pack): CompiledPack {
  let cp = cache.get(pack);
  if (cp) return cp;
  const byId = new Map<string, CompiledVersion[]>();
  for (const def of pack.rules) {
    const t = getTemplate(def.template);
    if (!t) throw new Error(`${def.source}: template: unknown template "${def.template}"`);
    const params = t.params.parse(def.params);
    const v: CompiledVersion = {
      def,
      from: toDayNumber(def.effective.from),
      to: def.effective.to ? toDayNumber(def.effective.to) : Infinity,
      applies: def.applies ? compileCond(def.applies) : null,
      check: t.compile(params, def),
    };
    let list = byId.get(def.id);
    if (!list) { list = []; byId.set(def.id, list); }
    list.push(v);
  }
  const rules: CompiledRule[] = [];
  for (const [id, versions] of byId) rules.push({ id, versions: versions.sort((a, b) => b.from - a.from), only: versions.length === 1 ? versions[0]! : null });
  cp = { pack, rules, decisionSlot: pack.decisionEvent ? typeSlot(pack.decisionEvent) : -1 };
  cache.set(pack, cp);
  return cp;
}

/** The version of a rule in force on `day`: the latest effective on that day. */
function versionOn(r: CompiledRule, day: number): CompiledVersion | undefined {
  const vs = r.versions;
  for (let i = 0; i < vs.length; i++) if (vs[i]!.from <= day && day <= vs[i]!.to) return vs[i];
  return undefined;
}

class Sink implements Out {
  env: Env;
  findings: Finding[] = [];
  doc!: CaseDoc;
  rule!: RuleDef;
  constructor(env: Env) { this.env = env; }
  emit(status: FindingStatus, code: string, fields: Record<string, unknown>, opts?: EmitOpts): void {
    const f: Finding = {
      case: this.doc.id, agency: this.doc.agency, rule: this.rule.id,
      status: status === 'violated' && this.rule.advisory ? 'advisory' : status,
      code, fields,
    };
    if (opts) {
      if (opts.dueDay !== undefined) f.dueOn = fromDayNumber(opts.dueDay);
      if (opts.actDay !== undefined) f.actOn = fromDayNumber(opts.actDay);
      if (opts.provisional && opts.provisional.length) f.provisional = opts.provisional;
      if (opts.eventId !== undefined) f.eventId = opts.eventId;
    }
    this.findings.push(f);
  }
}

/** What one evaluation works with; reused from case to case (a pool, so that a nested evaluation gets its own). */
interface Workspace {
  c: CaseContext;
  env: PackEnv;
  sink: Sink;
}
const pool: Workspace[] = [];
function workspace(): Workspace {
  const ws = pool.pop();
  if (ws) return ws;
  const env = new PackEnv({});
  return { c: new CaseContext(), env, sink: new Sink(env) };
}

let lastAsOf = '';
let lastAsOfDay = NaN;
const NO_FINDINGS: Finding[] = [];

/**
 * Checks one case against packs as of `ctx.asOf`: each rule in the version in force on the case's decision date
 * (or the as-of date while undecided). Returns the findings and the ids of the rules checked. Pure.
 */
export function evaluateCaseDetailed(doc: CaseDoc, packs: readonly Pack[], ctx: EvalContext): CaseResult {
  let asOfDay = lastAsOfDay;
  if (ctx.asOf !== lastAsOf) {
    asOfDay = toDayNumber(ctx.asOf);
    if (Number.isNaN(asOfDay)) throw new RangeError(`asOf: not a date YYYY-MM-DD: ${ctx.asOf}`);
    lastAsOf = ctx.asOf;
    lastAsOfDay = asOfDay;
  }
  const findings: Finding[] = [];
  const checked: string[] = [];
  const ws = workspace();
  const { c, env, sink } = ws;
  try {
    sink.findings = findings;
    sink.doc = doc;
    let loaded = false;
    for (let pi = 0; pi < packs.length; pi++) {
      const pack = packs[pi]!;
      const cp = compilePack(pack);
      if (!loaded || c.timezone !== pack.timezone || c.pendingWorkingDays !== pack.pendingWorkingDays) {
        c.load(doc, asOfDay, ctx.calendar, pack.timezone, pack.pendingWorkingDays, ctx.records, ctx.registry);
        loaded = true;
      }
      env.c = c;
      env.defaults = pack.params;
      env.over = ctx.params;
      env.event = undefined;
      env.latest = undefined;
      env.latestPos = -1;
      let keyDay = asOfDay;
      if (cp.decisionSlot >= 0) {
        const d = c.list(cp.decisionSlot);
        if (d.length) keyDay = c.day[d[0]!]!;
      }
      const rules = cp.rules;
      for (let ri = 0; ri < rules.length; ri++) {
        const r = rules[ri]!;
        const only = r.only;
        const v = only !== null ? (only.from <= keyDay && keyDay <= only.to ? only : undefined) : versionOn(r, keyDay);
        if (v === undefined) continue;
        if (v.applies && !v.applies(env)) continue;
        sink.rule = v.def;
        if (v.check(c, sink)) checked.push(r.id);
      }
    }
  } finally {
    c.release();
    env.c = undefined as unknown as CaseContext;
    env.over = undefined;
    env.event = undefined;
    env.latest = undefined;
    sink.findings = NO_FINDINGS;
    sink.doc = undefined as unknown as CaseDoc;
    pool.push(ws);
  }
  return { case: doc.id, agency: doc.agency, findings, checked };
}

/** The findings of one case (see evaluateCaseDetailed). */
export function evaluateCase(doc: CaseDoc, packs: readonly Pack[], ctx: EvalContext): Finding[] {
  return evaluateCaseDetailed(doc, packs, ctx).findings;
}

export interface RuleCounts {
  /** cases on which the rule applied and its acts existed */
  checked: number;
  /** cases with at least one finding of that status */
  violated: number;
  pending: number;
  advisory: number;
}

/** Streaming accumulator of per-rule counts: add each case's result as it is evaluated. */
export class Summary {
  readonly rules: Record<string, RuleCounts> = {};
  cases = 0;

  #get(id: string): RuleCounts {
    return (this.rules[id] ??= { checked: 0, violated: 0, pending: 0, advisory: 0 });
  }

  /** Declares rules so that they appear with zeros. */
  declare(ids: Iterable<string>): this {
    for (const id of ids) this.#get(id);
    return this;
  }

  add(result: CaseResult): void {
    this.cases++;
    const ids = result.checked;
    for (let i = 0; i < ids.length; i++) this.#get(ids[i]!).checked++;
    const fs = result.findings;
    outer: for (let i = 0; i < fs.length; i++) {
      const f = fs[i]!;
      for (let k = 0; k < i; k++) if (fs[k]!.rule === f.rule && fs[k]!.status === f.status) continue outer; // count cases
      this.#get(f.rule)[f.status]++;
    }
  }

  toJSON(): Record<string, RuleCounts> {
    return this.rules;
  }
}
