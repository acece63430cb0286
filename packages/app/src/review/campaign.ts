/**
 * Review campaigns (评查活动): created with a period, a rate, a minimum and a seed; the sample is drawn and stored
 * with the seed (published with the list), the files are assigned to reviewers across departments, all in one
 * transaction with its audit entry.
 */
import { assignReviewers, sheetFor, type Reviewer, type ReviewFile } from '@kaohe/core';
import { audit, dayOf, isoOf, num, type Queryable, type Tx, type Db } from '@kaohe/store';
import { regionPrefix } from '../assess.ts';
import type { Actor } from '../warnings.ts';
import { checkSampleRequest, drawReviewSample, SampleError } from './sample.ts';

export interface CampaignInput {
  name: string;
  period: string;
  seed: string;
  rate?: number | string;
  min?: number;
  /** last day for the reviewers' sheets */
  dueOn: string;
  /** a reconciliation by a third reviewer when two totals differ by more than this (default 10 points) */
  gap?: number;
  /** the 6-digit region the campaign covers (the supervisor's) */
  region: string;
}

export type CampaignOutcome =
  | { ok: true; id: number; files: number; assignments: number; unassigned: { agency: string; case: string; needed: number }[] }
  | { ok: false; reason: 'invalid'; message: string };

const fileKey = (agency: string, caseId: string) => `${agency}\u0000${caseId}`;

/** The file reviewers available in a region: active `file-reviewer` accounts, with their department (via the person registry). */
export async function loadReviewers(db: Queryable, prefix: string): Promise<Reviewer[]> {
  const r = await db.query<{ id: unknown; agency: string | null; person: string | null }>(
    `SELECT u.id, coalesce(p.agency_id, u.agency_id) AS agency, u.person_code AS person FROM users u
       LEFT JOIN people p ON p.code = u.person_code
      WHERE 'file-reviewer' = ANY(u.roles) AND NOT u.disabled AND (u.expires_at IS NULL OR u.expires_at > now())
        AND u.region_code IS NOT NULL AND (left(u.region_code, ${prefix.length}) = $1 OR left($1, length(u.region_code)) = u.region_code)
      ORDER BY u.id`,
    [prefix],
  );
  return r.rows.map((x) => ({ id: num(x.id), agency: x.agency, person: x.person }));
}

/** Every person code a case names: its staff and whoever acted in one of its events (for recusal). */
export async function namedInCases(db: Queryable, keys: readonly { agency: string; case: string }[]): Promise<Map<string, string[]>> {
  const r = await db.query<{ agency_id: string; case_id: string; codes: string[] | null }>(
    `SELECT c.agency_id, c.case_id,
            ARRAY(SELECT DISTINCT x FROM (SELECT unnest(c.staff_codes) AS x UNION SELECT unnest(e.by) FROM events e
                   WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id) s WHERE x IS NOT NULL ORDER BY 1) AS codes
       FROM cases c JOIN unnest($1::text[], $2::text[]) k(a, i) ON c.agency_id = k.a AND c.case_id = k.i`,
    [keys.map((k) => k.agency), keys.map((k) => k.case)],
  );
  return new Map(r.rows.map((x) => [fileKey(x.agency_id, x.case_id), x.codes ?? []]));
}

/** Create a campaign: draw, store, assign, audit — together or not at all. */
export async function createCampaign(db: Db, actor: Actor, input: CampaignInput): Promise<CampaignOutcome> {
  if (!/^\d{6}$/.test(input.region)) return { ok: false, reason: 'invalid', message: `region: 须为 6 位行政区划代码 · a 6-digit region code, got ${input.region}` };
  if (!input.name.trim()) return { ok: false, reason: 'invalid', message: 'name: 名称不能为空 · the name is required' };
  const prefix = regionPrefix(input.region);
  let bounds;
  try {
    bounds = checkSampleRequest({ period: input.period, seed: input.seed, rate: input.rate, min: input.min });
  } catch (e) {
    if (e instanceof SampleError) return { ok: false, reason: 'invalid', message: e.message };
    throw e;
  }
  const { from, to } = bounds;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || input.dueOn < to) {
    return { ok: false, reason: 'invalid', message: `dueOn: 评查截止日 ${input.dueOn} 须为日期且不早于期间末日 ${to} · the due day must be a date not before the period's last day` };
  }
  const gap = input.gap ?? 10;
  if (!(gap >= 0 && gap <= 100)) return { ok: false, reason: 'invalid', message: 'gap: 分差须在 0–100 之间 · the gap must lie in 0–100' };
  let sheet;
  try {
    sheet = sheetFor('penalty', to);
  } catch (e) {
    return { ok: false, reason: 'invalid', message: `period: ${(e as Error).message}` };
  }
  return db.transaction(async (tx) => {
    const sample = await drawReviewSample(tx, { period: input.period, seed: input.seed, rate: input.rate, min: input.min, regionPrefix: prefix });
    const c = await tx.query<{ id: unknown }>(
      `INSERT INTO review_campaigns (region_code, region_prefix, name, period, period_from, period_to, rate, min_size, seed, method, sheet_version, gap, due_on, created_by)
       VALUES ($1, $2, $3, $4, $5::date, $6::date, $7, $8, $9, $10::jsonb, $11, $12, $13::date, $14) RETURNING id`,
      [input.region, prefix, input.name.trim(), input.period, from, to, sample.rate, sample.min, sample.seed, JSON.stringify(sample.method), sheet.version, gap, input.dueOn, actor.username],
    );
    const id = num(c.rows[0]!.id);
    const rows = sample.departments.flatMap((d) => d.sample.map((s) => ({ agency: d.agency, ...s })));
    const files = await storeFiles(tx, id, rows);
    const named = await namedInCases(tx, files);
    const reviewers = await loadReviewers(tx, prefix);
    const load = await currentLoad(tx);
    const { assignments, unassigned } = assignReviewers(
      files.map((f): ReviewFile => ({ key: fileKey(f.agency, f.case), agency: f.agency, major: f.major, named: named.get(fileKey(f.agency, f.case)) ?? [] })),
      reviewers, load,
    );
    if (assignments.length) {
      const [a, i] = [assignments.map((x) => x.key.split('\u0000')[0]!), assignments.map((x) => x.key.split('\u0000')[1]!)];
      await tx.query(
        `INSERT INTO review_assignments (campaign_id, agency_id, case_id, user_id, role, due_on)
         SELECT $1, a, i, u, r, $6::date FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[]) AS t(a, i, u, r)`,
        [id, a, i, assignments.map((x) => x.reviewer), assignments.map((x) => x.role), input.dueOn],
      );
    }
    const miss = unassigned.map((u) => ({ agency: u.key.split('\u0000')[0]!, case: u.key.split('\u0000')[1]!, needed: u.needed }));
    await audit(tx, {
      actor: actor.username, role: actor.role, ip: actor.ip, action: 'review.campaign.create', target: `review-campaign:${id}`,
      detail: { name: input.name, period: input.period, seed: sample.seed, rate: sample.rate, min: sample.min, region: input.region, files: files.length, assignments: assignments.length, unassigned: miss.length },
    });
    return { ok: true as const, id, files: files.length, assignments: assignments.length, unassigned: miss };
  });
}

async function storeFiles(tx: Tx, id: number, rows: { agency: string; case: string; stratum: string; digest: string; risk: number; reasons: string[] }[]) {
  if (!rows.length) return [];
  const r = await tx.query<{ agency_id: string; case_id: string; major: boolean }>(
    `INSERT INTO review_files (campaign_id, region_code, agency_id, case_id, stratum, digest, risk, reasons, major)
     SELECT $1, c.region_code, t.a, t.i, t.s, t.d, t.r, t.re::text[], coalesce(c.major, false)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[]) AS t(a, i, s, d, r, re)
       JOIN cases c ON c.agency_id = t.a AND c.case_id = t.i
     RETURNING agency_id, case_id, major`,
    [id, rows.map((x) => x.agency), rows.map((x) => x.case), rows.map((x) => x.stratum), rows.map((x) => x.digest), rows.map((x) => x.risk),
      rows.map((x) => `{${x.reasons.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`)],
  );
  return r.rows.map((x) => ({ agency: x.agency_id, case: x.case_id, major: x.major === true })).sort((a, b) => (fileKey(a.agency, a.case) < fileKey(b.agency, b.case) ? -1 : 1));
}

/** Files each reviewer still has open (in every campaign), counted in the balance. */
async function currentLoad(q: Queryable): Promise<Map<number, number>> {
  const r = await q.query<{ user_id: unknown; n: unknown }>(`SELECT user_id, count(*) AS n FROM review_assignments WHERE state = 'assigned' GROUP BY user_id`);
  return new Map(r.rows.map((x) => [num(x.user_id), num(x.n)]));
}

export interface CampaignView {
  id: number; name: string; region: string; period: string; from: string; to: string; rate: number; min: number; seed: string;
  method: unknown; sheet: string; gap: number; dueOn: string; createdBy: string; createdAt: string;
  files: number; scored: number;
}

function present(r: Record<string, unknown>): CampaignView {
  return {
    id: num(r.id), name: String(r.name), region: String(r.region_code), period: String(r.period), from: dayOf(r.period_from)!, to: dayOf(r.period_to)!,
    rate: Number(r.rate), min: num(r.min_size), seed: String(r.seed), method: typeof r.method === 'string' ? JSON.parse(r.method) : r.method,
    sheet: String(r.sheet_version), gap: Number(r.gap), dueOn: dayOf(r.due_on)!, createdBy: String(r.created_by), createdAt: isoOf(r.created_at)!,
    files: num(r.files), scored: num(r.scored),
  };
}

const CAMPAIGN_SQL = `SELECT c.*, (SELECT count(*) FROM review_files f WHERE f.campaign_id = c.id) AS files,
    (SELECT count(*) FROM review_files f WHERE f.campaign_id = c.id AND EXISTS (SELECT 1 FROM review_assignments a
       WHERE a.campaign_id = f.campaign_id AND a.agency_id = f.agency_id AND a.case_id = f.case_id AND a.state = 'submitted')) AS scored
  FROM review_campaigns c`;

/** Campaigns whose region starts with `prefix` (the caller's scope), newest first. */
export async function listCampaigns(db: Queryable, prefix: string | null): Promise<CampaignView[]> {
  const r = await db.query<Record<string, unknown>>(`${CAMPAIGN_SQL} ${prefix !== null ? 'WHERE left(c.region_code, $1::int) = $2' : ''} ORDER BY c.id DESC`, prefix !== null ? [prefix.length, prefix] : []);
  return r.rows.map(present);
}

/** One campaign within `prefix`, or null. */
export async function getCampaign(db: Queryable, id: number, prefix: string | null): Promise<CampaignView | null> {
  const r = await db.query<Record<string, unknown>>(`${CAMPAIGN_SQL} WHERE c.id = $1 ${prefix !== null ? 'AND left(c.region_code, $2::int) = $3' : ''}`, prefix !== null ? [id, prefix.length, prefix] : [id]);
  return r.rows[0] ? present(r.rows[0]) : null;
}
