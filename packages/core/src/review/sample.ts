/**
 * The case-file review sample (案卷评查抽样): a sample anyone can re-derive from the seed and the case ids.
 *
 * Per department, the population is its cases decided in the period (N). The sample size is
 * n = max(⌈rate × N⌉, min), every case when N ≤ n (a census). Half of it, ⌈n/2⌉, is the **random stratum**: the
 * department's cases ordered by the lowercase hex SM3 digest of `<seed>:<case id>`, ascending, the first ⌈n/2⌉. The
 * rest is the **risk stratum**: the remaining cases with the highest weighted risk score, ties by the same digest.
 * Only the random stratum estimates the department's pass rate; the risk stratum looks for problems.
 * Pure: the seed, the population and its risk signals are arguments.
 */
import { createHash } from 'node:crypto';

/** What raises a case's risk score, with its weight (printed with every sample). */
export const RISK_WEIGHTS = Object.freeze({
  /** a violated finding of the live rule packs (程序合规预警：已违反) */
  violated: 1,
  /** a 12345 / petition complaint that names the case */
  complaint: 2,
  /** a reconsideration or litigation that corrected the decision (revoked, changed, confirmed illegal, ordered to act) */
  reversal: 4,
});
// Discretion anomalies (裁量异常) join these signals when the discretion module exists; none is counted until then.
export type RiskSignal = keyof typeof RISK_WEIGHTS;
export type RiskWeights = Record<RiskSignal, number>;

/** One case of a department's population and the signals about it (`ref`: the rule id, record id …). */
export interface PopulationCase {
  id: string;
  signals: readonly { kind: RiskSignal; ref: string }[];
}

export interface SampleParams {
  seed: string;
  /** the share sampled, a decimal in (0, 1] (e.g. "0.10" or 0.1) */
  rate: number | string;
  /** the least sample size per department */
  min: number;
  weights?: RiskWeights;
}

export interface SampledCase {
  case: string;
  stratum: 'random' | 'risk';
  digest: string;
  risk: number;
  reasons: string[];
}

export interface DepartmentSample {
  agency: string;
  population: number;
  sample: SampledCase[];
}

/** The lowercase hex SM3 digest of `<seed>:<case id>`, the order of the random stratum. */
export function sampleDigest(seed: string, caseId: string): string {
  return createHash('sm3').update(`${seed}:${caseId}`, 'utf8').digest('hex');
}

/**
 * A decimal rate as an exact fraction (0.10 → 10/100), so ⌈rate × N⌉ has no floating-point error
 * (0.1 × 30 is 3.0000000000000004 in binary floating point, whose ceiling would be 4).
 * @throws RangeError unless 0 < rate ≤ 1
 */
export function rateFraction(rate: number | string): { num: bigint; den: bigint } {
  const s = typeof rate === 'number' ? (Number.isFinite(rate) ? String(rate) : '') : rate.trim();
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(s);
  if (!m) throw new RangeError(`rate must be a decimal between 0 and 1 (e.g. 0.10), got "${String(rate)}" · 抽样比例须为 0 到 1 之间的小数`);
  const frac = m[2] ?? '';
  const den = 10n ** BigInt(frac.length);
  const num = BigInt(m[1]!) * den + BigInt(frac || '0');
  if (num === 0n || num > den) throw new RangeError(`rate must be above 0 and at most 1, got ${s} · 抽样比例须大于 0 且不超过 1`);
  return { num, den };
}

/** n = max(⌈rate × N⌉, min), capped at N (every case when N ≤ n). */
export function sampleSize(population: number, rate: number | string, min: number): number {
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number ≥ 0, got ${population}`);
  if (!Number.isInteger(min) || min < 0) throw new RangeError(`min must be a whole number ≥ 0, got ${min} · 最少抽取件数须为非负整数`);
  const { num, den } = rateFraction(rate);
  const share = Number((BigInt(population) * num + den - 1n) / den);
  return Math.min(population, Math.max(share, min));
}

/** The weighted risk score of a case and its reasons (`violated:cn.apl.61.service`, `complaint:C-12` …). */
export function riskOf(c: PopulationCase, weights: RiskWeights = RISK_WEIGHTS): { risk: number; reasons: string[] } {
  let risk = 0;
  const reasons: string[] = [];
  for (const s of c.signals) {
    risk += weights[s.kind];
    reasons.push(`${s.kind}:${s.ref}`);
  }
  return { risk, reasons: reasons.sort() };
}

/** One department's sample. */
export function drawDepartment(agency: string, cases: readonly PopulationCase[], p: SampleParams): DepartmentSample {
  const weights = p.weights ?? RISK_WEIGHTS;
  const n = sampleSize(cases.length, p.rate, p.min);
  const all = cases.map((c) => ({ ...riskOf(c, weights), case: c.id, digest: sampleDigest(p.seed, c.id) }));
  all.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  // a census (N ≤ n): every case is drawn, and all of them estimate the department (there is nothing to infer)
  const randomCount = n === cases.length ? n : Math.ceil(n / 2);
  const random = all.slice(0, randomCount).map((c) => ({ case: c.case, stratum: 'random' as const, digest: c.digest, risk: c.risk, reasons: c.reasons }));
  const rest = all.slice(randomCount);
  // stable sort keeps the digest order among equal scores: ties by the digest
  rest.sort((a, b) => b.risk - a.risk);
  const risk = rest.slice(0, n - randomCount).map((c) => ({ case: c.case, stratum: 'risk' as const, digest: c.digest, risk: c.risk, reasons: c.reasons }));
  return { agency, population: cases.length, sample: [...random, ...risk] };
}

/** The method as printed with every sample: how to re-derive it and the risk weights used. */
export interface SampleMethod {
  id: 'kaohe-sample-v1';
  random: string;
  risk: string;
  weights: RiskWeights;
}

export function sampleMethod(weights: RiskWeights = RISK_WEIGHTS): SampleMethod {
  return {
    id: 'kaohe-sample-v1',
    random: 'n = max(ceil(rate*N), min), all when N <= n; random stratum: first ceil(n/2) cases by lowercase hex SM3("<seed>:<case id>") ascending',
    risk: 'risk stratum: the remaining n - ceil(n/2) cases with the highest weighted risk score, ties by the same digest',
    weights: { ...weights },
  };
}

/** Every department's sample, departments in code order. */
export function drawSample(departments: readonly { agency: string; cases: readonly PopulationCase[] }[], p: SampleParams): DepartmentSample[] {
  return [...departments].sort((a, b) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0)).map((d) => drawDepartment(d.agency, d.cases, p));
}
