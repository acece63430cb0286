/**
 * /items: enforcement items (执法事项) with their discretion benchmark tiers — a shared registry, not department data.
 * Region-wide reference data: only the supervision body registers and changes it (as only it may import it); a new
 * benchmark version is a new row, an item is deactivated, never deleted.
 */
import { dayOf, num } from '@kaohe/store';
import { createItem, updateItem } from '@kaohe/app';
import { BUSINESS_ROLES } from '../../policy.ts';
import { defineRoute } from '../../route.ts';
import { like, orderBy, Where } from '../../sql.ts';
import { edit } from '../agencies/edit.ts';
import { createItemBody, item, itemParams, itemsList, itemsQuery, itemVersion, patchItemBody } from './schema.ts';


export const routes = [
  defineRoute({
    method: 'GET', url: '/items', summary: 'Enforcement items and benchmarks 执法事项与裁量基准',
    policy: { allow: BUSINESS_ROLES, scope: 'none' },
    schema: { querystring: itemsQuery, response: { 200: itemsList } },
    list: {
      name: 'items',
      columns: [
        { key: 'code', zh: '事项编码', en: 'Code' }, { key: 'version', zh: '版本', en: 'Version' }, { key: 'name', zh: '事项名称', en: 'Name' },
        { key: 'domain', zh: '领域', en: 'Domain' }, { key: 'penaltyArticle', zh: '处罚依据', en: 'Penalty article' }, { key: 'tiers', zh: '裁量阶次', en: 'Tiers' },
        { key: 'active', zh: '状态', en: 'Status', value: (r) => (r.active ? '有效' : '停用') },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const w = new Where();
      if (query.q) w.and(`(i.code ILIKE ${w.p(like(query.q))} OR i.name ILIKE $${w.params.length})`);
      if (query.domain) w.and(`i.domain = ${w.p(query.domain)}`);
      if (query.active) w.and(`i.active = ${w.p(query.active === 'true')}`);
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
          issuer: (r.issuer as string) ?? null, effective: dayOf(r.effective), active: r.active !== false,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/items', summary: 'Register an enforcement item or a new benchmark version 新增执法事项/裁量基准版本 (audited)',
    policy: { allow: ['supervisor'], scope: 'none' },
    schema: { body: createItemBody, response: { 200: item } },
    // only the supervisor passes: one item per side, which the PATCH probe below then changes
    probe: { body: (f) => ({ code: `IT-PROBE-${f.side}`, name: '探针事项', domain: 'market', kinds: ['fine'], range: { min: 0, max: 10000 }, tiers: [{ tier: '一般', min: 0, max: 10000, circumstances: ['general'] }] }) },
    async handler(ctx) {
      return edit(() => createItem(ctx.db, ctx.body, { actor: ctx.actor }));
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/items/:code', summary: 'Change an item version and its benchmark tiers, or (de)activate it 修改执法事项/裁量基准 (?version=; audited)',
    policy: { allow: ['supervisor'], scope: 'none' },
    schema: { params: itemParams, querystring: itemVersion, body: patchItemBody, response: { 200: item } },
    probe: { path: (f) => `/items/IT-PROBE-${f.side}`, body: () => ({ name: '探针事项（修订）' }) },
    async handler(ctx) {
      return edit(() => updateItem(ctx.db, ctx.params.code, ctx.query.version, ctx.body, { actor: ctx.actor }));
    },
  }),
];
