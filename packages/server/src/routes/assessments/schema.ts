import { z } from 'zod';
import { day, listQuery, listResponse } from '../../route.ts';

const period = z.string().regex(/^\d{4}(Q[1-4]|H[12])?$/, 'YYYY, YYYYQn or YYYYHn');
/** a 6-digit region code or an agency code */
const scopeCode = z.string().min(1).max(64).regex(/^[\w.-]+$/);

export const runBody = z.strictObject({
  period,
  /** indicator-set version (default: the latest effective on the as-of date) */
  set: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/).max(64).optional(),
  asOf: day.optional(),
  /** a region (330100) or one agency (330100-SCJG) */
  scope: scopeCode,
  /** store the run as published (immutable); otherwise a preview */
  publish: z.boolean().default(false),
});

export const listQ = listQuery({ period: period.optional() }, ['id']);
export const runSummary = z.object({
  id: z.number(), hash: z.string(), period: z.string(), set: z.string(), asOf: z.string(),
  scope: z.object({ kind: z.string(), code: z.string() }), publishedAt: z.string(), publishedBy: z.string(), departments: z.number(),
});
export const runsList = listResponse(runSummary);

/** `:id` is a run number or `latest` (the newest visible run, narrowed by ?scope= and ?period=) */
export const idParams = z.strictObject({ id: z.union([z.literal('latest'), z.coerce.number().int().positive()]) });
export const getQuery = z.strictObject({ scope: scopeCode.optional(), period: period.optional(), format: z.enum(['json', 'xlsx']).default('json') });
export const drillParams = z.strictObject({
  id: z.union([z.literal('latest'), z.coerce.number().int().positive()]),
  agency: z.string().min(1).max(64),
  code: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/),
});
export const drillQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(10_000).default(1000) });
/** a preview's figure: the run is named by the inputs of the preview (as POST /assessments takes them) */
export const previewDrillParams = drillParams.omit({ id: true });
export const previewDrillQuery = z.strictObject({
  period,
  set: runBody.shape.set,
  asOf: day.optional(),
  /** the preview's scope (a region or an agency); default: the agency itself */
  scope: scopeCode.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

const indicator = z.looseObject({
  code: z.string(), n: z.number(), x: z.number(), raw: z.number().nullable(), adjusted: z.number().nullable(), shrunk: z.boolean(),
  score: z.number().nullable(), weight: z.number(), nominalWeight: z.number(), applicable: z.boolean(),
});
const respread = z.array(z.object({ from: z.string(), over: z.string() }));
const target = z.looseObject({ code: z.string(), met: z.boolean().nullable() });
export const assessment = z.object({
  run: z.looseObject({ id: z.number().nullable(), hash: z.string(), period: z.string(), set: z.string(), asOf: z.string() }),
  set: z.looseObject({ version: z.string() }),
  departments: z.array(z.looseObject({
    agency: z.string(), name: z.string().nullable(), domain: z.string().nullable(), score: z.number().nullable(), rank: z.number().nullable(),
    rankInDomain: z.number().nullable(), indicators: z.array(indicator), notApplicable: z.array(z.string()), respread,
  })),
  posts: z.array(z.looseObject({ post: z.string(), agency: z.string(), person: z.string().nullable(), score: z.number().nullable(), indicators: z.array(indicator) })),
  individuals: z.array(z.looseObject({ person: z.string(), agency: z.string(), score: z.number().nullable(), grade: z.string().nullable(), indicators: z.array(indicator) })),
  targets: z.object({ region: z.array(target), departments: z.array(z.object({ agency: z.string(), entries: z.array(target) })) }),
});
export const drilldown = z.object({
  /** null: a preview (not stored; `stored` null, `matches` true) */
  run: z.number().nullable(), agency: z.string(), code: z.string(), n: z.number(), x: z.number(),
  stored: z.object({ n: z.number(), x: z.number() }).nullable(), matches: z.boolean(),
  items: z.array(z.object({ caseId: z.string().nullable(), ref: z.string().nullable(), day: z.string().nullable(), inNumerator: z.boolean() })),
});
