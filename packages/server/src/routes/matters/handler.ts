/**
 * /matters: accountability matters (追责事项). The supervision body of the region opens and drives them; a
 * department's admin sees its department's matters (and answers for the department); an officer sees only the
 * matters naming him and may answer and appeal only those. A step out of order or by a role the due-process machine
 * does not allow is refused (409) with its bilingual reason.
 */
import { localDate, matterCategory, matterSource, MATTER_STEPS, nextActions, type MatterStep } from '@kaohe/core';
import {
  answerMatter, appealMatter, assessMatter, availableDocuments, buildDocument, closeMatter, decideAppeal, decideMatter, DOCUMENT_TITLES, executeMatter,
  getMatter, getMatterAttachment, investigateMatter, listMatters, notifyMatter, openMatter, reevaluatePeopleFrom, serveMatter,
  type MatterActor, type MatterActorRole, type MatterDetail, type MatterFailure, type MatterResult, type MatterScope, type MatterSummary,
} from '@kaohe/app';
import { ApiError } from '../../errors.ts';
import { maskName } from '../../mask.ts';
import type { Principal, Role } from '../../policy.ts';
import { defineRoute, type Ctx, type ProbeFixture } from '../../route.ts';
import {
  answerBody, appealBody, appealDecisionBody, assessBody, attachmentParams, decideBody, documentParams, idParams, matterDetail, mattersList, mattersQuery,
  notifyBody, openBody, openResponse, serveBody, stepBody, stepResponse,
} from './schema.ts';

/** the policy's columns for a matters row aliased `m` */
const MATTER_SCOPE = { agency: 'm.agency_id', region: 'm.region_code', own: 'EXISTS (SELECT 1 FROM matter_people op WHERE op.matter_id = m.id AND op.person_code = $P)' };
const scopeOf = (ctx: Ctx): MatterScope => (first) => ctx.scope(MATTER_SCOPE, first);
const READERS = ['supervisor', 'agency-admin', 'officer'] as const;
const today = (ctx: Ctx) => localDate(ctx.now().toISOString(), ctx.config.timezone);
const SORT = { openedOn: 'opened_on', stepDue: 'step_due', number: 'number', agency: 'agency_id' } as const;

/** The role the caller acts in: the broadest of his roles the route allows. */
function actorOf(ctx: Ctx, allowed: readonly MatterActorRole[]): MatterActor {
  const as = (['supervisor', 'agency-admin', 'officer'] as const).find((r) => allowed.includes(r) && ctx.user.roles.includes(r as Role))!;
  return { ...ctx.actor, as, personCode: as === 'officer' ? ctx.user.personCode : null };
}

function failureOf(r: MatterFailure): never {
  if (r.error === 'not-found') throw new ApiError('not-found');
  if (r.error === 'refused') throw new ApiError('matters.refused', undefined, r.reason);
  throw new ApiError('validation', [{ field: 'body', reason: r.reason }], r.reason);
}
function unwrap<T>(r: MatterResult<T>): T {
  if (!r.ok) failureOf(r);
  return r.value;
}

const labels = (m: MatterSummary) => {
  const c = matterCategory(m.category);
  return {
    category: c?.label ?? null, subtype: c?.subtypes.find((s) => s.code === m.subtype)?.label ?? null,
    step: MATTER_STEPS.find((x) => x.code === m.step)?.label ?? null, source: matterSource(m.source)?.label ?? null,
  };
};

/** Names are shown to the bureau and the department; an officer sees his own name and the others' masked. */
function presentPeople<T extends MatterSummary>(m: T, user: Principal): T {
  const officerOnly = !user.roles.some((r) => r === 'supervisor' || r === 'agency-admin');
  if (!officerOnly) return m;
  return { ...m, people: m.people.map((p) => (p.person === user.personCode ? p : { ...p, name: maskName(p.name) })) };
}

function presentDetail(m: MatterDetail, user: Principal) {
  const roles = (['supervisor', 'agency-admin', 'officer'] as const).filter((r) => user.roles.includes(r));
  const own = m.people.some((p) => p.person === user.personCode);
  const actions = [...new Set(roles.filter((r) => r !== 'officer' || own).flatMap((r) => nextActions(m.step as MatterStep, r)))];
  const d = presentPeople(m, user);
  // an officer sees his own decisions and appeals only
  const mine = (p: string | null) => !roles.every((r) => r === 'officer') || p === user.personCode || p === null;
  return {
    ...d, labels: labels(m), decisions: d.decisions.filter((x) => mine(x.person)), appeals: d.appeals.filter((x) => mine(x.person)),
    documents: availableDocuments(m).map((kind) => ({ kind, title: DOCUMENT_TITLES[kind] })), actions,
  };
}

const decode = (a?: { name: string; content: string }[]) => a?.map((x) => ({ name: x.name, content: Buffer.from(x.content, 'base64') }));
const probeStep = (action: string, body: (f: ProbeFixture) => unknown) => ({ path: (f: ProbeFixture) => `/matters/${f.matterId}/${action}`, body, ok: [200, 409] });

/** A POST /matters/:id/<action> route. */
function step<B>(action: string, summary: string, allow: readonly MatterActorRole[], body: import('zod').ZodType<B>, run: (ctx: Ctx<unknown, { id: number }, B>, actor: MatterActor) => Promise<MatterResult<unknown>>, probeBody: (f: ProbeFixture) => unknown) {
  return defineRoute({
    method: 'POST', url: `/matters/:id/${action}`, summary, policy: { allow, scope: 'own' },
    schema: { params: idParams, body, response: { 200: stepResponse } },
    probe: probeStep(action, probeBody),
    async handler(ctx) {
      return unwrap(await run(ctx as Ctx<unknown, { id: number }, B>, actorOf(ctx as Ctx, allow)));
    },
  });
}

export const routes = [
  defineRoute({
    method: 'GET', url: '/matters', summary: 'Accountability matters 追责事项清单 (filters, overdue steps, export)',
    policy: { allow: READERS, scope: 'own' },
    schema: { querystring: mattersQuery, response: { 200: mattersList } },
    list: {
      name: 'matters',
      columns: [
        { key: 'number', zh: '立案编号', en: 'Number' }, { key: 'title', zh: '事项名称', en: 'Title', width: 40 },
        { key: 'agencyName', zh: '涉及部门', en: 'Agency' },
        { key: 'category', zh: '问题类别', en: 'Category', value: (r) => (r.labels as { category: { zh: string } | null }).category?.zh ?? r.category },
        { key: 'step', zh: '当前环节', en: 'Step', value: (r) => (r.labels as { step: { zh: string } | null }).step?.zh ?? r.step },
        { key: 'stepDue', zh: '环节期限', en: 'Due' }, { key: 'overdueDays', zh: '逾期天数', en: 'Days overdue' },
        { key: 'people', zh: '涉及人员', en: 'People', value: (r) => (r.people as { name: string | null; person: string }[]).map((p) => p.name ?? p.person).join('、') },
        { key: 'openedOn', zh: '立案日期', en: 'Opened' },
      ],
    },
    probe: {},
    async handler(ctx) {
      const { query, paging, db } = ctx;
      const r = await listMatters(db, {
        scope: scopeOf(ctx), agency: query.agency, step: query.step, category: query.category, source: query.source, person: query.person,
        overdue: query.overdue === 'true', openedFrom: query.openedFrom, openedTo: query.openedTo, today: today(ctx),
        page: paging.page, pageSize: paging.limit, sort: SORT[(paging.sort ?? 'openedOn') as keyof typeof SORT], order: paging.sort ? paging.order : 'desc',
      });
      return { items: r.items.map((m) => ({ ...presentPeople(m, ctx.user), labels: labels(m) })), total: r.total };
    },
  }),
  defineRoute({
    method: 'GET', url: '/matters/:id', summary: 'One matter: timeline, chain and shares, tolerance, decisions, appeals, documents 追责事项详情',
    policy: { allow: READERS, scope: 'own' },
    schema: { params: idParams, response: { 200: matterDetail } },
    probe: { path: (f) => `/matters/${f.matterId}` },
    async handler(ctx) {
      const m = await getMatter(ctx.db, ctx.params.id, today(ctx), scopeOf(ctx));
      if (!m) throw new ApiError('not-found');
      return presentDetail(m, ctx.user);
    },
  }),
  defineRoute({
    method: 'POST', url: '/matters', summary: 'Open a matter 立案 (from warnings, a reversal record, a verified complaint, or by hand)',
    policy: { allow: ['supervisor'], scope: 'region' },
    schema: { body: openBody, response: { 200: openResponse } },
    probe: { body: (f) => ({ source: 'manual', cases: [{ agency: f.agency, caseId: f.caseId }], category: 'procedural', subtype: 'service', summary: `probe ${f.unique}` }), scopedTarget: true },
    async handler(ctx) {
      const b = ctx.body;
      return unwrap(await openMatter(ctx.db, { ...b, today: today(ctx) }, ctx.actor, (first) => ctx.scope({ agency: 'm.agency_id', region: 'm.region_code' }, first)));
    },
  }),
  step('investigate', 'Start the investigation 调查', ['supervisor'], stepBody, (ctx, a) => investigateMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), text: ctx.body.text }, scopeOf(ctx as Ctx)), () => ({ text: '调取案卷' })),
  step('notify', 'Notify the proposed handling 告知拟处理意见', ['supervisor'], notifyBody,
    (ctx, a) => notifyMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), text: ctx.body.text, proposals: ctx.body.proposals }, scopeOf(ctx as Ctx)),
    () => ({ proposals: [{ person: null, kind: 'rectify' }] })),
  step('answer', 'The officer\'s statement and defence 陈述申辩 (with attachments)', ['officer'], answerBody,
    (ctx, a) => answerMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), text: ctx.body.text, attachments: decode(ctx.body.attachments) }, scopeOf(ctx as Ctx)),
    () => ({ text: '已按规定送达，系当事人拒收' })),
  step('assess', 'Assess liability and tolerance 责任认定与容错纠错', ['supervisor'], assessBody,
    async (ctx, a) => {
      const r = await assessMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), facts: ctx.body.facts }, scopeOf(ctx as Ctx));
      if (!r.ok) return r;
      const m = (await getMatter(ctx.db, ctx.params.id, today(ctx as Ctx)))!;
      return { ok: true, value: { step: m.step, stepDue: m.stepDue, result: r.value } };
    },
    () => ({ facts: { origin: 'handler' } })),
  step('decide', 'Decide, graded 作出处理决定', ['supervisor'], decideBody,
    (ctx, a) => decideMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), text: ctx.body.text, decisions: ctx.body.decisions }, scopeOf(ctx as Ctx)),
    (f) => ({ decisions: [{ person: f.person, kind: 'criticism' }, { person: null, kind: 'rectify' }] })),
  step('serve', 'Serve the decision 送达 (its effects apply from today)', ['supervisor'], serveBody, async (ctx, a) => {
    const d = today(ctx as Ctx);
    const r = await serveMatter(ctx.db, ctx.params.id, a, { today: d, text: ctx.body.text, method: ctx.body.method }, scopeOf(ctx as Ctx));
    // a suspended or cancelled credential: the officer's acts from today are judged again (after the step committed)
    if (r.ok && Array.isArray(r.value.result) && r.value.result.length) await reevaluatePeopleFrom(ctx.db, (r.value.result as { person: string }[]).map((s) => s.person), d, d);
    return r;
  }, () => ({})),
  step('appeal', 'Appeal a decision 申请复核/申诉 (it stays in force meanwhile)', ['officer'], appealBody,
    (ctx, a) => appealMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), decisionId: ctx.body.decisionId, grounds: ctx.body.grounds, attachments: decode(ctx.body.attachments) }, scopeOf(ctx as Ctx)),
    () => ({ decisionId: 1, grounds: '事实认定有误' })),
  step('decide-appeal', 'Decide an appeal 复核/申诉决定', ['supervisor'], appealDecisionBody,
    (ctx, a) => decideAppeal(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), ...ctx.body }, scopeOf(ctx as Ctx)),
    () => ({ appealId: 1, outcome: 'upheld', reasoning: '维持原决定' })),
  step('execute', 'Record the execution 执行', ['supervisor'], stepBody, (ctx, a) => executeMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), text: ctx.body.text }, scopeOf(ctx as Ctx)), () => ({})),
  step('close', 'Close the matter 结案', ['supervisor'], stepBody, (ctx, a) => closeMatter(ctx.db, ctx.params.id, a, { today: today(ctx as Ctx), text: ctx.body.text }, scopeOf(ctx as Ctx)), () => ({})),
  defineRoute({
    method: 'GET', url: '/matters/:id/attachments/:attachment', summary: 'Download an attachment of a matter 附件下载',
    policy: { allow: READERS, scope: 'own' },
    schema: { params: attachmentParams },
    probe: { path: (f) => `/matters/${f.matterId}/attachments/999999`, ok: [404] },
    async handler(ctx) {
      const a = await getMatterAttachment(ctx.db, ctx.params.id, ctx.params.attachment, scopeOf(ctx));
      if (!a) throw new ApiError('not-found');
      return ctx.reply.type(a.contentType)
        .header('content-disposition', `attachment; filename="${a.name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.name)}`).send(a.content);
    },
  }),
  defineRoute({
    method: 'GET', url: '/matters/:id/documents/:kind', summary: 'A document of the matter as DOCX (GB/T 9704) 文书下载',
    policy: { allow: READERS, scope: 'own' },
    schema: { params: documentParams },
    probe: { path: (f) => `/matters/${f.matterId}/documents/filing` },
    async handler(ctx) {
      const m = await getMatter(ctx.db, ctx.params.id, today(ctx), scopeOf(ctx));
      if (!m) throw new ApiError('not-found');
      const doc = buildDocument(presentDetail(m, ctx.user) as unknown as MatterDetail, ctx.params.kind, today(ctx), { issuer: ctx.config.bureau });
      if (!doc) throw new ApiError('not-found');
      const d = await doc;
      return ctx.reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="matter-${m.id}-${ctx.params.kind}.docx"; filename*=UTF-8''${encodeURIComponent(d.fileName)}`).send(d.content);
    },
  }),
];

