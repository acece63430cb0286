/**
 * Due process of an accountability matter as a state machine on the legal calendar:
 * 立案 → 调查 → 告知拟处理意见 → 陈述申辩 → 决定 → 送达 → 复核/申诉 → 执行 → 结案.
 * The supervisor drives it; the officer concerned answers (陈述申辩, or waives it) and appeals (复核/申诉); the decision
 * stays in force during the appeal (公务员法 第九十五条: 复核、申诉期间不停止人事处理的执行). Pure: the day of an
 * action and the calendar are arguments.
 */
import type { LegalCalendar } from '../calendar/index.ts';
import { isLocalDate } from '../calendar/index.ts';
import type { Label } from './categories.ts';

export type MatterStep = 'filed' | 'investigation' | 'notice' | 'defence' | 'decision' | 'service' | 'appeal' | 'enforcement' | 'closed';
export type MatterAction = 'investigate' | 'dismiss' | 'notify' | 'answer' | 'waive' | 'decide' | 'serve' | 'appeal' | 'execute' | 'decide-appeal' | 'close';
/** Who acts: the supervisor, the department's admin (sees, never acts), the officer concerned in this matter (the app checks it is them). */
export type MatterActorRole = 'supervisor' | 'agency-admin' | 'officer';
export type AppealOutcome = 'upheld' | 'changed' | 'revoked';

const freeze = <T>(o: T): T => {
  if (o && typeof o === 'object') { for (const v of Object.values(o as object)) freeze(v); Object.freeze(o); }
  return o;
};

/** The steps in order, with their labels. */
export const MATTER_STEPS: readonly { code: MatterStep; label: Label }[] = freeze([
  { code: 'filed', label: { zh: '立案', en: 'Opened' } },
  { code: 'investigation', label: { zh: '调查', en: 'Investigation' } },
  { code: 'notice', label: { zh: '告知拟处理意见', en: 'Proposed decision notified' } },
  { code: 'defence', label: { zh: '陈述申辩', en: 'Statement and defence' } },
  { code: 'decision', label: { zh: '决定', en: 'Decision' } },
  { code: 'service', label: { zh: '送达', en: 'Service' } },
  { code: 'appeal', label: { zh: '复核/申诉', en: 'Review / appeal' } },
  { code: 'enforcement', label: { zh: '执行', en: 'Execution' } },
  { code: 'closed', label: { zh: '结案', en: 'Closed' } },
]);

/** The step a new matter is in. */
export const MATTER_START_STEP: MatterStep = 'filed';

/** An action: who may take it, from which steps, to which step (`null`: the step stays). */
export interface MatterActionDef {
  code: MatterAction;
  label: Label;
  roles: readonly MatterActorRole[];
  from: readonly MatterStep[];
  to: MatterStep | null;
}

export const MATTER_ACTIONS: readonly MatterActionDef[] = freeze([
  { code: 'investigate', label: { zh: '开展调查', en: 'Start the investigation' }, roles: ['supervisor'], from: ['filed'], to: 'investigation' },
  { code: 'dismiss', label: { zh: '撤销立案（不予追究）', en: 'Dismiss (no liability)' }, roles: ['supervisor'], from: ['filed', 'investigation'], to: 'closed' },
  { code: 'notify', label: { zh: '告知拟处理意见', en: 'Notify the proposed decision' }, roles: ['supervisor'], from: ['investigation'], to: 'notice' },
  { code: 'answer', label: { zh: '提交陈述申辩', en: 'Answer (statement and defence)' }, roles: ['officer'], from: ['notice'], to: 'defence' },
  { code: 'waive', label: { zh: '放弃陈述申辩', en: 'Waive the defence' }, roles: ['officer'], from: ['notice'], to: 'defence' },
  { code: 'decide', label: { zh: '作出处理决定', en: 'Decide' }, roles: ['supervisor'], from: ['defence', 'notice'], to: 'decision' },
  { code: 'serve', label: { zh: '送达处理决定', en: 'Serve the decision' }, roles: ['supervisor'], from: ['decision'], to: 'service' },
  { code: 'appeal', label: { zh: '申请复核/提出申诉', en: 'Request review / appeal' }, roles: ['officer'], from: ['service', 'enforcement'], to: 'appeal' },
  { code: 'execute', label: { zh: '执行处理决定', en: 'Execute the decision' }, roles: ['supervisor'], from: ['service', 'appeal'], to: 'enforcement' },
  { code: 'decide-appeal', label: { zh: '作出复核/申诉决定', en: 'Decide the review / appeal' }, roles: ['supervisor'], from: ['appeal', 'enforcement'], to: null },
  { code: 'close', label: { zh: '结案', en: 'Close' }, roles: ['supervisor'], from: ['enforcement'], to: 'closed' },
]);

/** A period: N days after the day the step was entered, counted as working days or calendar days (rolled forward). */
export interface StepPeriod {
  days: number;
  unit: 'working' | 'calendar';
  /** what must happen by the due day */
  what: Label;
  /** where the number comes from */
  source: string;
}

/**
 * How long a matter may stay in each step (counted from the day it entered it; the start day excluded; DESIGN.md
 * "Legal time"). No national statute sets these for 执法过错责任追究; the values are the common ones of local
 * 行政执法过错责任追究办法 and of the 公务员法 for review, as noted one by one. A bureau passes its own table.
 */
export const STEP_PERIODS: Readonly<Partial<Record<MatterStep, StepPeriod>>> = freeze({
  // Kaohe's choice: investigators are assigned within a working week of 立案 (local 办法 leave this to the bureau).
  filed: { days: 5, unit: 'working', what: { zh: '启动调查', en: 'start the investigation' }, source: 'Kaohe default (bureau-set)' },
  // Local 办法 commonly: 自立案之日起六十日内调查终结 (extendable by 30 days with approval).
  investigation: { days: 60, unit: 'calendar', what: { zh: '调查终结', en: 'conclude the investigation' }, source: '地方行政执法过错责任追究办法通行规定：六十日内调查终结' },
  // Local 办法 commonly: 收到告知书之日起五个工作日内陈述申辩 (as 行政处罚法 第六十四条 gives 5 days to ask for a hearing).
  notice: { days: 5, unit: 'working', what: { zh: '陈述申辩', en: 'answer (statement and defence)' }, source: '地方行政执法过错责任追究办法通行规定：五个工作日内陈述申辩' },
  // Kaohe's choice: the decision within two working weeks of hearing the officer.
  defence: { days: 10, unit: 'working', what: { zh: '作出处理决定', en: 'decide' }, source: 'Kaohe default (bureau-set)' },
  // As 行政处罚法 第六十一条、第八十五条 for a penalty decision: served within 7 working days.
  decision: { days: 7, unit: 'working', what: { zh: '送达处理决定', en: 'serve the decision' }, source: '参照行政处罚法第六十一条：七日内送达（工作日）' },
  // 公务员法 第九十五条: 自知道该人事处理之日起三十日内申请复核 — after the window the decision is final and executed.
  service: { days: 30, unit: 'calendar', what: { zh: '复核/申诉期满，执行决定', en: 'review window ends: execute the decision' }, source: '公务员法第九十五条：三十日内申请复核或申诉' },
  // 公务员法 第九十六条: 原处理机关应当自接到复核申请书后的三十日内作出复核决定.
  appeal: { days: 30, unit: 'calendar', what: { zh: '作出复核/申诉决定', en: 'decide the review / appeal' }, source: '公务员法第九十六条：三十日内作出复核决定' },
});

/** Where a matter stands in its due process. */
export interface MatterProcessState {
  step: MatterStep;
  /** local day the step was entered */
  since: string;
  /** the day the proposed decision was notified (告知), once it was */
  noticeOn?: string | undefined;
  defence?: 'answered' | 'waived' | undefined;
  /** the day the decision was served */
  servedOn?: string | undefined;
  appeal?: { status: 'pending' | AppealOutcome; filedOn: string; decidedOn?: string | undefined } | undefined;
}

/** A new matter, opened on `on`. */
export function initialMatterState(on: string): MatterProcessState {
  return { step: MATTER_START_STEP, since: on };
}

/** What a transition needs beyond the state: the day (and calendar, for periods), the appeal's outcome. */
export interface TransitionContext {
  /** the local day of the action */
  on?: string | undefined;
  calendar?: LegalCalendar | undefined;
  outcome?: AppealOutcome | undefined;
  periods?: Readonly<Partial<Record<MatterStep, StepPeriod>>> | undefined;
}

export type TransitionResult = { ok: true; next: MatterProcessState } | { ok: false; reason: Label };

/** Actions `actorRole` may take in `step` (by order and role; a date-dependent refusal can still follow). */
export function nextActions(step: MatterStep, actorRole: string): MatterAction[] {
  return MATTER_ACTIONS.filter((a) => a.from.includes(step) && (a.roles as readonly string[]).includes(actorRole)).map((a) => a.code);
}

/** The label of a step (zh-CN / en). */
export function stepLabel(step: MatterStep): Label {
  return MATTER_STEPS.find((x) => x.code === step)?.label ?? { zh: step, en: step };
}

/** The label of an action (zh-CN / en). */
export function actionLabel(action: MatterAction): Label {
  return MATTER_ACTIONS.find((x) => x.code === action)?.label ?? { zh: action, en: action };
}
const refuse = (zh: string, en: string): TransitionResult => ({ ok: false, reason: { zh, en } });

/** The due day of leaving `step` entered on `sinceDay`; `day: null` when the step has no period. */
export function stepDueDay(
  step: MatterStep, sinceDay: string, calendar: LegalCalendar, periods: Readonly<Partial<Record<MatterStep, StepPeriod>>> = STEP_PERIODS,
): { day: string | null; provisional: number[] } {
  const p = periods[step];
  if (!p) return { day: null, provisional: [] };
  const d = p.unit === 'working' ? calendar.addWorkingDays(sinceDay, p.days) : calendar.addCalendarDays(sinceDay, p.days, { rollForward: true });
  return { day: d.date, provisional: d.provisional };
}

/**
 * One step of due process: enforces the order (the action must be allowed from the current step), the role (supervisor
 * drives; the officer concerned answers, waives and appeals), and, given the day and calendar, the periods that guard a
 * right: no decision while the defence period runs unless the officer answered or waived; no answer after it ended
 * (逾期视为放弃); an appeal within the review window after service; the decision stays in force during the appeal (it
 * may be executed; the matter is not closed while the appeal is pending). Pure; refusals are returned, not thrown.
 */
export function matterTransition(state: MatterProcessState, action: string, actorRole: string, ctx: TransitionContext = {}): TransitionResult {
  const def = MATTER_ACTIONS.find((a) => a.code === action);
  if (!def) return refuse(`未知操作：${action}`, `unknown action: ${action}`);
  if (!(def.roles as readonly string[]).includes(actorRole)) {
    const who = def.roles.map((r) => (r === 'officer' ? '被追责执法人员' : '执法监督人员')).join('、');
    return refuse(`“${def.label.zh}”只能由${who}操作（当前角色：${actorRole}）`, `"${def.label.en}" is for ${def.roles.join(', ')} only (not ${actorRole})`);
  }
  if (!def.from.includes(state.step)) {
    const cur = stepLabel(state.step);
    return refuse(`当前处于“${cur.zh}”环节，不能“${def.label.zh}”`, `the matter is at "${cur.en}": cannot "${def.label.en}"`);
  }
  const on = ctx.on ?? state.since;
  if (ctx.on !== undefined && !isLocalDate(ctx.on)) return refuse(`日期无效：${ctx.on}`, `not a local date YYYY-MM-DD: ${ctx.on}`);
  if (on < state.since) return refuse(`操作日期 ${on} 早于本环节开始日 ${state.since}`, `the action's day ${on} is before the step began (${state.since})`);
  const periods = ctx.periods ?? STEP_PERIODS;
  const dueOf = (step: MatterStep, since: string) => (ctx.calendar ? stepDueDay(step, since, ctx.calendar, periods).day : null);
  const next: MatterProcessState = { ...state };
  const move = (to: MatterStep | null) => { if (to && to !== state.step) { next.step = to; next.since = on; } };

  switch (def.code) {
    case 'notify':
      next.noticeOn = on;
      break;
    case 'answer': case 'waive': {
      if (def.code === 'answer' && ctx.on !== undefined) {
        const due = dueOf('notice', state.since);
        if (due && on > due) return refuse(`陈述申辩期限已于 ${due} 届满，逾期视为放弃`, `the defence period ended on ${due}: a late answer counts as waived`);
      }
      next.defence = def.code === 'answer' ? 'answered' : 'waived';
      break;
    }
    case 'decide':
      if (state.step === 'notice') {
        if (ctx.on === undefined || !ctx.calendar) return refuse('被追责人未陈述申辩：须给出决定日期和日历，以核对陈述申辩期限是否届满', 'no answer from the officer: the day and the calendar are needed to check the defence period has ended');
        const due = dueOf('notice', state.since);
        if (due && on <= due) return refuse(`陈述申辩期限至 ${due} 届满，期满前不得作出决定（除非已陈述申辩或放弃）`, `the defence period runs until ${due}: no decision before it ends unless the officer answered or waived`);
      }
      break;
    case 'serve':
      next.servedOn = on;
      break;
    case 'appeal': {
      if (state.appeal) return refuse('已提出过复核/申诉', 'a review / appeal was already filed');
      if (ctx.on !== undefined && ctx.calendar && state.servedOn) {
        const due = stepDueDay('service', state.servedOn, ctx.calendar, periods).day;
        if (due && on > due) return refuse(`复核/申诉期限已于 ${due} 届满`, `the review / appeal window ended on ${due}`);
      }
      next.appeal = { status: 'pending', filedOn: on };
      // during execution the decision stays in force: the matter stays at 执行 with the appeal pending
      if (state.step === 'enforcement') return { ok: true, next };
      break;
    }
    case 'execute':
      if (state.appeal?.status === 'revoked') return refuse('处理决定已被撤销，不能执行', 'the decision was revoked: nothing to execute');
      break;
    case 'decide-appeal': {
      if (state.appeal?.status !== 'pending') return refuse('没有待决的复核/申诉', 'no review / appeal is pending');
      const outcome = ctx.outcome;
      if (outcome !== 'upheld' && outcome !== 'changed' && outcome !== 'revoked') return refuse('须给出复核/申诉结果：维持（upheld）、变更（changed）或撤销（revoked）', 'the outcome is needed: upheld, changed or revoked');
      next.appeal = { ...state.appeal, status: outcome, decidedOn: on };
      move(outcome === 'revoked' ? 'closed' : 'enforcement');
      return { ok: true, next };
    }
    case 'close':
      if (state.appeal?.status === 'pending') return refuse('复核/申诉尚未决定，不能结案', 'a review / appeal is pending: the matter cannot be closed');
      break;
    default:
      break;
  }
  move(def.to);
  return { ok: true, next };
}

/** A step (or a pending appeal) past its due day. */
export interface OverdueStep {
  step: MatterStep;
  /** the day the period started */
  since: string;
  dueOn: string;
  /** what was due */
  what: Label;
  provisional: number[];
}

/**
 * What is overdue as of `asOf` (on time up to and including the due day): the current step when its period has run
 * out, and an appeal still undecided past its period while the decision is being executed.
 */
export function overdueSteps(
  state: MatterProcessState, asOf: string, calendar: LegalCalendar, periods: Readonly<Partial<Record<MatterStep, StepPeriod>>> = STEP_PERIODS,
): OverdueStep[] {
  const out: OverdueStep[] = [];
  const check = (step: MatterStep, since: string) => {
    const p = periods[step];
    const d = stepDueDay(step, since, calendar, periods);
    if (p && d.day && asOf > d.day) out.push({ step, since, dueOn: d.day, what: p.what, provisional: d.provisional });
  };
  check(state.step, state.since);
  if (state.step !== 'appeal' && state.appeal?.status === 'pending') check('appeal', state.appeal.filedOn);
  return out;
}
