/**
 * The reviewer's work (评查): my files, one file with its timeline, the rule findings as evidence beside each sheet
 * item, and submitting a scored sheet. A reviewer reaches only the files assigned to them: every query here is keyed
 * by the assignment *and* the user. Submitting is audited in its transaction; when two reviewers' totals differ by
 * more than the campaign's gap, a third (eligible, least loaded) is assigned in the same transaction.
 */
import {
  checkScoreInput, loadPack, needsReconciliation, pickReconciler, renderFinding, scoreFile, sheetByVersion,
  type Finding, type ScoreInput, type ScoreIssue, type Sheet,
} from '@kaohe/core';
import { audit, dayOf, isoOf, jsonOf, num, type Db, type Queryable } from '@kaohe/store';
import type { Actor } from '../warnings.ts';
import { LIVE_PACKS } from '../warnings.ts';
import { loadReviewers, namedInCases } from './campaign.ts';

export interface AssignmentRow {
  id: number; campaignId: number; campaign: string; agency: string; agencyName: string | null; caseId: string;
  role: 'primary' | 'second' | 'reconcile'; dueOn: string; state: 'assigned' | 'submitted'; overdue: boolean;
  total: number | null; grade: string | null; submittedAt: string | null;
}

const ROW_SQL = `SELECT a.*, c.name AS campaign, ag.name AS agency_name FROM review_assignments a
  JOIN review_campaigns c ON c.id = a.campaign_id LEFT JOIN agencies ag ON ag.code = a.agency_id`;

function row(r: Record<string, unknown>, today: string): AssignmentRow {
  const dueOn = dayOf(r.due_on)!;
  return {
    id: num(r.id), campaignId: num(r.campaign_id), campaign: String(r.campaign), agency: String(r.agency_id), agencyName: (r.agency_name as string | null) ?? null,
    caseId: String(r.case_id), role: r.role as AssignmentRow['role'], dueOn, state: r.state as AssignmentRow['state'],
    overdue: r.state === 'assigned' && dueOn < today, total: r.total == null ? null : Number(r.total), grade: (r.grade as string | null) ?? null, submittedAt: isoOf(r.submitted_at),
  };
}

/** The files assigned to a reviewer (待评案卷), open ones first by due day. `today`: the local date, for "overdue". */
export async function myAssignments(db: Queryable, userId: number, today: string, campaignId?: number): Promise<AssignmentRow[]> {
  const r = await db.query<Record<string, unknown>>(
    `${ROW_SQL} WHERE a.user_id = $1 ${campaignId !== undefined ? 'AND a.campaign_id = $2' : ''} ORDER BY a.state, a.due_on, a.agency_id, a.case_id`,
    campaignId !== undefined ? [userId, campaignId] : [userId],
  );
  return r.rows.map((x) => row(x, today));
}

export interface EvidenceFinding { rule: string; status: string; dueOn: string | null; actOn: string | null; message: { zh: string; en: string } }

/** One assigned file as the reviewer sees it, or null when it is not theirs. */
export async function getAssignment(db: Queryable, id: number, userId: number, today: string) {
  const r = await db.query<Record<string, unknown>>(`${ROW_SQL} WHERE a.id = $1 AND a.user_id = $2`, [id, userId]);
  if (!r.rows[0]) return null;
  const a = r.rows[0];
  const base = row(a, today);
  const c = await db.query<{ sheet_version: string }>('SELECT sheet_version FROM review_campaigns WHERE id = $1', [base.campaignId]);
  const sheet = sheetByVersion(c.rows[0]!.sheet_version)!;
  const kase = await db.query<Record<string, unknown>>('SELECT procedure, domain, major, complex, item_code, violation, penalty, opened_on, decided_on FROM cases WHERE agency_id = $1 AND case_id = $2', [base.agency, base.caseId]);
  const events = await db.query<Record<string, unknown>>(
    `SELECT e.event_id, e.type, e.at, e.local_date, e.records, e.attrs,
            ARRAY(SELECT coalesce(p.name, b) FROM unnest(e.by) AS b LEFT JOIN people p ON p.code = b) AS by_names
       FROM events e WHERE e.agency_id = $1 AND e.case_id = $2 ORDER BY e.at, e.event_id`, [base.agency, base.caseId]);
  const evidence = await caseEvidence(db, sheet, base.agency, base.caseId);
  const others = base.role === 'reconcile'
    ? (await db.query<{ role: string; total: unknown; grade: string }>(`SELECT role, total, grade FROM review_assignments WHERE campaign_id = $1 AND agency_id = $2 AND case_id = $3 AND role <> 'reconcile' ORDER BY role`, [base.campaignId, base.agency, base.caseId])).rows.map((o) => ({ role: o.role, total: Number(o.total), grade: o.grade }))
    : [];
  const k = kase.rows[0] ?? {};
  return {
    ...base,
    case: {
      procedure: (k.procedure as string | null) ?? null, domain: (k.domain as string | null) ?? null, major: k.major === true, complex: k.complex === true,
      item: (k.item_code as string | null) ?? null, openedOn: dayOf(k.opened_on), decidedOn: dayOf(k.decided_on), penalty: jsonOf<unknown>(k.penalty ?? null),
    },
    timeline: events.rows.map((e) => ({ id: String(e.event_id), type: String(e.type), at: isoOf(e.at)!, day: dayOf(e.local_date)!, by: (e.by_names as string[] | null) ?? [], records: (e.records as string[] | null) ?? [], attrs: jsonOf<Record<string, unknown>>(e.attrs) })),
    sheet,
    evidence,
    others,
    scored: a.state === 'submitted'
      ? { vetoFailed: (a.veto_failed as string[]) ?? [], minorProblems: (a.minor_problems as string[]) ?? [], deductions: jsonOf<ScoreInput['deductions']>(a.deductions), comment: (a.comment as string | null) ?? null }
      : null,
  };
}

/** The case's live findings, keyed by the sheet items they bear on (the sheet's evidence mapping). */
export async function caseEvidence(db: Queryable, sheet: Sheet, agency: string, caseId: string): Promise<Record<string, EvidenceFinding[]>> {
  const w = await db.query<Record<string, unknown>>(
    `SELECT rule, status, code, fields, due_on, act_on FROM warnings WHERE agency_id = $1 AND case_id = $2 AND state <> 'cleared' ORDER BY rule, finding_key`, [agency, caseId]);
  const packs = LIVE_PACKS.map((p) => loadPack(p));
  const out: Record<string, EvidenceFinding[]> = {};
  for (const x of w.rows) {
    const f: Finding = { case: caseId, agency, rule: String(x.rule), status: x.status as Finding['status'], code: String(x.code), fields: jsonOf<Record<string, unknown>>(x.fields), ...(x.due_on ? { dueOn: dayOf(x.due_on)! } : {}), ...(x.act_on ? { actOn: dayOf(x.act_on)! } : {}) };
    const ev: EvidenceFinding = { rule: f.rule, status: f.status, dueOn: f.dueOn ?? null, actOn: f.actOn ?? null, message: { zh: renderFinding(f, 'zh-CN', packs), en: renderFinding(f, 'en', packs) } };
    for (const item of sheet.evidence[f.rule] ?? []) (out[item] ??= []).push(ev);
  }
  return out;
}

export type SubmitOutcome =
  | { ok: true; total: number; grade: string; reconciliation: { assigned: number | null } | null }
  | { ok: false; reason: 'not-found' | 'wrong-state' }
  | { ok: false; reason: 'invalid'; issues: ScoreIssue[] };

/** A reviewer submits the scored sheet of an assigned file (once). */
export async function submitScore(db: Db, actor: Actor, id: number, userId: number, input: ScoreInput & { comment?: string }): Promise<SubmitOutcome> {
  return db.transaction(async (tx) => {
    const r = await tx.query<Record<string, unknown>>(
      `SELECT a.*, c.sheet_version, c.gap, c.region_prefix, c.due_on AS campaign_due FROM review_assignments a JOIN review_campaigns c ON c.id = a.campaign_id
        WHERE a.id = $1 AND a.user_id = $2 FOR UPDATE OF a`, [id, userId]);
    const a = r.rows[0];
    if (!a) return { ok: false, reason: 'not-found' } as const;
    if (a.state !== 'assigned') return { ok: false, reason: 'wrong-state' } as const;
    const sheet = sheetByVersion(String(a.sheet_version))!;
    const issues = checkScoreInput(sheet, input);
    if (issues.length) return { ok: false, reason: 'invalid', issues } as const;
    const s = scoreFile(sheet, input);
    await tx.query(
      `UPDATE review_assignments SET state = 'submitted', veto_failed = $2::text[], minor_problems = $3::text[], deductions = $4::jsonb, comment = $5,
              total = $6, grade = $7, submitted_at = now() WHERE id = $1`,
      [id, [...input.vetoFailed], [...input.minorProblems], JSON.stringify(input.deductions.map((d) => ({ item: d.item, deduction: d.deduction, count: d.count ?? 1, comment: d.comment }))), input.comment ?? null, s.total, s.grade],
    );
    const agency = String(a.agency_id), caseId = String(a.case_id), campaign = num(a.campaign_id);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'review.score.submit', target: `review-assignment:${id}`,
      detail: { campaign, agency, case: caseId, role: a.role, total: s.total, grade: s.grade, vetoed: s.vetoed, deductions: input.deductions.length } });
    let reconciliation: { assigned: number | null } | null = null;
    if (a.role !== 'reconcile') {
      const pair = await tx.query<{ user_id: unknown; role: string; state: string; total: unknown }>(
        'SELECT user_id, role, state, total FROM review_assignments WHERE campaign_id = $1 AND agency_id = $2 AND case_id = $3', [campaign, agency, caseId]);
      const done = pair.rows.filter((p) => p.role !== 'reconcile' && p.state === 'submitted');
      const hasThird = pair.rows.some((p) => p.role === 'reconcile');
      if (done.length === 2 && !hasThird && needsReconciliation(Number(done[0]!.total), Number(done[1]!.total), Number(a.gap))) {
        const named = await namedInCases(tx, [{ agency, case: caseId }]);
        const reviewers = await loadReviewers(tx, String(a.region_prefix));
        const load = await tx.query<{ user_id: unknown; n: unknown }>(`SELECT user_id, count(*) AS n FROM review_assignments WHERE state = 'assigned' GROUP BY user_id`);
        const third = pickReconciler({ key: caseId, agency, major: true, named: named.get(`${agency}\u0000${caseId}`) ?? [] }, reviewers,
          pair.rows.map((p) => num(p.user_id)), new Map(load.rows.map((x) => [num(x.user_id), num(x.n)])));
        if (third) {
          await tx.query(`INSERT INTO review_assignments (campaign_id, agency_id, case_id, user_id, role, due_on) VALUES ($1, $2, $3, $4, 'reconcile', $5::date)`,
            [campaign, agency, caseId, third.id, dayOf(a.campaign_due)]);
        }
        await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'review.reconcile.assign', target: `review-file:${campaign}:${agency}:${caseId}`,
          detail: { totals: done.map((p) => Number(p.total)), gap: Number(a.gap), reviewer: third?.id ?? null } });
        reconciliation = { assigned: third?.id ?? null };
      }
    }
    return { ok: true, total: s.total, grade: s.grade, reconciliation } as const;
  });
}
