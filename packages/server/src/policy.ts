/**
 * The one access-control layer. Every route declares a `RoutePolicy` (who may call it, and how its rows are
 * scoped); `authorize` checks roles before the handler runs and `scopeFilter` gives the SQL condition that keeps a
 * department inside its own data — a row of another scope is simply not found (404), even when its id is guessed.
 */
import type { ImportScope } from '@kaohe/app';
import { ApiError } from './errors.ts';

export const BUSINESS_ROLES = ['supervisor', 'agency-admin', 'legal-reviewer', 'officer', 'file-reviewer', 'evaluator'] as const;
/** 三员分立: system, security and audit administrators; each excludes the others and every business role. */
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const;
export const ROLES = [...BUSINESS_ROLES, ...ADMIN_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type BusinessRole = (typeof BUSINESS_ROLES)[number];

/** Roles scoped to one region (行政区划); the other business roles are scoped to one agency. */
export const REGION_ROLES: readonly Role[] = ['supervisor', 'evaluator', 'file-reviewer'];
export const AGENCY_ROLES: readonly Role[] = ['agency-admin', 'legal-reviewer', 'officer'];

export function isAdminRole(r: string): boolean {
  return (ADMIN_ROLES as readonly string[]).includes(r);
}

/**
 * How a route's rows are scoped:
 * - `agency`: department rows — department roles see their agency, region roles their region;
 * - `own`: like `agency`, but an officer sees only rows that name him (his own cases);
 * - `region`: registry rows of a region — department roles see their own agency's row(s), region roles their region;
 * - `none`: not business data, or not scoped (rules, calendars, own account).
 */
export type Scope = 'agency' | 'region' | 'own' | 'none';

export interface RoutePolicy {
  /** `public`: no session needed; `signed-in`: any role; otherwise the roles allowed. */
  allow: 'public' | 'signed-in' | readonly Role[];
  scope: Scope;
}

/** The signed-in user as the policy sees it. */
export interface Principal {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  agency: string | null;
  region: string | null;
  personCode: string | null;
}

/** Throws 403 unless one of the user's roles is allowed (401 is handled by the session layer). */
export function authorize(policy: RoutePolicy, user: Principal | null): void {
  if (policy.allow === 'public') return;
  if (!user) throw new ApiError('auth.required');
  if (policy.allow === 'signed-in') return;
  if (!user.roles.some((r) => (policy.allow as readonly string[]).includes(r))) throw new ApiError('access.forbidden');
}

/** Which policy entry answers a (role, allow) question: used by the route matrix test. */
export function allows(policy: RoutePolicy, role: Role | null): boolean {
  if (policy.allow === 'public') return true;
  if (!role) return false;
  if (policy.allow === 'signed-in') return true;
  return policy.allow.includes(role);
}

/**
 * A region code's prefix: trailing "00" pairs name the whole province/city (330000 → "33", 330100 → "3301",
 * 330102 → "330102"), so a city supervisor sees its counties.
 */
export function regionPrefix(region: string): string {
  let p = region;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

/** The codes a region covers, as an inclusive range of 6-digit codes: 330100 → ['330100', '330199']; 330000 → ['330000', '339999']. */
export function regionRange(region: string): [string, string] {
  const p = regionPrefix(region);
  return [p.padEnd(6, '0'), p.padEnd(6, '9')];
}

export interface ScopeColumns {
  /** SQL expression of the row's agency code, e.g. `c.agency_id` */
  agency?: string;
  /** SQL expression of the row's region code */
  region?: string;
  /** SQL condition template that is true when the row names the person `$P` (replaced by a parameter), for 'own' */
  own?: string;
}

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const FALSE: SqlCondition = { sql: 'FALSE', params: [] };
const TRUE: SqlCondition = { sql: 'TRUE', params: [] };

/**
 * The SQL condition limiting rows to the user's scope. Parameters are numbered from `$${first}`.
 * Roles are tried from the broadest; a user with no role that reaches the data sees nothing.
 */
export function scopeFilter(user: Principal, scope: Scope, cols: ScopeColumns, first = 1): SqlCondition {
  if (scope === 'none') return TRUE;
  const has = (r: Role) => user.roles.includes(r);
  const p = (i: number) => `$${first + i}`;
  if ((has('supervisor') || has('evaluator')) && user.region) {
    // a range of the 6-digit codes (330100 → 330100..330199), not left(code, n) = prefix: a btree index on the
    // region column serves a range, while left() forces a scan of every row
    if (cols.region) return { sql: `${cols.region} BETWEEN ${p(0)} AND ${p(1)}`, params: regionRange(user.region) };
    return FALSE;
  }
  if ((has('agency-admin') || has('legal-reviewer')) && user.agency) {
    if (cols.agency) return { sql: `${cols.agency} = ${p(0)}`, params: [user.agency] };
    return FALSE;
  }
  if (has('officer') && user.agency) {
    if (scope !== 'own') return cols.agency ? { sql: `${cols.agency} = ${p(0)}`, params: [user.agency] } : FALSE;
    if (!cols.own || !cols.agency || !user.personCode) return FALSE;
    return { sql: `(${cols.agency} = ${p(0)} AND ${cols.own.replaceAll('$P', p(1))})`, params: [user.agency, user.personCode] };
  }
  // file-reviewer: assigned sample files only (the sampling module adds its assignment condition); admin roles: none
  return FALSE;
}

export interface RoleCheck {
  roles: string[];
  agency?: string | null;
  region?: string | null;
}

/**
 * Separation of duties when creating or changing a user: at most one admin role, never with a business role;
 * department roles need an agency, region roles a region.
 */
export function checkRoleSet({ roles, agency, region }: RoleCheck): void {
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length || roles.length === 0) throw new ApiError('validation', [{ field: 'roles', reason: { zh: '未知角色或为空', en: `unknown or no roles: ${unknown.join(', ')}` } }]);
  const admin = roles.filter(isAdminRole);
  if (admin.length > 1 || (admin.length === 1 && roles.length > 1)) throw new ApiError('users.roles-conflict', { roles });
  if (roles.some((r) => AGENCY_ROLES.includes(r as Role)) && !agency) throw new ApiError('users.scope-required', { field: 'agency' });
  if (roles.some((r) => REGION_ROLES.includes(r as Role)) && !region) throw new ApiError('users.scope-required', { field: 'region' });
  if (admin.length === 1 && (agency || region)) throw new ApiError('users.roles-conflict', { reason: 'admin roles have no business scope' });
}

/**
 * What an importer may write, as the API's edit routes allow it (`ImportScope` of the app): a supervisor its region,
 * a department's staff their own agency. The console (CLI) passes none. A user with neither gets an agency scope
 * that matches nothing.
 */
export function importScope(user: Principal): ImportScope {
  if (user.roles.includes('supervisor') && user.region) return { kind: 'region', prefix: regionPrefix(user.region) };
  return { kind: 'agency', agency: user.agency ?? '' };
}
