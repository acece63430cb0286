/**
 * What the registry edit routes (agencies, people, items, calendars) share: the caller's edit scope as the app's
 * `AgencyScope` (the policy's condition over an agencies row `a`), the as-of day of re-evaluations, and the mapping
 * of the app's `RegistryError` to the API's errors (`validation` 400 with one `{ field, code, reason }` per field,
 * `not-found` 404 — a target outside the caller's scope is not found, as everywhere).
 */
import { localDate } from '@kaohe/core';
import { RegistryError, type AgencyScope, type EvaluateResult } from '@kaohe/app';
import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import type { Ctx } from '../../route.ts';

export const AGENCY_SCOPE = { agency: 'a.code', region: 'a.region_code' } as const;

export const editScope = (ctx: Ctx<any, any, any>): AgencyScope => (first) => ctx.scope(AGENCY_SCOPE, first);

/** Today in the jurisdiction: the as-of day of the re-evaluations an edit triggers. */
export const today = (ctx: Ctx<any, any, any>): string => localDate(ctx.now().toISOString(), ctx.config.timezone);

/** Run an app command; its RegistryError becomes the API error (the message lists the fields' reasons). */
export async function edit<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    const message = { zh: e.issues.map((i) => i.reason.zh).join('；'), en: e.issues.map((i) => i.reason.en).join('; ') };
    throw new ApiError(e.kind === 'not-found' ? 'not-found' : 'validation', e.issues, message);
  }
}

export const evaluation = z.object({ cases: z.number(), opened: z.number(), changed: z.number(), cleared: z.number() });
export type Evaluation = EvaluateResult;

/** `?active=true|false` of the registry lists */
export const activeFilter = z.enum(['true', 'false']).optional();
