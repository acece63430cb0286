import { z } from 'zod';
import { day, listQuery, listResponse } from '../../route.ts';

export const casesQuery = listQuery({
  agency: z.string().max(64).optional(),
  domain: z.string().max(32).optional(),
  procedure: z.enum(['simple', 'general']).optional(),
  status: z.enum(['open', 'decided', 'closed']).optional(),
  q: z.string().max(64).optional(),
  from: day.optional(),
  to: day.optional(),
}, ['openedOn', 'decidedOn', 'agency', 'id', 'fine']);

export const party = z.object({ type: z.string().nullable(), name: z.string().nullable(), creditCode: z.string().nullable(), address: z.string().nullable(), masked: z.boolean() }).nullable();

export const caseSummary = z.object({
  agency: z.string(), id: z.string(), region: z.string(), domain: z.string().nullable(), procedure: z.string().nullable(),
  openedOn: z.string().nullable(), decidedOn: z.string().nullable(), status: z.enum(['open', 'decided', 'closed']),
  party, item: z.string().nullable(), fine: z.number().nullable(), flags: z.array(z.string()),
});
export const casesList = listResponse(caseSummary);

export const caseParams = z.strictObject({ agency: z.string().min(1).max(64), id: z.string().min(1).max(128) });
export const event = z.object({ id: z.string(), type: z.string(), at: z.string(), localDate: z.string(), by: z.array(z.string()), records: z.array(z.string()), attrs: z.record(z.string(), z.unknown()) });
export const caseDetail = caseSummary.extend({
  violation: z.unknown().nullable(), staff: z.unknown().nullable(), penalty: z.unknown().nullable(), major: z.boolean().nullable(), complex: z.boolean().nullable(),
  events: z.array(event),
});

export const revealBody = z.strictObject({ reason: z.string().trim().min(4).max(500) });
export const revealResponse = z.object({ name: z.string().nullable(), idNumber: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable(), creditCode: z.string().nullable() });
