/**
 * Decisions (处理决定) on departments and officers, their severity order and effects, and the grading that makes a
 * repeat heavier. Pure: the day is an argument.
 */
import { isLocalDate } from '../calendar/index.ts';
import type { Label } from './categories.ts';

export type DecisionTarget = 'department' | 'officer';

/** What a decision does beyond being recorded. */
export interface DecisionEffect {
  /** the officer's credential is suspended (暂扣) — their acts in the meantime become warnings */
  suspendsCredential: boolean;
  /** the officer's enforcement qualification is cancelled (取消) — every later act becomes a warning */
  cancelsCredential: boolean;
  /** the grade of the year is capped: an officer is never 优秀, a department never 先进, in a year with it */
  capsGrade: boolean;
  /** 'suspended' | 'cancelled' when the credential is touched (the same as the two flags, for a switch) */
  credential?: 'suspended' | 'cancelled' | undefined;
  /**
   * Default length of a suspension in days. Local 办法 set 暂扣 between one and six months; Kaohe defaults to 90
   * calendar days (three months, the middle of that range); the decision may state its own.
   */
  suspensionDays?: number | undefined;
}

export interface DecisionKind {
  code: string;
  target: DecisionTarget;
  label: Label;
  /** 1 = lightest within its target */
  severity: number;
  effect: DecisionEffect;
  /** false: never reached by escalating a repeat (a referral needs its own grounds: 涉嫌违纪违法) */
  escalates: boolean;
}

const E = (o: Partial<DecisionEffect> = {}): DecisionEffect => ({ suspendsCredential: false, cancelsCredential: false, capsGrade: false, ...o });

/** The decision kinds, by target, lightest first. */
export const DECISION_KINDS: readonly DecisionKind[] = Object.freeze(([
  { code: 'rectify', target: 'department', label: { zh: '限期整改', en: 'Rectify within a time limit' }, severity: 1, effect: E(), escalates: true },
  { code: 'circulate', target: 'department', label: { zh: '通报批评', en: 'Circulated criticism' }, severity: 2, effect: E(), escalates: true },
  { code: 'disqualify-honours', target: 'department', label: { zh: '取消评比先进资格', en: 'Disqualified from honours' }, severity: 3, effect: E({ capsGrade: true }), escalates: true },
  { code: 'criticism', target: 'officer', label: { zh: '批评教育', en: 'Criticism and education' }, severity: 1, effect: E({ capsGrade: true }), escalates: true },
  { code: 'written-review', target: 'officer', label: { zh: '书面检查', en: 'Written self-examination' }, severity: 2, effect: E({ capsGrade: true }), escalates: true },
  { code: 'admonition', target: 'officer', label: { zh: '诫勉谈话', en: 'Admonishment talk' }, severity: 3, effect: E({ capsGrade: true }), escalates: true },
  { code: 'training', target: 'officer', label: { zh: '离岗培训', en: 'Off-duty training' }, severity: 4, effect: E({ capsGrade: true }), escalates: true },
  { code: 'reassignment', target: 'officer', label: { zh: '调离执法岗位', en: 'Removed from enforcement post' }, severity: 5, effect: E({ capsGrade: true }), escalates: true },
  { code: 'credential-suspension', target: 'officer', label: { zh: '暂扣执法证件', en: 'Credential suspended' }, severity: 6, effect: E({ capsGrade: true, suspendsCredential: true, credential: 'suspended', suspensionDays: 90 }), escalates: true },
  { code: 'credential-cancellation', target: 'officer', label: { zh: '取消执法资格', en: 'Enforcement qualification cancelled' }, severity: 7, effect: E({ capsGrade: true, cancelsCredential: true, credential: 'cancelled' }), escalates: true },
  { code: 'referral', target: 'officer', label: { zh: '移送纪检监察机关', en: 'Referred to discipline inspection' }, severity: 8, effect: E({ capsGrade: true }), escalates: false },
] as DecisionKind[]).map((k) => Object.freeze({ ...k, label: Object.freeze(k.label), effect: Object.freeze(k.effect) })));

/** The decision kind with this code, or undefined. */
export function decisionKind(code: string): DecisionKind | undefined {
  return DECISION_KINDS.find((k) => k.code === code);
}

/** An earlier established decision on the same officer or department. */
export interface DecisionHistoryItem {
  kind: string;
  /** the matter's category (MATTER_CATEGORIES code) */
  category: string;
  /** local day of the decision */
  decidedOn: string;
}

export interface GradedDecision {
  kind: string;
  severity: number;
  /** the kind proposed */
  proposed: string;
  /** severity steps added */
  raisedBy: number;
  reasons: { code: string; zh: string; en: string }[];
}

/** The day 12 months before `day` (Feb 29 → Feb 28 of a common year). */
export function twelveMonthsBefore(day: string): string {
  const y = Number(day.slice(0, 4)) - 1;
  let md = day.slice(5);
  if (md === '02-29') md = '02-28';
  return `${String(y).padStart(4, '0')}-${md}`;
}

/**
 * Grades a decision: the proposed kind, one severity step heavier for a repeat (an earlier decision of the same
 * category on the same subject within the 12 months before `day`, both ends included), and one more when this is the
 * third or later decision on the subject within those 12 months (a rolling year, this one included). Escalation stays
 * within the target's kinds and never reaches a kind that does not escalate (a referral to 纪检监察 has grounds of its
 * own): it stops at the heaviest that does. `history` holds the subject's own earlier decisions; later ones are ignored.
 * @throws RangeError for an unknown kind or a bad day (a programming error, not a business outcome)
 */
export function gradeDecision(proposedKind: string, history: readonly DecisionHistoryItem[], category: string, day: string): GradedDecision {
  const base = decisionKind(proposedKind);
  if (!base) throw new RangeError(`unknown decision kind: ${proposedKind}`);
  if (!isLocalDate(day)) throw new RangeError(`not a local date YYYY-MM-DD: ${day}`);
  const from = twelveMonthsBefore(day);
  const within = history.filter((h) => h.decidedOn >= from && h.decidedOn <= day);
  const reasons: GradedDecision['reasons'] = [];
  let raise = 0;
  const same = within.filter((h) => h.category === category);
  if (same.length) {
    raise++;
    reasons.push({ code: 'repeat', zh: `12个月内同类过错再次发生（前次 ${same.map((h) => h.decidedOn).sort().at(-1)}），从重一档`, en: `the same category again within 12 months (last on ${same.map((h) => h.decidedOn).sort().at(-1)}): one step heavier` });
  }
  if (within.length + 1 >= 3) {
    raise++;
    reasons.push({ code: 'third-in-year', zh: `12个月内第 ${within.length + 1} 次被追责，从重一档`, en: `decision number ${within.length + 1} within 12 months: one step heavier` });
  }
  const scale = DECISION_KINDS.filter((k) => k.target === base.target && k.escalates);
  const top = scale.at(-1)!;
  let kind = base;
  if (raise > 0 && base.escalates) {
    const wanted = base.severity + raise;
    kind = scale.find((k) => k.severity === wanted) ?? (wanted > top.severity ? top : base);
    if (wanted > top.severity) reasons.push({ code: 'capped', zh: `从重已至最重一档（${top.label.zh}）`, en: `raised as far as the heaviest step (${top.label.en})` });
  } else if (raise > 0) {
    reasons.push({ code: 'not-escalated', zh: `${base.label.zh}不再从重`, en: `${base.label.en} is not raised further` });
  }
  if (!reasons.length) reasons.push({ code: 'first', zh: '12个月内无同类或多次追责记录，按拟处理种类', en: 'no repeat or third decision within 12 months: as proposed' });
  return { kind: kind.code, severity: kind.severity, proposed: base.code, raisedBy: kind.severity - base.severity, reasons };
}
