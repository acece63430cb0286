/**
 * The indicator vocabulary (core/indicators/schema.ts) mapped to SQL: one GROUP BY query per indicator gives the
 * numerator and denominator of every department (or post holder, or officer) of the population at once, where the
 * data lives. The same SQL runs on PGlite and PostgreSQL. Parameters $1–$4 are always (from, to, as-of, region prefix).
 */
import type { AttrFilter, FieldFilter, Filter, IndicatorDef, Measure, Subset, Unit } from '@kaohe/core';

/** How rows are grouped: per department, per handler of the case, per reviewer of the case. */
export type GroupBy = 'agency' | 'handler' | 'reviewer';

export interface Window {
  from: string;
  /** the period's last day, cut at the as-of day */
  to: string;
  asOf: string;
  /** region prefix of the population (330100 → 3301) */
  prefix: string;
}

class Q {
  readonly params: unknown[];
  /** priorInspection filters: columns computed over the events (see `eventsSource`) */
  readonly prior: { col: string; days: number }[] = [];
  #alias = 0;
  constructor(w: Window) {
    this.params = [w.from, w.to, w.asOf, w.prefix];
  }
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  alias(base: string): string {
    return `${base}${++this.#alias}`;
  }
}

/** The row alias of a unit: cases c, events e, records r, warnings w (events, records and warnings are joined to their case c). */
const ROW: Record<Unit, string> = { cases: 'c', events: 'e', records: 'r', warnings: 'w' };
const ATTRS: Record<Unit, string | null> = { cases: null, events: 'e.attrs', records: 'r.attrs', warnings: 'w.fields' };

function fieldJson(path: string): string {
  const dot = path.indexOf('.');
  if (dot < 0) return `to_jsonb(c.${path})`;
  return `c.${path.slice(0, dot)}->'${path.slice(dot + 1)}'`;
}

/** SQL of one comparison of a jsonb expression. */
function compare(j: string, f: FieldFilter | AttrFilter, q: Q): string {
  const js = (v: unknown) => q.p(JSON.stringify(v)) + '::jsonb';
  if (f.eq !== undefined) return `coalesce(${j} = ${js(f.eq)}, false)`;
  if (f.ne !== undefined) return `(${j} IS NULL OR ${j} <> ${js(f.ne)})`;
  if (f.in !== undefined) return `coalesce(${js(f.in)} @> jsonb_build_array(${j}), false)`;
  if (f.notIn !== undefined) return `NOT coalesce(${js(f.notIn)} @> jsonb_build_array(${j}), false)`;
  if (f.contains !== undefined) return `coalesce(${j} @> ${js([f.contains])}, false)`;
  if (f.notContains !== undefined) return `NOT coalesce(${j} @> ${js([f.notContains])}, false)`;
  if (f.subsetOf !== undefined) return `coalesce(jsonb_typeof(${j}) = 'array' AND ${j} <@ ${js(f.subsetOf)}, false)`;
  if (f.present !== undefined) return `${f.present ? '' : 'NOT '}coalesce(${j} IS NOT NULL AND ${j} <> 'null'::jsonb AND ${j} <> '""'::jsonb, false)`;
  const numeric = `(CASE WHEN jsonb_typeof(${j}) = 'number' THEN (${j})::text::numeric END)`;
  if (f.gte !== undefined) return `coalesce(${numeric} >= ${q.p(f.gte)}::numeric, false)`;
  if (f.lte !== undefined) return `coalesce(${numeric} <= ${q.p(f.lte)}::numeric, false)`;
  throw new Error('comparison without an operator');
}

const sameCase = (x: string) => `${x}.agency_id = c.agency_id AND ${x}.case_id = c.case_id`;

/** SQL condition of one filter on a row of `unit`. */
export function filterSql(f: Filter, unit: Unit, q: Q): string {
  if ('not' in f) return `NOT (${filterSql(f.not, unit, q)})`;
  if ('any' in f) return `(${f.any.map((x) => filterSql(x, unit, q)).join(' OR ')})`;
  if ('procedure' in f) return `coalesce(c.procedure = ${q.p(f.procedure)}, false)`;
  if ('field' in f) return compare(fieldJson(f.field), f, q);
  if ('attr' in f) {
    const a = ATTRS[unit];
    if (!a) throw new Error(`attr filter "${f.attr}" needs events, records or warnings`);
    return compare(`${a}->'${f.attr}'`, f, q);
  }
  if ('records' in f) {
    if (unit !== 'events') throw new Error('records filter needs events');
    return f.records === 'any' ? 'cardinality(e.records) > 0' : `${q.p(f.records)} = ANY(e.records)`;
  }
  if ('decided' in f) {
    const yes = `((c.decided_on IS NOT NULL AND c.decided_on <= $3::date) OR EXISTS (SELECT 1 FROM events xd WHERE ${sameCase('xd')} AND xd.type IN ('case.declined', 'case.closed') AND xd.local_date <= $3::date))`;
    return f.decided ? yes : `NOT ${yes}`;
  }
  if ('finding' in f) {
    const x = q.alias('wf');
    const parts = [sameCase(x), `${x}.state <> 'cleared'`, `coalesce(${x}.act_on, ${x}.due_on, c.decided_on, $3::date) <= $3::date`];
    if (f.finding.status) parts.push(`${x}.status = ${q.p(f.finding.status)}`);
    if (f.finding.rules) parts.push(`${x}.rule = ANY(${q.p(f.finding.rules)}::text[])`);
    return `${f.finding.exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM warnings ${x} WHERE ${parts.join(' AND ')})`;
  }
  if ('event' in f) {
    const x = q.alias('xe');
    const ev = f.event;
    const parts = [sameCase(x), `${x}.type = ANY(${q.p(ev.types)}::text[])`, `${x}.local_date <= $3::date`];
    if (ev.beforeDecision) parts.push(`${x}.local_date <= c.decided_on`);
    if (ev.withinDaysBefore !== undefined) {
      if (unit !== 'events') throw new Error('event.withinDaysBefore needs events');
      parts.push(`${x}.local_date BETWEEN e.local_date - ${q.p(ev.withinDaysBefore)}::int AND e.local_date`, `${x}.event_id <> e.event_id`);
    }
    if (ev.byAttr) {
      if (unit !== 'events') throw new Error('event.byAttr needs events');
      parts.push(`${x}.local_date <= (CASE WHEN e.attrs->>'${ev.byAttr}' ~ '^\\d{4}-\\d{2}-\\d{2}' THEN left(e.attrs->>'${ev.byAttr}', 10)::date END)`);
    }
    for (const w of ev.where ?? []) parts.push(compare(`${x}.attrs->'${w.attr}'`, w, q));
    return `${ev.exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM events ${x} WHERE ${parts.join(' AND ')})`;
  }
  if ('record' in f) {
    const y = q.alias('xr');
    const parts = [sameCase(y), `${y}.kind = ANY(${q.p(f.record.kinds)}::text[])`, `${y}.local_date <= $3::date`];
    for (const w of f.record.where ?? []) parts.push(compare(`${y}.attrs->'${w.attr}'`, w, q));
    return `${f.record.exists ? '' : 'NOT '}EXISTS (SELECT 1 FROM records ${y} WHERE ${parts.join(' AND ')})`;
  }
  if ('satisfied' in f) {
    if (unit !== 'records') throw new Error('satisfied needs records');
    const v = q.p(f.satisfied);
    return `coalesce((CASE r.kind
      WHEN 'rating' THEN (CASE WHEN jsonb_typeof(r.attrs->'score') = 'number' THEN (r.attrs->>'score')::numeric END)
      WHEN 'survey' THEN (SELECT avg(CASE WHEN jsonb_typeof(a.v) = 'number' THEN a.v::text::numeric END)
                          FROM jsonb_each(CASE WHEN jsonb_typeof(r.attrs->'answers') = 'object' THEN r.attrs->'answers' ELSE '{}'::jsonb END) AS a(k, v))
      END) >= ${v}::numeric, false)`;
  }
  if ('priorInspection' in f) {
    if (unit !== 'events') throw new Error('priorInspection needs events');
    const col = q.alias('prior');
    q.prior.push({ col, days: f.priorInspection.days });
    return `e.${col}`;
  }
  if ('answeredWithinDays' in f) {
    if (unit !== 'warnings') throw new Error('answeredWithinDays needs warnings');
    return `EXISTS (SELECT 1 FROM warning_actions wa WHERE wa.warning_id = w.id AND wa.action IN ('explained', 'rectified', 'disputed')
      AND wa.at <= w.first_seen_at + make_interval(days => ${q.p(f.answeredWithinDays)}::int))`;
  }
  throw new Error(`unknown filter ${JSON.stringify(f)}`);
}

function anchorSql(m: Measure): string {
  switch (m.count) {
    case 'cases':
      if (m.anchor === 'opened') return 'c.opened_on BETWEEN $1::date AND $2::date';
      if (m.anchor === 'decision-due') {
        // `<@` a range rather than BETWEEN, which would evaluate the extensions' subquery twice per case
        return `c.opened_on IS NOT NULL AND (c.opened_on + 90 + coalesce((SELECT sum(CASE WHEN jsonb_typeof(xx.attrs->'days') = 'number' THEN (xx.attrs->>'days')::int ELSE 0 END)::int
          FROM events xx WHERE ${sameCase('xx')} AND xx.type = 'deadline.extended' AND xx.local_date <= $3::date), 0)) <@ daterange($1::date, greatest($1::date, $2::date + 1), '[)')`;
      }
      return 'c.decided_on BETWEEN $1::date AND $2::date';
    case 'events': return 'e.local_date BETWEEN $1::date AND $2::date';
    case 'records': return 'r.local_date BETWEEN $1::date AND $2::date';
    case 'warnings': return `w.status = 'violated' AND w.state <> 'cleared' AND coalesce(w.act_on, w.due_on) BETWEEN $1::date AND $2::date`;
  }
}

/**
 * The events a measure counts. With priorInspection filters, each inspection's flag is computed in one pass over the
 * inspections that can be on either side (from `days` before the period to its end) instead of a lookup per
 * inspection (quadratic in an agency's inspections): a window over (agency, type, party) by date whose frame holds
 * the inspections of the `days` before, the same day excluded; some other case is in the frame ⇔ the frame's least
 * or greatest case id is not this one's. The outer query's conditions apply after the window, except those on the
 * partition columns (the counted types), which PostgreSQL pushes into it — same result, fewer rows sorted.
 */
function eventsSource(q: Q): string {
  if (q.prior.length === 0) return 'events e';
  const party = `coalesce(pc.party->>'creditCode', pc.party->>'name')`;
  const cols = q.prior.map(({ col, days }) => {
    const w = `(PARTITION BY pe.agency_id, pe.type, ${party} ORDER BY pe.local_date RANGE BETWEEN make_interval(days => ${q.p(days)}::int) PRECEDING AND '1 day'::interval PRECEDING)`;
    return `coalesce(${party} IS NOT NULL AND (min(pe.case_id) OVER ${w} <> pe.case_id OR max(pe.case_id) OVER ${w} <> pe.case_id), false) AS ${col}`;
  });
  const span = q.p(Math.max(...q.prior.map((x) => x.days)));
  return `(SELECT pe.*, ${cols.join(', ')} FROM events pe JOIN cases pc ON pc.agency_id = pe.agency_id AND pc.case_id = pe.case_id
    WHERE pe.local_date BETWEEN $1::date - ${span}::int AND $2::date) e`;
}

const HANDLERS = `CASE WHEN jsonb_typeof(c.staff->'handlers') = 'array' THEN c.staff->'handlers' ELSE '[]'::jsonb END`;

/** The rows of a unit joined to their case (per person: only rows with a case). */
function fromSql(unit: Unit, by: GroupBy, q: Q): string {
  switch (unit) {
    case 'cases': return 'cases c';
    case 'events': return `${eventsSource(q)} JOIN cases c ON c.agency_id = e.agency_id AND c.case_id = e.case_id`;
    case 'records': return `records r ${by === 'agency' ? 'LEFT ' : ''}JOIN cases c ON c.agency_id = r.agency_id AND c.case_id = r.case_id`;
    case 'warnings': return 'warnings w JOIN cases c ON c.agency_id = w.agency_id AND c.case_id = w.case_id';
  }
}

function sumSql(unit: Unit, attr: string): string {
  const a = ATTRS[unit];
  if (!a) throw new Error('sum needs events or records');
  return `(CASE WHEN jsonb_typeof(${a}->'${attr}') = 'number' THEN (${a}->>'${attr}')::numeric ELSE 0 END)`;
}

/** WHERE conditions of a measure's rows (population, period, unit, filters). */
function baseWhere(m: Measure, by: GroupBy, q: Q): string[] {
  const row = ROW[m.count];
  // `$3 >= $1` (always true) types the as-of parameter when no filter uses it
  // `^@` (starts with) rather than left(…) = …: the planner estimates it from the column's statistics — with the
  // default guess for an expression it took every region's rows for a few hundred and chose nested loops
  const parts = [`${row}.region_code ^@ $4`, anchorSql(m), '$3::date >= $1::date'];
  if (m.count === 'events') parts.push(`e.type = ANY(${q.p(m.types)}::text[])`);
  if (m.count === 'records') parts.push(`r.kind = ANY(${q.p(m.kinds)}::text[])`);
  if (by === 'reviewer') parts.push(`c.staff->>'reviewer' IS NOT NULL`);
  for (const f of m.where) parts.push(filterSql(f, m.count, q));
  return parts;
}

export interface CountRow {
  agency: string;
  person: string | null;
  x: number;
  n: number;
}

export interface CompiledQuery {
  sql: string;
  params: unknown[];
}

/**
 * The queries of one indicator: one when the numerator is a subset of the denominator's rows (x and n in one pass),
 * two when it is an independent measure (e.g. complaints per 100 decided cases); columns agency, person, x, n.
 */
export function indicatorQueries(ind: Pick<IndicatorDef, 'numerator' | 'denominator'> & { code?: string }, by: GroupBy, w: Window): { joint?: CompiledQuery; numerator?: CompiledQuery; denominator?: CompiledQuery } {
  const den = ind.denominator;
  const num = ind.numerator;
  // Each row's values are computed once (`hit`: in the numerator, `xv` / `nv`: what it adds), then aggregated per
  // (agency, person). Per handler, the rows are expanded after that (OFFSET 0 keeps the planner from merging the two
  // levels), so that the filters' subqueries run once per row, not once per handler of its case.
  const group = (m: Measure, hit: string | null, xv: string | null, nv: string | null, q: Q, part = ''): CompiledQuery => {
    const row = ROW[m.count];
    const where = baseWhere(m, by, q);
    const person = by === 'handler' ? 'g.person' : by === 'reviewer' ? "c.staff->>'reviewer'" : 'NULL::text';
    const cols = [`${row}.agency_id AS agency`, `${by === 'handler' ? HANDLERS : person} AS person`, `${hit ?? 'FALSE'} AS hit`, `${xv ?? '0'} AS xv`, `${nv ?? '0'} AS nv`];
    const x = hit === null ? '0' : xv === null ? 'count(*) FILTER (WHERE s.hit)' : 'coalesce(sum(s.xv) FILTER (WHERE s.hit), 0)';
    const n = nv === null ? 'count(*)' : 'coalesce(sum(s.nv), 0)';
    const inner = `SELECT ${cols.join(', ')} FROM ${fromSql(m.count, by, q)} WHERE ${where.join(' AND ')}`;
    const from = by === 'handler' ? `(${inner} OFFSET 0) s CROSS JOIN LATERAL jsonb_array_elements_text(s.person) AS g(person)` : `(${inner}) s`;
    return {
      sql: `${label(ind.code, by, part)}SELECT s.agency, ${by === 'handler' ? 'g.person' : 's.person'} AS person, ${x} AS x, ${n} AS n FROM ${from} GROUP BY 1, 2`,
      params: q.params,
    };
  };
  const value = (m: Measure | Subset, unit: Unit) => (m.sum ? sumSql(unit, m.sum) : null);
  if ('of' in num) {
    const q = new Q(w);
    const cond = num.where.length ? num.where.map((f) => filterSql(f, den.count, q)).join(' AND ') : 'TRUE';
    return { joint: group(den, cond, value(num, den.count), value(den, den.count), q) };
  }
  return {
    numerator: group(num, null, null, value(num, num.count), new Q(w), 'numerator'),
    denominator: group(den, null, null, value(den, den.count), new Q(w), 'denominator'),
  };
}

/** A leading comment naming the statement (pg_stat_statements, server logs, the assessment benchmark). */
function label(code: string | undefined, by: GroupBy, part: string): string {
  if (!code || !/^[\w.:-]+$/.test(code)) return '';
  return `/* kaohe.assess ${code} ${by}${part ? ` ${part}` : ''} */ `;
}

/** The rows behind one department's figure (drill-down): each counted row with whether it is in the numerator. */
export function drilldownQuery(ind: Pick<IndicatorDef, 'numerator' | 'denominator'>, agency: string, w: Window, limit: number, extraCond?: (q: { p(v: unknown): string }) => string): { denominator: CompiledQuery; numerator?: CompiledQuery } {
  const cols = (unit: Unit): string => {
    switch (unit) {
      case 'cases': return `c.case_id AS case_id, NULL::text AS ref, c.decided_on::text AS day`;
      case 'events': return `e.case_id AS case_id, e.event_id AS ref, e.local_date::text AS day`;
      case 'records': return `r.case_id AS case_id, r.kind || ':' || r.record_id AS ref, r.local_date::text AS day`;
      case 'warnings': return `w.case_id AS case_id, w.rule AS ref, coalesce(w.act_on, w.due_on)::text AS day`;
    }
  };
  const one = (m: Measure, inNum: string, q: Q): CompiledQuery => {
    const row = ROW[m.count];
    const where = [...baseWhere(m, 'agency', q), `${row}.agency_id = ${q.p(agency)}`];
    if (extraCond) where.push(extraCond(q));
    return {
      sql: `SELECT ${cols(m.count)}, ${inNum} AS in_numerator FROM ${fromSql(m.count, 'agency', q)} WHERE ${where.join(' AND ')} ORDER BY 3, 1, 2 LIMIT ${Math.max(1, Math.floor(limit))}`,
      params: q.params,
    };
  };
  const num = ind.numerator;
  if ('of' in num) {
    const q = new Q(w);
    const cond = num.where.length ? num.where.map((f) => filterSql(f, ind.denominator.count, q)).join(' AND ') : 'TRUE';
    return { denominator: one(ind.denominator, `(${cond})`, q) };
  }
  return { denominator: one(ind.denominator, 'false', new Q(w)), numerator: one(num, 'true', new Q(w)) };
}

/**
 * The targets panel's repeat rate of the same kind of enforcement error, per department: violated findings in the
 * window whose rule was already violated in the 365 days before on a case of the same handler (for a case without
 * handlers: of the same department) ÷ violated findings in the window; columns agency, x, n.
 *
 * Windows over the findings sorted by date, O(n log n) (a self-join was quadratic in a department's findings), and
 * no join: one row per finding says whether, having no handler, the department had the rule violated in the 365 days
 * before; one row per (finding, handler) whether that handler had. A handler matches as `jsonb ?|` did: the text of
 * the later case's elements against the earlier case's string elements.
 */
export const REPEAT_SQL = `/* kaohe.assess target.repeat agency */ WITH f AS (
  SELECT w.id, w.agency_id, w.rule, coalesce(w.act_on, w.due_on, c.decided_on) AS d,
         CASE WHEN jsonb_typeof(c.staff->'handlers') = 'array' THEN c.staff->'handlers' ELSE '[]'::jsonb END AS h
    FROM warnings w JOIN cases c ON c.agency_id = w.agency_id AND c.case_id = w.case_id
   WHERE w.status = 'violated' AND w.state <> 'cleared' AND w.region_code ^@ $4
     AND coalesce(w.act_on, w.due_on, c.decided_on) <= $3::date
     AND coalesce(w.act_on, w.due_on, c.decided_on) BETWEEN $1::date - 365 AND $2::date),
r AS (
  SELECT f.id, f.agency_id, f.d, jsonb_array_length(f.h) = 0
           AND count(*) OVER (PARTITION BY f.agency_id, f.rule ORDER BY f.d RANGE BETWEEN '365 days'::interval PRECEDING AND '1 day'::interval PRECEDING) > 0 AS rep
    FROM f
  UNION ALL
  SELECT f.id, f.agency_id, f.d, x.v #>> '{}' IS NOT NULL
           AND count(*) FILTER (WHERE jsonb_typeof(x.v) = 'string')
                 OVER (PARTITION BY f.agency_id, f.rule, x.v #>> '{}' ORDER BY f.d RANGE BETWEEN '365 days'::interval PRECEDING AND '1 day'::interval PRECEDING) > 0
    FROM f CROSS JOIN LATERAL jsonb_array_elements(f.h) AS x(v))
SELECT g.agency_id AS agency, count(*) FILTER (WHERE g.rep) AS x, count(*) AS n
  FROM (SELECT r.id, r.agency_id, bool_or(r.rep) AS rep FROM r WHERE r.d BETWEEN $1::date AND $2::date GROUP BY r.id, r.agency_id) g
 GROUP BY 1`;
