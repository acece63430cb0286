/** /users: account administration by the security administrator (secadmin) — every change audited. */
import { createUser, listUsers, resetPassword, resetTotp, unlockUser, updateUser, type UserView } from '../../identity.ts';
import { defineRoute } from '../../route.ts';
import { createBody, createResponse, idParams, patchBody, resetResponse, userItem, usersList, usersQuery } from './schema.ts';

const secadmin = { allow: ['secadmin'], scope: 'none' } as const;

export const routes = [
  defineRoute({
    method: 'GET', url: '/users', summary: 'List accounts 账户列表', policy: secadmin,
    schema: { querystring: usersQuery, response: { 200: usersList } },
    list: {
      name: 'users',
      columns: [
        { key: 'username', zh: '用户名', en: 'Username' }, { key: 'name', zh: '姓名', en: 'Name' }, { key: 'roles', zh: '角色', en: 'Roles' },
        { key: 'agency', zh: '部门', en: 'Agency' }, { key: 'region', zh: '区划', en: 'Region' }, { key: 'expiresAt', zh: '到期', en: 'Expires' },
        { key: 'locked', zh: '锁定', en: 'Locked' }, { key: 'lastLoginAt', zh: '最近登录', en: 'Last sign-in' },
      ],
    },
    probe: {},
    async handler({ db, query, paging }) {
      return listUsers(db, { q: query.q, role: query.role, limit: paging.limit, offset: paging.offset, sort: query.sort ?? 'username', order: paging.order });
    },
  }),
  defineRoute({
    method: 'POST', url: '/users', summary: 'Create an account 新建账户 (returns the initial password once)', policy: secadmin,
    schema: { body: createBody, response: { 200: createResponse } },
    probe: { body: (f) => ({ username: `probe-${f.unique}`, name: '探针', roles: ['agency-admin'], agency: f.agency }) },
    async handler({ db, body, actor, security }) {
      return createUser(db, body, actor, security);
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/users/:id', summary: 'Change name, roles, scope, expiry or status 修改账户/角色/范围', policy: secadmin,
    schema: { params: idParams, body: patchBody, response: { 200: userItem } },
    probe: { path: (f) => `/users/${f.userId}`, body: () => ({ name: '改名' }), scopedTarget: false },
    async handler({ db, params, body, actor }): Promise<UserView> {
      return updateUser(db, params.id, body, actor);
    },
  }),
  defineRoute({
    method: 'POST', url: '/users/:id/unlock', summary: 'Unlock an account 解锁', policy: secadmin,
    schema: { params: idParams, response: { 200: userItem } },
    probe: { path: (f) => `/users/${f.userId}/unlock`, scopedTarget: false },
    async handler({ db, params, actor, services }) {
      const u = await unlockUser(db, params.id, actor);
      services.throttle.clearAccount(u.username);
      return u;
    },
  }),
  defineRoute({
    method: 'POST', url: '/users/:id/reset-password', summary: 'Reset to a new initial password 重置密码', policy: secadmin,
    schema: { params: idParams, response: { 200: resetResponse } },
    probe: { path: (f) => `/users/${f.userId}/reset-password`, scopedTarget: false },
    async handler({ db, params, actor, security }) {
      return resetPassword(db, params.id, actor, security);
    },
  }),
  defineRoute({
    method: 'POST', url: '/users/:id/totp/reset', summary: 'Reset another user\'s second factor 重置动态口令 (ends the user\'s sessions; audited)', policy: secadmin,
    schema: { params: idParams, response: { 200: userItem } },
    probe: { path: (f) => `/users/${f.userId}/totp/reset`, scopedTarget: false },
    async handler({ db, params, actor }) {
      return resetTotp(db, params.id, actor);
    },
  }),
];
