import { z } from 'zod';
import { day, listQuery, listResponse } from '../../route.ts';

export const auditQuery = listQuery({ actor: z.string().max(64).optional(), action: z.string().max(64).optional(), from: day.optional(), to: day.optional() }, ['seq']);
export const auditItem = z.object({
  seq: z.number().int(), at: z.string(), actor: z.string(), role: z.string().nullable(), action: z.string(), target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()), ip: z.string().nullable(), prevHash: z.string(), hash: z.string(),
});
export const auditList = listResponse(auditItem);
export const verifyResponse = z.object({ ok: z.boolean(), count: z.number().int(), lastSeq: z.number().int().optional(), badSeq: z.number().int().optional(), reason: z.string().optional(),
  /** what the check cannot prove: a deletion at the tail with the head rewritten (only an outside checkpoint can) */
  tail: z.object({ zh: z.string(), en: z.string() }) });
