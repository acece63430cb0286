/**
 * The assessment run (考核): (scope, period, indicator-set version, as-of date) → department, post and individual
 * scores and the targets panel, reproducible: the hash covers the set definition, the period, the as-of date, the
 * scope and every aggregated numerator/denominator, so the same inputs give the same hash and the same numbers.
 * Counting happens in SQL (assess-sql.ts), scoring in pure core. A published run is stored and immutable.
 */
import {
  GRADE_LABELS, TARGETS, adjustedValue, isLocalDate, cutPeriod, gradeOf, loadIndicatorSet, parsePeriod, previousYearPeriod, rank,
  rawValue, scoreValue, targetEntry, weightedScore,
  type Count, type Grade, type IndicatorDef, type IndicatorSet, type Measure, type TargetEntry,
} from '@kaohe/core';
import { dayOf, isoOf, jsonOf, audit, canonicalJson, num, sm3, type Db, type Queryable } from '@kaohe/store';
import { indicatorQueries, drilldownQuery, REPEAT_SQL, type CountRow, type GroupBy, type Window } from './assess-sql.ts';
import { resolveIndicatorSet } from './indicator-sets.ts';
import { accountabilityDecisions } from './accountability/effects.ts';

export { individualsWorkbook, INDIVIDUAL_COLUMNS } from './assess-xlsx.ts';

/** An accountability decision (责任追究决定) about an officer; by default the decisions in force (accountability/effects.ts). */
export interface AccountabilityDecision {
  person: string;
  decidedOn: string;
  kind?: string;
}

export type AssessScope = { region: string } | { agency: string };

export interface AssessOptions {
  /** 2026Q1 | 2026H1 | 2026 */
  period: string;
  /** a version (cn-2026Q1), a file path, or a loaded set; default: the latest version effective on the as-of date */
  set?: string | IndicatorSet;
  /** default: the period's last day */
  asOf?: string;
  /** a region code (330100: the city and its districts) or one agency (scored within its region) */
  scope: AssessScope;
  accountability?: readonly AccountabilityDecision[];
}

export interface IndicatorScore {
  code: string;
  /** denominator and numerator */
  n: number;
  x: number;
  /** x / n × scale; null: not applicable (n = 0) */
  raw: number | null;
  /** after small-sample shrinkage toward the population's rate (rankings use it) */
  adjusted: number | null;
  shrunk: boolean;
  score: number | null;
  /** effective points after re-spreading, and the nominal points */
  weight: number;
  nominalWeight: number;
  applicable: boolean;
}

export interface DepartmentResult {
  agency: string;
  name: string | null;
  domain: string | null;
  region: string;
  score: number | null;
  rank: number | null;
  rankInDomain: number | null;
  indicators: IndicatorScore[];
  notApplicable: string[];
  respread: { from: string; over: string }[];
}

export interface PostResult {
  post: 'handler' | 'reviewer' | 'supervisor';
  agency: string;
  /** the post holder; null for the supervision post, measured per department (warning answers carry no person code) */
  person: string | null;
  name: string | null;
  score: number | null;
  rank: number | null;
  indicators: IndicatorScore[];
  respread: { from: string; over: string }[];
}

export interface IndividualResult {
  person: string;
  name: string | null;
  agency: string;
  /** own cases decided in the period */
  cases: number;
  score: number | null;
  rank: number | null;
  grade: Grade | null;
  gradeZh: string | null;
  /** 优秀 withheld because of an accountability decision in the year */
  capped: boolean;
  accountability: number;
  /**
   * A full-year run only: the officer's grade the year before (the same set over that year's data at its last day,
   * i.e. what that year's full-year run gives; his line with the most cases if he had several); null otherwise.
   */
  previousGrade: Grade | null;
  /** 不合格 this year and the year before: the enforcement credential is flagged for revocation or reassignment */
  credentialFlag: boolean;
  indicators: IndicatorScore[];
  respread: { from: string; over: string }[];
}

export interface AssessmentResult {
  run: {
    id: number | null;
    hash: string;
    period: string;
    from: string;
    to: string;
    set: string;
    asOf: string;
    scope: { kind: 'region' | 'agency'; code: string; population: string };
    published: boolean;
    publishedAt: string | null;
    publishedBy: string | null;
    ms: number;
  };
  set: { version: string; effective: string; lineage: string[]; changelog: IndicatorSet['changelog'] };
  /** the full definition used (stored with a published run, so a drill-down recounts with exactly it) */
  definition?: IndicatorSet;
  departments: DepartmentResult[];
  posts: PostResult[];
  individuals: IndividualResult[];
  targets: { region: TargetEntry[]; departments: { agency: string; entries: TargetEntry[] }[] };
}

/** Region prefix: trailing "00" pairs name the whole city/province (330100 → 3301). */
export function regionPrefix(region: string): string {
  let p = region;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

const r6 = (v: number | null): number | null => (v === null ? null : Math.round(v * 1e6) / 1e6);
const key = (a: string, p: string | null) => `${a}\u0000${p ?? ''}`;

export class AssessError extends Error {
  constructor(readonly code: 'period' | 'set' | 'scope' | 'as-of', message: string) {
    super(message);
    this.name = 'AssessError';
  }
}

/** A loaded set as given; a version published in the database or shipped (or a file path); else the latest effective on the as-of date for the scope (indicator-sets.ts). */
async function resolveSet(db: Queryable, set: AssessOptions['set'], asOf: string, scope: AssessScope): Promise<IndicatorSet> {
  if (set && typeof set === 'object') return set;
  try {
    return await resolveIndicatorSet(db, { set, asOf, scope });
  } catch (e) {
    throw new AssessError('set', (e as Error).message);
  }
}

/** Counts of one indicator grouped as asked, keyed by (agency, person). */
async function countIndicator(db: Queryable, ind: Pick<IndicatorDef, 'numerator' | 'denominator'>, by: GroupBy, w: Window): Promise<Map<string, CountRow>> {
  const q = indicatorQueries(ind, by, w);
  const out = new Map<string, CountRow>();
  const rows = async (c: { sql: string; params: unknown[] }) => (await db.query<{ agency: string; person: string | null; x: unknown; n: unknown }>(c.sql, c.params)).rows;
  if (q.joint) {
    for (const r of await rows(q.joint)) out.set(key(r.agency, r.person), { agency: r.agency, person: r.person, x: num(r.x), n: num(r.n) });
  } else {
    for (const r of await rows(q.denominator!)) out.set(key(r.agency, r.person), { agency: r.agency, person: r.person, x: 0, n: num(r.n) });
    for (const r of await rows(q.numerator!)) {
      const k = key(r.agency, r.person);
      const o = out.get(k) ?? { agency: r.agency, person: r.person, x: 0, n: 0 };
      o.x = num(r.n);
      out.set(k, o);
    }
  }
  return out;
}

const groupOf = (ind: IndicatorDef): GroupBy => (ind.level === 'department' || ind.post === 'supervisor' ? 'agency' : ind.post === 'reviewer' ? 'reviewer' : 'handler');

/** Scores of one indicator over a set of units (keys) given their counts and the population's rate. */
function scoreUnits(ind: IndicatorDef, units: readonly string[], counts: Map<string, CountRow>, set: IndicatorSet): Map<string, IndicatorScore> {
  let X = 0, N = 0;
  for (const u of units) { const c = counts.get(u); if (c) { X += c.x; N += c.n; } }
  const p = N > 0 ? (X / N) * ind.scale : null;
  const out = new Map<string, IndicatorScore>();
  for (const u of units) {
    const c: Count = counts.get(u) ?? { x: 0, n: 0 };
    const raw = rawValue(c, ind.scale);
    const adj = adjustedValue(c, p, set.params, ind.scale);
    out.set(u, {
      code: ind.code, n: c.n, x: c.x, raw: r6(raw), adjusted: r6(adj.value), shrunk: adj.shrunk,
      score: adj.value === null ? null : scoreValue(ind, adj.value), weight: 0, nominalWeight: 0, applicable: c.n > 0,
    });
  }
  return out;
}

function withWeights(scores: IndicatorScore[], defs: Map<string, IndicatorDef>, tree?: IndicatorSet['weights']) {
  const r = weightedScore(scores.map((s) => ({ code: s.code, group: defs.get(s.code)!.group, weight: defs.get(s.code)!.weight, score: s.score })), tree);
  for (const s of scores) {
    const w = r.weights.get(s.code);
    s.weight = w?.effective ?? 0;
    s.nominalWeight = w?.nominal ?? 0;
  }
  return r;
}

/** The target measures (the same vocabulary as the indicators), counted per department for a year. */
const TARGET_MEASURES: Record<'compliance' | 'correction' | 'satisfaction' | 'complaints', { code: string; numerator: IndicatorDef['numerator']; denominator: Measure }> = {
  compliance: { code: 'target.compliance', denominator: { count: 'cases', anchor: 'decided', where: [] }, numerator: { of: 'denominator', where: [{ finding: { exists: false, status: 'violated' } }] } },
  correction: { code: 'target.correction', denominator: { count: 'records', kinds: ['reconsideration', 'litigation'], where: [] }, numerator: { of: 'denominator', where: [{ attr: 'outcome', in: ['revoked', 'changed', 'confirmed-illegal', 'ordered-to-act'] }] } },
  satisfaction: { code: 'target.satisfaction', denominator: { count: 'records', kinds: ['rating', 'survey'], where: [] }, numerator: { of: 'denominator', where: [{ satisfied: 4 }] } },
  complaints: {
    code: 'target.complaints',
    denominator: { count: 'records', kinds: ['complaint'], where: [{ attr: 'category', notIn: ['inaction'] }] },
    numerator: { of: 'denominator', where: [{ attr: 'verified', eq: true }] },
  },
};

/** Repeat rate of the same kind of enforcement error (targets panel), per department: see `REPEAT_SQL`. */
async function repeatCounts(db: Queryable, w: Window): Promise<Map<string, CountRow>> {
  const r = await db.query<{ agency: string; x: unknown; n: unknown }>(REPEAT_SQL, [w.from, w.to, w.asOf, w.prefix]);
  return new Map(r.rows.map((x) => [key(x.agency, null), { agency: x.agency, person: null, x: num(x.x), n: num(x.n) }]));
}

/** An officer's line: his scores on the individual indicators and the grade by the set's bands. */
interface OfficerGrade {
  agency: string;
  person: string;
  cases: number;
  score: number | null;
  grade: Grade | null;
  capped: boolean;
  accountability: number;
  indicators: IndicatorScore[];
  respread: { from: string; over: string }[];
}

/**
 * Scores and grades every (agency, person) with counts on an individual indicator, keyed and sorted by that unit;
 * `decisions`: accountability decisions per person in the year (they withhold 优秀).
 */
function gradeOfficers(
  inds: IndicatorDef[], counts: Map<string, Map<string, CountRow>>, set: IndicatorSet, defs: Map<string, IndicatorDef>, decisions: Map<string, number>,
): Map<string, OfficerGrade> {
  const units = new Set<string>();
  for (const i of inds) for (const [u, c] of counts.get(i.code)!) if (c.person) units.add(u);
  const list = [...units].sort();
  const per = new Map<string, IndicatorScore[]>(list.map((u) => [u, []]));
  for (const ind of inds) for (const [u, s] of scoreUnits(ind, list, counts.get(ind.code)!, set)) per.get(u)!.push(s);
  const caseInd = inds.find((i) => i.denominator.count === 'cases' && (i.denominator.anchor ?? 'decided') === 'decided');
  return new Map(list.map((u) => {
    const [agency, person] = u.split('\u0000') as [string, string];
    const r = withWeights(per.get(u)!, defs);
    const acc = decisions.get(person) ?? 0;
    const g = gradeOf(r.score, set.grades, { accountability: acc > 0 });
    return [u, {
      agency, person, cases: caseInd ? (counts.get(caseInd.code)!.get(u)?.n ?? 0) : 0, score: r.score, grade: g.grade, capped: g.capped,
      accountability: acc, indicators: per.get(u)!, respread: r.respread,
    }];
  }));
}

/** What a run (and a preview's drill-down) counts over: the period cut at the as-of date, the set, the scope's population. */
interface RunFrame {
  period: ReturnType<typeof parsePeriod>;
  cut: { from: string; to: string };
  asOf: string;
  set: IndicatorSet;
  scopeKind: 'region' | 'agency';
  scopeCode: string;
  prefix: string;
  w: Window;
}

/** Resolves a run's period, as-of date, set and population exactly as `runAssessment` does. */
async function resolveFrame(db: Queryable, opts: Pick<AssessOptions, 'period' | 'asOf' | 'set' | 'scope'>): Promise<RunFrame> {
  let period;
  try { period = parsePeriod(opts.period); } catch (e) { throw new AssessError('period', (e as Error).message); }
  const asOf = opts.asOf ?? period.to;
  if (!isLocalDate(asOf)) throw new AssessError('as-of', `as-of must be an existing day YYYY-MM-DD, got "${asOf}"`);
  const cut = cutPeriod(period, asOf);
  if (!cut) throw new AssessError('as-of', `the period ${period.id} starts after the as-of date ${asOf}`);
  const set = await resolveSet(db, opts.set, asOf, opts.scope);

  // the population: the scope's region (an agency is scored among its region's departments)
  let scopeKind: 'region' | 'agency', scopeCode: string, region: string;
  if ('agency' in opts.scope) {
    scopeKind = 'agency';
    scopeCode = opts.scope.agency;
    const a = await db.query<{ region_code: string }>(
      `SELECT region_code FROM agencies WHERE code = $1 UNION ALL SELECT region_code FROM cases WHERE agency_id = $1 LIMIT 1`, [scopeCode]);
    if (!a.rows[0]) throw new AssessError('scope', `unknown agency ${scopeCode}`);
    region = a.rows[0].region_code;
  } else {
    scopeKind = 'region';
    scopeCode = opts.scope.region;
    if (!/^\d{6}$/.test(scopeCode)) throw new AssessError('scope', `a region is a 6-digit code, got "${scopeCode}"`);
    region = scopeCode;
  }
  const prefix = regionPrefix(region);
  return { period, cut, asOf, set, scopeKind, scopeCode, prefix, w: { from: cut.from, to: cut.to, asOf, prefix } };
}

/**
 * Runs an assessment (preview: nothing is stored; see `publishAssessment`).
 * @throws AssessError for a bad period, set, scope or as-of date
 */
export async function runAssessment(db: Queryable, opts: AssessOptions): Promise<AssessmentResult> {
  const t0 = performance.now();
  const { period, cut, asOf, set, scopeKind, scopeCode, prefix, w } = await resolveFrame(db, opts);
  // decisions in force about officers (this year and the year before, up to the as-of day) unless given
  const accountability = opts.accountability ?? (await accountabilityDecisions(db, prefix, `${period.year - 1}-01-01`, asOf));

  // registries of the population
  const ag = await db.query<{ code: string; name: string | null; domain: string | null; region_code: string }>(
    `SELECT code, max(name) AS name, max(domain) AS domain, max(region_code) AS region_code FROM (
       SELECT code, name, domain, region_code FROM agencies WHERE left(region_code, length($1)) = $1
       UNION ALL SELECT DISTINCT agency_id, NULL, domain, region_code FROM cases WHERE left(region_code, length($1)) = $1) a
     GROUP BY code ORDER BY code`, [prefix]);
  const agencies = ag.rows;
  const people = new Map<string, { name: string; agency: string }>();
  for (const p of (await db.query<{ code: string; name: string; agency_id: string }>(
    'SELECT code, name, agency_id FROM people WHERE left(region_code, length($1)) = $1', [prefix])).rows) people.set(p.code, { name: p.name, agency: p.agency_id });

  // counts, in SQL
  const counts = new Map<string, Map<string, CountRow>>();
  for (const ind of set.indicators) counts.set(ind.code, await countIndicator(db, ind, groupOf(ind), w));

  // ---------------------------------------------------------------- departments
  const defs = new Map(set.indicators.map((i) => [i.code, i]));
  const deptInds = set.indicators.filter((i) => i.level === 'department');
  const perDept = new Map<string, IndicatorScore[]>(agencies.map((a) => [key(a.code, null), []]));
  for (const ind of deptInds) {
    const units = agencies.filter((a) => ind.domain === 'common' || ind.domain === a.domain).map((a) => key(a.code, null));
    for (const [u, s] of scoreUnits(ind, units, counts.get(ind.code)!, set)) perDept.get(u)!.push(s);
  }
  const departments: DepartmentResult[] = agencies.map((a) => {
    const inds = perDept.get(key(a.code, null))!;
    const r = withWeights(inds, defs, set.weights);
    return {
      agency: a.code, name: a.name, domain: a.domain, region: a.region_code, score: r.score, rank: null, rankInDomain: null,
      indicators: inds, notApplicable: inds.filter((i) => !i.applicable).map((i) => i.code), respread: r.respread,
    };
  });
  const ranks = rank(departments, (d) => d.agency);
  for (const d of departments) d.rank = ranks.get(d.agency) ?? null;
  for (const dom of new Set(departments.map((d) => d.domain))) {
    const ds = departments.filter((d) => d.domain === dom);
    const rr = rank(ds, (d) => d.agency);
    for (const d of ds) d.rankInDomain = rr.get(d.agency) ?? null;
  }

  // ---------------------------------------------------------------- posts
  const posts: PostResult[] = [];
  for (const post of ['handler', 'reviewer', 'supervisor'] as const) {
    const inds = set.indicators.filter((i) => i.level === 'post' && i.post === post);
    if (inds.length === 0) continue;
    const units = new Set<string>();
    if (post === 'supervisor') for (const a of agencies) units.add(key(a.code, null));
    else for (const i of inds) for (const [u, c] of counts.get(i.code)!) if (c.person) units.add(u);
    const list = [...units].sort();
    const per = new Map<string, IndicatorScore[]>(list.map((u) => [u, []]));
    for (const ind of inds) for (const [u, s] of scoreUnits(ind, list, counts.get(ind.code)!, set)) per.get(u)!.push(s);
    const rows: PostResult[] = list.map((u) => {
      const [agency, person] = u.split('\u0000') as [string, string];
      const r = withWeights(per.get(u)!, defs);
      return { post, agency, person: person || null, name: person ? (people.get(person)?.name ?? null) : null, score: r.score, rank: null, indicators: per.get(u)!, respread: r.respread };
    });
    for (const agency of new Set(rows.map((r) => r.agency))) {
      const rs = rows.filter((r) => r.agency === agency);
      const rr = rank(rs, (r) => r.person ?? '');
      for (const r of rs) r.rank = rr.get(r.person ?? '') ?? null;
    }
    posts.push(...rows);
  }

  // ---------------------------------------------------------------- individuals
  const indivInds = set.indicators.filter((i) => i.level === 'individual');
  const decisionsIn = (year: number, upTo: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const d of accountability) if (d.decidedOn >= `${year}-01-01` && d.decidedOn <= `${year}-12-31` && d.decidedOn <= upTo) m.set(d.person, (m.get(d.person) ?? 0) + 1);
    return m;
  };
  const decisions = decisionsIn(period.year, asOf);
  const officers = gradeOfficers(indivInds, counts, set, defs, decisions);
  // Two 不合格 years in a row flag the credential (spec, individuals): a full-year run also grades the year before
  // from that year's data — reproducible from the run's inputs and covered by the hash, unlike a published run's
  // grades, which depend on what was published when.
  let prevCounts: Map<string, Map<string, CountRow>> | null = null;
  const previous = new Map<string, { grade: Grade | null; cases: number }>();
  if (period.id === String(period.year)) {
    const y = period.year - 1;
    const wPrev: Window = { from: `${y}-01-01`, to: `${y}-12-31`, asOf: `${y}-12-31`, prefix };
    prevCounts = new Map();
    for (const ind of indivInds) prevCounts.set(ind.code, await countIndicator(db, ind, groupOf(ind), wPrev));
    for (const o of gradeOfficers(indivInds, prevCounts, set, defs, decisionsIn(y, wPrev.asOf)).values()) {
      const had = previous.get(o.person);
      if (!had || o.cases > had.cases) previous.set(o.person, { grade: o.grade, cases: o.cases });
    }
  }
  const individuals: IndividualResult[] = [...officers.values()].map((o) => {
    const prev = previous.get(o.person)?.grade ?? null;
    return {
      person: o.person, name: people.get(o.person)?.name ?? null, agency: o.agency, cases: o.cases,
      score: o.score, rank: null, grade: o.grade, gradeZh: o.grade ? GRADE_LABELS[o.grade].zh : null, capped: o.capped, accountability: o.accountability,
      previousGrade: prev, credentialFlag: o.grade === 'fail' && prev === 'fail',
      indicators: o.indicators, respread: o.respread,
    };
  });
  for (const agency of new Set(individuals.map((r) => r.agency))) {
    const rs = individuals.filter((r) => r.agency === agency);
    const rr = rank(rs, (r) => r.person);
    for (const r of rs) r.rank = rr.get(r.person) ?? null;
  }

  // ---------------------------------------------------------------- targets panel (this year vs last year)
  const thisYear = cutPeriod(parsePeriod(String(period.year)), asOf)!;
  const last = previousYearPeriod(parsePeriod(String(period.year)));
  const wThis: Window = { ...w, from: thisYear.from, to: thisYear.to };
  const wLast: Window = { ...w, from: last.from, to: thisYear.to.replace(/^\d{4}/, String(period.year - 1)) };
  if (wLast.to.endsWith('02-29')) wLast.to = wLast.to.replace(/29$/, '28');
  const tcounts: Record<string, { now: Map<string, CountRow>; before: Map<string, CountRow> }> = {};
  for (const [code, m] of Object.entries(TARGET_MEASURES)) tcounts[code] = { now: await countIndicator(db, m, 'agency', wThis), before: await countIndicator(db, m, 'agency', wLast) };
  tcounts.repeat = { now: await repeatCounts(db, wThis), before: await repeatCounts(db, wLast) };
  const sumOf = (m: Map<string, CountRow>): Count => { let x = 0, n = 0; for (const c of m.values()) { x += c.x; n += c.n; } return { x, n }; };
  const countAt = (m: Map<string, CountRow>, a: string): Count => { const c = m.get(key(a, null)); return { x: c?.x ?? 0, n: c?.n ?? 0 }; };
  // a complaint target counts verified complaints (x), compared as counts
  const targets = {
    region: TARGETS.map((d) => targetEntry(d, sumOf(tcounts[d.code]!.now), sumOf(tcounts[d.code]!.before))),
    departments: agencies.map((a) => ({ agency: a.code, entries: TARGETS.map((d) => targetEntry(d, countAt(tcounts[d.code]!.now, a.code), countAt(tcounts[d.code]!.before, a.code))) })),
  };

  // ---------------------------------------------------------------- hash of the canonical inputs
  const flat = (m: Map<string, CountRow>) => [...m.values()].map((c) => [c.agency, c.person ?? '', c.x, c.n] as const).sort((a, b) => (a[0] + '\u0000' + a[1]).localeCompare(b[0] + '\u0000' + b[1]));
  const { source: _source, ...definition } = set;
  const inputs = {
    kind: 'kaohe.assessment/v1',
    set: definition,
    period: period.id, window: w, scope: { kind: scopeKind, code: scopeCode },
    accountability: [...accountability].map((d) => [d.person, d.decidedOn, d.kind ?? '']).sort(),
    population: agencies.map((a) => [a.code, a.domain ?? '', a.region_code]),
    counts: Object.fromEntries([...counts].map(([k, m]) => [k, flat(m)])),
    targets: Object.fromEntries(Object.entries(tcounts).map(([k, v]) => [k, { now: flat(v.now), before: flat(v.before) }])),
    ...(prevCounts ? { previousYear: Object.fromEntries([...prevCounts].map(([k, m]) => [k, flat(m)])) } : {}),
  };
  const hash = sm3(canonicalJson(inputs));

  // an agency-scoped run shows that agency (scored and ranked among its region's departments)
  const inScope = (a: string) => scopeKind === 'region' || a === scopeCode;
  return {
    run: {
      id: null, hash, period: period.id, from: cut.from, to: cut.to, set: set.version, asOf,
      scope: { kind: scopeKind, code: scopeCode, population: prefix }, published: false, publishedAt: null, publishedBy: null,
      ms: Math.round(performance.now() - t0),
    },
    set: { version: set.version, effective: set.effective, lineage: set.lineage, changelog: set.changelog },
    definition: set,
    departments: departments.filter((d) => inScope(d.agency)).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.agency.localeCompare(b.agency)),
    posts: posts.filter((p) => inScope(p.agency)),
    individuals: individuals.filter((i) => inScope(i.agency)),
    targets: { region: targets.region, departments: targets.departments.filter((d) => inScope(d.agency)) },
  };
}

// -------------------------------------------------------------------------------------------------------------------
// Published runs: stored, immutable (migration 300), audited

/** Who publishes a run (the audit entry's actor). */
export interface AssessActor {
  username: string;
  role?: string | null;
  ip?: string | null;
}

/** Stores a run as published (with its departments for scoped reads) and audits it, in one transaction. */
export async function publishAssessment(db: Db, result: AssessmentResult, actor: AssessActor): Promise<AssessmentResult> {
  return db.transaction(async (tx) => {
    const at = new Date();
    const stored: AssessmentResult = { ...result, run: { ...result.run, published: true, publishedAt: at.toISOString(), publishedBy: actor.username } };
    const r = await tx.query<{ id: unknown }>(
      `INSERT INTO assessment_runs (hash, period, set_version, as_of, scope_kind, scope_code, region_prefix, status, definition, result, published_by, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'published', $8, $9, $10, $11) RETURNING id`,
      [result.run.hash, result.run.period, result.run.set, result.run.asOf, result.run.scope.kind, result.run.scope.code, result.run.scope.population,
        JSON.stringify(result.definition ?? loadIndicatorSet(result.run.set)), JSON.stringify({ ...stored, definition: undefined, run: { ...stored.run, id: null } }), actor.username, at],
    );
    const id = num(r.rows[0]!.id);
    await tx.copyRows('assessment_departments', ['run_id', 'agency_id', 'region_code', 'domain', 'score', 'rank'],
      result.departments.map((d) => [id, d.agency, d.region, d.domain, d.score, d.rank]));
    await audit(tx, {
      actor: actor.username, role: actor.role ?? null, ip: actor.ip ?? null, action: 'assessment.publish', target: `assessment:${id}`,
      detail: { hash: result.run.hash, period: result.run.period, set: result.run.set, asOf: result.run.asOf, scope: result.run.scope, departments: result.departments.length },
      at,
    });
    return { ...stored, run: { ...stored.run, id } };
  });
}

/** A caller's access scope as an SQL condition over `assessment_departments d` (from the server's policy layer). */
export type AssessmentScope = (firstParam: number) => { sql: string; params: unknown[] };

export interface RunSummary {
  id: number;
  hash: string;
  period: string;
  set: string;
  asOf: string;
  scope: { kind: string; code: string };
  publishedAt: string;
  publishedBy: string;
  departments: number;
}

const summaryOf = (r: Record<string, unknown>): RunSummary => ({
  id: num(r.id), hash: String(r.hash), period: String(r.period), set: String(r.set_version), asOf: dayOf(r.as_of)!,
  scope: { kind: String(r.scope_kind), code: String(r.scope_code) }, publishedAt: isoOf(r.published_at)!,
  publishedBy: String(r.published_by), departments: num(r.departments),
});

/** Published runs visible in `scope` (a run is visible when one of its departments is), newest first. */
export async function listAssessments(db: Queryable, opts: { scope?: AssessmentScope; period?: string; page?: number; pageSize?: number } = {}): Promise<{ items: RunSummary[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (opts.period) { params.push(opts.period); where.push(`r.period = $${params.length}`); }
  const c = opts.scope?.(params.length + 1);
  if (c) params.push(...c.params);
  const vis = `(SELECT count(*) FROM assessment_departments d WHERE d.run_id = r.id${c ? ` AND ${c.sql}` : ''})`;
  const base = `FROM assessment_runs r WHERE ${vis} > 0${where.length ? ` AND ${where.join(' AND ')}` : ''}`;
  const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n ${base}`, params)).rows[0]?.n);
  const size = opts.pageSize ?? 20, page = opts.page ?? 1;
  const rows = await db.query<Record<string, unknown>>(
    `SELECT r.id, r.hash, r.period, r.set_version, r.as_of, r.scope_kind, r.scope_code, r.published_at, r.published_by, ${vis} AS departments ${base}
     ORDER BY r.id DESC LIMIT ${size} OFFSET ${(page - 1) * size}`, params);
  return { items: rows.rows.map(summaryOf), total };
}

/** Which run `id` names: a number, or `latest` (optionally of a scope code, a period, or containing an agency), visible in `scope`. */
export async function resolveAssessmentId(db: Queryable, id: number | 'latest', opts: { scope?: AssessmentScope; scopeCode?: string; period?: string; agency?: string } = {}): Promise<number | null> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (id !== 'latest') { params.push(id); where.push(`r.id = $${params.length}`); }
  if (opts.scopeCode) { params.push(opts.scopeCode); where.push(`r.scope_code = $${params.length}`); }
  if (opts.period) { params.push(opts.period); where.push(`r.period = $${params.length}`); }
  const dconds: string[] = [];
  if (opts.agency) { params.push(opts.agency); dconds.push(`d.agency_id = $${params.length}`); }
  const c = opts.scope?.(params.length + 1);
  if (c) { params.push(...c.params); dconds.push(c.sql); }
  where.push(`EXISTS (SELECT 1 FROM assessment_departments d WHERE d.run_id = r.id${dconds.length ? ` AND ${dconds.join(' AND ')}` : ''})`);
  const r = await db.query<{ id: unknown }>(`SELECT r.id FROM assessment_runs r WHERE ${where.join(' AND ')} ORDER BY r.id DESC LIMIT 1`, params);
  return r.rows[0] ? num(r.rows[0].id) : null;
}

/**
 * A published run as the caller may see it: only the departments in `scope` (and their posts, officers and targets;
 * an officer — `person` — sees only his own individual line). Null when it does not exist or nothing of it is visible.
 */
export async function getAssessment(db: Queryable, id: number, opts: { scope?: AssessmentScope; person?: string | null } = {}): Promise<AssessmentResult | null> {
  const c = opts.scope?.(2);
  const vis = await db.query<{ agency_id: string }>(`SELECT d.agency_id FROM assessment_departments d WHERE d.run_id = $1${c ? ` AND ${c.sql}` : ''}`, [id, ...(c?.params ?? [])]);
  if (vis.rows.length === 0) return null;
  const r = await db.query<{ result: unknown }>('SELECT result FROM assessment_runs WHERE id = $1', [id]);
  if (!r.rows[0]) return null;
  const res = (typeof r.rows[0].result === 'string' ? JSON.parse(r.rows[0].result) : r.rows[0].result) as AssessmentResult;
  const ok = new Set(vis.rows.map((v) => v.agency_id));
  const all = ok.size === res.departments.length;
  return {
    ...res,
    run: { ...res.run, id },
    departments: res.departments.filter((d) => ok.has(d.agency)),
    posts: res.posts.filter((p) => ok.has(p.agency) && (!opts.person || p.person === opts.person)),
    individuals: res.individuals.filter((i) => ok.has(i.agency) && (!opts.person || i.person === opts.person)),
    // the region-wide line is everyone's business only for a caller who sees the whole run
    targets: { region: all ? res.targets.region : [], departments: res.targets.departments.filter((d) => ok.has(d.agency)) },
  };
}

export interface DrilldownItem {
  caseId: string | null;
  ref: string | null;
  day: string | null;
  inNumerator: boolean;
}

/** Options of a drill-down: at most `limit` rows per query; `caseCond` narrows the rows (an officer: his own cases). */
export interface DrilldownOptions {
  limit?: number;
  /** SQL over the case alias `c`, parameters numbered from `first` */
  caseCond?: (first: number) => { sql: string; params: unknown[] };
}

/** The drill-down's answer; `run` null for a preview (nothing stored: `stored` null, `matches` true by construction). */
export interface DrilldownResult {
  run: number | null;
  agency: string;
  code: string;
  n: number;
  x: number;
  stored: { n: number; x: number } | null;
  matches: boolean;
  items: DrilldownItem[];
}

/**
 * The core of every drill-down: one department's cases (and events, records, findings) behind indicator `code` of
 * `set` over a window, and today's counts of that figure. Null when the set has no such indicator.
 */
async function drilldownIn(
  db: Queryable, set: IndicatorSet, w: Window, agency: string, code: string, opts: DrilldownOptions = {},
): Promise<{ n: number; x: number; items: DrilldownItem[] } | null> {
  const ind = set.indicators.find((i) => i.code === code);
  if (!ind) return null;
  const limit = opts.limit ?? 1000;
  const extra = opts.caseCond ? (q: { p(v: unknown): string }) => {
    const probe = opts.caseCond!(1);
    // renumber the condition's parameters into the query's
    let sql = probe.sql;
    const names = probe.params.map((v) => q.p(v));
    sql = sql.replace(/\$(\d+)/g, (_m, d: string) => names[Number(d) - 1] ?? `$${d}`);
    return sql;
  } : undefined;
  const qs = drilldownQuery(ind, agency, w, limit, extra);
  type Row = { case_id: string | null; ref: string | null; day: string | null; in_numerator: boolean };
  const items: DrilldownItem[] = [];
  const push = (rows: Row[]) => { for (const x of rows) items.push({ caseId: x.case_id, ref: x.ref, day: x.day ? x.day.slice(0, 10) : null, inNumerator: x.in_numerator === true || String(x.in_numerator) === 'true' }); };
  push((await db.query<Row>(qs.denominator.sql, qs.denominator.params)).rows);
  if (qs.numerator) push((await db.query<Row>(qs.numerator.sql, qs.numerator.params)).rows);
  const counts = await countIndicator(db, ind, 'agency', w);
  const now = counts.get(key(agency, null)) ?? { x: 0, n: 0 };
  return { n: now.n, x: now.x, items };
}

/**
 * The cases (and events, records, findings) behind one department's figure in a published run, recounted now from
 * the stored definition, period and as-of date; `matches` tells whether today's data still gives the stored figure.
 * `caseCond` narrows the rows (an officer: his own cases) — SQL over the case alias `c`, parameters from `first`.
 */
export async function assessmentDrilldown(
  db: Queryable, id: number, agency: string, code: string, opts: DrilldownOptions = {},
): Promise<DrilldownResult | null> {
  const r = await db.query<{ set_version: string; period: string; as_of: unknown; region_prefix: string; result: unknown; definition: unknown }>(
    'SELECT set_version, period, as_of, region_prefix, result, definition FROM assessment_runs WHERE id = $1', [id]);
  const row = r.rows[0];
  if (!row) return null;
  const res = jsonOf<AssessmentResult>(row.result);
  const set = row.definition ? jsonOf<IndicatorSet>(row.definition) : loadIndicatorSet(row.set_version);
  const w: Window = { from: res.run.from, to: res.run.to, asOf: dayOf(row.as_of)!, prefix: row.region_prefix };
  const d = await drilldownIn(db, set, w, agency, code, opts);
  if (!d) return null;
  const dept = res.departments.find((x) => x.agency === agency);
  const stored = dept?.indicators.find((i) => i.code === code) ?? null;
  return {
    run: id, agency, code, n: d.n, x: d.x, stored: stored ? { n: stored.n, x: stored.x } : null,
    matches: stored ? stored.n === d.n && stored.x === d.x : false, items: d.items,
  };
}

/**
 * The cases behind one department's figure in a preview run (nothing stored): the period, as-of date, set and
 * population are resolved exactly as `runAssessment` resolves them, so the answer is the figure the preview shows.
 * `set` may be a loaded definition (an indicator-set draft). Null when the set has no such indicator.
 * @throws AssessError for a bad period, set, scope or as-of date
 */
export async function previewDrilldown(
  db: Queryable, opts: Pick<AssessOptions, 'period' | 'asOf' | 'set' | 'scope'> & { agency: string; code: string } & DrilldownOptions,
): Promise<DrilldownResult | null> {
  const { set, w } = await resolveFrame(db, opts);
  const d = await drilldownIn(db, set, w, opts.agency, opts.code, opts);
  if (!d) return null;
  return { run: null, agency: opts.agency, code: opts.code, n: d.n, x: d.x, stored: null, matches: true, items: d.items };
}
