/** /people: officers with posts and credential validity. The ID number is never returned (not even masked: it is
 * stored encrypted); names are masked to surname + 某 for roles whose work does not need them. */
import { z } from 'zod';
import { num } from '@kaohe/store';
import { defineRoute, listQuery, listResponse } from '../../route.ts';
import { maskName, seesNames } from '../../mask.ts';
import { like, orderBy, Where } from '../../sql.ts';

const day = (v: unknown): string | null => (v ? (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10)) : null);
const person = z.object({
  code: z.string(), name: z.string().nullable(), agency: z.string(), region: z.string(), posts: z.array(z.string()),
  credential: z.object({ number: z.string().nullable(), validFrom: z.string().nullable(), validTo: z.string().nullable(), valid: z.boolean() }).nullable(),
  nameMasked: z.boolean(),
});

export const routes = [
  defineRoute({
    method: 'GET', url: '/people', summary: 'Enforcement officers 执法人员 (ID numbers never returned)',
    policy: { allow: ['supervisor', 'agency-admin', 'evaluator'], scope: 'agency' },
    schema: {
      querystring: listQuery({ agency: z.string().max(64).optional(), q: z.string().max(64).optional(), post: z.string().max(32).optional(), credential: z.enum(['valid', 'expired', 'missing']).optional() }, ['code', 'name', 'agency', 'validTo']),
      response: { 200: listResponse(person) },
    },
    list: {
      name: 'people',
      columns: [
        { key: 'code', zh: '人员编号', en: 'Code' }, { key: 'name', zh: '姓名', en: 'Name' }, { key: 'agency', zh: '部门', en: 'Agency' }, { key: 'posts', zh: '岗位', en: 'Posts' },
        { key: 'credential', zh: '执法证号', en: 'Credential', value: (r) => (r.credential as { number?: string } | null)?.number ?? '' },
        { key: 'validTo', zh: '有效期至', en: 'Valid to', value: (r) => (r.credential as { validTo?: string } | null)?.validTo ?? '' },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db, now } = ctx;
      const today = now().toISOString().slice(0, 10);
      const w = new Where().scope(ctx, { agency: 'p.agency_id', region: 'p.region_code' });
      if (query.agency) w.and(`p.agency_id = ${w.p(query.agency)}`);
      if (query.q) w.and(`(p.code ILIKE ${w.p(like(query.q))} OR p.name ILIKE $${w.params.length})`);
      if (query.post) w.and(`${w.p(query.post)} = ANY(p.posts)`);
      if (query.credential === 'missing') w.and('p.credential_number IS NULL');
      if (query.credential === 'valid') w.and(`p.credential_valid_to >= ${w.p(today)}::date`);
      if (query.credential === 'expired') w.and(`p.credential_valid_to < ${w.p(today)}::date`);
      const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM people p ${w.sql}`, w.params)).rows[0]?.n);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT code, name, agency_id, region_code, posts, credential_number, credential_valid_from, credential_valid_to FROM people p ${w.sql}
         ${orderBy({ code: 'p.code', name: 'p.name', agency: 'p.agency_id', validTo: 'p.credential_valid_to' }, paging.sort, paging.order, 'p.code')} LIMIT ${paging.limit} OFFSET ${paging.offset}`,
        w.params,
      );
      const full = seesNames(ctx.user);
      return {
        total,
        items: rows.rows.map((r) => ({
          code: String(r.code), name: full ? String(r.name) : maskName(r.name as string), agency: String(r.agency_id), region: String(r.region_code),
          posts: Array.isArray(r.posts) ? (r.posts as string[]) : [],
          credential: r.credential_number || r.credential_valid_to
            ? { number: (r.credential_number as string) ?? null, validFrom: day(r.credential_valid_from), validTo: day(r.credential_valid_to), valid: Boolean(r.credential_valid_to && day(r.credential_valid_to)! >= today) }
            : null,
          nameMasked: !full,
        })),
      };
    },
  }),
];
