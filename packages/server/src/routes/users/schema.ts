import { z } from 'zod';
import { ROLES } from '../../policy.ts';
import { listQuery, listResponse } from '../../route.ts';

const agency = z.string().min(1).max(64).nullable().optional();
const region = z.string().regex(/^\d{6}$/).nullable().optional();

export const userItem = z.object({
  id: z.number().int(), username: z.string(), name: z.string(), roles: z.array(z.enum(ROLES)), agency: z.string().nullable(),
  region: z.string().nullable(), personCode: z.string().nullable(), expiresAt: z.string().nullable(), disabled: z.boolean(),
  locked: z.boolean(), mustChangePassword: z.boolean(), totpEnabled: z.boolean(), passwordChangedAt: z.string(), lastLoginAt: z.string().nullable(),
});

export const usersQuery = listQuery({ q: z.string().max(64).optional(), role: z.enum(ROLES).optional() }, ['username', 'name', 'createdAt']);
export const usersList = listResponse(userItem);

export const createBody = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9._@-]{3,64}$/),
  name: z.string().min(1).max(64),
  roles: z.array(z.enum(ROLES)).min(1).max(4),
  agency, region,
  personCode: z.string().min(1).max(64).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export const createResponse = z.object({ user: userItem, initialPassword: z.string() });

export const idParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const patchBody = z.strictObject({
  name: z.string().min(1).max(64).optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(4).optional(),
  agency, region,
  personCode: z.string().min(1).max(64).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  disabled: z.boolean().optional(),
});
export const resetResponse = z.object({ initialPassword: z.string() });
