/** /items: enforcement items (执法事项) with their discretion benchmark tiers — a shared registry, not department data. */
import { z } from 'zod';
import { num } from '@kaohe/store';
import { BUSINESS_ROLES } from '../../policy.ts';
import { defineRoute, listQuery, listResponse } from '../../route.ts';
import { like, orderBy, Where } from '../../sql.ts';

const item = z.object({
  code: z.string(), version: z.string(), name: z.string(), domain: z.string(), violatedArticle: z.string().nullable(), penaltyArticle: z.string().nullable(),
  kinds: z.array(z.string()), range: z.unknown().nullable(), multiple: z.unknown().nullable(), tiers: z.unknown().nullable(), issuer: z.string().nullable(), effective: z.string().nullable(),
});

export const routes = [
  defineRoute({
    method: 'GET', url: '/items', summary: 'Enforcement items and benchmarks 执法事项与裁量基准',
    policy: { allow: BUSINESS_ROLES, scope: 'none' },
    schema: { querystring: listQuery({ q: z.string().max(64).optional(), domain: z.string().max(32).optional() }, ['code', 'name', 'domain', 'effective']), response: { 200: listResponse(item) } },
    list: { name: 'items', columns: [{ key: 'code', zh: '事项编码', en: 'Code' }, { key: 'version', zh: '版本', en: 'Version' }, { key: 'name', zh: '事项名称', en: 'Name' }, { key: 'domain', zh: '领域', en: 'Domain' }, { key: 'penaltyArticle', zh: '处罚依据', en: 'Penalty article' }, { key: 'tiers', zh: '裁量阶次', en: 'Tiers' }] },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const w = new Where();
      if (query.q) w.and(`(i.code ILIKE ${w.p(like(query.q))} OR i.name ILIKE $${w.params.length})`);
      if (query.domain) w.and(`i.domain = ${w.p(query.domain)}`);
      const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM items i ${w.sql}`, w.params)).rows[0]?.n);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT * FROM items i ${w.sql} ${orderBy({ code: 'i.code', name: 'i.name', domain: 'i.domain', effective: 'i.effective' }, paging.sort, paging.order, 'i.code')}, i.version LIMIT ${paging.limit} OFFSET ${paging.offset}`,
        w.params,
      );
      return {
        total,
        items: rows.rows.map((r) => ({
          code: String(r.code), version: String(r.version ?? ''), name: String(r.name), domain: String(r.domain), violatedArticle: (r.violated_article as string) ?? null,
          penaltyArticle: (r.penalty_article as string) ?? null, kinds: (r.kinds as string[]) ?? [], range: r.range ?? null, multiple: r.multiple ?? null, tiers: r.tiers ?? null,
          issuer: (r.issuer as string) ?? null, effective: r.effective ? (r.effective instanceof Date ? r.effective.toISOString().slice(0, 10) : String(r.effective).slice(0, 10)) : null,
        })),
      };
    },
  }),
];
