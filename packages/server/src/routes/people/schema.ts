import { z } from 'zod';
import { listQuery, listResponse } from '../../route.ts';
import { activeFilter, evaluation } from '../agencies/edit.ts';

export const person = z.object({
  code: z.string(), name: z.string().nullable(), agency: z.string(), region: z.string(), posts: z.array(z.string()),
  credential: z.object({
    number: z.string().nullable(), validFrom: z.string().nullable(), validTo: z.string().nullable(), valid: z.boolean(),
    issuer: z.string().nullable(), domains: z.array(z.string()),
  }).nullable(),
  nameMasked: z.boolean(),
  /** whether an ID number is on record (the number itself is never returned) */
  hasIdNumber: z.boolean(),
  active: z.boolean(),
});
export const peopleQuery = listQuery({
  agency: z.string().max(64).optional(), q: z.string().max(64).optional(), post: z.string().max(32).optional(),
  /** expiring: valid today and ending within 30 days */
  credential: z.enum(['valid', 'expiring', 'expired', 'missing']).optional(),
  active: activeFilter,
}, ['code', 'name', 'agency', 'validTo']);
export const peopleList = listResponse(person);

// Types and sizes only: the content is validated by the app with the interchange's schema (kaohe.person/v1).
const s = (max: number) => z.string().max(max);
const credential = z.strictObject({
  number: s(64), validFrom: s(10), validTo: s(10), issuer: s(200).nullable().optional(), domains: z.array(s(32)).max(20).optional(),
});
export const createPersonBody = z.strictObject({
  code: s(64), name: s(100), agency: s(64), posts: z.array(s(32)).max(8), credential: credential.nullable().optional(),
  /** personal data: encrypted before it is stored, never returned */
  idNumber: s(32).nullable().optional(),
});
export const personParams = z.strictObject({ code: s(64) });
export const patchPersonBody = z.strictObject({
  name: s(100).optional(), agency: s(64).optional(), posts: z.array(s(32)).max(8).optional(), credential: credential.nullable().optional(),
  /** a new number replaces the stored one; null removes it; absent keeps it */
  idNumber: s(32).nullable().optional(),
  active: z.boolean().optional(),
});
export const personResult = z.object({ person, reevaluated: evaluation });
