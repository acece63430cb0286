import { z } from 'zod';
import { toDayNumber } from '../calendar/dates.ts';
import { compileCond, compilePath, compileValue, latestBefore, num } from './expr.ts';
import type { Env } from './expr.ts';
import { condSchema, eventSpecSchema, numberRefSchema, valueRefSchema } from './schema.ts';
import { all, compileSpec, judgeDeadline, pick, registerTemplate, resolveNumber, specLabel } from './template.ts';

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
      let days = resolveNumber(p.period.days, env);
      const hi = ti >= 0 ? ti : c.events.length;
      for (const x of p.extendedBy) {
        let add = 0;
        for (const i of c.ofType(x.type)) if (i > fi && i < hi) add += num(c.events[i]![x.field]) || 0;
        days += x.max !== undefined ? Math.min(add, x.max) : add;
      }
      for (const x of p.pausedBy) {
        if ('suspend' in x) {
          for (const s of c.ofType(x.suspend)) {
            if (s < fi || s > hi) continue;
            let r = -1;
            for (const i of c.ofType(x.resume)) if (i > s) { r = i; break; }
            if (r < 0) return true; // the clock is stopped as of now: nothing is due
            days += c.day[r]! - c.day[s]!;
          }
        } else {
          for (const i of c.ofType(x.range)) {
            const e = c.events[i]!;
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
      return judgeDeadline(c, out, {
        fromDay, days, unit: p.period.unit, rollForward: roll && days > 0, bound: p.bound, act: ti, missing: p.whenMissing,
        fields,
      });
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
    return (c, out) => {
      const env = out.env;
      const bs = p.each ? all(c, b, env) : [pick(c, b, env)];
      if (bs[0] === undefined || bs[0] < 0) return false;
      for (const bi of bs) {
        if (pick(c, a, env, -1, bi) < 0) {
          out.emit('violated', 'precedence.missing', fields, { actDay: c.day[bi]!, eventId: c.events[bi]!.id });
          break;
        }
      }
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
        for (const [xn, yn, gx, gy] of pairs) {
          const xs = ([] as unknown[]).concat(gx(out.env) ?? []), ys = ([] as unknown[]).concat(gy(out.env) ?? []);
          if (!xs.length || !ys.length) continue;
          checked = true;
          const same = xs.find((v) => ys.includes(v));
          if (same !== undefined) out.emit('violated', 'distinct-actors.same-person', { roleA: xn, roleB: yn, person: same });
        }
        return checked;
      };
    }
    const types = typeof p.acts === 'string' ? [p.acts] : p.acts;
    return (c, out) => {
      const people = new Set<string>();
      const invalid = new Set<string>();
      for (const t of types) for (const i of c.ofType(t)) {
        const e = c.events[i]!;
        for (const who of e.by ?? []) {
          if (p.credential && c.registry) {
            const ok = c.registry.personCredentialValid(who, e.at.slice(0, 10));
            if (ok === false) { invalid.add(who); continue; }
          }
          people.add(who);
        }
      }
      if (people.size < p.min) {
        out.emit('violated', 'distinct-actors.too-few', { acts: types.join('|'), count: people.size, min: p.min, invalid: [...invalid].join(', ') });
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
    const attrs = new Set<string>();
    const expr = compileCond(p.expression, attrs);
    const latest = [...attrs];
    return (c, out) => {
      const env = out.env;
      const idx = all(c, at, env);
      if (!idx.length) return false;
      for (const i of idx) {
        env.event = c.events[i];
        env.latest = latest.length ? latestBefore(c, latest, i) : undefined;
        const ok = expr(env);
        env.event = undefined; env.latest = undefined;
        if (!ok) out.emit('violated', 'guard.failed', { at: c.events[i]!.type }, { actDay: c.day[i]!, eventId: c.events[i]!.id });
      }
      return true;
    };
  },
});

// ---------- final-state ----------
registerTemplate({
  name: 'final-state',
  params: z.object({ expression: condSchema }).strict(),
  compile(p) {
    const attrs = new Set<string>();
    const expr = compileCond(p.expression, attrs);
    const latest = [...attrs];
    return (c, out) => {
      const env = out.env;
      env.latest = latest.length ? latestBefore(c, latest, c.events.length) : undefined;
      const ok = expr(env);
      env.latest = undefined;
      if (!ok) out.emit('violated', 'final-state.failed', {});
      return true;
    };
  },
});

export { valueRefSchema, compileValue };
