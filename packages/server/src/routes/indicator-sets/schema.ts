import { z } from 'zod';
import { day, listQuery, listResponse } from '../../route.ts';
import { assessment, drillParams, previewDrillQuery } from '../assessments/schema.ts';

const version = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'letters, digits and dashes').max(64);
const quarter = z.string().regex(/^\d{4}Q[1-4]$/, 'a quarter, e.g. 2027Q1');
const region = z.string().regex(/^\d{6}$/, 'a 6-digit region code');
const bilingual = z.strictObject({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) });
/** the app refuses an empty reason with its own bilingual message */
const reason = z.string().max(2000).default('');
const code = z.string().min(1).max(100);

export const listQ = listQuery({}, ['effective']);
export const versionParams = z.strictObject({ version });
/** a draft's id, or `latest`: the caller's newest draft (narrowed by ?region=) */
export const draftParams = z.strictObject({ id: z.union([z.literal('latest'), z.coerce.number().int().positive()]) });
export const draftQuery = z.strictObject({ region: region.optional() });
/** one figure of a draft's preview: the department and the indicator … */
export const draftDrillParams = draftParams.extend({ agency: drillParams.shape.agency, code: drillParams.shape.code });
/** … and the preview's inputs (defaults as for the preview: the current year to date, the draft's region) */
export const draftDrillQuery = draftQuery.extend({
  period: previewDrillQuery.shape.period.optional(),
  asOf: previewDrillQuery.shape.asOf,
  scope: previewDrillQuery.shape.scope,
  limit: previewDrillQuery.shape.limit,
});

export const createBody = z.strictObject({
  /** a shipped or published version */
  base: version,
  /** the bureau's region (default: the caller's) */
  region: region.optional(),
  title: bilingual.optional(),
});

/** one edit, with its reason: add an indicator, remove one, re-weight indicators and/or weight-tree groups, edit floor/target/name */
export const operationBody = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), indicator: z.record(z.string(), z.unknown()), reason }),
  z.strictObject({ op: z.literal('remove'), code, reason }),
  z.strictObject({ op: z.literal('reweight'), weights: z.record(code, z.number()), reason }),
  z.strictObject({
    op: z.literal('edit'), code, reason,
    fields: z.strictObject({
      floor: z.number().optional(), target: z.number().optional(), name: bilingual.optional(),
      basis: z.string().trim().min(1).max(500).optional(), note: z.string().max(2000).optional(),
    }),
  }),
]);

export const previewBody = z.strictObject({
  /** default: the current year to date */
  period: z.string().regex(/^\d{4}(Q[1-4]|H[12])?$/, 'YYYY, YYYYQn or YYYYHn').optional(),
  asOf: day.optional(),
  /** a region (default: the draft's) or an agency inside it */
  scope: z.string().min(1).max(64).regex(/^[\w.-]+$/).optional(),
});

export const publishBody = z.strictObject({
  /** default: the next quarter after today; never the current or a past one */
  quarter: quarter.optional(),
  /** default: the base's name for that quarter (cn-2026Q2 → cn-2027Q1) */
  version: version.optional(),
  /** the front line's feedback behind the change (动态调整) */
  feedback: z.string().max(2000).optional(),
});

const loc = z.object({ zh: z.string(), en: z.string() });
export const summary = z.object({
  id: z.number().nullable(), kind: z.enum(['shipped', 'published', 'draft']), version: z.string(), title: loc, effective: z.string(), effectiveFrom: z.string(),
  base: z.string().nullable(), region: z.string().nullable(), indicators: z.number(), changes: z.number(),
  createdBy: z.string().nullable(), createdAt: z.string().nullable(), publishedBy: z.string().nullable(), publishedAt: z.string().nullable(), inForce: z.boolean(),
});
export const setsList = listResponse(summary);

const change = z.object({
  who: z.string(), when: z.string(), action: z.enum(['add', 'remove', 'reweight', 'edit']), code: z.string(), reason: z.string(),
  from: z.unknown().optional(), to: z.unknown().optional(),
});
const weightNode: z.ZodType = z.lazy(() => z.object({ id: z.string(), weight: z.number(), children: z.array(weightNode).optional() }));
export const detail = summary.extend({
  set: z.object({
    version: z.string(), title: loc, effective: z.string(), effectiveFrom: z.string(), lineage: z.array(z.string()),
    changelog: z.array(z.looseObject({ version: z.string(), date: z.string(), changes: z.array(z.string()) })),
    params: z.object({ minSample: z.number(), k: z.number() }), weights: z.array(weightNode),
    grades: z.object({ excellent: z.number(), pass: z.number(), basic: z.number() }),
    indicators: z.array(z.looseObject({
      code: z.string(), name: loc, level: z.string(), domain: z.string(), direction: z.string(), floor: z.number(), target: z.number(), weight: z.number(), scale: z.number(),
    })),
  }),
  log: z.array(change),
});
export const preview = z.object({ draft: assessment, current: assessment.nullable() });
export const deleted = z.object({ deleted: z.number() });
