import { z } from 'zod';
import { day, listQuery, listResponse } from '../../route.ts';

export const warningsQuery = listQuery({
  agency: z.string().max(64).optional(),
  caseId: z.string().max(128).optional(),
  rule: z.string().max(64).optional(),
  status: z.enum(['violated', 'pending', 'advisory']).optional(),
  state: z.enum(['open', 'answered', 'accepted', 'rejected', 'cleared', 'active']).optional(),
  dueFrom: day.optional(),
  dueTo: day.optional(),
}, ['dueOn', 'agency', 'rule', 'status', 'firstSeenAt', 'caseId']);

const bilingual = z.object({ zh: z.string(), en: z.string() });
export const warning = z.object({
  id: z.number(), agency: z.string(), region: z.string(), caseId: z.string(), rule: z.string(),
  status: z.enum(['violated', 'pending', 'advisory']), state: z.string(), dueOn: z.string().nullable(), actOn: z.string().nullable(),
  provisional: z.array(z.number()), code: z.string(), eventId: z.string().nullable(), firstSeenAt: z.string(), message: bilingual,
  citation: z.object({ law: z.string(), article: z.string(), paragraph: z.string().optional(), url: z.string().optional(), quote: z.string(), title: bilingual }).nullable(),
});
export const warningsList = listResponse(warning);
export const warningDetail = warning.extend({
  actions: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), text: z.string(), evidence: z.unknown() })),
});
export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const answerBody = z.strictObject({
  kind: z.enum(['explained', 'rectified', 'disputed']),
  text: z.string().trim().min(2).max(4000),
  evidence: z.array(z.string().max(500)).max(20).optional(),
});
export const decideBody = z.strictObject({ accept: z.boolean(), comment: z.string().trim().min(1).max(4000) });
export const stateResponse = z.object({ state: z.string() });
