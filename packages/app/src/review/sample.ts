/**
 * Draws a case-file review sample from the database: the population (cases decided in the period, per department)
 * and their risk signals come from SQL; the draw itself is `core/review` (pure, re-derivable from seed and ids).
 * Read-only: nothing is written.
 */
import {
  drawSample, parsePeriod, rateFraction, sampleMethod, RISK_WEIGHTS, type DepartmentSample, type PopulationCase, type RiskSignal, type SampleMethod,
} from '@kaohe/core';
import type { Queryable } from '@kaohe/store';

/** Outcomes of a reconsideration or litigation that corrected the decision (interchange.md: 纠错 / 败诉). */
export const REVERSAL_OUTCOMES = ['revoked', 'changed', 'confirmed-illegal', 'ordered-to-act'] as const;

export interface SampleRequest {
  /** 2026H1, 2026 (or a quarter) */
  period: string;
  seed: string;
  rate?: number | string;
  min?: number;
  /** limit the population to these agencies (a supervisor's region); all when absent */
  agencies?: readonly string[];
  /** limit to agencies whose region code starts with this prefix */
  regionPrefix?: string;
}

/** The sample as printed by `kaohe sample --format json` (issue 19's shape). */
export interface SampleResult {
  method: SampleMethod;
  seed: string;
  period: string;
  rate: number;
  min: number;
  departments: DepartmentSample[];
}

export class SampleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleError';
  }
}

/** Validates the request's parameters; the message names the option and the reason in zh-CN and en. */
export function checkSampleRequest(r: SampleRequest): { from: string; to: string; rate: number; min: number } {
  let p;
  try {
    p = parsePeriod(r.period);
  } catch (e) {
    throw new SampleError(`--period: 期间格式应为 2026H1 或 2026 · ${(e as Error).message}`);
  }
  if (!r.seed || r.seed.length > 200 || /[\r\n]/.test(r.seed)) throw new SampleError('--seed: 随机种子不能为空，且不超过 200 个字符、不含换行 · the seed must be 1–200 characters without line breaks');
  const rate = r.rate ?? '0.10';
  try {
    rateFraction(rate);
  } catch (e) {
    throw new SampleError(`--rate: ${(e as Error).message}`);
  }
  const min = r.min ?? 5;
  if (!Number.isInteger(min) || min < 0 || min > 10_000) throw new SampleError(`--min: 最少抽取件数须为 0–10000 的整数 · min must be a whole number 0–10000, got ${String(r.min)}`);
  return { from: p.from, to: p.to, rate: Number(rate), min };
}

/** Each department's decided cases in [from, to] with their risk signals. */
export async function loadPopulation(
  db: Queryable, from: string, to: string, filter: { agencies?: readonly string[]; regionPrefix?: string } = {},
): Promise<{ agency: string; cases: PopulationCase[] }[]> {
  const params: unknown[] = [from, to];
  let cond = '';
  if (filter.agencies) { params.push([...filter.agencies]); cond += ` AND c.agency_id = ANY($${params.length}::text[])`; }
  if (filter.regionPrefix) { params.push(filter.regionPrefix); cond += ` AND left(c.region_code, ${filter.regionPrefix.length}) = $${params.length}`; }
  params.push([...REVERSAL_OUTCOMES]);
  const rev = `$${params.length}::text[]`;
  const rows = await db.query<{ agency_id: string; case_id: string; kind: string | null; ref: string | null }>(
    `WITH pop AS (
       SELECT c.agency_id, c.case_id FROM cases c WHERE c.decided_on BETWEEN $1::date AND $2::date ${cond}
     )
     SELECT p.agency_id, p.case_id, s.kind, s.ref FROM pop p
       LEFT JOIN LATERAL (
         SELECT 'violated' AS kind, w.rule || CASE WHEN w.finding_key <> '' THEN '#' || w.finding_key ELSE '' END AS ref
           FROM warnings w WHERE w.agency_id = p.agency_id AND w.case_id = p.case_id AND w.status = 'violated' AND w.state <> 'cleared'
         UNION ALL
         SELECT 'complaint', r.record_id FROM records r WHERE r.agency_id = p.agency_id AND r.case_id = p.case_id AND r.kind = 'complaint'
         UNION ALL
         SELECT 'reversal', r.kind || ':' || r.record_id || ':' || (r.attrs->>'outcome') FROM records r
          WHERE r.agency_id = p.agency_id AND r.case_id = p.case_id AND r.kind IN ('reconsideration', 'litigation') AND r.attrs->>'outcome' = ANY(${rev})
       ) s ON TRUE
      ORDER BY p.agency_id, p.case_id, s.kind, s.ref`,
    params,
  );
  const out = new Map<string, Map<string, PopulationCase>>();
  for (const r of rows.rows) {
    let dept = out.get(r.agency_id);
    if (!dept) out.set(r.agency_id, (dept = new Map()));
    let c = dept.get(r.case_id);
    if (!c) dept.set(r.case_id, (c = { id: r.case_id, signals: [] }));
    if (r.kind && r.ref) (c.signals as { kind: RiskSignal; ref: string }[]).push({ kind: r.kind as RiskSignal, ref: r.ref });
  }
  return [...out].map(([agency, m]) => ({ agency, cases: [...m.values()] }));
}

/**
 * The sample of a period (issue 19): per department n = max(⌈rate × N⌉, min), half at random by SM3 digest, the rest
 * by risk. Throws SampleError for a bad request.
 */
export async function drawReviewSample(db: Queryable, req: SampleRequest): Promise<SampleResult> {
  const { from, to, rate, min } = checkSampleRequest(req);
  const pop = await loadPopulation(db, from, to, { agencies: req.agencies, regionPrefix: req.regionPrefix });
  const departments = drawSample(pop, { seed: req.seed, rate: req.rate ?? '0.10', min, weights: RISK_WEIGHTS });
  return { method: sampleMethod(RISK_WEIGHTS), seed: req.seed, period: req.period, rate, min, departments };
}
