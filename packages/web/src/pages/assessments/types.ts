/** Shapes of the assessment answers (server routes/assessments/schema.ts, app/src/assess.ts). */
export interface IndicatorScore {
  code: string;
  n: number;
  x: number;
  raw: number | null;
  adjusted: number | null;
  shrunk: boolean;
  score: number | null;
  weight: number;
  nominalWeight: number;
  applicable: boolean;
}
export interface Respread { from: string; over: string }
export interface DepartmentResult {
  agency: string; name: string | null; domain: string | null; region?: string;
  score: number | null; rank: number | null; rankInDomain: number | null;
  indicators: IndicatorScore[]; notApplicable: string[]; respread: Respread[];
}
export interface PostResult {
  post: 'handler' | 'reviewer' | 'supervisor'; agency: string; person: string | null; name?: string | null;
  score: number | null; rank?: number | null; indicators: IndicatorScore[]; respread?: Respread[];
}
export type Grade = 'excellent' | 'pass' | 'basic' | 'fail';
export interface IndividualResult {
  person: string; name?: string | null; agency: string; cases?: number; score: number | null; rank?: number | null;
  grade: Grade | null; gradeZh?: string | null; capped?: boolean; accountability?: number; indicators: IndicatorScore[]; respread?: Respread[];
  /** full-year runs: last year's grade; 不合格 both years flags the credential */
  previousGrade?: Grade | null; credentialFlag?: boolean;
}
export interface TargetEntry {
  code: 'compliance' | 'correction' | 'satisfaction' | 'complaints' | 'repeat';
  name: { zh: string; en: string };
  thisYear: { x: number; n: number; value: number | null };
  lastYear: { x: number; n: number; value: number | null };
  change: number | null;
  target: string;
  met: boolean | null;
  note?: string;
}
export interface RunInfo {
  id: number | null; hash: string; period: string; from?: string; to?: string; set: string; asOf: string;
  scope?: { kind: 'region' | 'agency'; code: string; population?: string };
  published?: boolean; publishedAt?: string | null; publishedBy?: string | null; ms?: number;
}
export interface Assessment {
  run: RunInfo;
  set: { version: string; effective?: string; lineage?: string[]; changelog?: { version: string; date?: string; changes?: string[]; feedback?: string }[] };
  departments: DepartmentResult[];
  posts: PostResult[];
  individuals: IndividualResult[];
  targets: { region: TargetEntry[]; departments: { agency: string; entries: TargetEntry[] }[] };
}
export interface RunSummary {
  id: number; hash: string; period: string; set: string; asOf: string;
  scope: { kind: string; code: string }; publishedAt: string; publishedBy: string; departments: number;
}
export interface DrillItem { caseId: string | null; ref: string | null; day: string | null; inNumerator: boolean }
export interface Drilldown {
  /** null: a preview's figure (recounted from its inputs; nothing stored) */
  run: number | null; agency: string; code: string; n: number; x: number;
  stored: { n: number; x: number } | null; matches: boolean; items: DrillItem[];
}

/** Indicator sets (server routes/indicator-sets/schema.ts, app/src/indicator-sets.ts). */
export interface WeightNode { id: string; weight: number; children?: WeightNode[] }
export interface IndicatorDef {
  code: string; name: { zh: string; en: string }; level: 'department' | 'post' | 'individual'; post?: 'handler' | 'reviewer' | 'supervisor';
  domain: string; group?: string; direction: 'up' | 'down'; scale: number; floor: number; target: number; weight: number; basis: string; note?: string;
  numerator: Record<string, unknown>; denominator: Record<string, unknown>;
}
export interface SetChangelogEntry { version: string; date: string; changes: string[]; feedback?: string }
export interface IndicatorSetDef {
  version: string; title: { zh: string; en: string }; effective: string; effectiveFrom: string; lineage: string[]; changelog: SetChangelogEntry[];
  params: { minSample: number; k: number }; weights: WeightNode[]; grades: { excellent: number; pass: number; basic: number }; indicators: IndicatorDef[];
}
export type SetKind = 'shipped' | 'published' | 'draft';
export interface SetSummary {
  id: number | null; kind: SetKind; version: string; title: { zh: string; en: string }; effective: string; effectiveFrom: string; base: string | null;
  region: string | null; indicators: number; changes: number; createdBy: string | null; createdAt: string | null; publishedBy: string | null;
  publishedAt: string | null; inForce: boolean;
}
export interface SetChange { who: string; when: string; action: 'add' | 'remove' | 'reweight' | 'edit'; code: string; reason: string; from?: unknown; to?: unknown }
export interface SetDetail extends SetSummary { set: IndicatorSetDef; log: SetChange[] }
export interface DraftPreview { draft: Assessment; current: Assessment | null }
