/**
 * Liability and tolerance (责任划分、容错纠错) assessed on a matter: the supervisor records the facts (whose wrong
 * opinion it was, bypassed review, concealment, written objections, a collective decision, the 容错 checklist and the
 * exclusions), core's `evaluateLiability` runs over the matter's chain with the rule set, and the result is stored
 * with the rule set's version, each person's share on his row. Allowed until the decision; re-assessing replaces the
 * result (the audit log keeps every version).
 */
import { DEFAULT_LIABILITY_RULES, evaluateLiability, validateMatter, MATTER_STEPS, type LiabilityRuleSet, type MatterFacts, type MatterDoc } from '@kaohe/core';
import { audit, jsonOf, type Db, type Queryable } from '@kaohe/store';
import type { MatterScope } from './open.ts';
import { scopedMatterRow } from './queries.ts';
import { failure, type MatterResult } from './result.ts';
import type { MatterActor } from './steps.ts';

/** Steps before the decision: liability may be (re)assessed in them. */
function assessable(step: string): boolean {
  const i = MATTER_STEPS.findIndex((s) => s.code === step);
  const d = MATTER_STEPS.findIndex((s) => s.code === 'decision');
  return i >= 0 && d >= 0 && i < d;
}

/** The kaohe.matter/v1 document of a stored matter with these facts. */
async function matterDocument(db: Queryable, id: number, facts: MatterFacts): Promise<MatterDoc> {
  const r = await db.query<{ person_code: string; chain_role: string }>('SELECT person_code, chain_role FROM matter_people WHERE matter_id = $1 ORDER BY person_code', [id]);
  const of = (role: string) => r.rows.filter((x) => x.chain_role === role).map((x) => x.person_code);
  return {
    schema: 'kaohe.matter/v1', id: String(id),
    staff: { handlers: of('handler'), ...(of('reviewer')[0] ? { reviewer: of('reviewer')[0] } : {}), ...(of('approver')[0] ? { approver: of('approver')[0] } : {}) },
    facts,
  };
}

export async function assessMatter(
  db: Db, id: number, actor: MatterActor, input: { today: string; facts: MatterFacts; ruleSet?: LiabilityRuleSet }, scope?: MatterScope,
): Promise<MatterResult<{ evaluation: unknown; ruleSet: string }>> {
  if (actor.as !== 'supervisor') return failure('refused', { zh: '只有执法监督机构可以认定责任和容错', en: 'only the supervision body assesses liability and tolerance' });
  return db.transaction(async (tx) => {
    const m = await scopedMatterRow(tx, id, scope, true);
    if (!m) return failure('not-found', { zh: '事项不存在', en: 'matter not found' });
    if (!assessable(String(m.step))) return failure('refused', { zh: '作出处理决定后不能再认定责任和容错', en: 'liability and tolerance cannot be assessed after the decision' });
    const rules = input.ruleSet ?? DEFAULT_LIABILITY_RULES;
    const v = validateMatter(await matterDocument(tx, id, input.facts));
    if (!v.ok) return failure('validation', { zh: v.issues.map((i) => `${i.field}：${i.message.zh}`).join('；'), en: v.issues.map((i) => `${i.field}: ${i.message.en}`).join('; ') });
    const ev = evaluateLiability(v.matter, rules);
    // a collective decision's members join the matter's people with their share
    for (const p of ev.responsible) {
      await tx.query(
        `INSERT INTO matter_people (matter_id, region_code, agency_id, person_code, chain_role, level, reason, rule) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (matter_id, person_code, chain_role) DO UPDATE SET level = EXCLUDED.level, reason = EXCLUDED.reason, rule = EXCLUDED.rule`,
        [id, m.region_code, m.agency_id, p.person, p.role, p.level, JSON.stringify(p.reason), p.rule]);
    }
    const before = jsonOf<{ tolerance?: { outcome?: string } } | null>(m.evaluation);
    await tx.query('UPDATE matters SET facts = $2, evaluation = $3, rule_set = $4, updated_at = now() WHERE id = $1',
      [id, JSON.stringify(input.facts), JSON.stringify(ev), rules.version]);
    await tx.query(
      `INSERT INTO matter_events (matter_id, region_code, agency_id, action, from_step, to_step, actor, actor_role, at, on_day, text, detail)
       VALUES ($1,$2,$3,'assess',$4,$4,$5,$6,now(),$7,'',$8)`,
      [id, m.region_code, m.agency_id, m.step, actor.username, actor.as, input.today, JSON.stringify({ tolerance: ev.tolerance.outcome, ruleSet: rules.version })],
    );
    await audit(tx, {
      actor: actor.username, role: actor.role, ip: actor.ip, action: 'matter.assess', target: `matter:${id}`,
      detail: {
        number: m.number, step: m.step, ruleSet: rules.version, tolerance: ev.tolerance.outcome, before: before?.tolerance?.outcome ?? null,
        shares: ev.responsible.map((p) => `${p.person}:${p.level}`),
      },
    });
    return { ok: true, value: { evaluation: ev, ruleSet: rules.version } } as const;
  });
}
