/** /warnings: the procedural-compliance warning list (程序合规预警清单), one warning, the answer/decision workflow. */
import { answerWarning, decideWarning, getWarning, listWarnings, type WarningFilter, type WarningOutcome } from '@kaohe/app';
import { ApiError } from '../../errors.ts';
import { BUSINESS_ROLES } from '../../policy.ts';
import { defineRoute, type Ctx } from '../../route.ts';
import { answerBody, decideBody, idParams, stateResponse, warningDetail, warningsList, warningsQuery } from './schema.ts';

/** the policy's columns for the warnings table */
const WARNING_SCOPE = {
  agency: 'warnings.agency_id',
  region: 'warnings.region_code',
  own: 'EXISTS (SELECT 1 FROM cases sc WHERE sc.agency_id = warnings.agency_id AND sc.case_id = warnings.case_id AND $P = ANY(sc.staff_codes))',
};
const scopeOf = (ctx: Ctx): WarningFilter['scope'] => (first) => ctx.scope(WARNING_SCOPE, first);
const SORT = { dueOn: 'due_on', agency: 'agency_id', rule: 'rule', status: 'status', firstSeenAt: 'first_seen_at', caseId: 'case_id' } as const;

function outcome(r: WarningOutcome): { state: string } {
  if (r.ok) return { state: r.state };
  if (r.reason === 'not-found') throw new ApiError('not-found');
  throw new ApiError('warnings.wrong-state', { reason: r.reason });
}

/** The warning must exist in the caller's scope (another department's id answers 404, as a missing one does). */
async function inScope(ctx: Ctx<unknown, { id: number }>): Promise<void> {
  if (!(await getWarning(ctx.db, ctx.params.id, scopeOf(ctx as Ctx)))) throw new ApiError('not-found');
}

export const routes = [
  defineRoute({
    method: 'GET', url: '/warnings', summary: 'The warning list 程序合规预警清单 (filters, sort, export)',
    policy: { allow: BUSINESS_ROLES, scope: 'own' },
    schema: { querystring: warningsQuery, response: { 200: warningsList } },
    list: {
      name: 'warnings',
      columns: [
        { key: 'agency', zh: '执法部门', en: 'Agency' }, { key: 'caseId', zh: '案号', en: 'Case' }, { key: 'rule', zh: '规则', en: 'Rule' },
        { key: 'status', zh: '预警级别', en: 'Status' }, { key: 'state', zh: '处理状态', en: 'State' }, { key: 'dueOn', zh: '到期日', en: 'Due' },
        { key: 'actOn', zh: '实际办理日', en: 'Act' },
        { key: 'article', zh: '依据', en: 'Basis', value: (r) => { const c = r.citation as { law: string; article: string } | null; return c ? `${c.law} ${c.article}` : ''; } },
        { key: 'message', zh: '预警内容', en: 'Message', value: (r) => (r.message as { zh: string }).zh, width: 80 },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const r = await listWarnings(db, {
        scope: scopeOf(ctx), agency: query.agency, caseId: query.caseId, rule: query.rule, status: query.status, state: query.state,
        dueFrom: query.dueFrom, dueTo: query.dueTo, page: paging.page, pageSize: paging.limit,
        sort: SORT[(paging.sort ?? 'dueOn') as keyof typeof SORT] ?? 'due_on', order: paging.order,
      });
      return { items: r.items, total: r.total };
    },
  }),
  defineRoute({
    method: 'GET', url: '/warnings/:id', summary: 'One warning with its citation and answer history 预警详情',
    policy: { allow: BUSINESS_ROLES, scope: 'own' },
    schema: { params: idParams, response: { 200: warningDetail } },
    probe: { path: (f) => `/warnings/${f.warningId}` },
    async handler(ctx) {
      const w = await getWarning(ctx.db, ctx.params.id, scopeOf(ctx));
      if (!w) throw new ApiError('not-found');
      return w;
    },
  }),
  defineRoute({
    method: 'POST', url: '/warnings/:id/answer', summary: 'Answer a warning: explained, rectified or disputed 预警反馈',
    policy: { allow: ['agency-admin', 'legal-reviewer'], scope: 'agency' },
    schema: { params: idParams, body: answerBody, response: { 200: stateResponse } },
    probe: { path: (f) => `/warnings/${f.warningId}/answer`, body: () => ({ kind: 'explained', text: '已核实，系当事人拒收后留置送达' }), ok: [200, 409] },
    async handler(ctx) {
      await inScope(ctx);
      return outcome(await answerWarning(ctx.db, ctx.params.id, ctx.actor, ctx.body));
    },
  }),
  defineRoute({
    method: 'POST', url: '/warnings/:id/decide', summary: 'Accept or reject an answer 审核反馈',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: idParams, body: decideBody, response: { 200: stateResponse } },
    probe: { path: (f) => `/warnings/${f.warningId}/decide`, body: () => ({ accept: false, comment: '请补充送达回证' }), ok: [200, 409] },
    async handler(ctx) {
      await inScope(ctx);
      return outcome(await decideWarning(ctx.db, ctx.params.id, ctx.actor, ctx.body));
    },
  }),
];
