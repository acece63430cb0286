import { z } from 'zod';
import { day, listQuery, listResponse } from '../../route.ts';

const code = z.string().trim().min(1).max(64);
const text = z.string().trim().max(4000);
const bilingual = z.object({ zh: z.string(), en: z.string() });

export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const attachmentParams = z.strictObject({ id: z.coerce.number().int().positive(), attachment: z.coerce.number().int().positive() });
export const documentParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  kind: z.enum(['filing', 'notice', 'decision', 'supervision-notice', 'supervision-decision', 'supervision-opinion']),
});

export const mattersQuery = listQuery({
  agency: code.optional(),
  step: code.optional(),
  category: code.optional(),
  source: code.optional(),
  person: code.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  openedFrom: day.optional(),
  openedTo: day.optional(),
}, ['openedOn', 'stepDue', 'number', 'agency']);

const person = z.object({ person: z.string(), name: z.string().nullable(), role: z.string(), level: z.string().nullable(), reason: bilingual.nullable(), rule: z.string().nullable() });
export const matterSummary = z.object({
  id: z.number(), number: z.string(), title: z.string(), region: z.string(), agency: z.string(), agencyName: z.string().nullable(), source: z.string(),
  category: z.string(), subtype: z.string().nullable(), step: z.string(), stepSince: z.string(), stepDue: z.string().nullable(), provisional: z.array(z.number()),
  overdueDays: z.number(), established: z.boolean(), openedOn: z.string(), openedBy: z.string(), people: z.array(person),
  labels: z.object({ category: bilingual.nullable(), subtype: bilingual.nullable(), step: bilingual.nullable(), source: bilingual.nullable() }),
});
export const mattersList = listResponse(matterSummary);
export const matterDetail = matterSummary.extend({
  summary: z.string(), sourceRefs: z.array(z.unknown()), facts: z.record(z.string(), z.unknown()), evaluation: z.unknown(), ruleSet: z.string().nullable(),
  cases: z.array(z.object({ agency: z.string(), caseId: z.string(), warningIds: z.array(z.number()) })),
  events: z.array(z.object({
    id: z.number(), action: z.string(), from: z.string().nullable(), to: z.string(), actor: z.string(), actorRole: z.string(), person: z.string().nullable(),
    at: z.string(), onDay: z.string(), dueOn: z.string().nullable(), text: z.string(), detail: z.record(z.string(), z.unknown()),
  })),
  attachments: z.array(z.object({ id: z.number(), eventId: z.number().nullable(), name: z.string(), contentType: z.string(), size: z.number(), sha256: z.string(), uploadedBy: z.string(), at: z.string() })),
  decisions: z.array(z.object({
    id: z.number(), person: z.string().nullable(), kind: z.string(), proposedKind: z.string(), severity: z.number(), grading: z.unknown(), category: z.string(),
    number: z.string(), text: z.string(), decidedOn: z.string(), servedOn: z.string().nullable(), status: z.string(), decidedBy: z.string(),
  })),
  appeals: z.array(z.object({
    id: z.number(), decisionId: z.number(), person: z.string().nullable(), filedBy: z.string(), filedOn: z.string(), grounds: z.string(), outcome: z.string().nullable(),
    newKind: z.string().nullable(), decidedOn: z.string().nullable(), decidedBy: z.string().nullable(), reasoning: z.string().nullable(),
  })),
  documents: z.array(z.object({ kind: z.string(), title: bilingual })),
  /** the actions the caller may take now (the web's buttons) */
  actions: z.array(z.string()),
});

const chainPerson = z.strictObject({ person: code, role: z.enum(['handler', 'reviewer', 'approver', 'principal', 'member']) });
export const openBody = z.strictObject({
  source: code,
  warningIds: z.array(z.number().int().positive()).min(1).max(50).optional(),
  record: z.strictObject({ agency: code, kind: z.enum(['reconsideration', 'litigation', 'complaint']), id: code }).optional(),
  cases: z.array(z.strictObject({ agency: code, caseId: z.string().trim().min(1).max(128) })).max(50).optional(),
  category: code.optional(),
  subtype: code.optional(),
  title: z.string().trim().min(2).max(200).optional(),
  summary: text.optional(),
  people: z.array(chainPerson).max(30).optional(),
});
export const openResponse = z.object({ id: z.number(), number: z.string() });

/** an attachment inside a JSON body: its name and its content in base64 (≤ 5 MB decoded; checked by type) */
export const attachment = z.strictObject({ name: z.string().trim().min(1).max(200), content: z.base64().max(7_000_000) });

export const stepBody = z.strictObject({ text: text.optional() });
export const notifyBody = z.strictObject({ text: text.optional(), proposals: z.array(z.strictObject({ person: code.nullable(), kind: code })).min(1).max(30) });
export const answerBody = z.strictObject({ text: z.string().trim().min(2).max(4000), attachments: z.array(attachment).max(10).optional() });
const flags = z.record(z.string(), z.boolean());
export const assessBody = z.strictObject({
  facts: z.strictObject({
    origin: z.enum(['handler', 'reviewer', 'approver', 'collective']).optional(),
    bypassed: z.boolean().optional(),
    concealed: z.array(code).optional(),
    objected: z.array(code).optional(),
    collective: z.strictObject({ principal: code, wrong: z.array(code), right: z.array(code) }).optional(),
    tolerance: flags.optional(),
    exclusions: flags.optional(),
  }),
});
export const decideBody = z.strictObject({ text: text.optional(), decisions: z.array(z.strictObject({ person: code.nullable(), kind: code, text: text.optional() })).min(1).max(30) });
export const serveBody = z.strictObject({ text: text.optional(), method: z.enum(['direct', 'mail', 'electronic', 'posted']).default('direct') });
export const appealBody = z.strictObject({ decisionId: z.number().int().positive(), grounds: z.string().trim().min(2).max(4000), attachments: z.array(attachment).max(10).optional() });
export const appealDecisionBody = z.strictObject({
  appealId: z.number().int().positive(), outcome: z.enum(['upheld', 'changed', 'revoked']), newKind: code.optional(), reasoning: z.string().trim().min(2).max(4000),
});
export const stepResponse = z.object({ step: z.string(), stepDue: z.string().nullable(), result: z.unknown().optional() });
