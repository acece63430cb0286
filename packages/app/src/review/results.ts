/**
 * Campaign results: each file's final score, and per department the pass and excellence rates with Wilson 95 %
 * intervals estimated from the **random stratum only** (a simple random sample of the department's decided cases;
 * the risk stratum is chosen for its problems and would bias the estimate).
 *
 * A file's final sheet: the reconciler's when a third reviewer was needed; with two reviewers within the gap, the
 * lower total (and its grade: the file passes only as far as both agree); with one reviewer, theirs; none yet: pending.
 */
import { wilson, type Proportion } from '@kaohe/core';
import { num, type Queryable } from '@kaohe/store';

export interface ReviewFileResult {
  agency: string; agencyName: string | null; caseId: string; stratum: 'random' | 'risk'; risk: number; reasons: string[]; major: boolean;
  reviewers: { role: string; name: string; state: string; total: number | null; grade: string | null }[];
  total: number | null; grade: 'excellent' | 'pass' | 'fail' | null;
}

export interface ReviewDepartmentResult {
  agency: string; agencyName: string | null; population: number | null; files: number; scored: number;
  /** random-stratum files scored, and of them passed (合格 or 优秀) / excellent */
  pass: Proportion; excellent: Proportion;
  /** risk-stratum files scored and failed: reported, not estimated from */
  riskScored: number; riskFailed: number;
}

/** Every file of the campaign with its final score. */
export async function campaignFiles(db: Queryable, campaignId: number): Promise<ReviewFileResult[]> {
  const f = await db.query<Record<string, unknown>>(
    `SELECT f.agency_id, f.case_id, f.stratum, f.risk, f.reasons, f.major, a.name AS agency_name FROM review_files f
       LEFT JOIN agencies a ON a.code = f.agency_id WHERE f.campaign_id = $1 ORDER BY f.agency_id, f.stratum, f.digest`, [campaignId]);
  const s = await db.query<Record<string, unknown>>(
    `SELECT r.agency_id, r.case_id, r.role, r.state, r.total, r.grade, u.display_name FROM review_assignments r JOIN users u ON u.id = r.user_id
      WHERE r.campaign_id = $1 ORDER BY r.role, r.id`, [campaignId]);
  const byFile = new Map<string, ReviewFileResult['reviewers']>();
  for (const x of s.rows) {
    const k = `${x.agency_id}\u0000${x.case_id}`;
    (byFile.get(k) ?? byFile.set(k, []).get(k)!).push({ role: String(x.role), name: String(x.display_name), state: String(x.state), total: x.total == null ? null : Number(x.total), grade: (x.grade as string | null) ?? null });
  }
  return f.rows.map((x) => {
    const reviewers = byFile.get(`${x.agency_id}\u0000${x.case_id}`) ?? [];
    const fin = finalOf(reviewers);
    return {
      agency: String(x.agency_id), agencyName: (x.agency_name as string | null) ?? null, caseId: String(x.case_id), stratum: x.stratum as 'random' | 'risk',
      risk: num(x.risk), reasons: (x.reasons as string[]) ?? [], major: x.major === true, reviewers, total: fin?.total ?? null, grade: (fin?.grade ?? null) as ReviewFileResult['grade'],
    };
  });
}

function finalOf(rs: ReviewFileResult['reviewers']): { total: number; grade: string } | null {
  const third = rs.find((r) => r.role === 'reconcile');
  if (third) return third.state === 'submitted' ? { total: third.total!, grade: third.grade! } : null;
  const main = rs.filter((r) => r.role !== 'reconcile');
  if (!main.length || main.some((r) => r.state !== 'submitted')) return null;
  const low = [...main].sort((a, b) => a.total! - b.total!)[0]!;
  return { total: low.total!, grade: low.grade! };
}

/** Per department: pass and excellence rates of the random stratum with 95 % Wilson intervals. */
export async function campaignResults(db: Queryable, campaignId: number): Promise<{ departments: ReviewDepartmentResult[]; files: ReviewFileResult[] }> {
  const files = await campaignFiles(db, campaignId);
  const c = await db.query<{ period_from: unknown; period_to: unknown }>('SELECT period_from, period_to FROM review_campaigns WHERE id = $1', [campaignId]);
  const pop = new Map<string, number>();
  if (c.rows[0]) {
    const p = await db.query<{ agency_id: string; n: unknown }>(
      `SELECT c.agency_id, count(*) AS n FROM cases c WHERE c.decided_on BETWEEN $1::date AND $2::date
          AND c.agency_id IN (SELECT DISTINCT agency_id FROM review_files WHERE campaign_id = $3) GROUP BY c.agency_id`,
      [c.rows[0].period_from, c.rows[0].period_to, campaignId]);
    for (const x of p.rows) pop.set(x.agency_id, num(x.n));
  }
  const byAgency = new Map<string, ReviewFileResult[]>();
  for (const f of files) (byAgency.get(f.agency) ?? byAgency.set(f.agency, []).get(f.agency)!).push(f);
  const departments = [...byAgency].map(([agency, fs]): ReviewDepartmentResult => {
    const random = fs.filter((f) => f.stratum === 'random' && f.grade !== null);
    const risk = fs.filter((f) => f.stratum === 'risk' && f.grade !== null);
    return {
      agency, agencyName: fs[0]!.agencyName, population: pop.get(agency) ?? null, files: fs.length, scored: fs.filter((f) => f.grade !== null).length,
      pass: wilson(random.filter((f) => f.grade !== 'fail').length, random.length),
      excellent: wilson(random.filter((f) => f.grade === 'excellent').length, random.length),
      riskScored: risk.length, riskFailed: risk.filter((f) => f.grade === 'fail').length,
    };
  });
  return { departments, files };
}
