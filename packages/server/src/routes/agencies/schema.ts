import { z } from 'zod';
import { listQuery, listResponse } from '../../route.ts';
import { activeFilter } from './edit.ts';

export const agency = z.object({
  code: z.string(), name: z.string(), region: z.string(), domain: z.string(), level: z.string(), parent: z.string().nullable(), active: z.boolean(),
});
export const agenciesQuery = listQuery(
  { q: z.string().max(64).optional(), domain: z.string().max(32).optional(), region: z.string().max(6).optional(), active: activeFilter },
  ['code', 'name', 'region'],
);
export const agenciesList = listResponse(agency);

// Types and sizes only: the content is validated by the app with the interchange's schema (kaohe.agency/v1), whose
// errors name the field in both languages.
const s = (max: number) => z.string().max(max);
export const createAgencyBody = z.strictObject({
  code: s(64), name: s(200), region: s(16), domain: s(32), level: s(32), parent: s(64).nullable().optional(),
});
export const agencyParams = z.strictObject({ code: s(64) });
export const patchAgencyBody = z.strictObject({
  name: s(200).optional(), region: s(16).optional(), domain: s(32).optional(), level: s(32).optional(), parent: s(64).nullable().optional(),
  active: z.boolean().optional(),
});
