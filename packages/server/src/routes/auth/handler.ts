/** /auth: sign in, sign out, who am I, change password, TOTP enrolment. */
import { z } from 'zod';
import { changePassword, login, logout, totpDisable, totpEnable, totpSetup, type SessionInfo } from '../../identity.ts';
import { defineRoute } from '../../route.ts';
import { clearCookies, setSessionCookies } from '../../cookies.ts';
import { loginBody, loginResponse, meResponse, ok, passwordBody, reauthBody, totpEnableBody } from './schema.ts';

/** Sign-in and account bodies are a few fields: 4 KB is plenty, and a large body is refused before it is read. */
const AUTH_BODY_LIMIT = 4 * 1024;

const presentMe = (s: SessionInfo) => ({
  user: { id: s.user.id, username: s.user.username, name: s.user.name, roles: s.user.roles, agency: s.user.agency, region: s.user.region },
  csrfToken: s.csrfToken,
  mustChangePassword: s.mustChangePassword,
  totpEnabled: s.totpEnabled,
  totpEnrolmentRequired: s.totpEnrolmentRequired,
});

export const routes = [
  defineRoute({
    method: 'POST', url: '/auth/login', summary: 'Sign in 登录',
    policy: { allow: 'public', scope: 'none' }, noCsrf: true, rateLimit: 'login', bodyLimit: AUTH_BODY_LIMIT,
    schema: { body: loginBody, response: { 200: loginResponse } },
    probe: { body: () => ({ username: 'nobody', password: 'x' }), ok: [401] },
    async handler({ body, db, config, security, reply, req, now, services }) {
      const r = await login(db, { ...body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null }, { policy: security, cipher: services.cipher, throttle: services.throttle, now: now() });
      setSessionCookies(reply, config, r.token, r.session.csrfToken, security.absoluteHours * 3600);
      const me = presentMe(r.session);
      return { user: me.user, csrfToken: me.csrfToken, mustChangePassword: me.mustChangePassword, totpEnrolmentRequired: me.totpEnrolmentRequired };
    },
  }),
  defineRoute({
    method: 'POST', url: '/auth/logout', summary: 'Sign out 退出', duringPasswordChange: true,
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { response: { 200: ok } },
    probe: {},
    async handler({ db, session, actor, reply, config }) {
      await logout(db, session!, actor);
      clearCookies(reply, config);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET', url: '/auth/me', summary: 'The signed-in user 当前用户', duringPasswordChange: true,
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { response: { 200: meResponse } },
    probe: {},
    async handler({ session }) {
      return presentMe(session!);
    },
  }),
  defineRoute({
    method: 'POST', url: '/auth/password', summary: 'Change own password 修改密码', duringPasswordChange: true, bodyLimit: AUTH_BODY_LIMIT,
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { body: passwordBody, response: { 200: ok } },
    probe: { body: () => ({ current: 'wrong-password', next: 'Another-Pass-1' }), ok: [400] },
    async handler({ db, session, body, actor, security, now }) {
      await changePassword(db, session!, body.current, body.next, actor, security, now());
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST', url: '/auth/totp/setup', summary: 'Start TOTP enrolment or replace the second factor 绑定/更换动态口令 (current password or code required; audited)',
    duringPasswordChange: true, bodyLimit: AUTH_BODY_LIMIT,
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { body: reauthBody, response: { 200: z.object({ secret: z.string(), uri: z.string() }) } },
    probe: { body: () => ({ password: 'wrong-password' }), ok: [400] },
    async handler({ db, session, services, body, actor, now }) {
      return totpSetup(db, session!, body, services.cipher, actor, { throttle: services.throttle, now: now() });
    },
  }),
  defineRoute({
    method: 'POST', url: '/auth/totp/enable', summary: 'Confirm TOTP enrolment with a code 确认动态口令', duringPasswordChange: true, bodyLimit: AUTH_BODY_LIMIT,
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { body: totpEnableBody, response: { 200: ok } },
    probe: { body: () => ({ code: '000000' }), ok: [400] },
    async handler({ db, session, body, services, actor }) {
      await totpEnable(db, session!, body.code, services.cipher, actor);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST', url: '/auth/totp/disable', summary: 'Remove own second factor 解除动态口令 (current password or code required; audited)',
    duringPasswordChange: true, bodyLimit: AUTH_BODY_LIMIT,
    policy: { allow: 'signed-in', scope: 'none' },
    schema: { body: reauthBody, response: { 200: ok } },
    probe: { body: () => ({ password: 'wrong-password' }), ok: [400] },
    async handler({ db, session, services, body, actor, now }) {
      await totpDisable(db, session!, body, services.cipher, actor, { throttle: services.throttle, now: now() });
      return { ok: true as const };
    },
  }),
];
