/**
 * The file format of an indicator set (shared/spec/indicators.md): a version, its effective quarter, a change log, a
 * weight tree and the indicators, each with numerator and denominator written in a small declarative vocabulary
 * (units, anchors, filters) that `@kaohe/app` maps to SQL. Validated with zod at load; every problem names its file
 * and field.
 */
import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** A path into a case: a column (`major`, `procedure` …) or a JSON field (`violation.firstOffense`, `party.type`). */
export const CASE_COLUMNS = ['procedure', 'domain', 'item_code', 'major', 'complex'] as const;
const casePath = z.string().regex(/^(procedure|domain|item_code|major|complex|(violation|party|penalty)\.[A-Za-z][A-Za-z0-9]*)$/, 'a case column (procedure, domain, item_code, major, complex) or violation.X / party.X / penalty.X');
/** A top-level attribute of an event's or record's `attrs` (e.g. `result`, `verified`, `outcome`). */
const attrName = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'an attribute name (letters and digits)');
const valuePath = z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, 'a dotted path');

/** Comparison of one value: exactly one of eq, ne, in, notIn, contains, notContains, present, gte, lte. */
const comparison = {
  eq: scalar.optional(),
  ne: scalar.optional(),
  in: z.array(scalar).min(1).optional(),
  notIn: z.array(scalar).min(1).optional(),
  contains: scalar.optional(),
  notContains: scalar.optional(),
  present: z.boolean().optional(),
  /** an array value whose every element is one of these (penalty.kinds subsetOf [none, warning]) */
  subsetOf: z.array(scalar).min(1).optional(),
  gte: z.number().optional(),
  lte: z.number().optional(),
};
const COMPARATORS = Object.keys(comparison);
const oneComparison = (o: Record<string, unknown>) => COMPARATORS.filter((k) => o[k] !== undefined).length === 1;
const ONE_MSG = `exactly one of ${COMPARATORS.join(', ')}`;

const fieldFilter = z.strictObject({ field: casePath, ...comparison }).refine(oneComparison, ONE_MSG);
const attrFilter = z.strictObject({ attr: attrName, ...comparison }).refine(oneComparison, ONE_MSG);
export type FieldFilter = z.infer<typeof fieldFilter>;
export type AttrFilter = z.infer<typeof attrFilter>;

const word = z.string().regex(/^[a-z][a-z0-9.-]*$/, 'a lower-case name');

/** Filters: each is an object with one distinguishing key. `not` / `any` combine them. */
export type Filter =
  | { procedure: 'general' | 'simple' }
  | FieldFilter
  | AttrFilter
  | { records: 'text' | 'av' | 'photo' | 'electronic' | 'any' }
  | { finding: { exists: boolean; status?: 'violated' | 'pending' | 'advisory' | undefined; rules?: string[] | undefined } }
  | { event: { types: string[]; exists: boolean; where?: AttrFilter[] | undefined; beforeDecision?: boolean | undefined; withinDaysBefore?: number | undefined; byAttr?: string | undefined } }
  | { record: { kinds: string[]; exists: boolean; where?: AttrFilter[] | undefined } }
  | { satisfied: number }
  | { priorInspection: { days: number } }
  | { answeredWithinDays: number }
  | { decided: boolean }
  | { not: Filter }
  | { any: Filter[] };

export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ procedure: z.enum(['general', 'simple']) }),
    fieldFilter,
    attrFilter,
    z.strictObject({ records: z.enum(['text', 'av', 'photo', 'electronic', 'any']) }),
    z.strictObject({ finding: z.strictObject({ exists: z.boolean(), status: z.enum(['violated', 'pending', 'advisory']).optional(), rules: z.array(z.string()).min(1).optional() }) }),
    z.strictObject({
      event: z.strictObject({
        types: z.array(word).min(1), exists: z.boolean(), where: z.array(attrFilter).optional(),
        /** only events on or before the case's decision day */
        beforeDecision: z.boolean().optional(),
        /** only events at most N days before the counted event (events unit) */
        withinDaysBefore: z.number().int().min(0).max(3650).optional(),
        /** only events on or before the date held in this attribute of the counted event (events unit), e.g. dueOn */
        byAttr: attrName.optional(),
      }),
    }),
    z.strictObject({ record: z.strictObject({ kinds: z.array(z.enum(['complaint', 'rating', 'survey', 'reconsideration', 'litigation'])).min(1), exists: z.boolean(), where: z.array(attrFilter).optional() }) }),
    z.strictObject({ satisfied: z.number().min(1).max(5) }),
    z.strictObject({ priorInspection: z.strictObject({ days: z.number().int().min(1).max(366) }) }),
    z.strictObject({ answeredWithinDays: z.number().int().min(0).max(366) }),
    z.strictObject({ decided: z.boolean() }),
    z.strictObject({ not: filterSchema }),
    z.strictObject({ any: z.array(filterSchema).min(1) }),
  ]),
);

export const UNITS = ['cases', 'events', 'records', 'warnings'] as const;
export type Unit = (typeof UNITS)[number];
/** The date that puts a counted row into the period. */
export const ANCHORS = { cases: ['decided', 'opened', 'decision-due'], events: ['event'], records: ['record'], warnings: ['finding'] } as const;

/** What is counted (or summed) for a denominator, or for an independent numerator. */
export const measureSchema = z.strictObject({
  count: z.enum(UNITS),
  anchor: z.string().optional(),
  /** events: the event types counted */
  types: z.array(word).min(1).optional(),
  /** records: the kinds counted */
  kinds: z.array(z.enum(['complaint', 'rating', 'survey', 'reconsideration', 'litigation'])).min(1).optional(),
  where: z.array(filterSchema).default([]),
  /** sum this attribute of the counted events/records instead of counting them */
  sum: valuePath.optional(),
  /** averaging or ranking a value: recognised only to be refused (money → the fine-amount rule; otherwise unsupported) */
  avg: valuePath.optional(),
  rankBy: valuePath.optional(),
}).superRefine((m, ctx) => {
  const anchors = ANCHORS[m.count] as readonly string[];
  if (m.anchor !== undefined && !anchors.includes(m.anchor)) ctx.addIssue({ code: 'custom', path: ['anchor'], message: `anchor of ${m.count} is one of ${anchors.join(', ')}` });
  if (m.count === 'events' && !m.types) ctx.addIssue({ code: 'custom', path: ['types'], message: 'events: the event types counted are required' });
  if (m.count === 'records' && !m.kinds) ctx.addIssue({ code: 'custom', path: ['kinds'], message: 'records: the record kinds counted are required' });
  if (m.sum !== undefined && m.count !== 'events' && m.count !== 'records') ctx.addIssue({ code: 'custom', path: ['sum'], message: 'sum is for events and records' });
});
export type Measure = z.infer<typeof measureSchema>;

/** A numerator counted among the denominator's rows: the extra filters (and optionally a summed attribute). */
export const subsetSchema = z.strictObject({
  of: z.literal('denominator'),
  where: z.array(filterSchema).default([]),
  sum: valuePath.optional(),
  avg: valuePath.optional(),
  rankBy: valuePath.optional(),
});
export type Subset = z.infer<typeof subsetSchema>;

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export const LEVELS = ['department', 'post', 'individual'] as const;
export const POST_KINDS = ['handler', 'reviewer', 'supervisor'] as const;

export const indicatorSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, 'group.name in lower case, e.g. procedure.compliance'),
  name: bilingual,
  level: z.enum(LEVELS),
  /** `common` or a domain (market, ecology …): a domain indicator applies to that domain's departments only */
  domain: z.string().min(1),
  /** for level post: which post */
  post: z.enum(POST_KINDS).optional(),
  /** the weight-tree leaf it belongs to (department level): common, domain, social … */
  group: z.string().optional(),
  direction: z.enum(['up', 'down']),
  numerator: z.union([subsetSchema, measureSchema]),
  denominator: measureSchema,
  /** value = numerator ÷ denominator × scale (e.g. 100 for "per 100 cases") */
  scale: z.number().positive().default(1),
  /** a rate (≤ 1 × scale, numerator rows among the denominator's): small samples are shrunk toward the region's rate */
  floor: z.number(),
  target: z.number(),
  weight: z.number().positive(),
  basis: z.string().min(1),
  note: z.string().optional(),
}).superRefine((i, ctx) => {
  if (i.direction === 'up' && !(i.target > i.floor)) ctx.addIssue({ code: 'custom', path: ['target'], message: 'direction up: target must be above floor' });
  if (i.direction === 'down' && !(i.target < i.floor)) ctx.addIssue({ code: 'custom', path: ['target'], message: 'direction down: target must be below floor' });
  if (i.level === 'post' && !i.post) ctx.addIssue({ code: 'custom', path: ['post'], message: 'a post indicator names its post (handler, reviewer, supervisor)' });
  if (i.level === 'department' && !i.group) ctx.addIssue({ code: 'custom', path: ['group'], message: 'a department indicator names its weight-tree group' });
});
export type IndicatorDef = z.infer<typeof indicatorSchema>;

export interface WeightNode {
  id: string;
  weight: number;
  children?: WeightNode[];
}
export const weightNodeSchema: z.ZodType<WeightNode> = z.lazy(() =>
  z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), weight: z.number().positive(), children: z.array(weightNodeSchema).min(1).optional() }),
);

export const gradesSchema = z.strictObject({
  /** lower bounds of 优秀, 合格, 基本合格 (below the last: 不合格) */
  excellent: z.number().min(0).max(100),
  pass: z.number().min(0).max(100),
  basic: z.number().min(0).max(100),
}).refine((g) => g.excellent > g.pass && g.pass > g.basic, 'excellent > pass > basic');

export const changeSchema = z.strictObject({
  version: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  changes: z.array(z.string().min(1)).min(1),
  /** the front line's feedback that led to the change (动态调整) */
  feedback: z.string().optional(),
});

export const QUARTER_RE = /^(\d{4})Q([1-4])$/;
export const setFileSchema = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/),
  title: bilingual,
  effective: z.string().regex(QUARTER_RE, 'a quarter, e.g. 2026Q2'),
  /** build on a previous version: its indicators, weights and parameters, overridden below */
  extends: z.string().optional(),
  changelog: z.array(changeSchema).min(1),
  params: z.strictObject({ minSample: z.number().int().min(0).default(20), k: z.number().min(0).default(20) }).optional(),
  weights: z.array(weightNodeSchema).min(1).optional(),
  grades: gradesSchema.optional(),
  /** indicators (full definitions; in an extending set, partial ones merge into the base's of the same code) */
  indicators: z.array(z.record(z.string(), z.unknown())).default([]),
  /** codes of the base's indicators dropped by this version */
  remove: z.array(z.string()).default([]),
});
export type SetFile = z.infer<typeof setFileSchema>;
