import { z } from 'zod';
import { listQuery, listResponse } from '../../route.ts';
import { activeFilter } from '../agencies/edit.ts';

export const item = z.object({
  code: z.string(), version: z.string(), name: z.string(), domain: z.string(), violatedArticle: z.string().nullable(), penaltyArticle: z.string().nullable(),
  kinds: z.array(z.string()), range: z.unknown().nullable(), multiple: z.unknown().nullable(), tiers: z.unknown().nullable(), issuer: z.string().nullable(),
  effective: z.string().nullable(), active: z.boolean(),
});
export const itemsQuery = listQuery({ q: z.string().max(64).optional(), domain: z.string().max(32).optional(), active: activeFilter }, ['code', 'name', 'domain', 'effective']);
export const itemsList = listResponse(item);

// Types and sizes only: the content is validated by the app with the interchange's schema (kaohe.item/v1).
const s = (max: number) => z.string().max(max);
const fields = {
  name: s(500), domain: s(32), violatedArticle: s(500).nullable().optional(), penaltyArticle: s(500).nullable().optional(),
  kinds: z.array(s(32)).max(12), range: z.strictObject({ min: z.number(), max: z.number() }).nullable().optional(),
  multiple: z.strictObject({ base: s(200), min: z.number(), max: z.number() }).nullable().optional(),
  tiers: z.array(z.strictObject({ tier: s(64), min: z.number(), max: z.number(), circumstances: z.array(s(32)).max(5) })).max(20).nullable().optional(),
  issuer: s(200).nullable().optional(), effective: s(10).nullable().optional(),
};
export const createItemBody = z.strictObject({ code: s(64), version: s(64).nullable().optional(), ...fields });
export const itemParams = z.strictObject({ code: s(64) });
export const itemVersion = z.strictObject({ version: s(64).default('') });
export const patchItemBody = z.strictObject({
  name: fields.name.optional(), domain: fields.domain.optional(), violatedArticle: fields.violatedArticle, penaltyArticle: fields.penaltyArticle,
  kinds: fields.kinds.optional(), range: fields.range, multiple: fields.multiple, tiers: fields.tiers, issuer: fields.issuer, effective: fields.effective,
  active: z.boolean().optional(),
});
