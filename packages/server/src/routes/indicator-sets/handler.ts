/**
 * /indicator-sets: the indicator-set versions (shipped with Kaohe, published by a bureau) with their definitions —
 * names, floors, targets, weights, change log — for every business role; and the supervisors' drafts (指标体系动态调整):
 * create one from a version, edit it one operation at a time with a reason, preview it on the current data beside the
 * set in force, publish it for a coming quarter (immutable afterwards), or delete it.
 */
import {
  AssessError, IndicatorSetError, createDraft, deleteDraft, draftDrilldown, editDraft, getDraft, getIndicatorSet, latestDraftId, listIndicatorSets, previewDraft, publishDraft,
  type AssessmentResult, type SetDetail, type SetViewer,
} from '@kaohe/app';
import { ApiError } from '../../errors.ts';
import { BUSINESS_ROLES, regionPrefix } from '../../policy.ts';
import { defineRoute, type Ctx } from '../../route.ts';
import { checkScope, inRegion } from '../assessments/handler.ts';
import { drilldown } from '../assessments/schema.ts';
import { createBody, deleted, detail, draftDrillParams, draftDrillQuery, draftParams, draftQuery, listQ, operationBody, preview, previewBody, publishBody, setsList, versionParams } from './schema.ts';

/** Whose sets the caller sees: region roles their region; department roles their agency's region. Drafts: supervisors. */
async function viewerOf(ctx: Ctx): Promise<SetViewer> {
  const supervisor = ctx.user.roles.includes('supervisor');
  if (ctx.user.region) return { region: ctx.user.region, supervisor };
  if (!ctx.user.agency) return { region: null, supervisor };
  const r = await ctx.db.query<{ region_code: string }>('SELECT region_code FROM agencies WHERE code = $1', [ctx.user.agency]);
  return { region: r.rows[0]?.region_code ?? null, supervisor };
}

/** The presenter: no server file paths. */
function present(d: SetDetail): SetDetail {
  const { source: _s, ...set } = d.set;
  return { ...d, set: set as SetDetail['set'] };
}
const presentRun = (r: AssessmentResult) => { const { definition: _d, ...rest } = r; return rest; };

function refused(e: unknown): never {
  if (e instanceof IndicatorSetError) {
    if (e.kind === 'not-found') throw new ApiError('not-found');
    throw new ApiError('validation', e.problems, e.localized);
  }
  throw e;
}

/** `:id` (a number, or `latest`: the newest draft the caller may edit, in ?region= when given) → the draft id, or 404. */
async function draftIdOf(ctx: Ctx<{ region?: string | undefined }, { id: number | 'latest' }>, viewer: SetViewer): Promise<number> {
  if (ctx.params.id !== 'latest') return ctx.params.id;
  const id = await latestDraftId(ctx.db, viewer, ctx.query.region);
  if (id === null) throw new ApiError('not-found');
  return id;
}

const context = (ctx: Ctx) => ({ actor: ctx.actor, now: ctx.now(), timezone: ctx.config.timezone });

export const routes = [
  defineRoute({
    method: 'GET', url: '/indicator-sets', summary: 'Indicator-set versions: shipped, published, drafts 指标体系版本列表',
    policy: { allow: BUSINESS_ROLES, scope: 'region' },
    schema: { querystring: listQ, response: { 200: setsList } },
    list: {
      name: 'indicator-sets',
      columns: [
        { key: 'version', zh: '版本', en: 'Version' }, { key: 'kind', zh: '类别', en: 'Kind' },
        { key: 'title', zh: '名称', en: 'Title', value: (r) => (r.title as { zh: string }).zh, width: 40 },
        { key: 'effective', zh: '生效季度', en: 'Effective' }, { key: 'effectiveFrom', zh: '生效日期', en: 'From' },
        { key: 'base', zh: '基础版本', en: 'Base' }, { key: 'region', zh: '区划', en: 'Region' },
        { key: 'publishedAt', zh: '发布时间', en: 'Published' }, { key: 'publishedBy', zh: '发布人', en: 'Published by' },
      ],
    },
    probe: {},
    async handler(ctx) {
      let items = await listIndicatorSets(ctx.db, await viewerOf(ctx as Ctx), { now: ctx.now(), timezone: ctx.config.timezone });
      if (ctx.query.order === 'desc') items = items.reverse();
      return { items: items.slice(ctx.paging.offset, ctx.paging.offset + ctx.paging.limit), total: items.length };
    },
  }),
  defineRoute({
    method: 'GET', url: '/indicator-sets/:version', summary: 'One version: indicators (names, floors, targets, weights), weight tree, change log 指标体系详情',
    policy: { allow: BUSINESS_ROLES, scope: 'region' },
    schema: { params: versionParams, response: { 200: detail } },
    // a shipped version is everyone's (no scope); a bureau's published set is seen where it applies (tested in handler.test.ts)
    probe: { path: () => '/indicator-sets/cn-2026Q1', scopedTarget: false },
    async handler(ctx) {
      const d = await getIndicatorSet(ctx.db, ctx.params.version, await viewerOf(ctx as Ctx));
      if (!d) throw new ApiError('not-found');
      return present(d);
    },
  }),
  defineRoute({
    method: 'POST', url: '/indicator-sets/drafts', summary: 'Start a draft from a shipped or published version 新建指标体系草稿',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { body: createBody, response: { 200: detail } },
    // both sides create a draft in the caller's own region (the publish and delete probes below use them)
    probe: { body: () => ({ base: 'cn-2026Q2' }), scopedTarget: false },
    async handler(ctx) {
      const viewer = await viewerOf(ctx as Ctx);
      try {
        return present(await createDraft(ctx.db, { base: ctx.body.base, region: ctx.body.region ?? viewer.region ?? '', title: ctx.body.title }, viewer, context(ctx as Ctx)));
      } catch (e) { refused(e); }
    },
  }),
  defineRoute({
    method: 'GET', url: '/indicator-sets/drafts/:id', summary: 'One draft with its indicators and change log 指标体系草稿',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: draftParams, querystring: draftQuery, response: { 200: detail } },
    probe: { path: (f) => `/indicator-sets/drafts/latest${f.side === 'own' ? '' : `?region=${f.region}`}` },
    async handler(ctx) {
      const viewer = await viewerOf(ctx as Ctx);
      const d = await getDraft(ctx.db, await draftIdOf(ctx as never, viewer), viewer);
      if (!d) throw new ApiError('not-found');
      return present(d);
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/indicator-sets/drafts/:id', summary: 'Edit a draft: add, remove, re-weight, edit floor/target — with a reason 调整指标（须说明理由）',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: draftParams, querystring: draftQuery, body: operationBody, response: { 200: detail } },
    probe: {
      path: (f) => `/indicator-sets/drafts/latest${f.side === 'own' ? '' : `?region=${f.region}`}`,
      body: () => ({ op: 'reweight', weights: { 'review.adoption': 4 }, reason: '访问矩阵探针' }),
    },
    async handler(ctx) {
      const viewer = await viewerOf(ctx as Ctx);
      try {
        return present(await editDraft(ctx.db, await draftIdOf(ctx as never, viewer), ctx.body, viewer, context(ctx as Ctx)));
      } catch (e) { refused(e); }
    },
  }),
  defineRoute({
    method: 'POST', url: '/indicator-sets/drafts/:id/preview', summary: 'Preview a draft on the current data beside the set in force (nothing stored) 预览',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: draftParams, querystring: draftQuery, body: previewBody, response: { 200: preview } },
    probe: {
      path: (f) => `/indicator-sets/drafts/latest/preview${f.side === 'own' ? '' : `?region=${f.region}`}`,
      body: () => ({ period: '2026Q1', asOf: '2026-03-31' }),
    },
    async handler(ctx) {
      const viewer = await viewerOf(ctx as Ctx);
      const id = await draftIdOf(ctx as never, viewer);
      const d = await getDraft(ctx.db, id, viewer);
      if (!d) throw new ApiError('not-found');
      // a scope is the draft's region or a region / agency inside it
      let scope: { region: string } | { agency: string } | undefined;
      const s = ctx.body.scope;
      if (s && /^\d{6}$/.test(s)) {
        if (!s.startsWith(regionPrefix(d.region!))) throw new ApiError('not-found');
        scope = { region: s };
      } else if (s) {
        const a = await ctx.db.query<{ region_code: string }>('SELECT region_code FROM agencies WHERE code = $1', [s]);
        if (!a.rows[0] || !a.rows[0].region_code.startsWith(regionPrefix(d.region!))) throw new ApiError('not-found');
        scope = { agency: s };
      }
      try {
        const p = await previewDraft(ctx.db, id, viewer, { period: ctx.body.period, asOf: ctx.body.asOf, scope, now: ctx.now(), timezone: ctx.config.timezone });
        return { draft: presentRun(p.draft), current: p.current ? presentRun(p.current) : null };
      } catch (e) {
        if (e instanceof AssessError) throw new ApiError('validation', [{ field: e.code === 'as-of' ? 'asOf' : e.code, reason: { zh: '考核参数不合法', en: e.message } }]);
        refused(e);
      }
    },
  }),
  defineRoute({
    method: 'GET', url: '/indicator-sets/drafts/:id/indicators/:agency/:code',
    summary: 'The cases behind one figure of a draft\'s preview (not stored), given the preview\'s period, as-of date and scope 草稿预览的指标明细',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: draftDrillParams, querystring: draftDrillQuery, response: { 200: drilldown } },
    probe: { path: (f) => `/indicator-sets/drafts/latest/indicators/${f.agency}/procedure.compliance?period=2026Q1&asOf=2026-03-31${f.side === 'own' ? '' : `&region=${f.region}`}` },
    async handler(ctx) {
      const viewer = await viewerOf(ctx as Ctx);
      const id = await draftIdOf(ctx as never, viewer);
      const d = await getDraft(ctx.db, id, viewer);
      if (!d) throw new ApiError('not-found');
      const { agency, code } = ctx.params;
      // the department must be the caller's, and inside the draft's region and the preview's scope (its region, or the agency itself)
      await checkScope(ctx as Ctx, agency);
      const s = ctx.query.scope ?? d.region!;
      const scope: { region: string } | { agency: string } = /^\d{6}$/.test(s) ? { region: s } : { agency: s };
      if ('region' in scope && !scope.region.startsWith(regionPrefix(d.region!))) throw new ApiError('not-found');
      if ('agency' in scope && scope.agency !== agency) throw new ApiError('not-found');
      if (!(await inRegion(ctx as Ctx, agency, 'region' in scope ? scope.region : d.region!))) throw new ApiError('not-found');
      let r;
      try {
        r = await draftDrilldown(ctx.db.background(), id, viewer, {
          period: ctx.query.period, asOf: ctx.query.asOf, scope, agency, code, limit: ctx.query.limit, now: ctx.now(), timezone: ctx.config.timezone,
        });
      } catch (e) {
        if (e instanceof AssessError) throw new ApiError('validation', [{ field: e.code === 'as-of' ? 'asOf' : e.code, reason: { zh: '考核参数不合法', en: e.message } }]);
        refused(e);
      }
      if (!r) throw new ApiError('not-found');
      return r;
    },
  }),
  defineRoute({
    method: 'POST', url: '/indicator-sets/drafts/:id/publish', summary: 'Publish a draft for a coming quarter (immutable afterwards) 发布指标体系',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: draftParams, querystring: draftQuery, body: publishBody, response: { 200: detail } },
    probe: { path: (f) => `/indicator-sets/drafts/latest/publish${f.side === 'own' ? '' : `?region=${f.region}`}`, body: () => ({}) },
    async handler(ctx) {
      const viewer = await viewerOf(ctx as Ctx);
      try {
        return present(await publishDraft(ctx.db, await draftIdOf(ctx as never, viewer), ctx.body, viewer, context(ctx as Ctx)));
      } catch (e) { refused(e); }
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/indicator-sets/drafts/:id', summary: 'Delete a draft (a published set is never removed) 删除草稿',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: draftParams, querystring: draftQuery, response: { 200: deleted } },
    probe: { path: (f) => `/indicator-sets/drafts/latest${f.side === 'own' ? '' : `?region=${f.region}`}` },
    async handler(ctx) {
      const viewer = await viewerOf(ctx as Ctx);
      const id = await draftIdOf(ctx as never, viewer);
      try {
        await deleteDraft(ctx.db, id, viewer, context(ctx as Ctx));
      } catch (e) { refused(e); }
      return { deleted: id };
    },
  }),
];
