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
import { ApiError, errorBody, fieldIssues, type FieldIssue } from './errors.ts';
import { resolveSession, type SessionInfo } from './identity.ts';
import { authorize, scopeFilter, type Principal } from './policy.ts';
import { MAX_EXPORT_ROWS, type Ctx, type RouteDef, loadRoutes } from './route.ts';
import { DEFAULT_SECURITY, type SecurityPolicy } from './security.ts';
import { defaultServices, type Services } from './services.ts';
import { safeEqual } from './crypto.ts';
import { toXlsx } from './xlsx.ts';
import { LoginThrottle } from './throttle.ts';
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
  /** true: log to stdout; a stream: log there (tests). Query strings are redacted from every logged URL. */
  logger?: boolean | { stream: { write(line: string): void } };
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
  const services = defaultServices(config, { throttle: new LoginThrottle(security.loginBackoff), ...opts.services });
  const routes = opts.routes ?? (await loadRoutes());

  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: DEFAULT_BODY_LIMIT,
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

  // JSON only, except the upload routes' raw bodies (checked per route in the onRequest hook below, before any
  // byte of the body is read): no text/plain, no form bodies
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: config.uploadLimitMb * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith(API_PREFIX)) return;
    const def = (r.config as { kaohe?: RouteDef } | undefined)?.kaohe;
    if (!def?.policy) throw new Error(`route ${r.method} ${r.url} declares no policy`);
  });

  // the body's type and size first: nothing is parsed of a body the route does not take
  app.addHook('onRequest', async (req) => {
    const def = req.routeOptions.config.kaohe;
    if (!def) return;
    checkBodyEnvelope(req, def, config.uploadLimitMb * 1024 * 1024);
  });

  // a state change may end or change sessions (sign-out, password, roles, a reset): forget every cached one, when the
  // change starts and again when it has answered (a read in between must not keep the old state)
  const sessions = new SessionCache();
  app.addHook('onRequest', async (req) => { if (req.method !== 'GET' && req.method !== 'HEAD') sessions.clear(); });
  app.addHook('onResponse', async (req) => { if (req.method !== 'GET' && req.method !== 'HEAD') sessions.clear(); });

  // session → policy → CSRF, before validation: an anonymous caller learns nothing about the schema
  app.addHook('onRequest', async (req, reply) => {
    const def = req.routeOptions.config.kaohe;
    if (!def) return;
    const token = req.cookies[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const read = req.method === 'GET' || req.method === 'HEAD';
      const s = (read ? sessions.get(token, now()) : undefined) ?? await resolveSession(db, token, security, now());
      if (s === 'expired') expired = true;
      else {
        req.session = s;
        if (s && read) sessions.put(token, s, now());
      }
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

  // a NUL byte or a lone surrogate anywhere in the parameters, query or JSON body: 400 naming the field, before the
  // schema (the database refuses 0x00 in text, and a lone surrogate is not valid UTF-8)
  app.addHook('preValidation', async (req) => {
    if (!req.routeOptions.config.kaohe) return;
    const bad = [...badText(req.params, 'params'), ...badText(req.query, 'querystring'), ...(Buffer.isBuffer(req.body) ? [] : badText(req.body, 'body'))];
    if (bad.length) throw new ApiError('validation', bad);
  });

  // API answers carry personal data (names, cases, accounts): never stored by a browser or a proxy
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/v1/')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler(async (err: unknown, req, reply) => {
    if (err instanceof ApiError) {
      // a refused request (403) is audited: who tried what
      if (err.status === 403) {
        const u = req.session?.user;
        await auditNow(db, { actor: u?.username ?? 'anonymous', role: u?.roles.join(',') ?? null, ip: req.ip, action: 'access.refused', target: `${req.method} ${req.routeOptions.url ?? redactUrl(req.url)}`, detail: { reason: err.id } }).catch((e: unknown) => req.log.error(e));
      }
      return reply.code(err.status).send(err.body());
    }
    const e = err as { validation?: { keyword?: string; instancePath?: string; message?: string; params?: { keys?: string[] } }[]; validationContext?: string; statusCode?: number; code?: string; message?: string };
    if (e.validation) {
      const issues = e.validation.map((v) => ({ code: v.keyword, path: (v.instancePath ?? '').split('/').filter(Boolean), message: v.message ?? 'invalid', keys: v.params?.keys }));
      return reply.code(400).send(errorBody('validation', fieldIssues(issues, e.validationContext)));
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('body.too-large'));
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(errorBody('body.unsupported-type'));
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



/** The body limit of a JSON route without its own (`RouteDef.bodyLimit`). */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/**
 * Refuse a body the route does not take, from the headers alone: a raw (octet-stream) body only on upload routes,
 * JSON on every other, and no more bytes than the route's limit (Content-Length; a chunked body is cut by Fastify's
 * own limit while it streams).
 */
function checkBodyEnvelope(req: FastifyRequest, def: RouteDef, uploadLimit: number): void {
  const len = req.headers['content-length'];
  const chunked = typeof req.headers['transfer-encoding'] === 'string';
  const hasBody = chunked || (len !== undefined && len !== '0');
  if (!hasBody) return;
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const wanted = def.upload ? 'application/octet-stream' : 'application/json';
  if (type !== wanted) throw new ApiError('body.unsupported-type', { expected: wanted });
  const limit = def.upload ? uploadLimit : (def.bodyLimit ?? DEFAULT_BODY_LIMIT);
  if (len !== undefined && Number(len) > limit) throw new ApiError('body.too-large', { limit });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every string (key or value) of `v` holding a NUL byte or a lone surrogate, as field issues (`body.event.id`). */
export function badText(v: unknown, path: string, out: FieldIssue[] = [], depth = 0): FieldIssue[] {
  if (out.length >= 20 || depth > 64) return out;
  if (typeof v === 'string') {
    if (v.includes('\u0000')) out.push({ field: path, reason: { zh: '含有空字符（NUL，0x00）', en: 'contains a NUL character (0x00)' } });
    else if (LONE_SURROGATE.test(v)) out.push({ field: path, reason: { zh: '含有无效的 Unicode 字符（孤立代理项）', en: 'contains an invalid Unicode character (lone surrogate)' } });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => badText(x, `${path}.${i}`, out, depth + 1));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const kp = `${path}.${k}`;
      if (badText(k, kp, [], depth + 1).length) badText(k, kp, out, depth + 1);
      else badText(x, kp, out, depth + 1);
    }
  }
  return out;
}

/** A URL with its query string replaced: a `?q=` holds party names and must not reach a log. */
export function redactUrl(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : `${url.slice(0, i)}?[redacted]`;
}

function loggerOptions(l: BuildServerOptions['logger']): false | Record<string, unknown> {
  if (!l) return false;
  const serializers = {
    req: (req: { method: string; url: string; ip?: string; socket?: { remoteAddress?: string } }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip ?? req.socket?.remoteAddress }),
  };
  return l === true ? { serializers } : { serializers, stream: l.stream };
}

/**
 * Sessions resolved in the last `SESSION_CACHE_MS`, for reads only. Under load every statement of every request
 * waits its turn on PGlite's single connection; the session lookup was one statement of every request (a third of a
 * case page's). A change made in this server clears the cache (above); one made by another process (the CLI's
 * `user` verbs) is seen within SESSION_CACHE_MS.
 */
export const SESSION_CACHE_MS = 2000;

class SessionCache {
  private readonly map = new Map<string, { s: SessionInfo; at: number }>();
  get(token: string, now: Date): SessionInfo | undefined {
    const e = this.map.get(token);
    if (!e) return undefined;
    const age = now.getTime() - e.at;
    if (age < 0 || age >= SESSION_CACHE_MS) { this.map.delete(token); return undefined; }
    return e.s;
  }
  put(token: string, s: SessionInfo, now: Date): void {
    if (this.map.size >= 10_000) this.map.clear();
    if (!this.map.has(token)) this.map.set(token, { s, at: now.getTime() });
  }
  clear(): void {
    this.map.clear();
  }
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
    bodyLimit: def.upload ? deps.config.uploadLimitMb * 1024 * 1024 : (def.bodyLimit ?? DEFAULT_BODY_LIMIT),
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
