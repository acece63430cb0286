/** Test harness: a server on a fresh database, and a client that keeps the session cookie and CSRF token. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '@kaohe/store';
import { buildServer, type BuildServerOptions } from './server.ts';
import { createTestDb, testConfig } from './testing.ts';
import { createUser, openSession, type CreateUserInput } from './identity.ts';
import { SESSION_COOKIE } from './cookies.ts';
import type { Role } from './policy.ts';

export interface Harness {
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
}

export async function harness(opts: Partial<BuildServerOptions> = {}): Promise<Harness> {
  const t = await createTestDb();
  const app = await buildServer({ db: t.db, config: testConfig(), security: { loginRateLimit: 1000, publicRateLimit: 1000 }, ...opts });
  await app.ready();
  return { app, db: t.db, close: async () => { await app.close(); await t.cleanup(); } };
}

export class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  async req(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const r = await this.app.inject({
      method: method as 'GET', url: url.startsWith('/api') ? url : '/api/v1' + url,
      headers: { ...(this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}), ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}), ...headers },
      ...(body !== undefined ? (Buffer.isBuffer(body) || typeof body === 'string' ? { payload: body } : { payload: body as object }) : {}),
    });
    const sid = r.cookies.find((c) => c.name === SESSION_COOKIE);
    if (sid) this.cookie = sid.value;
    return r;
  }
  get = (url: string) => this.req('GET', url);
  post = (url: string, body: unknown = {}) => this.req('POST', url, body);

  async login(username: string, password: string, totp?: string): Promise<LightMyRequestResponse> {
    const r = await this.post('/auth/login', { username, password, ...(totp ? { totp } : {}) });
    if (r.statusCode === 200) this.csrf = r.json().csrfToken;
    return r;
  }
}

/** A client with an open session for a new user (no password round trip). */
export async function signedIn(h: Harness, input: Partial<CreateUserInput> & { roles: Role[] }): Promise<Client> {
  const { user } = await createUser(h.db, { username: `u${Math.random().toString(36).slice(2, 10)}`, name: '测试用户', password: 'Test-Pass-123', mustChangePassword: false, ...input });
  const { token, session } = await openSession(h.db, user.id);
  const c = new Client(h.app);
  c.cookie = token;
  c.csrf = session.csrfToken;
  return c;
}
