/**
 * /assessments: run or preview an assessment (考核) for a region or an agency, list and read published runs (a
 * department sees its own lines), export the individual results for 公务员年度考核, and drill down from a figure to
 * the cases behind it.
 */
import {
  AssessError, assessmentDrilldown, getAssessment, previewDrilldown, regionPrefix, individualsWorkbook, listAssessments, publishAssessment, resolveAssessmentId, runAssessment,
  type AssessmentResult, type AssessmentScope,
} from '@kaohe/app';
import { auditNow } from '@kaohe/store';
import { ApiError } from '../../errors.ts';
import { BUSINESS_ROLES } from '../../policy.ts';
import { maskAssessment } from '../../mask.ts';
import { defineRoute, type Ctx } from '../../route.ts';
import { Where } from '../../sql.ts';
import { assessment, drillParams, drillQuery, drilldown, getQuery, idParams, listQ, previewDrillParams, previewDrillQuery, runBody, runsList } from './schema.ts';

/** the policy's columns for a department line of a run (`assessment_departments d`) */
const DEPT_SCOPE = { agency: 'd.agency_id', region: 'd.region_code', own: '$P::text IS NOT NULL' };
/** …and for the cases of a drill-down (an officer: his own cases) */
const CASE_SCOPE = { agency: 'c.agency_id', region: 'c.region_code', own: '$P = ANY(c.staff_codes)' };
const scopeOf = (ctx: Ctx): AssessmentScope => (first) => ctx.scope(DEPT_SCOPE, first);
/** an officer (and nothing broader) sees only his own individual and post lines */
const personOf = (ctx: Ctx): string | null => (ctx.user.roles.every((r) => r === 'officer') ? (ctx.user.personCode ?? '\u0000') : null);

/** The presenter: the stored definition is not part of the answer (the set version and change log are). */
function present(r: AssessmentResult): Omit<AssessmentResult, 'definition'> {
  const { definition: _d, ...rest } = r;
  return rest;
}

/** The requested scope must lie inside the caller's (else 404, as for any other department's data). */
export async function checkScope(ctx: Ctx, code: string): Promise<{ region: string } | { agency: string }> {
  const w = new Where();
  if (/^\d{6}$/.test(code)) {
    const p = w.p(code);
    w.scope(ctx, { region: `${p}::text` });
    const ok = await ctx.db.query(`SELECT 1 AS ok ${w.sql}`, w.params);
    if (!ok.rows[0]) throw new ApiError('not-found');
    return { region: code };
  }
  // an officer (an 'own' route) reaches his agency's line; his rows are narrowed to his own cases after
  w.and(`a.code = ${w.p(code)}`).scope(ctx, { agency: 'a.code', region: 'a.region_code', own: '$P::text IS NOT NULL' });
  const ok = await ctx.db.query(`SELECT 1 AS ok FROM agencies a ${w.sql}`, w.params);
  if (!ok.rows[0]) throw new ApiError('not-found');
  return { agency: code };
}

/** Whether an agency (registered, or named by cases) lies in a region (330100: the city and its districts). */
export async function inRegion(ctx: Ctx, agency: string, region: string): Promise<boolean> {
  const p = regionPrefix(region);
  const r = await ctx.db.query(
    `SELECT 1 AS ok FROM agencies WHERE code = $1 AND left(region_code, length($2)) = $2
     UNION ALL SELECT 1 FROM cases WHERE agency_id = $1 AND left(region_code, length($2)) = $2 LIMIT 1`, [agency, p]);
  return r.rows.length > 0;
}

function badRequest(e: unknown): never {
  if (e instanceof AssessError) throw new ApiError('validation', [{ field: e.code === 'as-of' ? 'asOf' : e.code, reason: { zh: '考核参数不合法', en: e.message } }]);
  throw e;
}

export const routes = [
  defineRoute({
    method: 'POST', url: '/assessments', summary: 'Run (preview) or publish an assessment 运行考核 / 发布考核结果',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { body: runBody, response: { 200: assessment } },
    probe: { body: (f) => ({ period: '2026Q1', asOf: '2026-03-31', scope: f.region, publish: true }), scopedTarget: true },
    async handler(ctx) {
      const scope = await checkScope(ctx as Ctx, ctx.body.scope);
      let r: AssessmentResult;
      try {
        r = await ctx.db.snapshot((q) => runAssessment(q, { period: ctx.body.period, scope, ...(ctx.body.set ? { set: ctx.body.set } : {}), ...(ctx.body.asOf ? { asOf: ctx.body.asOf } : {}) }));
      } catch (e) {
        badRequest(e);
      }
      if (ctx.body.publish) r = await publishAssessment(ctx.db, r, ctx.actor);
      return present(maskAssessment(r, ctx.user));
    },
  }),
  defineRoute({
    method: 'GET', url: '/assessments', summary: 'Published assessment runs 考核结果列表',
    policy: { allow: BUSINESS_ROLES, scope: 'agency' },
    schema: { querystring: listQ, response: { 200: runsList } },
    list: {
      name: 'assessments',
      columns: [
        { key: 'id', zh: '编号', en: 'Run' }, { key: 'period', zh: '考核期间', en: 'Period' }, { key: 'set', zh: '指标体系', en: 'Set' },
        { key: 'asOf', zh: '数据截止日', en: 'As of' }, { key: 'scope', zh: '范围', en: 'Scope', value: (r) => (r.scope as { code: string }).code },
        { key: 'publishedAt', zh: '发布时间', en: 'Published' }, { key: 'hash', zh: '输入摘要', en: 'Hash', width: 66 },
      ],
    },
    probe: {},
    async handler(ctx) {
      return listAssessments(ctx.db, { scope: scopeOf(ctx as Ctx), period: ctx.query.period, page: ctx.paging.page, pageSize: ctx.paging.limit });
    },
  }),
  defineRoute({
    method: 'GET', url: '/assessments/:id', summary: 'One published run: departments, posts, individuals, targets 考核结果 (?format=xlsx: 个人考评表)',
    policy: { allow: BUSINESS_ROLES, scope: 'agency' },
    schema: { params: idParams, querystring: getQuery, response: { 200: assessment } },
    probe: { path: (f) => `/assessments/latest?scope=${f.region}` },
    async handler(ctx) {
      const scope = scopeOf(ctx as Ctx);
      const id = await resolveAssessmentId(ctx.db, ctx.params.id, { scope, scopeCode: ctx.query.scope, period: ctx.query.period });
      const found = id === null ? null : await getAssessment(ctx.db, id, { scope, person: personOf(ctx as Ctx) });
      if (!found) throw new ApiError('not-found');
      const r = maskAssessment(found, ctx.user);
      if (ctx.query.format === 'xlsx') {
        const buf = await individualsWorkbook(r);
        await auditNow(ctx.db, { actor: ctx.actor.username, role: ctx.actor.role, ip: ctx.actor.ip, action: 'export', target: `assessment:${id}`, detail: { sheet: 'individuals', rows: r.individuals.length } });
        const fname = `assessment-${id}-individuals.xlsx`;
        return ctx.reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${fname}"`).send(buf);
      }
      return present(r);
    },
  }),
  defineRoute({
    method: 'GET', url: '/assessments/preview/indicators/:agency/:code',
    summary: 'The cases behind one figure of a preview (not stored), given the preview\'s period, as-of date, set and scope 预览结果的指标明细',
    policy: { allow: BUSINESS_ROLES, scope: 'own' },
    schema: { params: previewDrillParams, querystring: previewDrillQuery, response: { 200: drilldown } },
    probe: { path: (f) => `/assessments/preview/indicators/${f.agency}/procedure.compliance?period=2026Q1&asOf=2026-03-31&scope=${f.region}` },
    async handler(ctx) {
      const { agency, code } = ctx.params;
      // the department must be the caller's (as for a published run: a department sees only its own line) …
      await checkScope(ctx as Ctx, agency);
      // … and inside the preview's scope (its region, or the agency itself)
      const code6 = ctx.query.scope ?? agency;
      const scope = /^\d{6}$/.test(code6) ? { region: code6 } : { agency: code6 };
      if ('agency' in scope ? scope.agency !== agency : !(await inRegion(ctx as Ctx, agency, scope.region))) throw new ApiError('not-found');
      const officer = personOf(ctx as Ctx) !== null;
      let r;
      try {
        r = await previewDrilldown(ctx.db.background(), {
          period: ctx.query.period, scope, agency, code, limit: ctx.query.limit,
          ...(ctx.query.set ? { set: ctx.query.set } : {}), ...(ctx.query.asOf ? { asOf: ctx.query.asOf } : {}),
          ...(officer ? { caseCond: (first: number) => ctx.scope(CASE_SCOPE, first) } : {}),
        });
      } catch (e) {
        badRequest(e);
      }
      if (!r) throw new ApiError('not-found');
      return r;
    },
  }),
  defineRoute({
    method: 'GET', url: '/assessments/:id/indicators/:agency/:code', summary: 'The cases behind one figure of a run 指标明细（追溯到案件）',
    policy: { allow: BUSINESS_ROLES, scope: 'own' },
    schema: { params: drillParams, querystring: drillQuery, response: { 200: drilldown } },
    probe: { path: (f) => `/assessments/latest/indicators/${f.agency}/procedure.compliance` },
    async handler(ctx) {
      const scope = scopeOf(ctx as Ctx);
      const id = await resolveAssessmentId(ctx.db, ctx.params.id, { scope, agency: ctx.params.agency });
      const officer = personOf(ctx as Ctx) !== null;
      const r = id === null ? null : await assessmentDrilldown(ctx.db, id, ctx.params.agency, ctx.params.code, {
        limit: ctx.query.limit, ...(officer ? { caseCond: (first: number) => ctx.scope(CASE_SCOPE, first) } : {}),
      });
      if (!r) throw new ApiError('not-found');
      return r;
    },
  }),
];
