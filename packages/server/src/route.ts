/**
 * The route table: each resource folder `routes/<name>/handler.ts` exports `routes: RouteDef[]`, found at start-up,
 * so adding a resource is a one-folder job. A route is data — method, url, policy, schemas, handler, and a `probe`
 * telling the access matrix test how to call it for an own-scope and an other-scope target.
 * Thin edges: schema (zod, validated by Fastify) → policy (server.ts hook) → command → presenter (the handler's return).
 */
import { readdirSync, existsSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '@kaohe/app';
import type { Db } from '@kaohe/store';
import type { Actor, SessionInfo } from './identity.ts';
import type { Principal, RoutePolicy, ScopeColumns, SqlCondition } from './policy.ts';
import type { SecurityPolicy } from './security.ts';
import type { Services } from './services.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ExportColumn {
  key: string;
  zh: string;
  en: string;
  /** value of the cell; defaults to row[key] */
  value?: (row: Record<string, unknown>) => unknown;
  width?: number;
}

export interface Paging {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
  sort?: string;
  order: 'asc' | 'desc';
  /** true when answering `?format=xlsx` (limit is then the export cap) */
  exporting: boolean;
}

export interface Ctx<Q = unknown, P = unknown, B = unknown> {
  req: FastifyRequest;
  reply: FastifyReply;
  query: Q;
  params: P;
  body: B;
  db: Db;
  config: Config;
  security: SecurityPolicy;
  services: Services;
  now: () => Date;
  /** the session, null only on public routes */
  session: SessionInfo | null;
  /** the signed-in user (routes that are not public) */
  user: Principal;
  actor: Actor;
  /** the policy's SQL condition for this route's scope, parameters numbered from `first` */
  scope(cols: ScopeColumns, first?: number): SqlCondition;
  /** list routes: page, size, sort */
  paging: Paging;
}

/** What the access-matrix test knows about the seeded data (see matrix.test.ts). */
export interface ProbeFixture {
  side: 'own' | 'other';
  agency: string;
  region: string;
  caseId: string;
  batchId: number;
  /** a warning on the side's case */
  warningId: number;
  /** an accountability matter on the side's case, naming the side's officer (`person`) */
  matterId: number;
  person: string;
  userId: number;
  unique: string;
}

export interface Probe {
  /** path with params filled in, relative to /api/v1 (default: the route url) */
  path?: (f: ProbeFixture) => string;
  body?: (f: ProbeFixture) => unknown;
  headers?: Record<string, string>;
  payload?: (f: ProbeFixture) => string | Buffer;
  /** statuses that mean "allowed and done" (default [200]) */
  ok?: number[];
  /** other-scope targets give 404 (default: the url has params and the scope is not 'none') */
  scopedTarget?: boolean;
}

export interface RouteDef {
  method: Method;
  /** relative to /api/v1, Fastify syntax (`/cases/:agency/:id`) */
  url: string;
  summary: string;
  tags?: string[];
  policy: RoutePolicy;
  schema: {
    querystring?: z.ZodType;
    params?: z.ZodType;
    body?: z.ZodType;
    response?: Record<number, z.ZodType>;
  };
  /** a list: the handler returns `{ items, total }`; `?format=xlsx` exports these columns */
  list?: { name: string; columns: ExportColumn[] };
  /** allowed while the password must be changed (auth routes) */
  duringPasswordChange?: boolean;
  /** needs no CSRF token (login: there is no session yet) */
  noCsrf?: boolean;
  rateLimit?: 'login' | 'public';
  /** raw upload body (application/octet-stream) up to config.uploadLimitMb */
  upload?: boolean;
  /** the largest JSON body in bytes (default DEFAULT_BODY_LIMIT, 256 KB; sign-in routes a few KB) */
  bodyLimit?: number;
  handler: (ctx: Ctx<any, any, any>) => Promise<unknown>;
  probe: Probe;
}

/** Define a route with its handler typed from its zod schemas. */
export function defineRoute<Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
  def: Omit<RouteDef, 'schema' | 'handler'> & {
    schema: { querystring?: Q; params?: P; body?: B; response?: Record<number, z.ZodType> };
    handler: (ctx: Ctx<z.infer<Q>, z.infer<P>, z.infer<B>>) => Promise<unknown>;
  },
): RouteDef {
  return def as RouteDef;
}

/** A calendar day YYYY-MM-DD that exists (2026-02-30 is refused at the edge, not by the database). */
export const day = z.iso.date();

export const MAX_PAGE_SIZE = 200;
export const MAX_EXPORT_ROWS = 100_000;

/**
 * The query schema of a list: page, pageSize, sort (one of `sortable`), order, format, plus the route's filters.
 * Unknown query parameters are rejected.
 */
export function listQuery<S extends z.ZodRawShape, const K extends readonly [string, ...string[]]>(filters: S, sortable: K) {
  return z.strictObject({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
    sort: z.enum(sortable).optional(),
    order: z.enum(['asc', 'desc']).default('asc'),
    format: z.enum(['json', 'xlsx']).default('json'),
    ...filters,
  });
}

/** The standard list envelope (for the OpenAPI document). */
export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

/** Every route of every resource folder under routes/ (handler.ts exporting `routes`), in folder order. */
export async function loadRoutes(): Promise<RouteDef[]> {
  const dir = new URL('./routes/', import.meta.url);
  const out: RouteDef[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = new URL(`./routes/${name}/handler.ts`, import.meta.url);
    if (!existsSync(file)) continue;
    const mod = (await import(file.href)) as { routes?: RouteDef[] };
    if (!Array.isArray(mod.routes)) throw new Error(`routes/${name}/handler.ts exports no routes`);
    out.push(...mod.routes);
  }
  return out;
}
