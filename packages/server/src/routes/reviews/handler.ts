/**
 * /reviews/legal: the legal-review queue (法制审核) of a department — its opened cases without a decision yet that the
 * law requires to pass a legal review before the decision (行政处罚法 art. 58, the condition of the live rule
 * cn.apl.58.legal-review: a major decision, a complex case, or a hearing was held) and that have no passed review.
 * Decided cases that missed the review are warnings of that rule (GET /warnings?rule=cn.apl.58.legal-review).
 * Case-file review (案卷评查: campaigns, the reviewer's files) is in campaigns.ts.
 */
import { jsonOf, isoOf, dayOf, num } from '@kaohe/store';
import { maskParty } from '../../mask.ts';
import { defineRoute } from '../../route.ts';
import { like, orderBy, Where } from '../../sql.ts';
import { legalQueue, legalQueueQuery } from './schema.ts';
import { campaignRoutes } from './campaigns.ts';

const ev = (type: string) => `SELECT 1 FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND e.type = '${type}'`;

export const routes = [
  defineRoute({
    method: 'GET', url: '/reviews/legal', summary: 'Legal-review queue 法制审核待办 (cases awaiting the art. 58 review before their decision; party masked)',
    policy: { allow: ['legal-reviewer', 'agency-admin', 'supervisor'], scope: 'agency' },
    schema: { querystring: legalQueueQuery, response: { 200: legalQueue } },
    list: {
      name: 'legal-review',
      columns: [
        { key: 'agency', zh: '部门', en: 'Agency' }, { key: 'id', zh: '案号', en: 'Case' }, { key: 'openedOn', zh: '立案日期', en: 'Opened' },
        { key: 'reasons', zh: '审核事由', en: 'Why' }, { key: 'state', zh: '审核状态', en: 'State' }, { key: 'submittedAt', zh: '提交审核', en: 'Submitted' },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const w = new Where().scope(ctx, { agency: 'c.agency_id', region: 'c.region_code' });
      w.and('NOT c.stub').and('c.opened_on IS NOT NULL').and('c.decided_on IS NULL');
      w.and(`NOT EXISTS (SELECT 1 FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND e.type IN ('case.closed', 'case.declined'))`);
      w.and(`(c.major IS TRUE OR c.complex IS TRUE OR EXISTS (${ev('hearing.held')}))`);
      w.and(`NOT EXISTS (${ev('review.completed')} AND e.attrs->>'result' = 'passed')`);
      if (query.agency) w.and(`c.agency_id = ${w.p(query.agency)}`);
      if (query.q) w.and(`(c.case_id ILIKE ${w.p(like(query.q))} OR c.item_code ILIKE $${w.params.length})`);
      const inner = `SELECT c.agency_id, c.case_id, c.region_code, c.domain, c.procedure, c.opened_on, c.item_code, c.party, c.major, c.complex,
          EXISTS (${ev('hearing.held')}) AS hearing, r.submitted_at, r.reviewed_at, r.result,
          CASE WHEN r.submitted_at IS NOT NULL AND (r.reviewed_at IS NULL OR r.submitted_at > r.reviewed_at) THEN 'submitted'
               WHEN r.result = 'rejected' THEN 'rejected' ELSE 'not-submitted' END AS state
        FROM cases c
        CROSS JOIN LATERAL (SELECT
          (SELECT max(e.at) FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND e.type = 'review.submitted') AS submitted_at,
          (SELECT e.at FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND e.type = 'review.completed' ORDER BY e.at DESC LIMIT 1) AS reviewed_at,
          (SELECT e.attrs->>'result' FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND e.type = 'review.completed' ORDER BY e.at DESC LIMIT 1) AS result) r
        ${w.sql}`;
      const sw = query.state ? `WHERE x.state = ${w.p(query.state)}` : '';
      const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM (${inner}) x ${sw}`, w.params)).rows[0]?.n);
      const order = orderBy({ openedOn: 'x.opened_on', agency: 'x.agency_id', id: 'x.case_id', submittedAt: 'x.submitted_at' }, paging.sort, paging.order, 'x.opened_on');
      const rows = await db.query<Record<string, unknown>>(`SELECT * FROM (${inner}) x ${sw} ${order}, x.agency_id, x.case_id LIMIT ${paging.limit} OFFSET ${paging.offset}`, w.params);
      return {
        total,
        items: rows.rows.map((r) => ({
          agency: String(r.agency_id), id: String(r.case_id), region: String(r.region_code), domain: (r.domain as string | null) ?? null,
          procedure: (r.procedure as string | null) ?? null, openedOn: dayOf(r.opened_on), item: (r.item_code as string | null) ?? null,
          party: maskParty(jsonOf<Record<string, unknown> | null>(r.party)),
          reasons: [...(r.major === true ? ['major' as const] : []), ...(r.complex === true ? ['complex' as const] : []), ...(r.hearing === true ? ['hearing' as const] : [])],
          state: r.state as 'not-submitted' | 'submitted' | 'rejected', submittedAt: isoOf(r.submitted_at), reviewedAt: isoOf(r.reviewed_at),
        })),
      };
    },
  }),
  ...campaignRoutes,
];
