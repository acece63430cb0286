import { z } from 'zod';
import {
  AGENCY_LEVELS, CIRCUMSTANCES, DOMAINS, EVENT_TYPES, PARTY_TYPES, PENALTY_KINDS, POSTS, PROCEDURES, RECORD_KINDS,
  RECORD_MEDIA, SCHEMA_IDS,
} from '@kaohe/core';
import { instantProblem, isLocalDate, type InterchangeRecord, type SchemaId } from '@kaohe/core';
import type { Issue } from './errors.ts';
import { FAIL, arr, bool, fastParse, literal, num, obj, oneOf, opt as fo, record, refine, reqStr, str, unknown } from './fast.ts';
import type { Fast } from './fast.ts';

// ---------------------------------------------------------------- primitives

/** The one validator of days and instants lives in core (dates.ts); ingest, the CLI and the API all use it. */
export const isRealDate = isLocalDate;
export { instantProblem };

const req = z.string().trim().min(1);
const opt = z.string().optional();
const date = z.string().refine(isRealDate, { params: { code: 'date.invalid' } });
const instant = z.string().superRefine((s, ctx) => {
  const c = instantProblem(s);
  if (c) ctx.addIssue({ code: 'custom', message: c, params: { code: c } });
});
const nonNeg = z.number().refine((n) => Number.isFinite(n) && n >= 0, { params: { code: 'number.negative' } });
const count = z.number().refine((n) => Number.isInteger(n) && n >= 0, { params: { code: 'number.integer' } });
const between = (min: number, max: number) =>
  z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, { params: { code: 'number.range', min, max } });
const ids = z.array(req);

const penalty = z.looseObject({ kinds: z.array(z.enum(PENALTY_KINDS)), fine: nonNeg.optional(), confiscated: nonNeg.optional() });

// ---------------------------------------------------------------- case

const caseSchema = z.looseObject({
  schema: z.literal('kaohe.case/v1').optional(),
  id: req,
  agency: req,
  domain: z.enum(DOMAINS).optional(),
  procedure: z.enum(PROCEDURES).optional(),
  party: z.looseObject({
    type: z.enum(PARTY_TYPES), name: opt, idNumber: opt, creditCode: opt, phone: opt, address: opt,
  }).optional(),
  violation: z.looseObject({
    item: opt, occurredOn: date.optional(), circumstance: z.enum(CIRCUMSTANCES).optional(),
    firstOffense: z.boolean().optional(), minor: z.boolean().optional(), corrected: z.boolean().optional(),
    noHarm: z.boolean().optional(), longLimitation: z.boolean().optional(),
  }).optional(),
  major: z.boolean().optional(),
  complex: z.boolean().optional(),
  staff: z.looseObject({ handlers: ids.optional(), reviewer: opt, approver: opt }).optional(),
  penalty: penalty.optional(),
  events: z.array(z.unknown()),
  extra: z.record(z.string(), z.unknown()).optional(),
});
const CASE_KEYS = new Set(['schema', 'id', 'agency', 'domain', 'procedure', 'party', 'violation', 'major', 'complex', 'staff', 'penalty', 'events', 'extra']);

/** Fields every event has. */
export const eventBaseSchema = z.looseObject({
  id: req,
  type: req,
  at: instant,
  by: ids.optional(),
  records: z.array(z.enum(RECORD_MEDIA)).optional(),
  note: opt,
});

/** Type-specific attributes of the kaohe event types (interchange.md, Events table). */
export const EVENT_FIELD_SCHEMAS: Record<string, z.ZodType> = {
  'lead.registered': z.looseObject({ source: z.enum(['inspection', 'complaint', 'referral', 'assigned', 'monitoring']).optional() }),
  'lead.extended': z.looseObject({ days: count.optional(), unit: z.enum(['working', 'calendar']).optional(), approvedBy: opt }),
  'case.declined': z.looseObject({ reason: opt }),
  investigation: z.looseObject({ credentialShown: z.boolean().optional() }),
  'case.suspended': z.looseObject({ reason: opt }),
  'case.resumed': z.looseObject({ reason: opt }),
  'period.excluded': z.looseObject({ from: date, to: date, reason: z.enum(['testing', 'hearing', 'public-notice', 'appraisal']).optional() }),
  'deadline.extended': z.looseObject({ days: count.optional(), approvedBy: opt, collective: z.boolean().optional() }),
  'notice.issued': z.looseObject({ proposed: penalty.optional(), hearingRight: z.boolean().optional() }),
  'rights.waived': z.looseObject({ rights: z.array(z.enum(['defense', 'hearing'])).optional() }),
  'hearing.notified': z.looseObject({ hearingOn: date }),
  'review.completed': z.looseObject({ result: z.enum(['passed', 'rejected']).optional(), opinions: count.optional(), adopted: count.optional() }),
  'decision.made': z.looseObject({ penalty: penalty.optional(), number: opt, onSite: z.boolean().optional() }),
  'decision.served': z.looseObject({ method: z.enum(['on-site', 'direct', 'left', 'mail', 'electronic', 'entrusted', 'publication']).optional() }),
  'decision.published': z.looseObject({ channel: opt }),
  'payment.received': z.looseObject({ amount: nonNeg.optional() }),
  'rectification.ordered': z.looseObject({ dueOn: date.optional() }),
  'rectification.verified': z.looseObject({ dueOn: date.optional() }),
};
const KNOWN_EVENT_TYPES = new Set<string>(EVENT_TYPES);

// ---------------------------------------------------------------- records and registries

const recBase = { schema: z.literal('kaohe.record/v1').optional(), id: req, agency: req, caseId: opt, extra: z.record(z.string(), z.unknown()).optional() };
const OUTCOMES = ['upheld', 'dismissed', 'revoked', 'changed', 'confirmed-illegal', 'ordered-to-act'] as const;
const recordSchemas: Record<string, z.ZodType> = {
  complaint: z.looseObject({
    ...recBase, kind: z.literal('complaint'), receivedAt: instant,
    category: z.enum(['attitude', 'procedure', 'inaction', 'abuse', 'other']), verified: z.boolean(), closedAt: instant.optional(),
  }),
  rating: z.looseObject({ ...recBase, kind: z.literal('rating'), at: instant, score: between(1, 5) }),
  survey: z.looseObject({
    ...recBase, kind: z.literal('survey'), at: instant, mode: z.enum(['online', 'interview']),
    answers: z.record(z.string(), between(1, 5)),
  }),
  reconsideration: z.looseObject({ ...recBase, kind: z.literal('reconsideration'), caseId: req, decidedAt: instant, outcome: z.enum(OUTCOMES) }),
  litigation: z.looseObject({ ...recBase, kind: z.literal('litigation'), caseId: req, decidedAt: instant, outcome: z.enum([...OUTCOMES, 'withdrawn']) }),
};
const RECORD_KEYS = new Set(['schema', 'kind', 'id', 'agency', 'caseId', 'receivedAt', 'at', 'decidedAt', 'closedAt', 'category', 'verified', 'score', 'mode', 'answers', 'outcome', 'extra']);

const agencySchema = z.looseObject({
  schema: z.literal('kaohe.agency/v1').optional(), code: req, name: req,
  region: z.string().refine((s) => /^\d{6}$/.test(s), { params: { code: 'region.invalid' } }),
  domain: z.enum(DOMAINS), level: z.enum(AGENCY_LEVELS), parent: opt,
});
const personSchema = z.looseObject({
  schema: z.literal('kaohe.person/v1').optional(), code: req, name: req, agency: req, posts: z.array(z.enum(POSTS)),
  credential: z.looseObject({ number: req, validFrom: date, validTo: date }).optional(), idNumber: opt,
});
const minMax = z.looseObject({ min: nonNeg, max: nonNeg });
const itemSchema = z.looseObject({
  schema: z.literal('kaohe.item/v1').optional(), code: req, name: req, domain: z.enum(DOMAINS),
  violatedArticle: opt, penaltyArticle: opt, kinds: z.array(z.enum(PENALTY_KINDS)),
  range: minMax.optional(), multiple: z.looseObject({ base: req, min: nonNeg, max: nonNeg }).optional(),
  tiers: z.array(z.looseObject({ tier: req, min: nonNeg, max: nonNeg, circumstances: z.array(z.enum(CIRCUMSTANCES)) })).optional(),
  issuer: opt, version: opt, effective: date.optional(),
});
const calendarSchema = z.looseObject({
  schema: z.literal('kaohe.calendar/v1').optional(),
  year: z.number().refine((n) => Number.isInteger(n) && n >= 1949 && n <= 2200, { params: { code: 'year.invalid' } }),
  holidays: z.array(date), workdays: z.array(date), source: opt,
});
// ---------------------------------------------------------------- fast paths (fast.ts): the schemas above, mirrored

const fOpt = fo(str);
const fDate = refine(str, isRealDate);
const fInstant = refine(str, (s: string) => instantProblem(s) === null);
const fNonNeg = refine(num, (n: number) => n >= 0);
const fCount = refine(num, (n: number) => Number.isInteger(n) && n >= 0);
const fBetween = (min: number, max: number) => refine(num, (n: number) => Number.isInteger(n) && n >= min && n <= max);
const fIds = arr(reqStr);
const fPenalty = obj({ kinds: arr(oneOf(PENALTY_KINDS)), fine: fo(fNonNeg), confiscated: fo(fNonNeg) });
const fPenaltyCheck = obj({ kinds: arr(oneOf(PENALTY_KINDS)), fine: fo(fNonNeg), confiscated: fo(fNonNeg) }, { check: true });

const fastCase = obj({
  schema: fo(literal('kaohe.case/v1')),
  id: reqStr,
  agency: reqStr,
  domain: fo(oneOf(DOMAINS)),
  procedure: fo(oneOf(PROCEDURES)),
  party: fo(obj({ type: oneOf(PARTY_TYPES), name: fOpt, idNumber: fOpt, creditCode: fOpt, phone: fOpt, address: fOpt })),
  violation: fo(obj({
    item: fOpt, occurredOn: fo(fDate), circumstance: fo(oneOf(CIRCUMSTANCES)),
    firstOffense: fo(bool), minor: fo(bool), corrected: fo(bool), noHarm: fo(bool), longLimitation: fo(bool),
  })),
  major: fo(bool),
  complex: fo(bool),
  staff: fo(obj({ handlers: fo(fIds), reviewer: fOpt, approver: fOpt })),
  penalty: fo(fPenalty),
  events: arr(unknown),
  extra: fo(record(unknown)),
});

const fastEventBase = obj({ id: reqStr, type: reqStr, at: fInstant, by: fo(fIds), records: fo(arr(oneOf(RECORD_MEDIA))), note: fOpt }, { check: true });
const c = (shape: Record<string, Fast>) => obj(shape, { check: true });
const FAST_EVENT_FIELDS: Record<string, Fast> = {
  'lead.registered': c({ source: fo(oneOf(['inspection', 'complaint', 'referral', 'assigned', 'monitoring'])) }),
  'lead.extended': c({ days: fo(fCount), unit: fo(oneOf(['working', 'calendar'])), approvedBy: fOpt }),
  'case.declined': c({ reason: fOpt }),
  investigation: c({ credentialShown: fo(bool) }),
  'case.suspended': c({ reason: fOpt }),
  'case.resumed': c({ reason: fOpt }),
  'period.excluded': c({ from: fDate, to: fDate, reason: fo(oneOf(['testing', 'hearing', 'public-notice', 'appraisal'])) }),
  'deadline.extended': c({ days: fo(fCount), approvedBy: fOpt, collective: fo(bool) }),
  'notice.issued': c({ proposed: fo(fPenaltyCheck), hearingRight: fo(bool) }),
  'rights.waived': c({ rights: fo(arr(oneOf(['defense', 'hearing']))) }),
  'hearing.notified': c({ hearingOn: fDate }),
  'review.completed': c({ result: fo(oneOf(['passed', 'rejected'])), opinions: fo(fCount), adopted: fo(fCount) }),
  'decision.made': c({ penalty: fo(fPenaltyCheck), number: fOpt, onSite: fo(bool) }),
  'decision.served': c({ method: fo(oneOf(['on-site', 'direct', 'left', 'mail', 'electronic', 'entrusted', 'publication'])) }),
  'decision.published': c({ channel: fOpt }),
  'payment.received': c({ amount: fo(fNonNeg) }),
  'rectification.ordered': c({ dueOn: fo(fDate) }),
  'rectification.verified': c({ dueOn: fo(fDate) }),
};

let fastPaths = true;
/** Tests only: turn the fast paths off (to compare both). */
export function setFastPaths(on: boolean): void {
  fastPaths = on;
}

/** True when the event is certainly valid (validateEvent would find nothing); false: ask validateEvent. */
function fastEventOk(ev: unknown, opts: ValidateOptions): boolean {
  if (!fastPaths) return false;
  if (fastEventBase(ev) === FAIL) return false;
  const type = (ev as { type: string }).type;
  const specific = FAST_EVENT_FIELDS[type];
  if (specific) {
    if (specific(ev) === FAIL) return false;
    if (type === 'period.excluded' && (ev as { from: string }).from > (ev as { to: string }).to) return false;
    return true;
  }
  return KNOWN_EVENT_TYPES.has(type) || opts.unknownEventTypes === 'keep';
}

const fRecBase = { schema: fo(literal('kaohe.record/v1')), id: reqStr, agency: reqStr, caseId: fOpt, extra: fo(record(unknown)) };
const FAST_RECORDS: Record<string, Fast> = {
  complaint: obj({
    ...fRecBase, kind: literal('complaint'), receivedAt: fInstant,
    category: oneOf(['attitude', 'procedure', 'inaction', 'abuse', 'other']), verified: bool, closedAt: fo(fInstant),
  }),
  rating: obj({ ...fRecBase, kind: literal('rating'), at: fInstant, score: fBetween(1, 5) }),
  survey: obj({ ...fRecBase, kind: literal('survey'), at: fInstant, mode: oneOf(['online', 'interview']), answers: record(fBetween(1, 5)) }),
  reconsideration: obj({ ...fRecBase, kind: literal('reconsideration'), caseId: reqStr, decidedAt: fInstant, outcome: oneOf(OUTCOMES) }),
  litigation: obj({ ...fRecBase, kind: literal('litigation'), caseId: reqStr, decidedAt: fInstant, outcome: oneOf([...OUTCOMES, 'withdrawn']) }),
};

const fMinMax = obj({ min: fNonNeg, max: fNonNeg });
const FAST_REGISTRY: Record<string, Fast> = {
  'kaohe.agency/v1': obj({
    schema: fo(literal('kaohe.agency/v1')), code: reqStr, name: reqStr, region: refine(str, (s: string) => /^\d{6}$/.test(s)),
    domain: oneOf(DOMAINS), level: oneOf(AGENCY_LEVELS), parent: fOpt,
  }),
  'kaohe.person/v1': obj({
    schema: fo(literal('kaohe.person/v1')), code: reqStr, name: reqStr, agency: reqStr, posts: arr(oneOf(POSTS)),
    credential: fo(obj({ number: reqStr, validFrom: fDate, validTo: fDate })), idNumber: fOpt,
  }),
  'kaohe.item/v1': obj({
    schema: fo(literal('kaohe.item/v1')), code: reqStr, name: reqStr, domain: oneOf(DOMAINS),
    violatedArticle: fOpt, penaltyArticle: fOpt, kinds: arr(oneOf(PENALTY_KINDS)),
    range: fo(fMinMax), multiple: fo(obj({ base: reqStr, min: fNonNeg, max: fNonNeg })),
    tiers: fo(arr(obj({ tier: reqStr, min: fNonNeg, max: fNonNeg, circumstances: arr(oneOf(CIRCUMSTANCES)) }))),
    issuer: fOpt, version: fOpt, effective: fo(fDate),
  }),
  'kaohe.calendar/v1': obj({
    schema: fo(literal('kaohe.calendar/v1')),
    year: refine(num, (n: number) => Number.isInteger(n) && n >= 1949 && n <= 2200),
    holidays: arr(fDate), workdays: arr(fDate), source: fOpt,
  }),
};

const REGISTRY: Record<string, { schema: z.ZodType; keys: Set<string> }> = {
  'kaohe.agency/v1': { schema: agencySchema, keys: new Set(['schema', 'code', 'name', 'region', 'domain', 'level', 'parent', 'extra']) },
  'kaohe.person/v1': { schema: personSchema, keys: new Set(['schema', 'code', 'name', 'agency', 'posts', 'credential', 'idNumber', 'extra']) },
  'kaohe.item/v1': {
    schema: itemSchema,
    keys: new Set(['schema', 'code', 'name', 'domain', 'violatedArticle', 'penaltyArticle', 'kinds', 'range', 'multiple', 'tiers', 'issuer', 'version', 'effective', 'extra']),
  },
  'kaohe.calendar/v1': { schema: calendarSchema, keys: new Set(['schema', 'year', 'holidays', 'workdays', 'source', 'extra']) },
};

// ---------------------------------------------------------------- issue mapping

type Path = (string | number)[];
export function pathToString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}
function getAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function mapIssues(err: z.ZodError, root: unknown, prefix: Path): Issue[] {
  const out: Issue[] = [];
  for (const i of err.issues) {
    const path = [...prefix, ...(i.path as Path)];
    const value = getAt(root, path);
    const field = pathToString(path);
    switch (i.code) {
      case 'invalid_type': {
        if (value === undefined || value === null || value === '') out.push({ field, code: 'field.required' });
        else if (i.expected === 'number') out.push({ field, code: 'number.invalid', params: { value } });
        else if (i.expected === 'boolean') out.push({ field, code: 'boolean.invalid', params: { value } });
        else out.push({ field, code: 'type.invalid', params: { expected: i.expected, value: kindOf(value) === 'object' ? '{…}' : value } });
        break;
      }
      case 'invalid_value': {
        if (i.values.length === 1 && (field === 'schema' || field === 'kind')) out.push({ field, code: 'value.invalid', params: { detail: `expected ${String(i.values[0])}` } });
        else out.push({ field, code: 'enum.invalid', params: { value, allowed: i.values.map(String) } });
        break;
      }
      case 'too_small':
        if (i.origin === 'string') out.push({ field, code: 'field.required' });
        else out.push({ field, code: 'number.negative', params: { value } });
        break;
      case 'custom': {
        const params = (i.params ?? {}) as Record<string, unknown>;
        out.push({ field, code: String(params.code ?? 'value.invalid'), params: { ...params, value, detail: i.message } });
        break;
      }
      default:
        out.push({ field, code: 'value.invalid', params: { value, detail: i.message } });
    }
  }
  return out;
}

// ---------------------------------------------------------------- validation

export interface ValidateOptions {
  /** 'error' (kaohe.case/v1 input, the default) or 'keep' (XES logs: activity names of another process). */
  unknownEventTypes?: 'error' | 'keep';
}
export type ValidationResult = { ok: true; record: InterchangeRecord } | { ok: false; issues: Issue[] };

/** Validate one event of a case; `prefix` is its path in the record (e.g. ['events', 2]) for error fields. */
export function validateEvent(ev: unknown, prefix: Path, opts: ValidateOptions = {}, root: unknown = ev): Issue[] {
  const rootAt = prefix.length ? root : ev;
  if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) {
    return [{ field: pathToString(prefix), code: 'type.invalid', params: { expected: 'object', value: kindOf(ev) } }];
  }
  const issues: Issue[] = [];
  const base = eventBaseSchema.safeParse(ev);
  if (!base.success) issues.push(...mapIssues(base.error, rootAt, prefix));
  const type = (ev as Record<string, unknown>).type;
  if (typeof type === 'string' && type) {
    const specific = EVENT_FIELD_SCHEMAS[type];
    if (specific) {
      const r = specific.safeParse(ev);
      if (!r.success) issues.push(...mapIssues(r.error, rootAt, prefix));
      else if (type === 'period.excluded') {
        const { from, to } = ev as { from: string; to: string };
        if (from > to) issues.push({ field: pathToString([...prefix, 'to']), code: 'range.reversed', params: { from, to } });
      }
    } else if (!KNOWN_EVENT_TYPES.has(type) && (opts.unknownEventTypes ?? 'error') === 'error') {
      issues.push({ field: pathToString([...prefix, 'type']), code: 'event-type.unknown', params: { value: type } });
    }
  }
  return issues;
}

function splitExtra(data: Record<string, unknown>, keys: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const extra: Record<string, unknown> = { ...((data.extra as Record<string, unknown> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(data)) {
    if (k === 'extra') continue;
    if (keys.has(k)) out[k] = v;
    else extra[k] = v;
  }
  if (Object.keys(extra).length) out.extra = extra;
  return out;
}

/**
 * Validate one interchange object. The schema is `obj.schema`, else `schemaHint`. Unknown top-level fields go to
 * `extra`; unknown nested fields stay in place. Returns the tagged record, or every issue found.
 */
export function validateRecord(obj: unknown, schemaHint?: SchemaId, opts: ValidateOptions = {}): ValidationResult {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { ok: false, issues: [{ field: '', code: 'record.not-object', params: { type: kindOf(obj) } }] };
  }
  const o = obj as Record<string, unknown>;
  const schema = o.schema ?? schemaHint;
  if (schema === undefined) return { ok: false, issues: [{ field: 'schema', code: 'schema.missing' }] };
  if (typeof schema !== 'string' || !(SCHEMA_IDS as string[]).includes(schema)) {
    return { ok: false, issues: [{ field: 'schema', code: 'schema.unknown', params: { value: schema, allowed: SCHEMA_IDS } }] };
  }
  const issues: Issue[] = [];
  if (schema === 'kaohe.case/v1') {
    const r = (fastPaths ? fastParse(fastCase, o) : undefined) ?? caseSchema.safeParse(o);
    if (!r.success) issues.push(...mapIssues(r.error, o, []));
    const events = Array.isArray(o.events) ? o.events : [];
    const seen = new Map<string, number>();
    events.forEach((ev, i) => {
      if (!fastEventOk(ev, opts)) issues.push(...validateEvent(ev, ['events', i], opts, o));
      const id = ev !== null && typeof ev === 'object' ? (ev as Record<string, unknown>).id : undefined;
      if (typeof id === 'string' && id) {
        const first = seen.get(id);
        if (first !== undefined) issues.push({ field: `events[${i}].id`, code: 'duplicate.event-id', params: { value: id, first: `events[${first}]` } });
        else seen.set(id, i);
      }
    });
    if (issues.length || !r.success) return { ok: false, issues };
    const value = splitExtra(r.data as Record<string, unknown>, CASE_KEYS);
    value.schema = 'kaohe.case/v1';
    return { ok: true, record: { schema, value } as unknown as InterchangeRecord };
  }
  if (schema === 'kaohe.record/v1') {
    const kind = o.kind;
    const s = typeof kind === 'string' ? recordSchemas[kind] : undefined;
    if (!s) {
      return { ok: false, issues: [kind === undefined || kind === '' ? { field: 'kind', code: 'field.required' } : { field: 'kind', code: 'enum.invalid', params: { value: kind, allowed: RECORD_KINDS } }] };
    }
    const r = (fastPaths ? fastParse(FAST_RECORDS[kind as string]!, o) : undefined) ?? s.safeParse(o);
    if (!r.success) return { ok: false, issues: mapIssues(r.error, o, []) };
    const value = splitExtra(r.data as Record<string, unknown>, RECORD_KEYS);
    value.schema = 'kaohe.record/v1';
    return { ok: true, record: { schema, value } as unknown as InterchangeRecord };
  }
  const reg = REGISTRY[schema]!;
  const r = (fastPaths ? fastParse(FAST_REGISTRY[schema]!, o) : undefined) ?? reg.schema.safeParse(o);
  if (!r.success) issues.push(...mapIssues(r.error, o, []));
  else {
    const d = r.data as Record<string, any>;
    for (const key of ['range', 'multiple'] as const) {
      if (d[key] && d[key].min > d[key].max) issues.push({ field: `${key}.max`, code: 'range.reversed', params: { from: d[key].min, to: d[key].max } });
    }
    (d.tiers as { min: number; max: number }[] | undefined)?.forEach((t, i) => {
      if (t.min > t.max) issues.push({ field: `tiers[${i}].max`, code: 'range.reversed', params: { from: t.min, to: t.max } });
    });
    if (d.credential && d.credential.validFrom > d.credential.validTo) {
      issues.push({ field: 'credential.validTo', code: 'range.reversed', params: { from: d.credential.validFrom, to: d.credential.validTo } });
    }
    if (schema === 'kaohe.calendar/v1') {
      for (const key of ['holidays', 'workdays'] as const) {
        (d[key] as string[]).forEach((s, i) => {
          if (!s.startsWith(`${d.year}-`)) issues.push({ field: `${key}[${i}]`, code: 'date.year-mismatch', params: { value: s, year: d.year } });
        });
      }
    }
  }
  if (issues.length || !r.success) return { ok: false, issues };
  const value = splitExtra(r.data as Record<string, unknown>, reg.keys);
  delete value.schema;
  return { ok: true, record: { schema, value } as unknown as InterchangeRecord };
}
