import { z } from 'zod';
import { day } from '../../route.ts';

export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const campaignBody = z.strictObject({
  name: z.string().min(1).max(100),
  period: z.string().regex(/^\d{4}(H[12]|Q[1-4])?$/),
  seed: z.string().min(1).max(200),
  rate: z.number().gt(0).lte(1).default(0.1),
  min: z.number().int().min(0).max(10_000).default(5),
  dueOn: day,
  gap: z.number().min(0).max(100).default(10),
});
const proportion = z.object({ k: z.number(), n: z.number(), rate: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });
export const campaign = z.object({
  id: z.number(), name: z.string(), region: z.string(), period: z.string(), from: z.string(), to: z.string(), rate: z.number(), min: z.number(),
  seed: z.string(), method: z.unknown(), sheet: z.string(), gap: z.number(), dueOn: z.string(), createdBy: z.string(), createdAt: z.string(),
  files: z.number(), scored: z.number(),
});
export const campaignList = z.object({ items: z.array(campaign), total: z.number() });
export const created = z.object({ id: z.number(), files: z.number(), assignments: z.number(), unassigned: z.array(z.object({ agency: z.string(), case: z.string(), needed: z.number() })) });
export const campaignDetail = campaign.extend({
  departments: z.array(z.object({
    agency: z.string(), agencyName: z.string().nullable(), population: z.number().nullable(), files: z.number(), scored: z.number(),
    pass: proportion, excellent: proportion, riskScored: z.number(), riskFailed: z.number(),
  })),
  files: z.array(z.object({
    agency: z.string(), agencyName: z.string().nullable(), caseId: z.string(), stratum: z.enum(['random', 'risk']), risk: z.number(), reasons: z.array(z.string()),
    major: z.boolean(), reviewers: z.array(z.object({ role: z.string(), name: z.string(), state: z.string(), total: z.number().nullable(), grade: z.string().nullable() })),
    total: z.number().nullable(), grade: z.enum(['excellent', 'pass', 'fail']).nullable(),
  })),
});
export const checkBody = z.strictObject({
  kind: z.enum(['on-site', 'spot']),
  agency: z.string().min(1).max(64),
  place: z.string().min(1).max(200),
  onDate: day,
  people: z.array(z.string().min(1).max(50)).max(50),
  found: z.string().min(1).max(4000),
  caseId: z.string().max(64).nullable().optional(),
});
export const check = z.object({
  id: z.number(), kind: z.enum(['on-site', 'spot']), agency: z.string(), agencyName: z.string().nullable(), place: z.string(), onDate: z.string(),
  people: z.array(z.string()), found: z.string(), caseId: z.string().nullable(), recordedBy: z.string(), recordedAt: z.string(),
});
export const checkList = z.object({ items: z.array(check) });
const assignment = z.object({
  id: z.number(), campaignId: z.number(), campaign: z.string(), agency: z.string(), agencyName: z.string().nullable(), caseId: z.string(),
  role: z.enum(['primary', 'second', 'reconcile']), dueOn: z.string(), state: z.enum(['assigned', 'submitted']), overdue: z.boolean(),
  total: z.number().nullable(), grade: z.string().nullable(), submittedAt: z.string().nullable(),
});
export const myList = z.object({ items: z.array(assignment) });
export const assignmentDetail = assignment.extend({
  case: z.object({ procedure: z.string().nullable(), domain: z.string().nullable(), major: z.boolean(), complex: z.boolean(), item: z.string().nullable(), openedOn: z.string().nullable(), decidedOn: z.string().nullable(), penalty: z.unknown() }),
  timeline: z.array(z.object({ id: z.string(), type: z.string(), at: z.string(), day: z.string(), by: z.array(z.string()), records: z.array(z.string()), attrs: z.record(z.string(), z.unknown()) })),
  sheet: z.unknown(),
  evidence: z.record(z.string(), z.array(z.object({ rule: z.string(), status: z.string(), dueOn: z.string().nullable(), actOn: z.string().nullable(), message: z.object({ zh: z.string(), en: z.string() }) }))),
  others: z.array(z.object({ role: z.string(), total: z.number(), grade: z.string() })),
  scored: z.unknown(),
});
export const scoreBody = z.strictObject({
  vetoFailed: z.array(z.string().max(64)).max(50).default([]),
  minorProblems: z.array(z.string().max(64)).max(50).default([]),
  deductions: z.array(z.strictObject({ item: z.string().max(64), deduction: z.string().max(64), count: z.number().int().min(1).max(100).default(1), comment: z.string().max(2000) })).max(200).default([]),
  comment: z.string().max(4000).optional(),
});
export const scored = z.object({ total: z.number(), grade: z.string(), reconciliation: z.object({ assigned: z.number().nullable() }).nullable() });
