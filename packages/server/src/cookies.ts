/** Session cookies: HttpOnly, SameSite=Strict, Secure when config.secureCookies; the CSRF cookie is readable by the SPA. */
import type { FastifyReply } from 'fastify';
import type { Config } from '@kaohe/app';

export const SESSION_COOKIE = 'kaohe_sid';
export const CSRF_COOKIE = 'kaohe_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function setSessionCookies(reply: FastifyReply, config: Config, token: string, csrf: string, maxAgeSeconds: number): void {
  const o = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies, maxAge: maxAgeSeconds };
  reply.setCookie(SESSION_COOKIE, token, { ...o, httpOnly: true }).setCookie(CSRF_COOKIE, csrf, { ...o, httpOnly: false });
}

export function clearCookies(reply: FastifyReply, config: Config): void {
  const o = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };
  reply.clearCookie(SESSION_COOKIE, { ...o, httpOnly: true }).clearCookie(CSRF_COOKIE, { ...o, httpOnly: false });
}
