/** /cases: case summaries (filters, sort, export), one case with its events, and the audited reveal of its party. */
import { jsonOf, dayOf, isoOf, num } from '@kaohe/store';
import { audit } from '@kaohe/store';
import { ApiError } from '../../errors.ts';
import { maskParty, seesNames } from '../../mask.ts';
import { BUSINESS_ROLES } from '../../policy.ts';
import { defineRoute, type Ctx } from '../../route.ts';
import { like, orderBy, Where } from '../../sql.ts';
import { caseDetail, caseParams, casesList, casesQuery, revealBody, revealResponse } from './schema.ts';

/** the policy's columns for a case row aliased `c` */
const CASE_SCOPE = { agency: 'c.agency_id', region: 'c.region_code', own: '$P = ANY(c.staff_codes)' };
const statusOf = (a: string) => `CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.agency_id = ${a}.agency_id AND e.case_id = ${a}.case_id AND e.type = 'case.closed') THEN 'closed'
  WHEN ${a}.decided_on IS NOT NULL THEN 'decided' ELSE 'open' END`;
const STATUS_SQL = statusOf('c');

/** the columns a summary shows (not the encrypted ones, nor the whole row) */
const SUMMARY_COLUMNS = ['agency_id', 'case_id', 'region_code', 'domain', 'procedure', 'opened_on', 'decided_on', 'party', 'item_code', 'penalty', 'flags'];

function summary(r: Record<string, unknown>) {
  const penalty = jsonOf<Record<string, unknown> | null>(r.penalty);
  return {
    agency: String(r.agency_id), id: String(r.case_id), region: String(r.region_code), domain: (r.domain as string) ?? null, procedure: (r.procedure as string) ?? null,
    openedOn: dayOf(r.opened_on), decidedOn: dayOf(r.decided_on), status: r.status as 'open' | 'decided' | 'closed',
    party: maskParty(jsonOf<Record<string, unknown> | null>(r.party)), item: (r.item_code as string) ?? null, fine: typeof penalty?.fine === 'number' ? penalty.fine : null,
    flags: Array.isArray(r.flags) ? (r.flags as string[]) : [],
  };
}

/** The case row if it is in the caller's scope (else 404: another department's id is indistinguishable from none). */
async function scopedCase(ctx: Ctx<unknown, { agency: string; id: string }>, columns = '*'): Promise<Record<string, unknown>> {
  const w = new Where();
  w.and(`c.agency_id = ${w.p(ctx.params.agency)}`).and(`c.case_id = ${w.p(ctx.params.id)}`).scope(ctx, CASE_SCOPE);
  const r = await ctx.db.query<Record<string, unknown>>(`SELECT ${columns}, ${STATUS_SQL} AS status FROM cases c ${w.sql}`, w.params);
  if (!r.rows[0]) throw new ApiError('not-found');
  return r.rows[0];
}

export const routes = [
  defineRoute({
    method: 'GET', url: '/cases', summary: 'Case summaries 案件列表 (party masked)',
    policy: { allow: BUSINESS_ROLES, scope: 'own' },
    schema: { querystring: casesQuery, response: { 200: casesList } },
    list: {
      name: 'cases',
      columns: [
        { key: 'agency', zh: '部门', en: 'Agency' }, { key: 'id', zh: '案号', en: 'Case' }, { key: 'domain', zh: '领域', en: 'Domain' },
        { key: 'procedure', zh: '程序', en: 'Procedure' }, { key: 'openedOn', zh: '立案日期', en: 'Opened' }, { key: 'decidedOn', zh: '决定日期', en: 'Decided' },
        { key: 'status', zh: '状态', en: 'Status' }, { key: 'party', zh: '当事人', en: 'Party', value: (r) => (r.party as { name?: string } | null)?.name ?? '' },
        { key: 'item', zh: '执法事项', en: 'Item' }, { key: 'fine', zh: '罚款', en: 'Fine' },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const w = new Where().scope(ctx, CASE_SCOPE);
      if (query.agency) w.and(`c.agency_id = ${w.p(query.agency)}`);
      if (query.domain) w.and(`c.domain = ${w.p(query.domain)}`);
      if (query.procedure) w.and(`c.procedure = ${w.p(query.procedure)}`);
      // search only by what the caller can see: a person's name is masked in this list, so roles that do not work
      // with names (officer, file reviewer, evaluator) search case ids, item codes and organisations' names only —
      // else `?q=` would confirm a masked name one character at a time
      if (query.q) {
        const p = w.p(like(query.q));
        const party = seesNames(ctx.user) ? `c.party->>'name' ILIKE ${p}` : `(c.party->>'type' = 'org' AND c.party->>'name' ILIKE ${p})`;
        w.and(`(c.case_id ILIKE ${p} OR ${party} OR c.item_code ILIKE ${p})`);
      }
      if (query.from) w.and(`coalesce(c.decided_on, c.opened_on) >= ${w.p(query.from)}::date`);
      if (query.to) w.and(`coalesce(c.decided_on, c.opened_on) <= ${w.p(query.to)}::date`);
      const orderOf = (a: string) => `${orderBy({ openedOn: `${a}.opened_on`, decidedOn: `${a}.decided_on`, agency: `${a}.agency_id`, id: `${a}.case_id`, fine: `(${a}.penalty->>'fine')::numeric` }, paging.sort, paging.order, `${a}.opened_on`)}, ${a}.agency_id, ${a}.case_id`;
      const order = orderOf('x');
      // one statement (the total rides along as a scalar count: every statement queues on PGlite's one connection),
      // and the status — an EXISTS over events per case — is worked out only for the page, unless it is a filter
      const page = query.status
        ? `SELECT x.*, count(*) OVER () AS total_rows FROM (SELECT c.${SUMMARY_COLUMNS.join(', c.')}, ${STATUS_SQL} AS status FROM cases c ${w.sql}) x
             WHERE x.status = ${w.p(query.status)} ${order} LIMIT ${paging.limit} OFFSET ${paging.offset}`
        // the page first, then its status: over the page's rows the EXISTS is an index lookup each, where over the
        // whole scope the planner hashes every case.closed event of the table
        : `SELECT y.*, ${statusOf('y')} AS status, (SELECT count(*) FROM cases c ${w.sql}) AS total_rows
             FROM (SELECT x.* FROM (SELECT c.${SUMMARY_COLUMNS.join(', c.')} FROM cases c ${w.sql}) x ${order} LIMIT ${paging.limit} OFFSET ${paging.offset}) y ${orderOf('y')}`;
      const rows = await db.query<Record<string, unknown>>(page, w.params);
      // a page past the end has no row to carry the total: count it alone
      const total = rows.rows[0] ? num(rows.rows[0].total_rows)
        : paging.offset === 0 ? 0 : num((await db.query<{ n: unknown }>(query.status ? `SELECT count(*) AS n FROM cases c ${w.sql} AND (${STATUS_SQL}) = $${w.params.length}` : `SELECT count(*) AS n FROM cases c ${w.sql}`, w.params)).rows[0]?.n);
      return { items: rows.rows.map(summary), total };
    },
  }),
  defineRoute({
    method: 'GET', url: '/cases/:agency/:id', summary: 'One case with its events in time order 案件详情 (party masked, no ID number)',
    policy: { allow: BUSINESS_ROLES, scope: 'own' },
    schema: { params: caseParams, response: { 200: caseDetail } },
    probe: { path: (f) => `/cases/${f.agency}/${f.caseId}` },
    async handler(ctx) {
      // the encrypted columns are never selected here
      const c = await scopedCase(ctx, 'c.region_code, c.agency_id, c.case_id, c.domain, c.procedure, c.party, c.violation, c.item_code, c.major, c.complex, c.staff, c.penalty, c.opened_on, c.decided_on, c.flags');
      const ev = await ctx.db.query<Record<string, unknown>>('SELECT event_id, type, at, local_date, by, records, attrs FROM events WHERE agency_id = $1 AND case_id = $2 ORDER BY at, event_id', [ctx.params.agency, ctx.params.id]);
      return {
        ...summary(c), violation: jsonOf<Record<string, unknown> | null>(c.violation), staff: jsonOf<Record<string, unknown> | null>(c.staff), penalty: jsonOf<Record<string, unknown> | null>(c.penalty), major: (c.major as boolean) ?? null, complex: (c.complex as boolean) ?? null,
        events: ev.rows.map((e) => ({ id: String(e.event_id), type: String(e.type), at: isoOf(e.at)!, localDate: dayOf(e.local_date)!, by: (e.by as string[]) ?? [], records: (e.records as string[]) ?? [], attrs: jsonOf<Record<string, unknown> | null>(e.attrs) ?? {} })),
      };
    },
  }),
  defineRoute({
    method: 'POST', url: '/cases/:agency/:id/reveal', summary: 'Reveal the unmasked party, with a reason 查看当事人完整信息 (audited)',
    policy: { allow: ['supervisor'], scope: 'agency' },
    schema: { params: caseParams, body: revealBody, response: { 200: revealResponse } },
    probe: { path: (f) => `/cases/${f.agency}/${f.caseId}/reveal`, body: () => ({ reason: '核查当事人身份信息' }) },
    async handler(ctx) {
      const c = await scopedCase(ctx, 'c.agency_id, c.case_id, c.party, c.party_id_enc, c.party_phone_enc');
      const cipher = ctx.services.cipher;
      const party = jsonOf<Record<string, unknown> | null>(c.party) ?? {};
      const dec = (v: unknown): string | null => {
        if (!v) return null;
        return cipher.decrypt(v as Uint8Array);
      };
      const out = { name: (party.name as string) ?? null, idNumber: dec(c.party_id_enc), phone: dec(c.party_phone_enc), address: (party.address as string) ?? null, creditCode: (party.creditCode as string) ?? null };
      // audited in its own transaction before anything is returned: no audit row, no reveal
      await ctx.db.transaction((tx) => audit(tx, { actor: ctx.actor.username, role: ctx.actor.role, ip: ctx.actor.ip, action: 'case.reveal', target: `case:${ctx.params.agency}/${ctx.params.id}`, detail: { reason: ctx.body.reason, fields: Object.entries(out).filter(([, v]) => v !== null).map(([k]) => k) } }));
      return out;
    },
  }),
];
