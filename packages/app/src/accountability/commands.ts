/**
 * The due-process commands, each one step of `runStep`: investigate, notify the proposed handling, the officer's
 * answer (陈述申辩, with attachments), decide (graded), serve, appeal (复核/申诉: the decision stays in force), decide
 * the appeal, execute, close. Tolerance (容错纠错) and liability are assessed by `assessMatter` (assess.ts).
 */
import { decisionKind, gradeDecision, type Message } from '@kaohe/core';
import { dayOf, num, type Db, type Tx } from '@kaohe/store';
import type { AttachmentInput } from './attachments.ts';
import { applyDecisionEffects, liftDecisionEffects } from './effects.ts';
import { lockRegionNumbers, type MatterScope } from './open.ts';
import { failure, type MatterResult } from './result.ts';
import { runStep, type MatterActor } from './steps.ts';

export interface StepInput { today: string; text?: string }

export const investigateMatter = (db: Db, id: number, actor: MatterActor, i: StepInput, scope?: MatterScope) =>
  runStep(db, id, actor, { action: 'investigate', today: i.today, text: i.text }, scope);

/** A proposed handling for the officers named (person) or the department (person null). */
export interface Proposal { person: string | null; kind: string }

/** 告知拟处理意见: the proposals are told to the people concerned, who may answer within the step's period. */
export async function notifyMatter(db: Db, id: number, actor: MatterActor, i: StepInput & { proposals: readonly Proposal[] }, scope?: MatterScope) {
  for (const p of i.proposals) if (!decisionKind(p.kind)) return failure('validation', { zh: `未知处理种类 ${p.kind}`, en: `unknown decision kind ${p.kind}` });
  return runStep(db, id, actor, {
    action: 'notify', today: i.today, text: i.text, detail: { proposals: i.proposals },
    apply: async ({ tx }) => {
      const bad = await notNamed(tx, id, i.proposals.map((p) => p.person).filter((p): p is string => p !== null));
      return bad ? failure('validation', bad) : { ok: true, value: undefined };
    },
  }, scope);
}

async function notNamed(tx: Tx, id: number, people: string[]): Promise<Message | null> {
  const r = await tx.query<{ person_code: string }>('SELECT DISTINCT person_code FROM matter_people WHERE matter_id = $1', [id]);
  const named = new Set(r.rows.map((x) => x.person_code));
  const out = people.filter((p) => !named.has(p));
  return out.length ? { zh: `人员不在本事项中：${out.join('、')}`, en: `not named in this matter: ${out.join(', ')}` } : null;
}

/** 陈述申辩: the officer concerned answers, with attachments. */
export const answerMatter = (db: Db, id: number, actor: MatterActor, i: StepInput & { text: string; attachments?: readonly AttachmentInput[] }, scope?: MatterScope) =>
  runStep(db, id, actor, { action: 'answer', today: i.today, text: i.text, attachments: i.attachments }, scope);

export interface DecisionInput { person: string | null; kind: string; text?: string }

/**
 * 决定: each decision is graded (heavier for a repeat of the same category by the same officer within 12 months, and
 * for three or more in a year) and stored in force; the matter's error is established.
 */
export async function decideMatter(db: Db, id: number, actor: MatterActor, i: StepInput & { decisions: readonly DecisionInput[] }, scope?: MatterScope) {
  if (!i.decisions.length) return failure('validation', { zh: '至少作出一项处理决定', en: 'at least one decision is required' });
  for (const d of i.decisions) {
    const k = decisionKind(d.kind);
    if (!k) return failure('validation', { zh: `未知处理种类 ${d.kind}`, en: `unknown decision kind ${d.kind}` });
    if ((k.target === 'officer') !== (d.person !== null)) return failure('validation', { zh: `「${k.label.zh}」的对象应为${k.target === 'officer' ? '执法人员' : '执法部门'}`, en: `${k.label.en}: the addressee must be ${k.target === 'officer' ? 'an officer' : 'the department'}` });
  }
  return runStep(db, id, actor, {
    action: 'decide', today: i.today, text: i.text,
    apply: async ({ tx, matter }) => {
      const bad = await notNamed(tx, id, i.decisions.map((d) => d.person).filter((p): p is string => p !== null));
      if (bad) return failure('validation', bad);
      const year = i.today.slice(0, 4);
      await lockRegionNumbers(tx, String(matter.region_code));
      const seq = num((await tx.query<{ n: unknown }>(`SELECT count(*) AS n FROM matter_decisions WHERE region_code = $1 AND to_char(decided_on, 'YYYY') = $2`, [matter.region_code, year])).rows[0]?.n);
      const out: { id: number; kind: string; number: string }[] = [];
      for (const [n, d] of i.decisions.entries()) {
        const history = await historyOf(tx, d.person, String(matter.agency_id), i.today, id);
        const g = gradeDecision(d.kind, history, String(matter.category), i.today);
        const number = `追决〔${year}〕${seq + n + 1}号`;
        const r = await tx.query<{ id: unknown }>(
          `INSERT INTO matter_decisions (matter_id, region_code, agency_id, person_code, kind, proposed_kind, severity, grading, category, number, text, decided_on, decided_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id`,
          [id, matter.region_code, matter.agency_id, d.person, g.kind, d.kind, g.severity, JSON.stringify(g), matter.category, number, d.text ?? '', i.today, actor.username],
        );
        out.push({ id: num(r.rows[0]!.id), kind: g.kind, number });
      }
      await tx.query('UPDATE matters SET established = true, established_on = $2 WHERE id = $1', [id, i.today]);
      return { ok: true, value: out };
    },
  }, scope);
}

/**
 * The officer's (person) or the department's (person null) decisions of other matters not revoked, for grading (the
 * decisions of this matter are one decision, not a repeat); newest first.
 */
async function historyOf(tx: Tx, person: string | null, agency: string, today: string, matterId: number) {
  const r = await tx.query<{ kind: string; category: string; decided_on: unknown }>(
    `SELECT kind, category, decided_on FROM matter_decisions
      WHERE ${person === null ? 'person_code IS NULL AND agency_id = $1' : 'person_code = $1'} AND status <> 'revoked' AND decided_on <= $2::date AND matter_id <> $3
      ORDER BY decided_on DESC, id DESC`,
    [person ?? agency, today, matterId],
  );
  return r.rows.map((x) => ({ kind: x.kind, category: x.category, decidedOn: dayOf(x.decided_on)! }));
}

/** 送达: the decisions are served; their effects (a suspended or cancelled credential) apply from that day. */
export const serveMatter = (db: Db, id: number, actor: MatterActor, i: StepInput & { method?: string }, scope?: MatterScope) =>
  runStep(db, id, actor, {
    action: 'serve', today: i.today, text: i.text, detail: { method: i.method ?? 'direct' },
    apply: async ({ tx }) => {
      await tx.query(`UPDATE matter_decisions SET served_on = $2 WHERE matter_id = $1 AND served_on IS NULL AND status = 'in-force'`, [id, i.today]);
      return { ok: true, value: await applyDecisionEffects(tx, id, i.today) };
    },
  }, scope);

/** 复核/申诉: the officer concerned appeals his decision, with grounds and attachments; it stays in force meanwhile. */
export async function appealMatter(db: Db, id: number, actor: MatterActor, i: StepInput & { decisionId: number; grounds: string; attachments?: readonly AttachmentInput[] }, scope?: MatterScope) {
  return runStep(db, id, actor, {
    action: 'appeal', today: i.today, text: i.grounds, attachments: i.attachments, detail: { decision: i.decisionId },
    apply: async ({ tx, matter }) => {
      const d = (await tx.query<{ person_code: string | null; status: string; served_on: unknown }>('SELECT person_code, status, served_on FROM matter_decisions WHERE id = $1 AND matter_id = $2', [i.decisionId, id])).rows[0];
      if (!d) return failure('not-found', { zh: '处理决定不存在', en: 'decision not found' });
      if (actor.as === 'officer' && d.person_code !== actor.personCode) return failure('not-found', { zh: '处理决定不存在', en: 'decision not found' });
      if (!d.served_on) return failure('refused', { zh: '决定尚未送达，不能申诉', en: 'the decision has not been served yet' });
      const open = await tx.query('SELECT 1 FROM matter_appeals WHERE decision_id = $1 AND outcome IS NULL', [i.decisionId]);
      if (open.rows.length) return failure('refused', { zh: '该决定已有待处理的申诉', en: 'an appeal of this decision is already pending' });
      const r = await tx.query<{ id: unknown }>(
        `INSERT INTO matter_appeals (matter_id, decision_id, region_code, agency_id, person_code, filed_by, filed_on, grounds) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
        [id, i.decisionId, matter.region_code, matter.agency_id, d.person_code, actor.username, i.today, i.grounds],
      );
      return { ok: true, value: { appealId: num(r.rows[0]!.id) } };
    },
  }, scope);
}

/** The appeal decided: upheld, changed to another kind, or revoked (its effects lifted; the error no longer established). */
export async function decideAppeal(
  db: Db, id: number, actor: MatterActor, i: StepInput & { appealId: number; outcome: 'upheld' | 'changed' | 'revoked'; newKind?: string; reasoning: string }, scope?: MatterScope,
) {
  if (i.outcome === 'changed' && !(i.newKind && decisionKind(i.newKind))) return failure('validation', { zh: '变更决定须指明新的处理种类', en: 'a changed decision needs its new kind' });
  return runStep(db, id, actor, {
    action: 'decide-appeal', today: i.today, text: i.reasoning, outcome: i.outcome, detail: { appeal: i.appealId, outcome: i.outcome, newKind: i.newKind ?? null },
    apply: async ({ tx }) => {
      const a = (await tx.query<{ decision_id: unknown; outcome: string | null }>('SELECT decision_id, outcome FROM matter_appeals WHERE id = $1 AND matter_id = $2 FOR UPDATE', [i.appealId, id])).rows[0];
      if (!a) return failure('not-found', { zh: '申诉不存在', en: 'appeal not found' });
      if (a.outcome) return failure('refused', { zh: '该申诉已处理', en: 'the appeal is already decided' });
      const decisionId = num(a.decision_id);
      await tx.query('UPDATE matter_appeals SET outcome = $2, new_kind = $3, decided_on = $4, decided_by = $5, reasoning = $6 WHERE id = $1',
        [i.appealId, i.outcome, i.newKind ?? null, i.today, actor.username, i.reasoning]);
      if (i.outcome !== 'upheld') {
        await liftDecisionEffects(tx, decisionId, i.today);
        if (i.outcome === 'revoked') await tx.query(`UPDATE matter_decisions SET status = 'revoked' WHERE id = $1`, [decisionId]);
        else {
          const k = decisionKind(i.newKind!)!;
          await tx.query(`UPDATE matter_decisions SET status = 'changed', kind = $2, severity = $3 WHERE id = $1`, [decisionId, i.newKind, k.severity]);
          await applyDecisionEffects(tx, id, i.today, decisionId);
        }
        const left = await tx.query(`SELECT 1 FROM matter_decisions WHERE matter_id = $1 AND status <> 'revoked'`, [id]);
        if (!left.rows.length) await tx.query('UPDATE matters SET established = false WHERE id = $1', [id]);
      }
      return { ok: true, value: { decisionId, outcome: i.outcome } };
    },
  }, scope);
}

export const executeMatter = (db: Db, id: number, actor: MatterActor, i: StepInput, scope?: MatterScope) =>
  runStep(db, id, actor, { action: 'execute', today: i.today, text: i.text }, scope);

export const closeMatter = (db: Db, id: number, actor: MatterActor, i: StepInput, scope?: MatterScope) =>
  runStep(db, id, actor, { action: 'close', today: i.today, text: i.text }, scope);

/** 撤销立案: no liability found (from 立案 or 调查); the matter closes without a decision. */
export const dismissMatter = (db: Db, id: number, actor: MatterActor, i: StepInput & { text: string }, scope?: MatterScope) =>
  runStep(db, id, actor, { action: 'dismiss', today: i.today, text: i.text }, scope);

/** The officer waives his statement and defence (放弃陈述申辩). */
export const waiveMatter = (db: Db, id: number, actor: MatterActor, i: StepInput, scope?: MatterScope) =>
  runStep(db, id, actor, { action: 'waive', today: i.today, text: i.text }, scope);

export type { MatterResult };
