import type { Message } from '../model.ts';

/** The finding message catalogue (zh-CN, en), by finding code; `{name}` is a finding field. */
export const FINDING_MESSAGES: Record<string, Message> = {
  'deadline.late': { zh: '{to} 于 {actOn} 作出，晚于期限届满日 {dueOn}（{periodZh}）', en: '{to} on {actOn}, after the due day {dueOn} ({periodEn})' },
  'deadline.missing': { zh: '{to} 未在期限届满日 {dueOn} 前作出（{periodZh}）', en: '{to} missing: it was due on {dueOn} ({periodEn})' },
  'deadline.pending': { zh: '{to} 尚未作出，期限将于 {dueOn} 届满（临期）', en: '{to} not done yet; due on {dueOn}' },
  'deadline.early': { zh: '{to} 于 {actOn} 作出，早于 {dueOn}（自 {from}（{fromOn}）起不少于 {days} 个{unitZh}）', en: '{to} on {actOn}, before {dueOn} (at least {days} {unit} days after {from} on {fromOn})' },
  'precedence.missing': { zh: '{after}（{actOn}）之前没有 {before}', en: '{after} on {actOn} without an earlier {before}' },
  'required-before.missing': { zh: '{before}（{actOn}）之前缺少 {required}', en: '{required} missing before {before} on {actOn}' },
  'distinct-actors.too-few': { zh: '{acts} 的执法人员不足 {min} 人（实有 {count} 人）', en: 'fewer than {min} officers in {acts} ({count})' },
  'distinct-actors.same-person': { zh: '{roleA} 与 {roleB} 为同一人（{person}）', en: '{roleA} and {roleB} are the same person ({person})' },
  'threshold.exceeded': { zh: '{field} 为 {value}，超出限额 {limit}', en: '{field} is {value}, beyond the limit {limit}' },
  'threshold.condition': { zh: '{field} 不符合适用条件', en: '{field}: the conditions of this procedure are not met' },
  'compare.failed': { zh: '{left}（{leftValue}）与 {right}（{rightValue}）的关系不符合要求', en: '{left} ({leftValue}) must be {order} {right} ({rightValue})' },
  'guard.failed': { zh: '{at}（{actOn}）时条件不满足', en: 'condition not met at {at} on {actOn}' },
  'final-state.failed': { zh: '案件最终状态不符合要求', en: 'the final state of the case does not meet the condition' },
  'limitation.expired': { zh: '违法行为发生于 {occurredOn}，{act} 已超过 {years} 年追责时效，仍予处罚', en: 'violation on {occurredOn}: {act} came after the {years}-year limitation, yet a penalty was imposed' },
  'no-heavier.heavier': { zh: '陈述申辩或听证后决定重于告知（罚款 {fine} / 告知 {proposedFine}；新增种类 {kinds}）', en: 'after defence or hearing the decision is heavier than the notice (fine {fine} vs {proposedFine}; added kinds {kinds})' },
  'request-window.early': { zh: '处罚决定于 {actOn} 作出，未待听证申请期（至 {dueOn}）届满', en: 'decision on {actOn}, within the hearing-request window (until {dueOn})' },
  'extension.not-collective': { zh: '延期累计 {total} 日超过 {limit} 日，未经集体讨论', en: 'extensions total {total} days, beyond {limit}, without a collective decision' },
};

export const UNIT_ZH: Record<string, string> = { calendar: '自然日', working: '工作日' };
