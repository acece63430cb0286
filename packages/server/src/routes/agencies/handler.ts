/**
 * /agencies: the agency registry, scoped (a department sees its own row, a region role its region). The supervision
 * body registers and changes the agencies of its region; an agency is deactivated, never deleted.
 */
import { num } from '@kaohe/store';
import { createAgency, updateAgency } from '@kaohe/app';
import { BUSINESS_ROLES } from '../../policy.ts';
import { defineRoute } from '../../route.ts';
import { like, orderBy, Where } from '../../sql.ts';
import { edit, editScope } from './edit.ts';
import { agenciesList, agenciesQuery, agency, agencyParams, createAgencyBody, patchAgencyBody } from './schema.ts';

export const routes = [
  defineRoute({
    method: 'GET', url: '/agencies', summary: 'Agency registry 执法部门',
    policy: { allow: BUSINESS_ROLES, scope: 'region' },
    schema: { querystring: agenciesQuery, response: { 200: agenciesList } },
    list: {
      name: 'agencies',
      columns: [
        { key: 'code', zh: '部门代码', en: 'Code' }, { key: 'name', zh: '部门名称', en: 'Name' }, { key: 'region', zh: '区划', en: 'Region' },
        { key: 'domain', zh: '领域', en: 'Domain' }, { key: 'level', zh: '层级', en: 'Level' }, { key: 'parent', zh: '上级部门', en: 'Parent' },
        { key: 'active', zh: '状态', en: 'Status', value: (r) => (r.active ? '启用' : '停用') },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const w = new Where().scope(ctx, { agency: 'a.code', region: 'a.region_code' });
      if (query.q) w.and(`(a.code ILIKE ${w.p(like(query.q))} OR a.name ILIKE $${w.params.length})`);
      if (query.domain) w.and(`a.domain = ${w.p(query.domain)}`);
      if (query.region) w.and(`a.region_code LIKE ${w.p(query.region + '%')}`);
      if (query.active) w.and(`a.active = ${w.p(query.active === 'true')}`);
      const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM agencies a ${w.sql}`, w.params)).rows[0]?.n);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT code, name, region_code, domain, level, parent, active FROM agencies a ${w.sql} ${orderBy({ code: 'a.code', name: 'a.name', region: 'a.region_code' }, paging.sort, paging.order, 'a.code')} LIMIT ${paging.limit} OFFSET ${paging.offset}`,
        w.params,
      );
      return {
        items: rows.rows.map((r) => ({ code: String(r.code), name: String(r.name), region: String(r.region_code), domain: String(r.domain), level: String(r.level), parent: (r.parent as string | null) ?? null, active: r.active !== false })),
        total,
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/agencies', summary: 'Register an agency 新增执法部门 (validated as kaohe.agency/v1, audited)',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { body: createAgencyBody, response: { 200: agency } },
    // an agency of another region is refused as not found, like any other-scope target
    probe: { body: (f) => ({ code: `AG-NEW-${f.unique}`, name: '探针市场监督管理局', region: f.region, domain: 'market', level: 'county' }), scopedTarget: true },
    async handler(ctx) {
      return edit(() => createAgency(ctx.db, ctx.body, { actor: ctx.actor, scope: editScope(ctx) }));
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/agencies/:code', summary: 'Change or (de)activate an agency 修改/停用执法部门 (audited)',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: agencyParams, body: patchAgencyBody, response: { 200: agency } },
    probe: { path: (f) => `/agencies/${f.agency}`, body: () => ({ name: '探针修改的部门名称', level: 'county' }) },
    async handler(ctx) {
      return edit(() => updateAgency(ctx.db, ctx.params.code, ctx.body, { actor: ctx.actor, scope: editScope(ctx) }));
    },
  }),
];
