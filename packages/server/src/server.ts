/**
 * The HTTP server: Fastify 5 with zod schemas (validation + OpenAPI), security headers, rate limits, sessions,
 * CSRF, the policy hook, uniform errors, list paging/export, and the SPA.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '@kaohe/app';
import type { Db } from '@kaohe/store';
import { auditNow } from '@kaohe/store';
import { localDate } from '@kaohe/core';
import { ApiError, errorBody, fieldIssues } from './errors.ts';
import { resolveSession, type SessionInfo } from './identity.ts';
import { authorize, scopeFilter, type Principal } from './policy.ts';
import { MAX_EXPORT_ROWS, type Ctx, type RouteDef, loadRoutes } from './route.ts';
import { DEFAULT_SECURITY, type SecurityPolicy } from './security.ts';
import { defaultServices, type Services } from './services.ts';
import { safeEqual } from './crypto.ts';
import { toXlsx } from './xlsx.ts';
import { CSRF_HEADER, SESSION_COOKIE, clearCookies } from './cookies.ts';

export const API_PREFIX = '/api/v1';

export interface BuildServerOptions {
  db: Db;
  config: Config;
  /** a built Vite dist folder, served at `/` with SPA fallback */
  webRoot?: string;
  /** overrides of the security policy (password, lockout, timeouts, rate limits) */
  security?: Partial<SecurityPolicy>;
  /** the route table (default: every routes/<resource>/handler.ts) — tests pass a modified copy */
  routes?: RouteDef[];
  services?: Partial<Services>;
  /** the clock (tests) */
  now?: () => Date;
  logger?: boolean;
  /** trust X-Forwarded-For from a reverse proxy */
  trustProxy?: boolean | string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    kaohe?: RouteDef;
  }
  interface FastifyRequest {
    session: SessionInfo | null;
  }
}

/** Build the server (not listening). Every API route must declare a policy: a route without one fails the build. */
export async function buildServer(opts: BuildServerOptions): Promise<FastifyInstance> {
  const { db, config } = opts;
  const security: SecurityPolicy = { ...DEFAULT_SECURITY, ...opts.security };
  const now = opts.now ?? (() => new Date());
  const services = defaultServices(config, opts.services);
  const routes = opts.routes ?? (await loadRoutes());

  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('session', null);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design (CSS-in-JS) and ECharts set inline styles
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => Object.assign(new ApiError('rate-limited', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }), { statusCode: 429 }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kaohe 考核 API', description: 'Administrative law-enforcement assessment — see docs/api.md', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER } } },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // raw uploads (imports): the body arrives as a Buffer, limited per route
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: config.uploadLimitMb * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith(API_PREFIX)) return;
    const def = (r.config as { kaohe?: RouteDef } | undefined)?.kaohe;
    if (!def?.policy) throw new Error(`route ${r.method} ${r.url} declares no policy`);
  });

  // session → policy → CSRF, before validation: an anonymous caller learns nothing about the schema
  app.addHook('onRequest', async (req, reply) => {
    const def = req.routeOptions.config.kaohe;
    if (!def) return;
    const token = req.cookies[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const s = await resolveSession(db, token, security, now());
      if (s === 'expired') expired = true;
      else req.session = s;
    }
    if (def.policy.allow === 'public') return;
    if (!req.session) {
      if (token) clearCookies(reply, config);
      throw new ApiError(expired ? 'auth.session-expired' : 'auth.required');
    }
    const s = req.session;
    if (!def.duringPasswordChange) {
      if (s.mustChangePassword) throw new ApiError('auth.password-change-required');
      if (s.totpEnrolmentRequired) throw new ApiError('auth.password-change-required', { totpEnrolmentRequired: true }, { zh: '管理员须先启用动态口令', en: 'Administrators must enrol TOTP first' });
    }
    authorize(def.policy, s.user);
    if (req.method !== 'GET' && req.method !== 'HEAD' && !def.noCsrf) {
      const h = req.headers[CSRF_HEADER];
      if (typeof h !== 'string' || !safeEqual(h, s.csrfToken)) throw new ApiError('auth.csrf');
    }
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send(err.body());
    const e = err as { validation?: { keyword?: string; instancePath?: string; message?: string; params?: { keys?: string[] } }[]; validationContext?: string; statusCode?: number; code?: string; message?: string };
    if (e.validation) {
      const issues = e.validation.map((v) => ({ code: v.keyword, path: (v.instancePath ?? '').split('/').filter(Boolean), message: v.message ?? 'invalid', keys: v.params?.keys }));
      return reply.code(400).send(errorBody('validation', fieldIssues(issues, e.validationContext)));
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('body.too-large'));
    if (e.statusCode === 429) return reply.code(429).send(errorBody('rate-limited'));
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: { id: 'request.invalid', message: { zh: '请求无效', en: e.message ?? 'Bad request' }, details: { code: e.code } } });
    }
    req.log.error(err);
    return reply.code(500).send(errorBody('internal'));
  });

  const webRoot = opts.webRoot ? resolve(opts.webRoot) : undefined;
  if (webRoot && existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.url === '/api') return reply.code(404).send(errorBody('route.not-found'));
    if (webRoot && existsSync(webRoot) && (req.method === 'GET' || req.method === 'HEAD')) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return reply.code(404).send(errorBody('route.not-found'));
  });

  for (const def of routes) registerRoute(app, def, { db, config, security, services, now });
  return app;
}



interface Deps {
  db: Db;
  config: Config;
  security: SecurityPolicy;
  services: Services;
  now: () => Date;
}

function registerRoute(app: FastifyInstance, def: RouteDef, deps: Deps): void {
  if (!def.policy) throw new Error(`route ${def.method} ${API_PREFIX}${def.url} declares no policy`);
  const rl = def.rateLimit === 'login' ? { max: deps.security.loginRateLimit, timeWindow: 60_000 } : def.rateLimit === 'public' || def.policy.allow === 'public' ? { max: deps.security.publicRateLimit, timeWindow: 60_000 } : undefined;
  app.route({
    method: def.method,
    url: API_PREFIX + def.url,
    schema: { ...def.schema, summary: def.summary, tags: def.tags ?? [def.url.split('/')[1] ?? 'api'] },
    config: { kaohe: def, ...(rl ? { rateLimit: rl } : {}) },
    ...(def.upload ? { bodyLimit: deps.config.uploadLimitMb * 1024 * 1024 } : {}),
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const session = req.session;
      const user = session?.user ?? (null as unknown as Principal);
      const q = (req.query ?? {}) as Record<string, unknown>;
      const exporting = Boolean(def.list) && q.format === 'xlsx';
      const page = Number(q.page ?? 1);
      const pageSize = Number(q.pageSize ?? 20);
      const ctx: Ctx = {
        req, reply, query: req.query, params: req.params, body: req.body,
        db: deps.db, config: deps.config, security: deps.security, services: deps.services, now: deps.now,
        session, user,
        actor: { username: user?.username ?? 'anonymous', role: user?.roles.join(',') ?? null, ip: req.ip },
        scope: (cols, first = 1) => scopeFilter(user, def.policy.scope, cols, first),
        paging: {
          page: exporting ? 1 : page, pageSize: exporting ? MAX_EXPORT_ROWS : pageSize,
          limit: exporting ? MAX_EXPORT_ROWS : pageSize, offset: exporting ? 0 : (page - 1) * pageSize,
          sort: q.sort as string | undefined, order: q.order === 'desc' ? 'desc' : 'asc', exporting,
        },
      };
      const out = await def.handler(ctx);
      if (reply.sent) return reply;
      if (!def.list) return out;
      const { items, total } = out as { items: Record<string, unknown>[]; total: number };
      if (exporting) {
        const buf = await toXlsx(def.list.name, def.list.columns, items);
        await auditNow(deps.db, { actor: ctx.actor.username, role: ctx.actor.role, ip: ctx.actor.ip, action: 'export', target: def.url, detail: { rows: items.length, total, query: q } });
        // the day of the export where the bureau is (not the UTC day: before 08:00 in China that is yesterday)
        const fname = `${def.list.name}-${localDate(deps.now().toISOString(), deps.config.timezone)}.xlsx`;
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${fname.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fname)}`)
          .send(buf);
      }
      return { items, total, page, pageSize };
    },
  });
}
