/** The liability rule set shipped with Kaohe (rule-sets/cn-default.yaml), read once: core reads only its own files. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyLiabilityRules, loadLiabilityRuleSet, type LiabilityResult, type LiabilityRuleSet } from './liability.ts';
import type { MatterDoc } from './matter.ts';

/** Path of the default rule-set file (a bureau copies it to start its own). */
export const DEFAULT_LIABILITY_RULES_PATH = fileURLToPath(new URL('./rule-sets/cn-default.yaml', import.meta.url));

/** The default liability rule set (`cn-default`), validated at load. */
export const DEFAULT_LIABILITY_RULES: LiabilityRuleSet = loadLiabilityRuleSet(readFileSync(DEFAULT_LIABILITY_RULES_PATH, 'utf8'), DEFAULT_LIABILITY_RULES_PATH);

/**
 * Each person's share of a matter and its tolerance outcome under a rule set (the default one unless a bureau's is
 * given): see `applyLiabilityRules`. Pure.
 */
export function evaluateLiability(matter: MatterDoc, ruleSet: LiabilityRuleSet = DEFAULT_LIABILITY_RULES): LiabilityResult {
  return applyLiabilityRules(matter, ruleSet);
}
