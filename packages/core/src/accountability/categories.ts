/**
 * The catalogue of accountability matters (追责事项): categories and sub-types as data, the rule → category map that
 * pre-classifies a matter opened from a warning, and the open list of the sources a matter comes from.
 */

/** A label in both languages of the UI (zh-CN first). */
export interface Label {
  zh: string;
  en: string;
}

/** A sub-type of a category (e.g. 程序违法 › 送达). */
export interface MatterSubtype {
  readonly code: string;
  readonly label: Label;
}

/** A category of enforcement error (执法过错类别). */
export interface MatterCategory {
  readonly code: string;
  readonly label: Label;
  readonly subtypes: readonly MatterSubtype[];
}

const deep = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o as object)) deep(v);
    Object.freeze(o);
  }
  return o;
};

/**
 * The six categories: the three the work plan spells out (程序违法, 实体错误, 裁量失当) and its other three
 * (不作为/慢作为, 乱作为, 作风纪律). Codes are stable; labels may be re-worded.
 */
export const MATTER_CATEGORIES: readonly MatterCategory[] = deep([
  {
    code: 'procedural', label: { zh: '程序违法', en: 'Procedural violation' },
    subtypes: [
      { code: 'notice', label: { zh: '未依法告知或未保障陈述申辩权', en: 'Notice not given / right of defence not respected' } },
      { code: 'hearing', label: { zh: '应听证未听证或听证程序违法', en: 'Hearing not offered or held unlawfully' } },
      { code: 'service', label: { zh: '未依法送达', en: 'Decision not served as required' } },
      { code: 'record', label: { zh: '执法全过程记录缺失', en: 'Whole-process record missing' } },
      { code: 'legal-review', label: { zh: '未经法制审核或审核流于形式', en: 'Legal review skipped or perfunctory' } },
      { code: 'collective-discussion', label: { zh: '应集体讨论未集体讨论', en: 'Collective discussion skipped' } },
      { code: 'staff', label: { zh: '执法人员不足二人或未出示执法证件', en: 'Fewer than two officers / credential not shown' } },
      { code: 'procedure-choice', label: { zh: '程序适用错误', en: 'Wrong procedure applied' } },
      { code: 'sequence', label: { zh: '程序步骤颠倒或期限不符', en: 'Steps out of order or out of time' } },
      { code: 'publication', label: { zh: '未依法公示或撤回公示', en: 'Decision not published / publication not withdrawn' } },
    ],
  },
  {
    code: 'substantive', label: { zh: '实体错误', en: 'Substantive error' },
    subtypes: [
      { code: 'facts-unclear', label: { zh: '事实不清', en: 'Facts unclear' } },
      { code: 'evidence-insufficient', label: { zh: '证据不足', en: 'Evidence insufficient' } },
      { code: 'wrong-law', label: { zh: '适用法律错误', en: 'Wrong law applied' } },
      { code: 'beyond-authority', label: { zh: '超越职权', en: 'Beyond authority' } },
    ],
  },
  {
    code: 'discretion', label: { zh: '裁量失当', en: 'Improper discretion' },
    subtypes: [
      { code: 'benchmark-not-applied', label: { zh: '未适用裁量基准', en: 'Discretion benchmark not applied' } },
      { code: 'range-deviation', label: { zh: '同一违法行为处罚幅度相差超过基准幅度30%', en: 'Same violation penalised more than 30 % of the benchmark range apart' } },
      { code: 'unbalanced', label: { zh: '类案处理明显失衡', en: 'Similar cases clearly unbalanced' } },
    ],
  },
  {
    code: 'inaction', label: { zh: '不作为、慢作为', en: 'Inaction / slow action' },
    subtypes: [
      { code: 'not-performed', label: { zh: '不履行法定职责', en: 'Statutory duty not performed' } },
      { code: 'overdue', label: { zh: '超期办理', en: 'Handled beyond the time limit' } },
    ],
  },
  {
    code: 'misconduct', label: { zh: '乱作为', en: 'Arbitrary action' },
    subtypes: [
      { code: 'abuse-of-power', label: { zh: '滥用职权', en: 'Abuse of power' } },
      { code: 'selective', label: { zh: '选择性执法', en: 'Selective enforcement' } },
    ],
  },
  {
    code: 'discipline', label: { zh: '作风纪律', en: 'Conduct and discipline' },
    subtypes: [
      { code: 'conduct', label: { zh: '执法作风粗暴、态度恶劣', en: 'Rude or abusive conduct' } },
      { code: 'work-discipline', label: { zh: '违反工作纪律', en: 'Breach of work discipline' } },
    ],
  },
]);

/** The category with this code, or undefined. */
export function matterCategory(code: string): MatterCategory | undefined {
  return MATTER_CATEGORIES.find((c) => c.code === code);
}

/** True when `subtype` is a sub-type of category `category` (both codes). */
export function isMatterSubtype(category: string, subtype: string): boolean {
  return matterCategory(category)?.subtypes.some((s) => s.code === subtype) ?? false;
}

/** Where a rule's breach falls in the catalogue. */
export interface RuleCategory {
  readonly category: string;
  readonly subtype: string;
}

const rc = (category: string, subtype: string): RuleCategory => ({ category, subtype });

/**
 * Every rule id of the built-in packs → its category and sub-type (a matter opened from a warning is pre-classified).
 * A test iterates both packs' rules and fails on an id missing here. Why each one falls where it does:
 * the 行政处罚法 procedure rules are 程序违法 by the right they protect; acting on a lapsed limitation or penalising
 * what art. 33 forbids is applying the law wrongly (实体错误); the time limits of handling itself (art. 60 办案期限,
 * SAMR 立案期限, sending the road fine) are 慢作为; a case ended without the fine ever being sent is 不作为.
 */
export const RULE_CATEGORIES: Readonly<Record<string, RuleCategory>> = deep({
  'cn.apl.33.no-penalty': rc('substantive', 'wrong-law'),
  'cn.apl.33.first-offense': rc('discretion', 'benchmark-not-applied'),
  'cn.apl.36.limitation': rc('substantive', 'wrong-law'),
  'cn.apl.42.two-officers': rc('procedural', 'staff'),
  'cn.apl.44.notice': rc('procedural', 'notice'),
  'cn.apl.45.no-heavier': rc('procedural', 'notice'),
  'cn.apl.47.record': rc('procedural', 'record'),
  'cn.apl.48.withdraw': rc('procedural', 'publication'),
  'cn.apl.51.simple-limits': rc('procedural', 'procedure-choice'),
  'cn.apl.55.credential': rc('procedural', 'staff'),
  'cn.apl.56.preservation': rc('procedural', 'sequence'),
  'cn.apl.57.collective': rc('procedural', 'collective-discussion'),
  'cn.apl.58.legal-review': rc('procedural', 'legal-review'),
  'cn.apl.60.decision': rc('inaction', 'overdue'),
  'cn.apl.61.service': rc('procedural', 'service'),
  'cn.apl.63.hearing-right': rc('procedural', 'hearing'),
  'cn.apl.64.hearing-notice': rc('procedural', 'hearing'),
  'cn.apl.64.request-window': rc('procedural', 'hearing'),
  'cn.gbf118.publish': rc('procedural', 'publication'),
  'cn.gbf118.review-independence': rc('procedural', 'legal-review'),
  'cn.samr.18.filing': rc('inaction', 'overdue'),
  'cn.samr.extension': rc('procedural', 'collective-discussion'),
  'it.roadfines.send-90d': rc('inaction', 'overdue'),
  'it.roadfines.appeal-prefecture-60d': rc('procedural', 'sequence'),
  'it.roadfines.appeal-judge-60d': rc('procedural', 'sequence'),
  'it.roadfines.penalty-60d': rc('procedural', 'sequence'),
  'it.roadfines.collection-unpaid': rc('substantive', 'facts-unclear'),
  'it.roadfines.order.notification': rc('procedural', 'sequence'),
  'it.roadfines.order.penalty': rc('procedural', 'sequence'),
  'it.roadfines.order.send-appeal': rc('procedural', 'sequence'),
  'it.roadfines.order.result': rc('procedural', 'sequence'),
  'it.roadfines.order.notify-result': rc('procedural', 'sequence'),
  'it.roadfines.end-without-send': rc('inaction', 'not-performed'),
});

/**
 * The category and sub-type a warning of this rule pre-classifies its matter as; undefined for a rule of a bureau's
 * own pack that the catalogue does not know (the supervisor then classifies by hand).
 */
export function categoryOfRule(ruleId: string): RuleCategory | undefined {
  return Object.hasOwn(RULE_CATEGORIES, ruleId) ? RULE_CATEGORIES[ruleId] : undefined;
}

/** A kind of source a matter is opened from. The list is open: a new module adds its row here. */
export interface MatterSourceKind {
  readonly code: string;
  readonly label: Label;
  /** what a reference of this source names (for the app to resolve) */
  readonly refers: string;
}

/** The sources a matter can come from (an open list; `manual` needs no reference). */
export const MATTER_SOURCES: readonly MatterSourceKind[] = deep([
  { code: 'warning', label: { zh: '程序合规预警', en: 'Compliance warning' }, refers: 'warnings (one or several)' },
  { code: 'reversal', label: { zh: '复议、诉讼纠错记录', en: 'Reconsideration / litigation reversal' }, refers: 'an external record with outcome revoked, changed or confirmed-illegal' },
  { code: 'complaint', label: { zh: '经核实的投诉举报', en: 'Verified complaint' }, refers: 'a complaint record (12345 …) verified as founded' },
  { code: 'review', label: { zh: '案卷评查结果', en: 'Case-file review result' }, refers: 'a review sheet of a sample' },
  { code: 'discretion', label: { zh: '裁量异常', en: 'Discretion anomaly' }, refers: 'an anomaly of the discretion analysis' },
  { code: 'manual', label: { zh: '人工立案', en: 'Opened by hand' }, refers: 'nothing' },
]);

/** The source kind with this code, or undefined. */
export function matterSource(code: string): MatterSourceKind | undefined {
  return MATTER_SOURCES.find((s) => s.code === code);
}
