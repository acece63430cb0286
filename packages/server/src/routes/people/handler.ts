/**
 * /people: officers with posts and enforcement credentials (validity, issuer, domains). The ID number is never
 * returned (not even masked: it is stored encrypted, only whether one is on record); names are masked to surname + 某
 * for roles whose work does not need them. The supervision body edits the people of its region, a department's
 * administrator those of its own agency; a person is deactivated, never deleted. A changed credential re-evaluates
 * the cases the person acted in.
 */
import { z } from 'zod';
import { addDays } from '@kaohe/core';
import { dayOf, num } from '@kaohe/store';
import { createPerson, updatePerson, type PersonView } from '@kaohe/app';
import { defineRoute } from '../../route.ts';
import { maskName, seesNames } from '../../mask.ts';
import { like, orderBy, Where } from '../../sql.ts';
import { edit, editScope, today } from '../agencies/edit.ts';
import { createPersonBody, patchPersonBody, peopleList, peopleQuery, personParams, personResult, type person } from './schema.ts';

type PersonOut = z.infer<typeof person>;

/** The presenter of an edit's answer (the editor's roles see names). */
function present(p: PersonView, asOf: string): PersonOut {
  return {
    code: p.code, name: p.name, agency: p.agency, region: p.region, posts: p.posts, nameMasked: false, hasIdNumber: p.hasIdNumber, active: p.active,
    credential: p.credential ? { ...p.credential, valid: Boolean(p.credential.validFrom && p.credential.validTo && p.credential.validFrom <= asOf && asOf <= p.credential.validTo) } : null,
  };
}

export const routes = [
  defineRoute({
    method: 'GET', url: '/people', summary: 'Enforcement officers 执法人员 (ID numbers never returned)',
    policy: { allow: ['supervisor', 'agency-admin', 'evaluator'], scope: 'agency' },
    schema: { querystring: peopleQuery, response: { 200: peopleList } },
    list: {
      name: 'people',
      columns: [
        { key: 'code', zh: '人员编号', en: 'Code' }, { key: 'name', zh: '姓名', en: 'Name' }, { key: 'agency', zh: '部门', en: 'Agency' }, { key: 'posts', zh: '岗位', en: 'Posts' },
        { key: 'credential', zh: '执法证号', en: 'Credential', value: (r) => (r.credential as { number?: string } | null)?.number ?? '' },
        { key: 'validTo', zh: '有效期至', en: 'Valid to', value: (r) => (r.credential as { validTo?: string } | null)?.validTo ?? '' },
        { key: 'issuer', zh: '发证机关', en: 'Issuer', value: (r) => (r.credential as { issuer?: string } | null)?.issuer ?? '' },
        { key: 'active', zh: '状态', en: 'Status', value: (r) => (r.active ? '在岗' : '停用') },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const asOf = today(ctx);
      const w = new Where().scope(ctx, { agency: 'p.agency_id', region: 'p.region_code' });
      if (query.agency) w.and(`p.agency_id = ${w.p(query.agency)}`);
      // a role that sees masked names searches by code and credential number only (a full-name search would
      // confirm a masked name one character at a time)
      if (query.q) {
        const p = w.p(like(query.q));
        w.and(`(p.code ILIKE ${p} OR p.credential_number ILIKE ${p}${seesNames(ctx.user) ? ` OR p.name ILIKE ${p}` : ''})`);
      }
      if (query.post) w.and(`${w.p(query.post)} = ANY(p.posts)`);
      if (query.credential === 'missing') w.and('p.credential_number IS NULL');
      if (query.credential === 'valid') w.and(`p.credential_valid_to >= ${w.p(asOf)}::date`);
      if (query.credential === 'expiring') w.and(`p.credential_valid_to >= ${w.p(asOf)}::date AND p.credential_valid_to <= ${w.p(addDays(asOf, 30))}::date`);
      if (query.credential === 'expired') w.and(`p.credential_valid_to < ${w.p(asOf)}::date`);
      if (query.active) w.and(`p.active = ${w.p(query.active === 'true')}`);
      // the total rides along as a scalar count: one statement per page on PGlite's one connection
      const rows = await db.query<Record<string, unknown>>(
        `SELECT code, name, agency_id, region_code, posts, credential_number, credential_valid_from, credential_valid_to, credential_issuer, credential_domains,
                id_number_enc IS NOT NULL AS has_id, active, (SELECT count(*) FROM people p ${w.sql}) AS total_rows
           FROM people p ${w.sql}
         ${orderBy({ code: 'p.code', name: 'p.name', agency: 'p.agency_id', validTo: 'p.credential_valid_to' }, paging.sort, paging.order, 'p.code')} LIMIT ${paging.limit} OFFSET ${paging.offset}`,
        w.params,
      );
      const total = rows.rows[0] ? num(rows.rows[0].total_rows)
        : paging.offset === 0 ? 0 : num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM people p ${w.sql}`, w.params)).rows[0]?.n);
      const full = seesNames(ctx.user);
      return {
        total,
        items: rows.rows.map((r): PersonOut => {
          const from = dayOf(r.credential_valid_from);
          const to = dayOf(r.credential_valid_to);
          return {
            code: String(r.code), name: full ? String(r.name) : maskName(r.name as string), agency: String(r.agency_id), region: String(r.region_code),
            posts: Array.isArray(r.posts) ? (r.posts as string[]) : [],
            credential: r.credential_number || r.credential_valid_to
              ? {
                number: (r.credential_number as string) ?? null, validFrom: from, validTo: to, valid: Boolean(to && to >= asOf && (!from || from <= asOf)),
                issuer: (r.credential_issuer as string | null) ?? null, domains: Array.isArray(r.credential_domains) ? (r.credential_domains as string[]) : [],
              }
              : null,
            nameMasked: !full, hasIdNumber: Boolean(r.has_id), active: r.active !== false,
          };
        }),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/people', summary: 'Register an officer with posts and credential 新增执法人员 (ID number encrypted; audited)',
    policy: { allow: ['supervisor', 'agency-admin'], scope: 'agency' },
    schema: { body: createPersonBody, response: { 200: personResult } },
    // a person of another department (or region) is refused as not found
    probe: { body: (f) => ({ code: `P-NEW-${f.unique}`, name: '探针人员', agency: f.agency, posts: ['handler'], credential: { number: `ZJ-${f.unique}`, validFrom: '2025-01-01', validTo: '2030-12-31' } }), scopedTarget: true },
    async handler(ctx) {
      const asOf = today(ctx);
      const r = await edit(() => createPerson(ctx.db, ctx.body, { actor: ctx.actor, scope: editScope(ctx), cipher: ctx.services.cipher, asOf }));
      return { person: present(r.person, asOf), reevaluated: r.reevaluated };
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/people/:code', summary: 'Change an officer, the credential, or (de)activate 修改执法人员/执法证 (audited; re-evaluates the cases the person acted in)',
    policy: { allow: ['supervisor', 'agency-admin'], scope: 'agency' },
    schema: { params: personParams, body: patchPersonBody, response: { 200: personResult } },
    // the access-matrix test seeds one person on each side: P-OWN (AG-OWN) and P-OTHER (AG-OTHER)
    probe: { path: (f) => `/people/${f.side === 'own' ? 'P-OWN' : 'P-OTHER'}`, body: () => ({ posts: ['handler', 'reviewer'] }) },
    async handler(ctx) {
      const asOf = today(ctx);
      const r = await edit(() => updatePerson(ctx.db, ctx.params.code, ctx.body, { actor: ctx.actor, scope: editScope(ctx), cipher: ctx.services.cipher, asOf }));
      return { person: present(r.person, asOf), reevaluated: r.reevaluated };
    },
  }),
];
