import { z } from 'zod';
import { toDayNumber } from '../calendar/dates.ts';
import { compileCond, compilePath, compileValue, num } from './expr.ts';
import type { Env } from './expr.ts';
import { typeSlot } from './context.ts';
import type { CaseContext } from './context.ts';
import type { Out } from './template.ts';
import { condSchema, eventSpecSchema, numberRefSchema, valueRefSchema } from './schema.ts';
import { all, compileSpec, hasDuplicateSlots, judge, pick, registerTemplate, resolveNumber, specLabel } from './template.ts';

// ---------- deadline ----------
const deadlineParams = z.object({
  from: eventSpecSchema,
  to: eventSpecSchema,
  period: z.object({ days: numberRefSchema, unit: z.enum(['calendar', 'working']) }).strict(),
  bound: z.enum(['latest', 'earliest']).default('latest'),
  /** the start act is the one before the end act (the end act anchors: "within N days of an earlier A") */
  anchor: z.enum(['from', 'to']).default('from'),
  extendedBy: z.array(z.object({ type: z.string(), field: z.string().default('days'), max: z.number().optional() }).strict()).default([]),
  pausedBy: z.array(z.union([
    z.object({ suspend: z.string(), resume: z.string() }).strict(),
    z.object({ range: z.string(), fromField: z.string().default('from'), toField: z.string().default('to') }).strict(),
  ])).default([]),
  rollForward: z.boolean().optional(),
  sameDayWhen: condSchema.optional(),
  whenMissing: z.enum(['due', 'ignore']).default('due'),
}).strict();

registerTemplate({
  name: 'deadline',
  params: deadlineParams,
  deadline: (p) => p.bound === 'latest' && p.whenMissing === 'due',
  compile(p) {
    const from = compileSpec(p.from);
    const to = compileSpec(p.to);
    const sameDay = p.sameDayWhen ? compileCond(p.sameDayWhen) : null;
    const roll = p.rollForward ?? p.period.unit === 'calendar';
    const fields = { from: specLabel(from), to: specLabel(to), days: 0, unit: p.period.unit };
    const periodDays = p.period.days;
    const ext = p.extendedBy.map((x) => ({ slot: typeSlot(x.type), field: x.field, max: x.max }));
    const paused = p.pausedBy.map((x) => 'suspend' in x
      ? { suspend: typeSlot(x.suspend), resume: typeSlot(x.resume), range: -1, fromField: '', toField: '' }
      : { suspend: -1, resume: -1, range: typeSlot(x.range), fromField: x.fromField, toField: x.toField });
    return (c, out) => {
      const env = out.env;
      let fi: number, ti: number;
      if (p.anchor === 'to') {
        ti = pick(c, to, env);
        if (ti < 0) return false;
        fi = pick(c, from, env, -1, ti, from.occurrence === 'first' ? 'last' : from.occurrence);
        if (fi < 0) return false;
      } else {
        fi = pick(c, from, env);
        if (fi < 0) return false;
        ti = pick(c, to, env, fi);
      }
      const fromDay = c.day[fi]!;
      let days = typeof periodDays === 'number' ? periodDays : resolveNumber(periodDays, env);
      const hi = ti >= 0 ? ti : c.events.length;
      for (let xi = 0; xi < ext.length; xi++) {
        const x = ext[xi]!;
        const list = c.list(x.slot);
        let add = 0;
        for (let k = 0; k < list.length; k++) { const i = list[k]!; if (i > fi && i < hi) add += num(c.events[i]![x.field]) || 0; }
        days += x.max !== undefined ? Math.min(add, x.max) : add;
      }
      for (let xi = 0; xi < paused.length; xi++) {
        const x = paused[xi]!;
        if (x.range < 0) {
          const ss = c.list(x.suspend), rs = c.list(x.resume);
          for (let k = 0; k < ss.length; k++) {
            const s = ss[k]!;
            if (s < fi || s > hi) continue;
            let r = -1;
            for (let m = 0; m < rs.length; m++) if (rs[m]! > s) { r = rs[m]!; break; }
            if (r < 0) return true; // the clock is stopped as of now: nothing is due
            days += c.day[r]! - c.day[s]!;
          }
        } else {
          const list = c.list(x.range);
          for (let k = 0; k < list.length; k++) {
            const e = c.events[list[k]!]!;
            const a = toDayNumber(String(e[x.fromField] ?? '')), b = toDayNumber(String(e[x.toField] ?? ''));
            if (!Number.isNaN(a) && !Number.isNaN(b) && b >= a) days += b - a + 1;
          }
        }
      }
      if (sameDay) {
        const prev = env.event;
        env.event = c.events[fi];
        if (sameDay(env)) days = 0;
        env.event = prev;
      }
      return judge(c, out, fromDay, days, p.period.unit, roll && days > 0, p.bound, ti, p.whenMissing, fields);
    };
  },
});

// ---------- precedence ----------
registerTemplate({
  name: 'precedence',
  params: z.object({ before: eventSpecSchema, after: eventSpecSchema, each: z.boolean().default(false) }).strict(),
  compile(p) {
    const a = compileSpec(p.before), b = compileSpec(p.after);
    const fields = { before: specLabel(a), after: specLabel(b) };
    const missing = (c: CaseContext, out: Out, bi: number): void =>
      out.emit('violated', 'precedence.missing', fields, { actDay: c.day[bi]!, eventId: c.events[bi]!.id });
    if (p.each) {
      return (c, out) => {
        const env = out.env;
        const bs = all(c, b, env);
        if (bs.length === 0) return false;
        for (let k = 0; k < bs.length; k++) if (pick(c, a, env, -1, bs[k]!) < 0) { missing(c, out, bs[k]!); break; }
        return true;
      };
    }
    return (c, out) => {
      const env = out.env;
      const bi = pick(c, b, env);
      if (bi < 0) return false;
      if (pick(c, a, env, -1, bi) < 0) missing(c, out, bi);
      return true;
    };
  },
});

// ---------- required-before ----------
registerTemplate({
  name: 'required-before',
  params: z.object({ condition: condSchema.optional(), required: eventSpecSchema, before: eventSpecSchema }).strict(),
  compile(p) {
    const cond = p.condition ? compileCond(p.condition) : null;
    const req = compileSpec(p.required), bef = compileSpec(p.before);
    const fields = { required: specLabel(req), before: specLabel(bef) };
    return (c, out) => {
      if (cond && !cond(out.env)) return false;
      const bi = pick(c, bef, out.env);
      if (bi < 0) return false;
      if (pick(c, req, out.env, -1, bi) < 0) out.emit('violated', 'required-before.missing', fields, { actDay: c.day[bi]!, eventId: c.events[bi]!.id });
      return true;
    };
  },
});

// ---------- distinct-actors ----------
/** Position of `v` among the first `n` entries of `xs` (SameValueZero, as a Set), -1 if absent. */
function indexIn(xs: readonly unknown[], n: number, v: unknown): number {
  for (let i = 0; i < n; i++) { const x = xs[i]; if (x === v || (x !== x && v !== v)) return i; }
  return -1;
}

registerTemplate({
  name: 'distinct-actors',
  params: z.union([
    z.object({ acts: z.union([z.string(), z.array(z.string())]), min: z.number().int().min(1), credential: z.boolean().default(false) }).strict(),
    z.object({ roles: z.array(z.tuple([z.string(), z.string()])).min(1) }).strict(),
  ]),
  compile(p) {
    if ('roles' in p) {
      const pairs = p.roles.map(([x, y]) => [x, y, compilePath(x), compilePath(y)] as const);
      return (c, out) => {
        let checked = false;
        for (let pi = 0; pi < pairs.length; pi++) {
          const [xn, yn, gx, gy] = pairs[pi]!;
          // a role is a person or a list of people (as `[].concat(value ?? [])` reads it)
          const xv = gx(out.env), yv = gy(out.env);
          const nx = Array.isArray(xv) ? xv.length : xv === undefined || xv === null ? 0 : 1;
          const ny = Array.isArray(yv) ? yv.length : yv === undefined || yv === null ? 0 : 1;
          if (!nx || !ny) continue;
          checked = true;
          let same: unknown = undefined;
          for (let i = 0; i < nx; i++) {
            const v = Array.isArray(xv) ? xv[i] : xv;
            if (Array.isArray(yv) ? yv.includes(v) : yv === v || (v !== v && yv !== yv)) { same = v; break; }
          }
          if (same !== undefined) out.emit('violated', 'distinct-actors.same-person', { roleA: xn, roleB: yn, person: same });
        }
        return checked;
      };
    }
    const types = typeof p.acts === 'string' ? [p.acts] : p.acts;
    const slots = types.map(typeSlot);
    // distinct people in first-seen order (a few per case: a list beats a Set), reused from case to case
    const people: unknown[] = [];
    const invalid: unknown[] = [];
    return (c, out) => {
      let np = 0, ni = 0;
      for (let t = 0; t < slots.length; t++) {
        const list = c.list(slots[t]!);
        for (let k = 0; k < list.length; k++) {
          const e = c.events[list[k]!]!;
          const by = e.by;
          if (by === undefined || by === null) continue;
          const whos: readonly string[] = Array.isArray(by) ? by : [...(by as Iterable<string>)];
          for (let w = 0; w < whos.length; w++) {
            const who = whos[w]!;
            if (p.credential && c.registry) {
              const ok = c.registry.personCredentialValid(who, e.at.slice(0, 10));
              if (ok === false) { if (indexIn(invalid, ni, who) < 0) invalid[ni++] = who; continue; }
            }
            if (indexIn(people, np, who) < 0) people[np++] = who;
          }
        }
      }
      if (np < p.min) {
        out.emit('violated', 'distinct-actors.too-few', { acts: types.join('|'), count: np, min: p.min, invalid: invalid.slice(0, ni).join(', ') });
      }
      return true;
    };
  },
});

// ---------- threshold ----------
registerTemplate({
  name: 'threshold',
  params: z.object({
    field: z.string(),
    limit: z.union([numberRefSchema, z.object({ person: z.number(), org: z.number() }).strict()]),
    op: z.enum(['le', 'lt', 'ge', 'gt']).default('le'),
    condition: condSchema.optional(),
    also: condSchema.optional(),
  }).strict(),
  compile(p) {
    const get = compilePath(p.field);
    const cond = p.condition ? compileCond(p.condition) : null;
    const also = p.also ? compileCond(p.also) : null;
    const limit = (env: Env): number => {
      const l = p.limit;
      if (typeof l === 'object' && 'person' in l) return (l as Record<string, number>)[String(env.c.doc.party?.type ?? 'person')] ?? NaN;
      return resolveNumber(l, env, env.c.doc.party?.type ?? 'person');
    };
    return (c, out) => {
      if (cond && !cond(out.env)) return false;
      const v = num(get(out.env) ?? 0);
      const lim = limit(out.env);
      const ok = p.op === 'le' ? v <= lim : p.op === 'lt' ? v < lim : p.op === 'ge' ? v >= lim : v > lim;
      if (!ok) out.emit('violated', 'threshold.exceeded', { field: p.field, value: v, limit: lim, op: p.op });
      else if (also && !also(out.env)) out.emit('violated', 'threshold.condition', { field: p.field });
      return true;
    };
  },
});

// ---------- compare ----------
const side = z.object({ event: eventSpecSchema, field: z.string() }).strict();
registerTemplate({
  name: 'compare',
  params: z.object({ left: side, right: side, order: z.enum(['le', 'lt', 'ge', 'gt', 'eq']).default('le') }).strict(),
  compile(p) {
    const ls = compileSpec(p.left.event), rs = compileSpec(p.right.event);
    const lg = compilePath(`event.${p.left.field}`), rg = compilePath(`event.${p.right.field}`);
    return (c, out) => {
      const env = out.env;
      const li = pick(c, ls, env), ri = pick(c, rs, env);
      if (li < 0 || ri < 0) return false;
      const prev = env.event;
      env.event = c.events[li]; const l = num(lg(env));
      env.event = c.events[ri]; const r = num(rg(env));
      env.event = prev;
      if (Number.isNaN(l) || Number.isNaN(r)) return false;
      const ok = p.order === 'le' ? l <= r : p.order === 'lt' ? l < r : p.order === 'ge' ? l >= r : p.order === 'gt' ? l > r : l === r;
      if (!ok) out.emit('violated', 'compare.failed', { left: `${specLabel(ls)}.${p.left.field}`, right: `${specLabel(rs)}.${p.right.field}`, leftValue: l, rightValue: r, order: p.order }, { eventId: c.events[li]!.id });
      return true;
    };
  },
});

// ---------- guard ----------
registerTemplate({
  name: 'guard',
  params: z.object({ at: eventSpecSchema, expression: condSchema }).strict(),
  compile(p) {
    const at = compileSpec(p.at);
    const expr = compileCond(p.expression);
    const one = at.slots.length === 1 ? at.slots[0]! : -1;
    const viaAll = at.slots.length > 1 && hasDuplicateSlots(at);
    const slots = at.slots;
    const judgeAt = (c: CaseContext, out: Out, env: Env, i: number): void => {
      // `latest.*` reads the values seen before act i (see compilePath)
      env.event = c.events[i];
      env.latestPos = i;
      const ok = expr(env);
      env.event = undefined; env.latestPos = -1;
      if (!ok) out.emit('violated', 'guard.failed', { at: c.events[i]!.type }, { actDay: c.day[i]!, eventId: c.events[i]!.id });
    };
    return (c, out) => {
      const env = out.env;
      if (one >= 0) {
        if (at.where) { // every act's `where` is checked before any is judged
          const idx = all(c, at, env);
          for (let k = 0; k < idx.length; k++) judgeAt(c, out, env, idx[k]!);
          return idx.length > 0;
        }
        const list = c.list(one);
        for (let k = 0; k < list.length; k++) judgeAt(c, out, env, list[k]!);
        return list.length > 0;
      }
      if (viaAll || at.where) {
        const idx = all(c, at, env);
        for (let k = 0; k < idx.length; k++) judgeAt(c, out, env, idx[k]!);
        return idx.length > 0;
      }
      let any = false;
      const n = c.events.length;
      for (let i = 0; i < n; i++) {
        const s = c.slotAt(i);
        if (s < 0 || !slots.includes(s)) continue;
        any = true;
        judgeAt(c, out, env, i);
      }
      return any;
    };
  },
});

// ---------- final-state ----------
registerTemplate({
  name: 'final-state',
  params: z.object({ expression: condSchema }).strict(),
  compile(p) {
    const expr = compileCond(p.expression);
    return (c, out) => {
      const env = out.env;
      env.latestPos = c.events.length; // `latest.*`: the values seen up to the end (see compilePath)
      const ok = expr(env);
      env.latestPos = -1;
      if (!ok) out.emit('violated', 'final-state.failed', {});
      return true;
    };
  },
});

export { valueRefSchema, compileValue };
