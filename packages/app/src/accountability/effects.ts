/**
 * Effects of decisions, applied, not only recorded:
 * - 暂扣执法证件 / 取消执法资格: a credential sanction from the day the decision is served; while it covers a day the
 *   officer's credential is not valid on it (`loadCredentials` in cases.ts), so the credential rules warn on his acts;
 *   the cases he acted in from that day are re-evaluated after the step commits;
 * - the individual grade: decisions in force are the assessment's `accountability` input (never 优秀 in their year);
 * - the targets panel's repeat rate counts established matters (assess.ts, `MATTER_REPEAT_SQL`).
 */
import { addDays, decisionKind } from '@kaohe/core';
import { dayOf, num, type Db, type Queryable, type Tx } from '@kaohe/store';
import type { AccountabilityDecision } from '../assess.ts';
import { evaluateCases, type EvaluateResult } from '../warnings.ts';

/** days a 暂扣执法证件 lasts when its kind names no period */
export const DEFAULT_SUSPENSION_DAYS = 90;

export interface SanctionApplied { person: string; kind: 'suspended' | 'cancelled'; from: string; until: string | null }

/** Creates the credential sanctions of the matter's served decisions in force (or of one decision), from `day`. */
export async function applyDecisionEffects(tx: Tx, matterId: number, day: string, decisionId?: number): Promise<SanctionApplied[]> {
  const r = await tx.query<{ id: unknown; person_code: string | null; kind: string; region_code: string; agency_id: string }>(
    `SELECT id, person_code, kind, region_code, agency_id FROM matter_decisions
      WHERE matter_id = $1 AND status <> 'revoked' AND served_on IS NOT NULL AND person_code IS NOT NULL ${decisionId ? 'AND id = $2' : ''}
        AND NOT EXISTS (SELECT 1 FROM credential_sanctions s WHERE s.decision_id = matter_decisions.id AND s.lifted_on IS NULL)`,
    decisionId ? [matterId, decisionId] : [matterId],
  );
  const out: SanctionApplied[] = [];
  for (const d of r.rows) {
    const effect = decisionKind(d.kind)?.effect.credential;
    if (!effect) continue;
    const days = decisionKind(d.kind)?.effect.suspensionDays ?? DEFAULT_SUSPENSION_DAYS;
    // a sanction covers [from, until]: a suspension of N days from D ends on D + N − 1
    const until = effect === 'suspended' ? addDays(day, days - 1) : null;
    await tx.query(
      'INSERT INTO credential_sanctions (person_code, region_code, agency_id, kind, from_on, until_on, decision_id) VALUES ($1,$2,$3,$4,$5,$6,$7)',
      [d.person_code, d.region_code, d.agency_id, effect, day, until, num(d.id)],
    );
    out.push({ person: d.person_code!, kind: effect, from: day, until });
  }
  return out;
}

/** Lifts a decision's credential sanctions from `day` (its appeal changed or revoked it). */
export async function liftDecisionEffects(tx: Tx, decisionId: number, day: string): Promise<void> {
  await tx.query('UPDATE credential_sanctions SET lifted_on = $2 WHERE decision_id = $1 AND lifted_on IS NULL', [decisionId, day]);
}

/** Re-evaluates the cases the people acted in on or after `from` (their credential's validity changed). */
export async function reevaluatePeopleFrom(db: Db, people: readonly string[], from: string, asOf: string): Promise<EvaluateResult> {
  if (!people.length) return { cases: 0, opened: 0, changed: 0, cleared: 0 };
  const r = await db.query<{ agency_id: string; case_id: string }>(
    `SELECT DISTINCT agency_id, case_id FROM events WHERE by && $1::text[] AND local_date >= $2::date ORDER BY agency_id, case_id`, [[...people], from],
  );
  return evaluateCases(db, r.rows.map((x) => ({ agency: x.agency_id, caseId: x.case_id })), { asOf });
}

/** Decisions about officers in force in the region (prefix of region_code) — the assessment's accountability input. */
export async function accountabilityDecisions(db: Queryable, regionPrefix: string, from: string, to: string): Promise<AccountabilityDecision[]> {
  const r = await db.query<{ person_code: string; decided_on: unknown; kind: string }>(
    `SELECT person_code, decided_on, kind FROM matter_decisions
      WHERE person_code IS NOT NULL AND status <> 'revoked' AND region_code ^@ $1 AND decided_on BETWEEN $2::date AND $3::date
      ORDER BY person_code, decided_on, id`,
    [regionPrefix, from, to],
  );
  return r.rows.map((x) => ({ person: x.person_code, decidedOn: dayOf(x.decided_on)!, kind: x.kind }));
}
