/**
 * Indicator sets edited by a supervision body (指标体系动态调整): a draft starts from a shipped or published version,
 * is changed one operation at a time — add an indicator, remove one, re-weight, edit its floor / target — each with a
 * reason, and every state is validated by the same core validation as a shipped file (`parseIndicatorSet`: the weight
 * tree's sums, fine amounts never score, unique codes …). A draft can be previewed on the current data (an
 * assessment run, not stored) and is published for a coming quarter: from then on it is immutable (migration 320) and
 * `runAssessment` picks it like a shipped version — the latest version effective on the as-of date. Published rules
 * never change scores retroactively, so the quarter is never the current or a past one.
 * Every state change (draft created, edited, deleted, published) is an audit entry in the same transaction.
 */
import {
  IndicatorSetLoadError, QUARTER_RE, builtInIndicatorSets, loadIndicatorSet, localDate, parseIndicatorSet, quarterStart, selectIndicatorSet,
  type IndicatorSet, type IndicatorSetIssue, type WeightNode,
} from '@kaohe/core';
import { dayOf as dayOrNull, jsonOf, isoOf, audit, num, type Db, type Queryable, type Tx } from '@kaohe/store';
import { previewDrilldown, runAssessment, type AssessActor, type AssessScope, type AssessmentResult, type DrilldownOptions, type DrilldownResult } from './assess.ts';

export type Bilingual = { zh: string; en: string };

/** One line of a draft's change log. `code` is an indicator code, or a weight-tree node id for a re-weighted group. */
export interface SetChange {
  who: string;
  /** ISO instant */
  when: string;
  action: 'add' | 'remove' | 'reweight' | 'edit';
  code: string;
  reason: string;
  /** the value before and after (weight; floor/target …; the added or removed indicator's name) */
  from?: unknown;
  to?: unknown;
}

/** An edit operation on a draft; every one carries its reason (动态调整 must say why). */
export type DraftOperation =
  | { op: 'add'; indicator: Record<string, unknown>; reason: string }
  | { op: 'remove'; code: string; reason: string }
  /** keys with a dot are indicator codes (weight within the group), without one weight-tree nodes (common, domain …) */
  | { op: 'reweight'; weights: Record<string, number>; reason: string }
  | { op: 'edit'; code: string; fields: EditableFields; reason: string };

export interface EditableFields {
  floor?: number | undefined;
  target?: number | undefined;
  name?: Bilingual | undefined;
  basis?: string | undefined;
  note?: string | undefined;
}
const EDITABLE = ['floor', 'target', 'name', 'basis', 'note'] as const;

/** A field and its reason in both languages (the API's `details`). */
export interface FieldProblem {
  field: string;
  reason: Bilingual;
}

/** A refused operation: not found, or invalid with every problem (field + reason, zh-CN and en). Nothing was changed. */
export class IndicatorSetError extends Error {
  constructor(readonly kind: 'not-found' | 'invalid', readonly problems: FieldProblem[] = [], readonly localized?: Bilingual) {
    super(localized?.en ?? (problems.length ? problems.map((p) => `${p.field}: ${p.reason.en}`).join('; ') : kind));
    this.name = 'IndicatorSetError';
  }
}

export type SetKind = 'shipped' | 'published' | 'draft';

/** A line of the versions list. */
export interface SetSummary {
  /** database id (published and draft sets); null for a shipped version */
  id: number | null;
  kind: SetKind;
  version: string;
  title: Bilingual;
  effective: string;
  effectiveFrom: string;
  base: string | null;
  /** the bureau whose set it is (null: shipped with Kaohe, applies everywhere) */
  region: string | null;
  indicators: number;
  changes: number;
  createdBy: string | null;
  createdAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  /** the version in force today for the viewer's region */
  inForce: boolean;
}

/** One set with everything the screens need: the definition (names, floors, targets, weights), the change log. */
export interface SetDetail extends SetSummary {
  set: IndicatorSet;
  /** the draft's (or the published set's) change log entries; empty for a shipped version (see set.changelog) */
  log: SetChange[];
}

// -------------------------------------------------------------------------------------------------------------------
// quarters and regions

/** The quarter of a day: 2026-11-26 → 2026Q4. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The quarter after: 2026Q4 → 2027Q1. */
export function nextQuarter(q: string): string {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new RangeError(`not a quarter: ${q}`);
  const y = Number(m[1]), n = Number(m[2]);
  return n === 4 ? `${y + 1}Q1` : `${y}Q${n + 1}`;
}

/** Region prefix: trailing "00" pairs name the whole city/province (330100 → 3301). */
function prefixOf(region: string): string {
  let p = region;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}
/** a bureau's set applies to its region and the regions under it */
const appliesTo = (setRegion: string, region: string) => region.startsWith(prefixOf(setRegion));
/** a region lies inside a viewer's region */
const within = (region: string, viewerRegion: string) => region.startsWith(prefixOf(viewerRegion));

/** The version a new quarter's set gets: the base's name with its quarter replaced (cn-2026Q2 → cn-2027Q1). */
export function proposedVersion(base: string, quarter: string): string {
  const m = /^(.*?)-?\d{4}Q[1-4]$/.exec(base);
  const stem = m ? m[1]! : base;
  return stem ? `${stem}-${quarter}` : quarter;
}

/** The default title of a quarter's version: 2027年第一季度行政执法考核指标体系 / Enforcement assessment indicators 2027 Q1. */
export function quarterTitle(q: string): Bilingual {
  const y = q.slice(0, 4), n = Number(q.slice(5));
  return { zh: `${y}年第${'一二三四'[n - 1]}季度行政执法考核指标体系`, en: `Enforcement assessment indicators ${y} Q${n}` };
}

const today = (now: Date, tz?: string) => localDate(now.toISOString(), tz);
const dayOf = (v: unknown): string => dayOrNull(v)!;

// -------------------------------------------------------------------------------------------------------------------
// composing and validating a draft

/** The editable content of a draft; `inherited` is the base's lineage and change log. */
interface Content {
  title: Bilingual;
  params: IndicatorSet['params'];
  weights: WeightNode[];
  grades: IndicatorSet['grades'];
  indicators: Record<string, unknown>[];
}

const ACTION_ZH = { add: '新增指标', remove: '删除指标', reweight: '调整权重', edit: '修改指标' } as const;
const fmtValue = (v: unknown): string => (v == null ? '—' : typeof v === 'object' ? ((v as Bilingual).zh ?? JSON.stringify(v)) : String(v));

/** A change-log entry as a line of the set's `changelog` (what changed and why). */
export function changeLine(c: SetChange): string {
  const what = c.action === 'add' || c.action === 'remove' ? `${c.code}${c.to ?? c.from ? `（${fmtValue(c.to ?? c.from)}）` : ''}` : `${c.code}：${fmtValue(c.from)} → ${fmtValue(c.to)}`;
  return `${ACTION_ZH[c.action]} ${what}。理由：${c.reason}`;
}

/** Friendly field names: `indicators.3.weight` → `indicators[record.av].weight`, `weights.0.children` → `weights[objective].children`. */
function friendlyField(field: string, code: string | undefined, weights: readonly WeightNode[]): string {
  let f = code ? field.replace(/^indicators\.\d+(?=\.|$)/, `indicators[${code}]`) : field;
  if (f.startsWith('weights')) {
    let nodes: readonly WeightNode[] | undefined = weights;
    f = f.replace(/(weights|children)\.(\d+)/g, (m, part: string, k: string) => {
      const n: WeightNode | undefined = nodes?.[Number(k)];
      nodes = n?.children;
      return n ? `${part}[${n.id}]` : m;
    });
  }
  return f;
}

const FIELD_ZH: Record<string, string> = {
  weight: '权重', floor: '下限', target: '目标值', code: '代码', name: '名称', group: '权重组', direction: '方向', numerator: '分子',
  denominator: '分母', basis: '依据', level: '层级', domain: '领域', post: '岗位', scale: '倍数', note: '说明', children: '下级分组',
};

/** A core issue as an API problem: the field, and a reason that names it in both languages. */
function problemOf(i: IndicatorSetIssue, weights: readonly WeightNode[]): FieldProblem {
  const field = friendlyField(i.field, i.code, weights);
  const leaf = /\.([A-Za-z]+)(?:\.\d+)*$/.exec(i.field)?.[1] ?? '';
  if (i.code && field.startsWith(`indicators[${i.code}]`)) {
    const rest = field.slice(`indicators[${i.code}]`.length).replace(/^\./, '');
    return { field, reason: { zh: `指标 ${i.code}${rest ? ` 的${FIELD_ZH[leaf] ?? rest}（${rest}）` : ''}：${i.message.zh}`, en: `indicator ${i.code}${rest ? `, ${rest}` : ''}: ${i.message.en}` } };
  }
  if (field.startsWith('weights')) return { field, reason: { zh: `权重树：${i.message.zh}`, en: `weight tree: ${i.message.en}` } };
  return { field, reason: { zh: `${field}：${i.message.zh}`, en: `${field}: ${i.message.en}` } };
}

const INVALID: Bilingual = { zh: '指标体系校验未通过，未作修改', en: 'The indicator set is invalid; nothing was changed' };

interface Composed {
  version: string;
  effective: string;
  content: Content;
  inherited: { lineage: string[]; changelog: IndicatorSet['changelog'] };
  changes: SetChange[];
  date: string;
  feedback?: string | undefined;
  source: string;
}

/**
 * The draft as a set file (flattened: every indicator in full, the base's change log followed by this version's entry
 * listing the changes) validated by `parseIndicatorSet` — exactly what a shipped file goes through.
 * @throws IndicatorSetError (invalid) with every problem, field and reason in zh-CN and en
 */
function compose(c: Composed): IndicatorSet {
  const file = {
    version: c.version,
    title: c.content.title,
    effective: c.effective,
    changelog: [
      ...c.inherited.changelog,
      { version: c.version, date: c.date, changes: c.changes.length ? c.changes.map(changeLine) : ['（草稿，尚无修改）draft, no change yet'], ...(c.feedback ? { feedback: c.feedback } : {}) },
    ],
    params: c.content.params,
    weights: c.content.weights,
    grades: c.content.grades,
    indicators: c.content.indicators,
  };
  try {
    const set = parseIndicatorSet({ path: `${c.source}.json`, text: JSON.stringify(file) });
    return { ...set, lineage: [...c.inherited.lineage, c.version], source: c.source };
  } catch (e) {
    if (e instanceof IndicatorSetLoadError) throw new IndicatorSetError('invalid', e.issues.map((i) => problemOf(i, c.content.weights)), INVALID);
    throw e;
  }
}

function contentOf(set: IndicatorSet): Content {
  return {
    title: set.title, params: set.params, weights: structuredClone(set.weights), grades: set.grades,
    indicators: set.indicators.map((i) => structuredClone(i) as unknown as Record<string, unknown>),
  };
}

const bad = (field: string, zh: string, en: string): never => { throw new IndicatorSetError('invalid', [{ field, reason: { zh, en } }], INVALID); };

/** Applies one operation to a draft's content; returns the change-log entries it makes. Checks only what the set file cannot (reason, existence). */
function apply(content: Content, op: DraftOperation, who: string, when: string): SetChange[] {
  const reason = typeof op.reason === 'string' ? op.reason.trim() : '';
  if (!reason) bad('reason', '须填写调整理由（动态调整须说明原因）', 'a reason is required (every change says why)');
  const find = (code: string) => content.indicators.findIndex((i) => i.code === code);
  const entry = (action: SetChange['action'], code: string, from: unknown, to: unknown): SetChange => ({ who, when, action, code, reason, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  switch (op.op) {
    case 'add': {
      const ind = op.indicator;
      if (!ind || typeof ind !== 'object' || Array.isArray(ind)) return bad('indicator', '须提供指标定义', 'an indicator definition is required');
      const code = typeof ind.code === 'string' ? ind.code : '';
      content.indicators.push(structuredClone(ind));
      return [entry('add', code || '(no code)', undefined, ind.name)];
    }
    case 'remove': {
      const k = find(op.code);
      if (k < 0) return bad('code', `草稿中没有指标“${op.code}”`, `no indicator "${op.code}" in the draft`);
      const [gone] = content.indicators.splice(k, 1);
      return [entry('remove', op.code, gone!.name, undefined)];
    }
    case 'reweight': {
      const keys = Object.keys(op.weights ?? {});
      if (keys.length === 0) bad('weights', '须至少调整一项权重', 'at least one weight to change');
      const out: SetChange[] = [];
      const nodeOf = (id: string, ns: WeightNode[]): WeightNode | undefined => {
        for (const n of ns) { if (n.id === id) return n; const c = n.children && nodeOf(id, n.children); if (c) return c; }
        return undefined;
      };
      for (const key of keys) {
        const w = op.weights[key]!;
        if (typeof w !== 'number' || !Number.isFinite(w)) bad(`weights.${key}`, `“${key}”的权重须为数字`, `the weight of "${key}" must be a number`);
        if (key.includes('.')) {
          const k = find(key);
          if (k < 0) bad(`weights.${key}`, `草稿中没有指标“${key}”`, `no indicator "${key}" in the draft`);
          out.push(entry('reweight', key, content.indicators[k]!.weight, w));
          content.indicators[k]!.weight = w;
        } else {
          const n = nodeOf(key, content.weights);
          if (!n) bad(`weights.${key}`, `权重树中没有分组“${key}”`, `no group "${key}" in the weight tree`);
          out.push(entry('reweight', key, n!.weight, w));
          n!.weight = w;
        }
      }
      return out;
    }
    case 'edit': {
      const k = find(op.code);
      if (k < 0) return bad('code', `草稿中没有指标“${op.code}”`, `no indicator "${op.code}" in the draft`);
      const ind = content.indicators[k]!;
      const fields = Object.entries(op.fields ?? {}).filter(([, v]) => v !== undefined);
      if (fields.length === 0) bad('fields', '须至少修改一项（下限、目标值、名称、依据或说明）', 'at least one of floor, target, name, basis, note');
      const out: SetChange[] = [];
      for (const [f, v] of fields) {
        if (!(EDITABLE as readonly string[]).includes(f)) bad(`fields.${f}`, `不可修改的字段“${f}”（计数口径请删除后新增指标）`, `"${f}" cannot be edited (to change what is counted, remove the indicator and add a new one)`);
        out.push(entry('edit', op.code, { [f]: ind[f] }, { [f]: v }));
        ind[f] = structuredClone(v);
      }
      return out;
    }
    default:
      return bad('op', '未知的操作', `unknown operation "${(op as { op?: unknown }).op}"`);
  }
}

// -------------------------------------------------------------------------------------------------------------------
// reading

interface Row {
  id: unknown; region_code: string; base_version: string; version: string; effective: string; effective_from: unknown; definition: unknown;
  changes: unknown; status: 'draft' | 'published'; created_by: string; created_at: unknown; updated_at: unknown; published_by: string | null; published_at: unknown;
}
const COLS = 'id, region_code, base_version, version, effective, effective_from, definition, changes, status, created_by, created_at, updated_at, published_by, published_at';

function detailOf(r: Row, inForce = false): SetDetail {
  const set = jsonOf<IndicatorSet>(r.definition);
  const log = jsonOf<SetChange[]>(r.changes);
  return {
    id: num(r.id), kind: r.status, version: r.version, title: set.title, effective: r.effective, effectiveFrom: dayOf(r.effective_from), base: r.base_version,
    region: r.region_code, indicators: set.indicators.length, changes: log.length, createdBy: r.created_by, createdAt: isoOf(r.created_at),
    publishedBy: r.published_by, publishedAt: isoOf(r.published_at), inForce, set, log,
  };
}
const summaryOf = ({ set: _s, log: _l, ...rest }: SetDetail): SetSummary => rest;

function shippedDetail(version: string, inForce = false): SetDetail {
  const set = loadIndicatorSet(version);
  return {
    id: null, kind: 'shipped', version: set.version, title: set.title, effective: set.effective, effectiveFrom: set.effectiveFrom,
    base: set.lineage.length > 1 ? set.lineage[set.lineage.length - 2]! : null, region: null, indicators: set.indicators.length,
    changes: set.changelog.at(-1)?.changes.length ?? 0, createdBy: null, createdAt: null, publishedBy: null, publishedAt: null, inForce, set, log: [],
  };
}

async function publishedRows(db: Queryable): Promise<Row[]> {
  return (await db.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE status = 'published' ORDER BY effective_from, id`)).rows;
}

/** A published set by its version (any region), or null. */
export async function publishedIndicatorSet(db: Queryable, version: string): Promise<IndicatorSet | null> {
  const r = await db.query<{ definition: unknown }>(`SELECT definition FROM indicator_sets WHERE status = 'published' AND version = $1`, [version]);
  return r.rows[0] ? jsonOf<IndicatorSet>(r.rows[0].definition) : null;
}

/** The published sets that apply to a region (its own bureau's and those of the regions above it). */
export async function publishedIndicatorSetsFor(db: Queryable, region: string): Promise<IndicatorSet[]> {
  return (await publishedRows(db)).filter((r) => appliesTo(r.region_code, region)).map((r) => jsonOf<IndicatorSet>(r.definition));
}

/**
 * The set an assessment uses: a named version (published in the database, else shipped, else a file path), or the
 * latest version effective on the as-of date among the shipped ones and those published for the scope's region — on
 * the same day a bureau's own version wins over the shipped one.
 * @throws Error when the name is unknown or nothing is effective
 */
export async function resolveIndicatorSet(db: Queryable, opts: { set?: string | undefined; asOf: string; scope: AssessScope }): Promise<IndicatorSet> {
  if (opts.set) return (await publishedIndicatorSet(db, opts.set)) ?? loadIndicatorSet(opts.set);
  let region: string | undefined;
  if ('region' in opts.scope) region = opts.scope.region;
  else region = (await db.query<{ region_code: string }>('SELECT region_code FROM agencies WHERE code = $1', [opts.scope.agency])).rows[0]?.region_code;
  const own = region ? selectIndicatorSet(await publishedIndicatorSetsFor(db, region), opts.asOf) : undefined;
  const shipped = selectIndicatorSet(builtInIndicatorSets().map(loadIndicatorSet), opts.asOf);
  const s = own && (!shipped || own.effectiveFrom >= shipped.effectiveFrom) ? own : shipped;
  if (!s) throw new Error(`no indicator set is effective on ${opts.asOf} (built-in: ${builtInIndicatorSets().join(', ')})`);
  return s;
}

/** Who looks: the region the sets must apply to (a department: its agency's region), and whether drafts are theirs to see. */
export interface SetViewer {
  region: string | null;
  /** supervisors: drafts and published sets of the regions under theirs too */
  supervisor: boolean;
}
const visible = (r: Row, v: SetViewer) => v.region !== null && (r.status === 'draft'
  ? v.supervisor && within(r.region_code, v.region)
  : appliesTo(r.region_code, v.region) || (v.supervisor && within(r.region_code, v.region)));

/** Shipped versions, published sets that apply to (or, for a supervisor, lie within) the viewer's region, and a supervisor's drafts; by effective date. */
export async function listIndicatorSets(db: Queryable, viewer: SetViewer, opts: { now?: Date; timezone?: string } = {}): Promise<SetSummary[]> {
  const day = today(opts.now ?? new Date(), opts.timezone);
  const rows = (await db.query<Row>(`SELECT ${COLS} FROM indicator_sets ORDER BY effective_from, id`)).rows.filter((r) => visible(r, viewer));
  const shipped = builtInIndicatorSets().map((v) => shippedDetail(v));
  const pub = rows.filter((r) => r.status === 'published').map((r) => detailOf(r));
  // in force today for the viewer's region: its own bureau's latest effective version, else the shipped one
  const applying = pub.filter((p) => viewer.region && appliesTo(p.region!, viewer.region));
  const own = selectIndicatorSet(applying.map((p) => p.set), day);
  const ship = selectIndicatorSet(shipped.map((s) => s.set), day);
  const force = own && (!ship || own.effectiveFrom >= ship.effectiveFrom) ? own.version : ship?.version;
  const all = [...shipped, ...pub, ...rows.filter((r) => r.status === 'draft').map((r) => detailOf(r))];
  return all.map((d) => summaryOf({ ...d, inForce: d.kind !== 'draft' && d.version === force }))
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || (a.kind === 'draft' ? 1 : 0) - (b.kind === 'draft' ? 1 : 0) || (a.id ?? 0) - (b.id ?? 0));
}

/** A shipped or published version with its definition and change log; null when unknown or not visible to the viewer. */
export async function getIndicatorSet(db: Queryable, version: string, viewer: SetViewer): Promise<SetDetail | null> {
  const r = (await db.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE status = 'published' AND version = $1`, [version])).rows[0];
  if (r) return visible(r, viewer) ? detailOf(r) : null;
  return builtInIndicatorSets().includes(version) ? shippedDetail(version) : null;
}

/** A draft (or a set published from one) by id; null when unknown or outside the viewer's region. */
export async function getDraft(db: Queryable, id: number, viewer: SetViewer): Promise<SetDetail | null> {
  const r = (await db.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE id = $1`, [id])).rows[0];
  return r && visible(r, viewer) ? detailOf(r) : null;
}

/** The newest draft in the viewer's region (narrowed to `region` when given): its id, or null. */
export async function latestDraftId(db: Queryable, viewer: SetViewer, region?: string): Promise<number | null> {
  const rows = (await db.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE status = 'draft' ORDER BY id DESC`)).rows;
  const r = rows.find((x) => visible(x, viewer) && (!region || x.region_code === region));
  return r ? num(r.id) : null;
}

// -------------------------------------------------------------------------------------------------------------------
// changing

export interface DraftContext {
  actor: AssessActor;
  /** default: now (the quarter arithmetic uses the local date in `timezone`, default Asia/Shanghai) */
  now?: Date;
  timezone?: string;
}

async function lockDraft(tx: Tx, id: number, viewer: SetViewer): Promise<Row> {
  const r = (await tx.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE id = $1 FOR UPDATE`, [id])).rows[0];
  if (!r || !visible(r, viewer)) throw new IndicatorSetError('not-found');
  if (r.status !== 'draft') {
    throw new IndicatorSetError('invalid', [{ field: 'status', reason: { zh: `指标体系 ${r.version} 已发布，不可修改；请以其为基础新建草稿`, en: `${r.version} is published and immutable; start a new draft from it` } }],
      { zh: '已发布的指标体系不可修改', en: 'A published indicator set cannot be changed' });
  }
  return r;
}

const inheritedOf = (set: IndicatorSet) => ({ lineage: set.lineage.slice(0, -1), changelog: set.changelog.slice(0, -1) });

/**
 * A new draft from a shipped or published version (visible to the viewer), for the viewer's region (or one inside it).
 * Its proposed quarter is the next one after today (and after the base's); the version is the base's name for that quarter.
 */
export async function createDraft(db: Db, input: { base: string; region: string; title?: Bilingual | undefined }, viewer: SetViewer, ctx: DraftContext): Promise<SetDetail> {
  if (!viewer.supervisor || !viewer.region || !within(input.region, viewer.region)) throw new IndicatorSetError('not-found');
  const base = await getIndicatorSet(db, input.base, viewer);
  if (!base) throw new IndicatorSetError('invalid', [{ field: 'base', reason: { zh: `没有可作为基础的指标体系“${input.base}”`, en: `no shipped or published indicator set "${input.base}"` } }], { zh: '基础版本不存在', en: 'Unknown base version' });
  const now = ctx.now ?? new Date();
  const day = today(now, ctx.timezone);
  let quarter = nextQuarter(quarterOf(day));
  if (quarterStart(quarter) <= base.set.effectiveFrom) quarter = nextQuarter(base.effective);
  const version = proposedVersion(base.version, quarter);
  const content = contentOf(base.set);
  content.title = input.title ?? quarterTitle(quarter);
  const inherited = { lineage: base.set.lineage, changelog: base.set.changelog };
  return db.transaction(async (tx) => {
    const ins = await tx.query<{ id: unknown }>(
      `INSERT INTO indicator_sets (region_code, base_version, version, effective, effective_from, definition, changes, status, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, '{}', '[]', 'draft', $6, $7, $7) RETURNING id`,
      [input.region, base.version, version, quarter, quarterStart(quarter), ctx.actor.username, now]);
    const id = num(ins.rows[0]!.id);
    const set = compose({ version, effective: quarter, content, inherited, changes: [], date: day, source: `indicator-sets/draft-${id}` });
    await tx.query('UPDATE indicator_sets SET definition = $2 WHERE id = $1', [id, JSON.stringify(set)]);
    await audit(tx, {
      actor: ctx.actor.username, role: ctx.actor.role ?? null, ip: ctx.actor.ip ?? null, action: 'indicator-set.draft', target: `indicator-set:${id}`,
      detail: { base: base.version, version, effective: quarter, region: input.region }, at: now,
    });
    return detailOf((await tx.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE id = $1`, [id])).rows[0]!);
  });
}

/** The stored definition is the resolved set; its base's lineage and change log are all but its last entries. */
const storedOf = (r: Row): IndicatorSet & { inherited: ReturnType<typeof inheritedOf> } => {
  const s = jsonOf<IndicatorSet>(r.definition);
  return { ...s, inherited: inheritedOf(s) };
};

/**
 * One edit of a draft (add, remove, re-weight, edit floor/target/name), with its reason. The result is validated as a
 * whole set; a problem refuses the edit (nothing stored) with every field and reason in zh-CN and en.
 */
export async function editDraft(db: Db, id: number, op: DraftOperation, viewer: SetViewer, ctx: DraftContext): Promise<SetDetail> {
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const r = await lockDraft(tx, id, viewer);
    const stored = storedOf(r);
    const content = contentOf(stored);
    const added = apply(content, op, ctx.actor.username, now.toISOString());
    const changes = [...jsonOf<SetChange[]>(r.changes), ...added];
    const set = compose({ version: r.version, effective: r.effective, content, inherited: stored.inherited, changes, date: today(now, ctx.timezone), source: `indicator-sets/draft-${id}` });
    await tx.query('UPDATE indicator_sets SET definition = $2, changes = $3, updated_at = $4 WHERE id = $1',
      [id, JSON.stringify(set), JSON.stringify(changes), now]);
    await audit(tx, {
      actor: ctx.actor.username, role: ctx.actor.role ?? null, ip: ctx.actor.ip ?? null, action: 'indicator-set.edit', target: `indicator-set:${id}`,
      detail: { op: op.op, changes: added.map(({ who: _w, when: _t, ...c }) => c) }, at: now,
    });
    return detailOf((await tx.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE id = $1`, [id])).rows[0]!);
  });
}

/** Removes a draft (a published set is never removed). */
export async function deleteDraft(db: Db, id: number, viewer: SetViewer, ctx: DraftContext): Promise<void> {
  const now = ctx.now ?? new Date();
  await db.transaction(async (tx) => {
    const r = await lockDraft(tx, id, viewer);
    await tx.query(`DELETE FROM indicator_sets WHERE id = $1 AND status = 'draft'`, [id]);
    await audit(tx, {
      actor: ctx.actor.username, role: ctx.actor.role ?? null, ip: ctx.actor.ip ?? null, action: 'indicator-set.delete', target: `indicator-set:${id}`,
      detail: { base: r.base_version, version: r.version, changes: jsonOf<SetChange[]>(r.changes).length }, at: now,
    });
  });
}

export interface PreviewOptions {
  /** default: the current year (to date) */
  period?: string | undefined;
  /** default: today */
  asOf?: string | undefined;
  /** default: the draft's region */
  scope?: AssessScope | undefined;
}

/** A draft visible to the viewer (else not-found) and a preview's inputs with their defaults filled in. */
async function draftFrame(db: Queryable, id: number, viewer: SetViewer, opts: PreviewOptions & { now?: Date | undefined; timezone?: string | undefined }) {
  const r = (await db.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE id = $1`, [id])).rows[0];
  if (!r || !visible(r, viewer)) throw new IndicatorSetError('not-found');
  const set = jsonOf<IndicatorSet>(r.definition);
  const asOf = opts.asOf ?? today(opts.now ?? new Date(), opts.timezone);
  const period = opts.period ?? asOf.slice(0, 4);
  const scope: AssessScope = opts.scope ?? { region: r.region_code };
  return { set, period, asOf, scope };
}

/**
 * The draft on the current data: an assessment run with the draft's definition (not stored), and beside it the same
 * run under the set in force on the as-of date (the published ranking it would replace; null when none is effective).
 */
export async function previewDraft(db: Db, id: number, viewer: SetViewer, opts: PreviewOptions & { now?: Date; timezone?: string } = {}): Promise<{ draft: AssessmentResult; current: AssessmentResult | null }> {
  const { set, period, asOf, scope } = await draftFrame(db, id, viewer, opts);
  // both runs over one state of the data, so that the comparison shows only what the set changes
  return db.snapshot(async (q) => {
    const draft = await runAssessment(q, { period, asOf, scope, set });
    let current: AssessmentResult | null = null;
    try {
      current = await runAssessment(q, { period, asOf, scope });
    } catch { /* no set effective on that day: nothing to compare with */ }
    return { draft, current };
  });
}

/**
 * The cases behind one department's figure in a draft's preview: `previewDrilldown` with the draft's definition and
 * the preview's inputs (same defaults as `previewDraft`). Null when the draft has no such indicator.
 * @throws IndicatorSetError not-found when the draft is unknown or not the viewer's; AssessError for bad inputs
 */
export async function draftDrilldown(
  db: Queryable, id: number, viewer: SetViewer,
  opts: PreviewOptions & { agency: string; code: string; now?: Date | undefined; timezone?: string | undefined } & DrilldownOptions,
): Promise<DrilldownResult | null> {
  const { set, period, asOf, scope } = await draftFrame(db, id, viewer, opts);
  return previewDrilldown(db, {
    period, asOf, scope, set, agency: opts.agency, code: opts.code,
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}), ...(opts.caseCond ? { caseCond: opts.caseCond } : {}),
  });
}

/**
 * Publishes a draft for a coming quarter (default: the next one after today; never the current or a past one, and
 * after its base's): it gets its version (default: the base's name for that quarter; unique), takes effect on the
 * quarter's first day, and is immutable from then on.
 */
export async function publishDraft(
  db: Db, id: number, opts: { quarter?: string | undefined; version?: string | undefined; feedback?: string | undefined },
  viewer: SetViewer, ctx: DraftContext,
): Promise<SetDetail> {
  const now = ctx.now ?? new Date();
  const day = today(now, ctx.timezone);
  const current = quarterOf(day);
  const quarter = opts.quarter ?? nextQuarter(current);
  const refuse = (field: string, zh: string, en: string): never => {
    throw new IndicatorSetError('invalid', [{ field, reason: { zh, en } }], { zh: '无法发布该指标体系', en: 'The indicator set cannot be published' });
  };
  if (!QUARTER_RE.test(quarter)) refuse('quarter', `“${quarter}”不是季度（如 2027Q1）`, `"${quarter}" is not a quarter (e.g. 2027Q1)`);
  if (quarterStart(quarter) <= day) {
    refuse('quarter', `生效季度须晚于本季度（${current}）：已发布的规则不得追溯改变已有得分`, `the quarter must come after the current one (${current}): published rules never change scores retroactively`);
  }
  return db.transaction(async (tx) => {
    const r = await lockDraft(tx, id, viewer);
    const stored = storedOf(r);
    const changes = jsonOf<SetChange[]>(r.changes);
    if (changes.length === 0) refuse('changes', '草稿尚无任何修改，无需发布新版本', 'the draft has no change: nothing to publish');
    const base = builtInIndicatorSets().includes(r.base_version) ? loadIndicatorSet(r.base_version) : await publishedIndicatorSet(tx, r.base_version);
    if (base && quarterStart(quarter) <= base.effectiveFrom) refuse('quarter', `生效季度须晚于基础版本 ${base.version} 的 ${base.effective}`, `the quarter must come after ${base.effective}, when the base ${base.version} takes effect`);
    const version = opts.version ?? proposedVersion(r.base_version, quarter);
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(version) || /^\d+$/.test(version) || version.length > 64) refuse('version', `版本号“${version}”不合法（字母、数字和连字符，不得全为数字）`, `"${version}" is not a version name (letters, digits, dashes; not digits only)`);
    const taken = builtInIndicatorSets().includes(version) || (await tx.query(`SELECT 1 FROM indicator_sets WHERE status = 'published' AND version = $1`, [version])).rows.length > 0;
    if (taken) refuse('version', `版本号 ${version} 已被使用，请另取版本号`, `version ${version} is taken; choose another name`);
    const same = await tx.query<{ version: string }>(`SELECT version FROM indicator_sets WHERE status = 'published' AND region_code = $1 AND effective = $2`, [r.region_code, quarter]);
    if (same.rows[0]) refuse('quarter', `本地区 ${quarter} 已发布指标体系 ${same.rows[0].version}`, `${same.rows[0].version} is already published for ${quarter} in this region`);
    const content = contentOf(stored);
    // a default title names the proposed quarter: it follows the quarter chosen
    if (JSON.stringify(content.title) === JSON.stringify(quarterTitle(r.effective))) content.title = quarterTitle(quarter);
    const set = compose({
      version, effective: quarter, content, inherited: stored.inherited, changes, date: day, feedback: opts.feedback?.trim() || undefined,
      source: `indicator-sets/${version}`,
    });
    await tx.query(
      `UPDATE indicator_sets SET status = 'published', version = $2, effective = $3, effective_from = $4, definition = $5, published_by = $6, published_at = $7, updated_at = $7
       WHERE id = $1 AND status = 'draft'`,
      [id, version, quarter, quarterStart(quarter), JSON.stringify(set), ctx.actor.username, now]);
    await audit(tx, {
      actor: ctx.actor.username, role: ctx.actor.role ?? null, ip: ctx.actor.ip ?? null, action: 'indicator-set.publish', target: `indicator-set:${id}`,
      detail: { version, effective: quarter, effectiveFrom: quarterStart(quarter), base: r.base_version, region: r.region_code, changes: changes.length }, at: now,
    });
    return detailOf((await tx.query<Row>(`SELECT ${COLS} FROM indicator_sets WHERE id = $1`, [id])).rows[0]!);
  });
}
