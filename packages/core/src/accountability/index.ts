/**
 * Accountability (责任追究, issue #15) — the pure core:
 * - the matter catalogue: `MATTER_CATEGORIES`, `categoryOfRule(ruleId)` for every rule of the built-in packs, the open
 *   list of `MATTER_SOURCES`;
 * - the `kaohe.matter/v1` document (`validateMatter`) and `evaluateLiability(matter, ruleSet = DEFAULT_LIABILITY_RULES)`:
 *   each person's share along 承办人 → 审核人 → 批准人 with its reason and rule, and the 容错纠错 outcome; the rule set is
 *   data (`loadLiabilityRuleSet(text, path)`, the default in rule-sets/cn-default.yaml);
 * - due process as a state machine with periods on the LegalCalendar: `matterTransition`, `nextActions`,
 *   `stepDueDay`, `overdueSteps`;
 * - `DECISION_KINDS` with their severity and effects, `gradeDecision` (heavier for a repeat and a third in a year).
 * See docs/liability.md.
 */
export {
  MATTER_CATEGORIES, RULE_CATEGORIES, MATTER_SOURCES, matterCategory, isMatterSubtype, categoryOfRule, matterSource,
  type Label, type MatterCategory, type MatterSubtype, type RuleCategory, type MatterSourceKind,
} from './categories.ts';
export {
  MATTER_ORIGINS, TOLERANCE_ITEMS, EXCLUSION_ITEMS, matterSchema, validateMatter, matterPersons,
  type MatterOrigin, type MatterFacts, type MatterDoc, type MatterIssue, type ToleranceItem, type ExclusionItem,
} from './matter.ts';
export {
  LIABILITY_LEVELS, LIABILITY_SELECTORS, LiabilityRuleSetError, type RuleSetIssue, liabilityRuleSetSchema, loadLiabilityRuleSet,
  applyLiabilityRules, evaluateTolerance,
  type LiabilityLevel, type LiabilitySelector, type LiabilityCondition, type LiabilityAssignment, type LiabilityRule,
  type LiabilityOverride, type TolerancePolicy, type LiabilityRuleSet, type MatterRole, type ResponsibleShare,
  type TolerancePoint, type ToleranceResult, type LiabilityResult,
} from './liability.ts';
export { DEFAULT_LIABILITY_RULES, DEFAULT_LIABILITY_RULES_PATH, evaluateLiability } from './default-rules.ts';
export {
  MATTER_STEPS, MATTER_START_STEP, MATTER_ACTIONS, STEP_PERIODS, initialMatterState, nextActions, stepDueDay, stepLabel, actionLabel,
  matterTransition, overdueSteps,
  type MatterStep, type MatterAction, type MatterActorRole, type AppealOutcome, type MatterActionDef, type StepPeriod,
  type MatterProcessState, type TransitionContext, type TransitionResult, type OverdueStep,
} from './process.ts';
export {
  DECISION_KINDS, decisionKind, gradeDecision, twelveMonthsBefore,
  type DecisionTarget, type DecisionEffect, type DecisionKind, type DecisionHistoryItem, type GradedDecision,
} from './decisions.ts';
