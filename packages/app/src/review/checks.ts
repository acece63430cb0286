/** 现场核查 (on-site check) and 随机抽查 (random spot check) findings, recorded in a campaign: place, date, people, what was found. */
import { audit, dayOf, isoOf, num, type Db, type Queryable } from '@kaohe/store';
import type { Actor } from '../warnings.ts';

export interface CheckInput {
  kind: 'on-site' | 'spot';
  agency: string;
  place: string;
  onDate: string;
  people: string[];
  found: string;
  caseId?: string | null;
}

export type CheckOutcome = { ok: true; id: number } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'invalid'; message: string };

/** Record a check in campaign `campaignId` (which must lie in `prefix`); the agency must be one of the campaign's region. */
export async function recordCheck(db: Db, actor: Actor, campaignId: number, prefix: string | null, c: CheckInput): Promise<CheckOutcome> {
  return db.transaction(async (tx) => {
    const camp = await tx.query<{ region_prefix: string; period_from: unknown; due_on: unknown }>(
      `SELECT region_prefix, period_from, due_on FROM review_campaigns WHERE id = $1 ${prefix !== null ? 'AND left(region_code, $2::int) = $3' : ''}`,
      prefix !== null ? [campaignId, prefix.length, prefix] : [campaignId]);
    const k = camp.rows[0];
    if (!k) return { ok: false, reason: 'not-found' } as const;
    const ag = await tx.query<{ region_code: string }>('SELECT region_code FROM agencies WHERE code = $1', [c.agency]);
    if (!ag.rows[0] || !ag.rows[0].region_code.startsWith(k.region_prefix)) {
      return { ok: false, reason: 'invalid', message: `agency: “${c.agency}”不是本次评查范围内的执法部门 · not an agency of this campaign's region` } as const;
    }
    const r = await tx.query<{ id: unknown }>(
      `INSERT INTO review_checks (campaign_id, kind, agency_id, region_code, place, on_date, people, found, case_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7::text[], $8, $9, $10) RETURNING id`,
      [campaignId, c.kind, c.agency, ag.rows[0].region_code, c.place, c.onDate, c.people, c.found, c.caseId ?? null, actor.username]);
    const id = num(r.rows[0]!.id);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'review.check.record', target: `review-check:${id}`,
      detail: { campaign: campaignId, kind: c.kind, agency: c.agency, onDate: c.onDate, case: c.caseId ?? null } });
    return { ok: true, id } as const;
  });
}

export async function listChecks(db: Queryable, campaignId: number) {
  const r = await db.query<Record<string, unknown>>(
    `SELECT k.*, a.name AS agency_name FROM review_checks k LEFT JOIN agencies a ON a.code = k.agency_id WHERE k.campaign_id = $1 ORDER BY k.on_date, k.id`, [campaignId]);
  return r.rows.map((x) => ({
    id: num(x.id), kind: x.kind as 'on-site' | 'spot', agency: String(x.agency_id), agencyName: (x.agency_name as string | null) ?? null, place: String(x.place),
    onDate: dayOf(x.on_date)!, people: (x.people as string[]) ?? [], found: String(x.found), caseId: (x.case_id as string | null) ?? null,
    recordedBy: String(x.recorded_by), recordedAt: isoOf(x.recorded_at)!,
  }));
}
