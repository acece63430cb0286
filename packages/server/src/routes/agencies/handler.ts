/** /agencies: the agency registry, scoped (a department sees its own row, a region role its region). */
import { z } from 'zod';
import { num } from '@kaohe/store';
import { BUSINESS_ROLES } from '../../policy.ts';
import { defineRoute, listQuery, listResponse } from '../../route.ts';
import { like, orderBy, Where } from '../../sql.ts';

const agency = z.object({ code: z.string(), name: z.string(), region: z.string(), domain: z.string(), level: z.string(), parent: z.string().nullable() });

export const routes = [
  defineRoute({
    method: 'GET', url: '/agencies', summary: 'Agency registry 执法部门',
    policy: { allow: BUSINESS_ROLES, scope: 'region' },
    schema: { querystring: listQuery({ q: z.string().max(64).optional(), domain: z.string().max(32).optional(), region: z.string().max(6).optional() }, ['code', 'name', 'region']), response: { 200: listResponse(agency) } },
    list: { name: 'agencies', columns: [{ key: 'code', zh: '部门代码', en: 'Code' }, { key: 'name', zh: '部门名称', en: 'Name' }, { key: 'region', zh: '区划', en: 'Region' }, { key: 'domain', zh: '领域', en: 'Domain' }, { key: 'level', zh: '层级', en: 'Level' }] },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const w = new Where().scope(ctx, { agency: 'a.code', region: 'a.region_code' });
      if (query.q) w.and(`(a.code ILIKE ${w.p(like(query.q))} OR a.name ILIKE $${w.params.length})`);
      if (query.domain) w.and(`a.domain = ${w.p(query.domain)}`);
      if (query.region) w.and(`a.region_code LIKE ${w.p(query.region + '%')}`);
      const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM agencies a ${w.sql}`, w.params)).rows[0]?.n);
      const rows = await db.query<Record<string, string>>(
        `SELECT code, name, region_code, domain, level, parent FROM agencies a ${w.sql} ${orderBy({ code: 'a.code', name: 'a.name', region: 'a.region_code' }, paging.sort, paging.order, 'a.code')} LIMIT ${paging.limit} OFFSET ${paging.offset}`,
        w.params,
      );
      return { items: rows.rows.map((r) => ({ code: r.code, name: r.name, region: r.region_code, domain: r.domain, level: r.level, parent: r.parent ?? null })), total };
    },
  }),
];
