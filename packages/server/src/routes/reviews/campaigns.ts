/**
 * /reviews/campaigns, /reviews/my, /reviews/assignments: case-file review (案卷评查). The supervision body creates a
 * campaign (period, rate, seed — the seed is published with the sample list), sees its files, results and checks;
 * a file reviewer reaches only the files assigned to them (an assignment of someone else answers 404).
 */
import {
  campaignResults, createCampaign, getAssignment, getCampaign, listCampaigns, listChecks, myAssignments, recordCheck, submitScore,
} from '@kaohe/app';
import { ApiError } from '../../errors.ts';
import { maskName, seesNames } from '../../mask.ts';
import { regionPrefix } from '../../policy.ts';
import { defineRoute, type Ctx } from '../../route.ts';
import { today } from '../agencies/edit.ts';
import {
  assignmentDetail, campaignBody, campaignDetail, campaignList, check, checkBody, checkList, created, idParams, myList, scoreBody, scored,
} from './campaigns-schema.ts';

/** the caller's region prefix (a supervisor without a region sees nothing) */
const prefixOf = (ctx: Ctx): string => {
  if (!ctx.user.region) throw new ApiError('not-found');
  return regionPrefix(ctx.user.region);
};
async function campaignInScope(ctx: Ctx<unknown, { id: number }>) {
  const c = await getCampaign(ctx.db, ctx.params.id, prefixOf(ctx as Ctx));
  if (!c) throw new ApiError('not-found');
  return c;
}
const invalid = (message: string) => new ApiError('validation', [{ field: message.split(':')[0], reason: { zh: message, en: message } }]);

export const campaignRoutes = [
  defineRoute({
    method: 'GET', url: '/reviews/campaigns', summary: 'Case-file review campaigns 案卷评查活动 (of the caller’s region)',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { response: { 200: campaignList } },
    probe: {},
    async handler(ctx) {
      const items = await listCampaigns(ctx.db, prefixOf(ctx));
      return { items, total: items.length };
    },
  }),
  defineRoute({
    method: 'POST', url: '/reviews/campaigns', summary: 'Create a campaign: draw the sample (seed published), assign reviewers across departments 创建评查活动',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { body: campaignBody, response: { 200: created } },
    probe: { body: (f) => ({ name: `评查 ${f.unique}`, period: '2026H1', seed: f.unique, dueOn: '2026-07-31' }) },
    async handler(ctx) {
      if (!ctx.user.region) throw new ApiError('access.forbidden');
      const r = await createCampaign(ctx.db, ctx.actor, { ...ctx.body, region: ctx.user.region });
      if (!r.ok) throw invalid(r.message);
      return { id: r.id, files: r.files, assignments: r.assignments, unassigned: r.unassigned };
    },
  }),
  defineRoute({
    method: 'GET', url: '/reviews/campaigns/:id', summary: 'A campaign: its seed and method, every file’s score, per-department rates with 95 % intervals 评查结果',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: idParams, response: { 200: campaignDetail } },
    probe: { path: () => '/reviews/campaigns/999999', ok: [200, 404] },
    async handler(ctx) {
      const c = await campaignInScope(ctx);
      const r = await campaignResults(ctx.db, c.id);
      return { ...c, departments: r.departments, files: r.files };
    },
  }),
  defineRoute({
    method: 'GET', url: '/reviews/campaigns/:id/checks', summary: 'On-site and random checks of a campaign 现场核查 / 随机抽查',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: idParams, response: { 200: checkList } },
    probe: { path: () => '/reviews/campaigns/999999/checks', ok: [200, 404] },
    async handler(ctx) {
      const c = await campaignInScope(ctx);
      return { items: await listChecks(ctx.db, c.id) };
    },
  }),
  defineRoute({
    method: 'POST', url: '/reviews/campaigns/:id/checks', summary: 'Record an on-site or random check: place, date, people, what was found 记录核查',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { params: idParams, body: checkBody, response: { 200: check.pick({ id: true }) } },
    probe: { path: () => '/reviews/campaigns/999999/checks', body: (f) => ({ kind: 'spot', agency: f.agency, place: '办事大厅', onDate: '2026-07-15', people: ['王五'], found: '未发现问题' }), ok: [200, 404] },
    async handler(ctx) {
      const r = await recordCheck(ctx.db, ctx.actor, ctx.params.id, prefixOf(ctx), ctx.body);
      if (!r.ok) throw r.reason === 'not-found' ? new ApiError('not-found') : invalid(r.message);
      return { id: r.id };
    },
  }),
  defineRoute({
    method: 'GET', url: '/reviews/my', summary: 'My files to review 我的评查案卷 (assigned to the signed-in file reviewer only)',
    policy: { allow: ['file-reviewer'], scope: 'none' },
    schema: { response: { 200: myList } },
    probe: {},
    async handler(ctx) {
      return { items: await myAssignments(ctx.db, ctx.user.id, today(ctx)) };
    },
  }),
  defineRoute({
    method: 'GET', url: '/reviews/assignments/:id', summary: 'One assigned file: the case timeline beside the sheet, the rule findings as evidence per item 评查案卷',
    policy: { allow: ['file-reviewer'], scope: 'none' },
    schema: { params: idParams, response: { 200: assignmentDetail } },
    probe: { path: () => '/reviews/assignments/999999', scopedTarget: true },
    async handler(ctx) {
      const a = await getAssignment(ctx.db, ctx.params.id, ctx.user.id, today(ctx));
      if (!a) throw new ApiError('not-found');
      const names = seesNames(ctx.user);
      return { ...a, timeline: a.timeline.map((e) => ({ ...e, by: names ? e.by : e.by.map((n) => maskName(n) ?? n) })) };
    },
  }),
  defineRoute({
    method: 'POST', url: '/reviews/assignments/:id/score', summary: 'Submit the scored sheet of an assigned file (a comment per deduction) 提交评查表',
    policy: { allow: ['file-reviewer'], scope: 'none' },
    schema: { params: idParams, body: scoreBody, response: { 200: scored } },
    probe: { path: () => '/reviews/assignments/999999/score', body: () => ({ deductions: [] }), scopedTarget: true },
    async handler(ctx) {
      const r = await submitScore(ctx.db, ctx.actor, ctx.params.id, ctx.user.id, ctx.body);
      if (r.ok) return { total: r.total, grade: r.grade, reconciliation: r.reconciliation };
      if (r.reason === 'not-found') throw new ApiError('not-found');
      if (r.reason === 'wrong-state') throw new ApiError('review.wrong-state');
      if (r.reason === 'invalid') throw new ApiError('validation', r.issues.map((i) => ({ field: i.field, reason: i.message })));
      throw new ApiError('internal');
    },
  }),
];
