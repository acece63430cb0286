/**
 * The faults the generator injects, the rule of `cn-apl-2021` (shared/spec/rules.md) that should catch each, and
 * their default rates. A rate is the probability that an *eligible* case (one where the fault can occur, e.g. a
 * major case for a missing collective discussion) gets the fault, before the agency's multiplier.
 */
export const FAULTS = {
  'late-service': { rule: 'cn.apl.61.service', rate: 0.03, zh: '超期送达' },
  'missing-notice': { rule: 'cn.apl.44.notice', rate: 0.015, zh: '未事先告知' },
  'missing-legal-review': { rule: 'cn.apl.58.legal-review', rate: 0.06, zh: '重大案件未经法制审核' },
  'no-collective-discussion': { rule: 'cn.apl.57.collective', rate: 0.06, zh: '重大案件未经集体讨论' },
  'simple-over-limit': { rule: 'cn.apl.51.simple-limits', rate: 0.03, zh: '简易程序超限额' },
  'single-investigator': { rule: 'cn.apl.42.two-officers', rate: 0.02, zh: '执法人员少于两人' },
  'investigation-without-av': { rule: 'cn.apl.47.record', rate: 0.03, zh: '调查取证无音像记录' },
  'late-decision': { rule: 'cn.apl.60.decision', rate: 0.02, zh: '超期作出决定' },
  'late-filing': { rule: 'cn.samr.18.filing', rate: 0.04, zh: '超期立案' },
  'late-publication': { rule: 'cn.gbf118.publish', rate: 0.04, zh: '超期公示' },
  'reviewer-is-handler': { rule: 'cn.gbf118.review-independence', rate: 0.015, zh: '审核人与承办人相同' },
  'heavier-after-defense': { rule: 'cn.apl.45.no-heavier', rate: 0.03, zh: '申辩后加重处罚' },
  'hearing-right-missing': { rule: 'cn.apl.63.hearing-right', rate: 0.03, zh: '未告知听证权' },
  'request-window': { rule: 'cn.apl.64.request-window', rate: 0.03, zh: '听证申请期内作出决定' },
  'credential-not-shown': { rule: 'cn.apl.55.credential', rate: 0.01, zh: '未出示执法证件' },
  'expired-credential': { rule: 'cn.apl.42.two-officers', rate: 0.01, zh: '使用过期执法证件' },
  'outside-tier': { rule: undefined, rate: 0.03, zh: '处罚超出裁量基准档次' },
  'disparate-penalty': { rule: undefined, rate: 0.005, zh: '同案不同罚' },
  'missing-withdrawal': { rule: 'cn.apl.48.withdraw', rate: 0.3, zh: '纠错后未撤回公示' },
} as const satisfies Record<string, { rule: string | undefined; rate: number; zh: string }>;

export type FaultKind = keyof typeof FAULTS;
export const FAULT_KINDS = Object.keys(FAULTS) as FaultKind[];
export type FaultRates = Record<FaultKind, number>;

/** Outcomes recorded in truth.json beside the faults: not defects of the case file itself, but signals about it. */
export const SIGNALS = ['complaint-verified', 'reconsideration-corrected', 'litigation-lost'] as const;
export type SignalKind = (typeof SIGNALS)[number];

export function defaultRates(): FaultRates {
  const r = {} as FaultRates;
  for (const k of FAULT_KINDS) r[k] = FAULTS[k].rate;
  return r;
}

/** Default rates overridden by `over` (unknown keys are an error; rates must lie in [0, 1]). */
export function resolveRates(over: Partial<Record<string, number>> = {}): FaultRates {
  const r = defaultRates();
  for (const [k, v] of Object.entries(over)) {
    if (!(k in FAULTS)) throw new RangeError(`unknown fault kind "${k}" (known: ${FAULT_KINDS.join(', ')})`);
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`rate of ${k} must be a number in [0, 1]`);
    r[k as FaultKind] = v;
  }
  return r;
}

/** One line of truth.json: a fault (or signal) the generator put into a case, and the rule that should catch it. */
export interface TruthEntry {
  case: string;
  agency: string;
  fault: FaultKind | SignalKind;
  rule?: string;
  /** for disparate-penalty: the id of the group of similar cases */
  group?: string;
  /** for signals: the record id */
  record?: string;
}
