import { z } from 'zod';
import { ROLES } from '../../policy.ts';

export const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  totp: z.string().regex(/^\d{6}$/).optional(),
});

export const meUser = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  agency: z.string().nullable(),
  region: z.string().nullable(),
});

export const loginResponse = z.object({ user: meUser, csrfToken: z.string(), mustChangePassword: z.boolean(), totpEnrolmentRequired: z.boolean() });
export const meResponse = z.object({ user: meUser, csrfToken: z.string(), mustChangePassword: z.boolean(), totpEnabled: z.boolean(), totpEnrolmentRequired: z.boolean() });

export const passwordBody = z.strictObject({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });
export const totpEnableBody = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
export const ok = z.object({ ok: z.literal(true) });

/** Re-authentication for a second-factor change: the current password, or a current one-time code (exactly one). */
export const reauthBody = z.union([
  z.strictObject({ password: z.string().min(1).max(256) }),
  z.strictObject({ code: z.string().regex(/^\d{6}$/) }),
]);
