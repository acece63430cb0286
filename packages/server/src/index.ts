/**
 * @kaohe/server — the HTTP API. `buildServer` assembles it (not listening), `startServer` listens.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from './server.ts';

export { buildServer, API_PREFIX } from './server.ts';
export type { BuildServerOptions } from './server.ts';
export { SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './cookies.ts';
export { audit, auditNow, verifyAudit, checkpoint, verifyCheckpoint, auditKeygen, purgeAudit, searchAudit, canonicalJson, AUDIT_RETENTION_DAYS } from '@kaohe/store';
export type { AuditEntry, AuditRow, Checkpoint, VerifyResult } from '@kaohe/store';
export { createUser, updateUser, unlockUser, resetPassword, resetTotp, listUsers, login, openSession, resolveSession, changePassword, generatePassword, SYSTEM_ACTOR } from './identity.ts';
export { AUDIT_TAIL_NOTE } from './audit-note.ts';
export { LoginThrottle, DEFAULT_BACKOFF, type BackoffPolicy } from './throttle.ts';
export type { Actor, CreateUserInput, UserPatch, UserView, SessionInfo } from './identity.ts';
export { ROLES, BUSINESS_ROLES, ADMIN_ROLES, scopeFilter, authorize, checkRoleSet, regionPrefix } from './policy.ts';
export type { Role, Principal, RoutePolicy, Scope, ScopeColumns, SqlCondition } from './policy.ts';
export { DEFAULT_SECURITY, passwordProblems, commonPasswords } from './security.ts';
export type { SecurityPolicy } from './security.ts';
export { ApiError, ERRORS } from './errors.ts';
export type { ErrorId, ErrorBody } from './errors.ts';
export { defineRoute, listQuery, listResponse, loadRoutes } from './route.ts';
export type { RouteDef, Ctx, Probe, ExportColumn } from './route.ts';
export { JobHub, sendSse } from './sse.ts';
export type { ImportFilesFn, WriteTemplateFn, Services } from './services.ts';

/** Build the server and listen on `host:port` (port 0: any free port). Returns the server and its URL. */
export async function startServer(opts: BuildServerOptions & { host?: string; port?: number }): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer(opts);
  const url = await app.listen({ host: opts.host ?? opts.config.host, port: opts.port ?? opts.config.port });
  return { app, url };
}
export { seedDemoAccounts, DEMO_PASSWORD, type DemoAccount } from './demo.ts';
