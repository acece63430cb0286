/**
 * Registry edits (issue #5): agencies, people with their enforcement credentials, enforcement items with their
 * discretion benchmark tiers, and holiday schedules, changed one record at a time (the web's forms) instead of by
 * import.
 *
 * - An edit is validated with the same schemas an import uses (`validateRecord` of @kaohe/ingest), plus a few checks
 *   an import does not make (a person's agency is registered, tiers lie inside the statutory range, …): an edit never
 *   stores what an import would reject. It is stored in the same columns with the same content hash, so re-importing
 *   the same content afterwards counts as unchanged.
 * - Errors carry a stable code per field and a zh-CN/en reason naming the field (`RegistryError`).
 * - Every change and its audit entry commit in one transaction; nothing is deleted (a record is deactivated).
 * - Scope: the caller's edit scope is an SQL condition over an agencies row aliased `a` (`a.code`, `a.region_code`),
 *   given by the server's policy layer; a target outside it is "not found".
 * - After commit, what the rules depend on is re-evaluated: a person's credential (cases the person acted in) and a
 *   holiday schedule (cases whose due days were provisional for that year, as the import does).
 */
import { createHash } from 'node:crypto';
import { DOMAINS, type Message } from '@kaohe/core';
import { isRealDate, MESSAGES, validateRecord, type Issue } from '@kaohe/ingest';
import { dayOf, daysOf, isoOf, jsonOf, audit, num, refreshFlags, type Db, type PersonalDataCipher, type Queryable, type Tx } from '@kaohe/store';
import { stableStringify } from './import.ts';
import { evaluateCases, reevaluateProvisional, type Actor, type EvaluateResult } from './warnings.ts';

// ---------------------------------------------------------------------------------------------------------------
// errors

/** One problem with one field: a stable code and the reason in both languages, naming the field. */
export interface RegistryIssue {
  /** dotted path in the record, e.g. `credential.validTo`, `tiers[1].max` */
  field: string;
  code: string;
  reason: Message;
}

/** `validation`: the record is refused (400); `not-found`: no such record in the caller's scope (404). */
export class RegistryError extends Error {
  constructor(readonly kind: 'validation' | 'not-found', readonly issues: RegistryIssue[]) {
    super(issues.map((i) => i.reason.en).join('; ') || kind);
    this.name = 'RegistryError';
  }
}

type Kind = 'agency' | 'person' | 'item' | 'calendar';
const SCHEMA: Record<Kind, 'kaohe.agency/v1' | 'kaohe.person/v1' | 'kaohe.item/v1' | 'kaohe.calendar/v1'> = {
  agency: 'kaohe.agency/v1', person: 'kaohe.person/v1', item: 'kaohe.item/v1', calendar: 'kaohe.calendar/v1',
};

/** Field labels as the forms show them (zh-CN, en). Indices are dropped before the lookup (`tiers[0].max` → `tiers.max`). */
const LABELS: Record<Kind, Record<string, [string, string]>> = {
  agency: {
    code: ['部门代码', 'Code'], name: ['部门名称', 'Name'], region: ['行政区划代码', 'Region code'], domain: ['执法领域', 'Domain'],
    level: ['层级', 'Level'], parent: ['上级部门', 'Parent agency'], active: ['状态', 'Status'],
  },
  person: {
    code: ['人员编码', 'Code'], name: ['姓名', 'Name'], agency: ['所属部门', 'Agency'], posts: ['岗位', 'Posts'],
    credential: ['执法证', 'Credential'], 'credential.number': ['执法证号', 'Credential number'],
    'credential.validFrom': ['执法证有效期起', 'Credential valid from'], 'credential.validTo': ['执法证有效期止', 'Credential valid to'],
    'credential.issuer': ['发证机关', 'Issuing authority'], 'credential.domains': ['执法领域', 'Enforcement domains'],
    idNumber: ['身份证号码', 'ID number'], active: ['状态', 'Status'],
  },
  item: {
    code: ['事项编码', 'Code'], version: ['版本', 'Version'], name: ['事项名称', 'Name'], domain: ['执法领域', 'Domain'],
    violatedArticle: ['违法依据', 'Violated provision'], penaltyArticle: ['处罚依据', 'Penalty provision'], kinds: ['处罚种类', 'Penalty kinds'],
    range: ['罚款幅度', 'Fine range'], 'range.min': ['罚款下限', 'Minimum fine'], 'range.max': ['罚款上限', 'Maximum fine'],
    multiple: ['倍数罚款', 'Fine as a multiple'], 'multiple.base': ['倍数基数', 'Multiple of'], 'multiple.min': ['最低倍数', 'Minimum multiple'],
    'multiple.max': ['最高倍数', 'Maximum multiple'], tiers: ['裁量阶次', 'Benchmark tiers'], 'tiers.tier': ['阶次名称', 'tier name'],
    'tiers.min': ['下限', 'minimum'], 'tiers.max': ['上限', 'maximum'], 'tiers.circumstances': ['适用情节', 'circumstances'],
    issuer: ['制定机关', 'Issuer'], effective: ['生效日期', 'Effective from'], active: ['状态', 'Status'],
  },
  calendar: { year: ['年份', 'Year'], holidays: ['法定节假日', 'Public holidays'], workdays: ['调休工作日', 'Make-up working days'], source: ['来源文件', 'Source notice'] },
};

/** The field's label: `裁量阶次第 2 档的上限` / `benchmark tier 2, maximum`. */
function label(kind: Kind, field: string): Message {
  const m = /^(\w+)\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (m && m[1] === 'tiers') {
    const n = Number(m[2]) + 1;
    const sub = m[3] ? LABELS.item[`tiers.${m[3]}`] : undefined;
    return { zh: `裁量阶次第 ${n} 档${sub ? `的${sub[0]}` : ''}`, en: `benchmark tier ${n}${sub ? `, ${sub[1]}` : ''}` };
  }
  const key = field.replace(/\[\d+\]/g, '');
  const l = LABELS[kind][key] ?? LABELS[kind][key.split('.')[0]!];
  return l ? { zh: l[0], en: l[1] } : { zh: field, en: field };
}

/** Registry-specific reasons (the interchange's own are in ingest's MESSAGES). */
const REASONS: Record<string, (p: Record<string, unknown>) => Message> = {
  'registry.code-taken': (p) => ({ zh: `编码 ${p.value} 已登记`, en: `${p.value} is already registered` }),
  'registry.version-taken': (p) => ({ zh: `事项 ${p.code} 的版本“${p.value || '（无）'}”已存在，请修改该版本或填写新的版本号`, en: `item ${p.code} already has version "${p.value}"; edit it or give a new version` }),
  'registry.agency-unknown': (p) => ({ zh: `部门 ${p.value} 未登记`, en: `agency ${p.value} is not registered` }),
  'registry.agency-inactive': (p) => ({ zh: `部门 ${p.value} 已停用`, en: `agency ${p.value} is deactivated` }),
  'registry.parent-self': () => ({ zh: '上级部门不能是本部门或其下级部门', en: 'the parent cannot be the agency itself or one of its subordinates' }),
  'registry.out-of-scope': (p) => ({ zh: `${p.value} 不存在或不在您的管理范围内`, en: `${p.value} does not exist or is outside your scope` }),
  'registry.region-locked': (p) => ({ zh: `该部门已有 ${p.cases} 件案件按原行政区划归属，不能修改区划；如机构调整，请新建部门`, en: `${p.cases} cases of this agency belong to its region; the region cannot change (register a new agency instead)` }),
  'registry.too-long': (p) => ({ zh: `不能超过 ${p.max} 个字符`, en: `at most ${p.max} characters` }),
  'registry.duplicate': (p) => ({ zh: `${p.value} 重复`, en: `${p.value} is repeated` }),
  'registry.tier-outside-range': (p) => ({ zh: `裁量阶次 ${p.from}–${p.to} 超出法定罚款幅度 ${p.min}–${p.max}`, en: `tier ${p.from}–${p.to} lies outside the statutory range ${p.min}–${p.max}` }),
  'idnumber.invalid': () => ({ zh: '身份证号码格式或校验位错误（18 位，最后一位可为 X）', en: 'not a valid resident ID number (18 characters, the last may be X; check digit wrong)' }),
  'calendar.overlap': (p) => ({ zh: `${p.value} 同时列为节假日和调休工作日`, en: `${p.value} is listed both as a holiday and as a make-up working day` }),
  'calendar.workday-weekday': (p) => ({ zh: `${p.value} 是工作日，调休上班日只能是周六或周日`, en: `${p.value} is a weekday; make-up working days fall on Saturdays or Sundays` }),
  'value.required': () => ({ zh: '必填', en: 'required' }),
};

function issue(kind: Kind, field: string, code: string, params: Record<string, unknown> = {}): RegistryIssue {
  const render = REASONS[code] ?? MESSAGES[code] ?? ((p: Record<string, unknown>) => ({ zh: String(p.detail ?? code), en: String(p.detail ?? code) }));
  const body = render(params);
  const l = label(kind, field);
  return { field, code, reason: { zh: field ? `${l.zh}：${body.zh}` : body.zh, en: field ? `${l.en}: ${body.en}` : body.en } };
}

const fromIngest = (kind: Kind, i: Issue): RegistryIssue => issue(kind, i.field, i.code, i.params ?? {});

function refuse(kind: Kind, field: string, code: string, params: Record<string, unknown> = {}): never {
  throw new RegistryError('validation', [issue(kind, field, code, params)]);
}
function notFound(kind: Kind, field: string, value: string): never {
  throw new RegistryError('not-found', [issue(kind, field, 'registry.out-of-scope', { value })]);
}

/**
 * The cross-field checks `validateRecord` makes once a record is well-formed (a reversed range, a date outside the
 * calendar's year), made here on whatever parts are well-formed when it is not, so that a form shows every error
 * at once rather than one round at a time.
 */
function crossIssues(kind: Kind, rec: Record<string, any>): RegistryIssue[] {
  const out: RegistryIssue[] = [];
  const nums = (o: any) => o && Number.isFinite(o.min) && Number.isFinite(o.max) && o.min > o.max;
  for (const key of ['range', 'multiple'] as const) if (nums(rec[key])) out.push(issue(kind, `${key}.max`, 'range.reversed', { from: rec[key].min, to: rec[key].max }));
  if (Array.isArray(rec.tiers)) rec.tiers.forEach((t: any, i: number) => { if (nums(t)) out.push(issue(kind, `tiers[${i}].max`, 'range.reversed', { from: t.min, to: t.max })); });
  const c = rec.credential;
  if (c && typeof c.validFrom === 'string' && typeof c.validTo === 'string' && isRealDate(c.validFrom) && isRealDate(c.validTo) && c.validFrom > c.validTo) {
    out.push(issue(kind, 'credential.validTo', 'range.reversed', { from: c.validFrom, to: c.validTo }));
  }
  if (kind === 'calendar' && Number.isInteger(rec.year)) {
    for (const key of ['holidays', 'workdays'] as const) {
      (Array.isArray(rec[key]) ? rec[key] : []).forEach((d: unknown, i: number) => {
        if (typeof d === 'string' && isRealDate(d) && !d.startsWith(`${rec.year}-`)) out.push(issue(kind, `${key}[${i}]`, 'date.year-mismatch', { value: d, year: rec.year }));
      });
    }
  }
  return out;
}

/** Validate `rec` as an import would (the interchange schema of `kind`), returning its stored value. */
function validate<T>(kind: Kind, rec: Record<string, unknown>, extra: RegistryIssue[] = []): T {
  const v = validateRecord(rec, SCHEMA[kind]);
  const found = v.ok ? [] : v.issues.map((i) => fromIngest(kind, i));
  if (!v.ok) {
    const seen = new Set(found.map((i) => `${i.field}\u0000${i.code}`));
    for (const i of crossIssues(kind, rec)) if (!seen.has(`${i.field}\u0000${i.code}`)) found.push(i);
  }
  const issues = [...found, ...extra];
  if (issues.length || !v.ok) throw new RegistryError('validation', issues);
  return v.record.value as T;
}

/** Undefined for empty text, else the trimmed text. */
const text = (v: string | null | undefined): string | undefined => {
  const s = typeof v === 'string' ? v.trim() : undefined;
  return s ? s : undefined;
};
/** Drop undefined keys (a record as an import file would hold it). */
const compact = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function maxLen(kind: Kind, out: RegistryIssue[], fields: Record<string, string | undefined>, max = 200): void {
  for (const [f, v] of Object.entries(fields)) if (v && [...v].length > max) out.push(issue(kind, f, 'registry.too-long', { max }));
}

// ---------------------------------------------------------------------------------------------------------------
// shared

/** The caller's edit scope: an SQL condition over an agencies row aliased `a`; parameters numbered from `first`. */
export type AgencyScope = (first: number) => { sql: string; params: unknown[] };

export interface EditContext {
  actor: Actor;
  /** absent: no restriction (CLI, tests, the supervision body's own tools) */
  scope?: AgencyScope;
}

/** The import's content hash (same function, same value → an import of the same content counts unchanged). */
const contentHash = (v: unknown): string => createHash('sha256').update(stableStringify(v)).digest('hex');
const arr = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, '')) : []);

/** Is the agency (code, region) inside the scope? Works for an agency that is not stored yet. */
async function inScope(q: Queryable, scope: AgencyScope | undefined, code: string, region: string): Promise<boolean> {
  if (!scope) return true;
  const c = scope(3);
  const r = await q.query(`SELECT 1 AS ok FROM (SELECT $1::text AS code, $2::text AS region_code) a WHERE ${c.sql}`, [code, region, ...c.params]);
  return r.rows.length > 0;
}

/** The changed fields of `after` against `before` (for the audit detail). */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (stableStringify(before[k] ?? null) !== stableStringify(after[k] ?? null)) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  }
  return { before: b, after: a };
}

/** Recompute the unregistered-agency/-person/-item flags of the cases in `keysSql` (a query of agency_id, case_id). */
async function refreshCaseFlags(tx: Tx, keysSql: string, params: unknown[]): Promise<void> {
  await tx.exec('CREATE TEMP TABLE IF NOT EXISTS r_flag_keys (agency_id text, case_id text) ON COMMIT DROP');
  await tx.query(`INSERT INTO r_flag_keys (agency_id, case_id) ${keysSql}`, params);
  await refreshFlags(tx, false, 'r_flag_keys');
  await tx.exec('DELETE FROM r_flag_keys');
}

const auditOf = (ctx: EditContext) => ({ actor: ctx.actor.username, role: ctx.actor.role ?? null, ip: ctx.actor.ip ?? null });

// ---------------------------------------------------------------------------------------------------------------
// agencies

export interface AgencyInput {
  code: string;
  name: string;
  region: string;
  domain: string;
  level: string;
  parent?: string | null;
}
export interface AgencyPatch {
  name?: string;
  region?: string;
  domain?: string;
  level?: string;
  parent?: string | null;
  active?: boolean;
}
export interface AgencyView {
  code: string;
  name: string;
  region: string;
  domain: string;
  level: string;
  parent: string | null;
  active: boolean;
}

const agencyView = (r: Record<string, unknown>): AgencyView => ({
  code: String(r.code), name: String(r.name), region: String(r.region_code), domain: String(r.domain), level: String(r.level),
  parent: (r.parent as string | null) ?? null, active: r.active !== false,
});

async function checkParent(tx: Queryable, code: string, parent: string | undefined): Promise<RegistryIssue[]> {
  if (!parent) return [];
  if (parent === code) return [issue('agency', 'parent', 'registry.parent-self')];
  const p = await tx.query('SELECT 1 FROM agencies WHERE code = $1', [parent]);
  if (!p.rows[0]) return [issue('agency', 'parent', 'registry.agency-unknown', { value: parent })];
  // no cycle: the agency must not be among the parent's ancestors
  const up = await tx.query(
    `WITH RECURSIVE up(code, parent, depth) AS (
       SELECT code, parent, 0 FROM agencies WHERE code = $1
       UNION ALL SELECT a.code, a.parent, up.depth + 1 FROM agencies a JOIN up ON a.code = up.parent WHERE up.depth < 64)
     SELECT 1 FROM up WHERE code = $2 LIMIT 1`,
    [parent, code],
  );
  return up.rows[0] ? [issue('agency', 'parent', 'registry.parent-self')] : [];
}

function agencyRecord(v: { code: string; name?: string; region?: string; domain?: string; level?: string; parent?: string | null }): Record<string, unknown> {
  return compact({ code: text(v.code) ?? '', name: text(v.name) ?? '', region: (v.region ?? '').trim(), domain: v.domain, level: v.level, parent: text(v.parent) });
}

/** Register a new agency (执法部门). */
export async function createAgency(db: Db, input: AgencyInput, ctx: EditContext): Promise<AgencyView> {
  const rec = agencyRecord(input);
  const extra: RegistryIssue[] = [];
  maxLen('agency', extra, { code: rec.code as string, name: rec.name as string, parent: rec.parent as string | undefined });
  const value = validate<Record<string, unknown> & { code: string; region: string; parent?: string }>('agency', rec, extra);
  return db.transaction(async (tx) => {
    if (!(await inScope(tx, ctx.scope, value.code, value.region))) notFound('agency', 'region', value.region);
    if ((await tx.query('SELECT 1 FROM agencies WHERE code = $1', [value.code])).rows[0]) refuse('agency', 'code', 'registry.code-taken', { value: value.code });
    const p = await checkParent(tx, value.code, value.parent);
    if (p.length) throw new RegistryError('validation', p);
    const r = await tx.query<Record<string, unknown>>(
      `INSERT INTO agencies (code, name, region_code, domain, level, parent, content_hash, batch_id, edited_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,NULL,$8) RETURNING *`,
      [value.code, value.name, value.region, value.domain, value.level, value.parent ?? null, contentHash(value), ctx.actor.username],
    );
    // cases that named this code before it was registered lose their unregistered-agency flag
    await refreshCaseFlags(tx, 'SELECT agency_id, case_id FROM cases WHERE agency_id = $1', [value.code]);
    await audit(tx, { ...auditOf(ctx), action: 'registry.agency.create', target: `agency:${value.code}`, detail: { after: value } });
    return agencyView(r.rows[0]!);
  });
}

/** Change an agency's fields, or deactivate/reactivate it (`active`). Its region is fixed once cases refer to it. */
export async function updateAgency(db: Db, code: string, patch: AgencyPatch, ctx: EditContext): Promise<AgencyView> {
  return db.transaction(async (tx) => {
    const cur = (await tx.query<Record<string, unknown>>('SELECT * FROM agencies WHERE code = $1 FOR UPDATE', [code])).rows[0];
    if (!cur || !(await inScope(tx, ctx.scope, code, String(cur.region_code)))) notFound('agency', 'code', code);
    const before = agencyView(cur);
    const rec = agencyRecord({
      code, name: patch.name ?? before.name, region: patch.region ?? before.region, domain: patch.domain ?? before.domain,
      level: patch.level ?? before.level, parent: patch.parent !== undefined ? patch.parent : before.parent,
    });
    const extra: RegistryIssue[] = [];
    maxLen('agency', extra, { name: rec.name as string, parent: rec.parent as string | undefined });
    const value = validate<Record<string, unknown> & { code: string; name: string; region: string; domain: string; level: string; parent?: string }>('agency', rec, extra);
    if (value.region !== before.region) {
      if (!(await inScope(tx, ctx.scope, code, value.region))) notFound('agency', 'region', value.region);
      const n = num((await tx.query<{ n: unknown }>('SELECT count(*) AS n FROM cases WHERE agency_id = $1', [code])).rows[0]?.n);
      if (n > 0) refuse('agency', 'region', 'registry.region-locked', { cases: n });
    }
    if ((value.parent ?? null) !== before.parent) {
      const p = await checkParent(tx, code, value.parent);
      if (p.length) throw new RegistryError('validation', p);
    }
    const active = patch.active ?? before.active;
    const after: AgencyView = { code, name: value.name, region: value.region, domain: value.domain, level: value.level, parent: value.parent ?? null, active };
    const d = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
    if (Object.keys(d.after).length === 0) return before;
    const r = await tx.query<Record<string, unknown>>(
      `UPDATE agencies SET name = $2, region_code = $3, domain = $4, level = $5, parent = $6, active = $7, content_hash = $8,
              batch_id = NULL, edited_by = $9, updated_at = now()
        WHERE code = $1 RETURNING *`,
      [code, value.name, value.region, value.domain, value.level, value.parent ?? null, active, contentHash(value), ctx.actor.username],
    );
    if (value.region !== before.region) await tx.query('UPDATE people SET region_code = $2 WHERE agency_id = $1', [code, value.region]);
    const onlyActive = Object.keys(d.after).length === 1 && 'active' in d.after;
    const action = onlyActive ? (active ? 'registry.agency.reactivate' : 'registry.agency.deactivate') : 'registry.agency.update';
    await audit(tx, { ...auditOf(ctx), action, target: `agency:${code}`, detail: d });
    return agencyView(r.rows[0]!);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// people and their enforcement credentials

export interface CredentialInput {
  number: string;
  validFrom: string;
  validTo: string;
  /** 发证机关 */
  issuer?: string | null;
  /** the enforcement domains the credential covers */
  domains?: string[];
}
export interface PersonInput {
  code: string;
  name: string;
  agency: string;
  posts: string[];
  credential?: CredentialInput | null;
  /** personal data: stored encrypted (SM4) with a keyed lookup index, never returned */
  idNumber?: string | null;
}
export interface PersonPatch {
  name?: string;
  agency?: string;
  posts?: string[];
  /** null removes the credential */
  credential?: CredentialInput | null;
  /** a new number replaces the stored one; null removes it; absent or empty keeps it */
  idNumber?: string | null;
  active?: boolean;
}
export interface PersonView {
  code: string;
  name: string;
  agency: string;
  region: string;
  posts: string[];
  credential: { number: string | null; validFrom: string | null; validTo: string | null; issuer: string | null; domains: string[] } | null;
  hasIdNumber: boolean;
  active: boolean;
}
export interface PersonEditContext extends EditContext {
  cipher: PersonalDataCipher;
  /** the as-of day of the re-evaluation of the person's cases */
  asOf: string;
}
export interface PersonResult {
  person: PersonView;
  /** cases the person acted in, evaluated again because the credential changed */
  reevaluated: EvaluateResult;
}

const personView = (r: Record<string, unknown>): PersonView => ({
  code: String(r.code), name: String(r.name), agency: String(r.agency_id), region: String(r.region_code ?? ''), posts: arr(r.posts),
  credential: r.credential_number || r.credential_valid_to
    ? { number: (r.credential_number as string | null) ?? null, validFrom: dayOf(r.credential_valid_from), validTo: dayOf(r.credential_valid_to), issuer: (r.credential_issuer as string | null) ?? null, domains: arr(r.credential_domains) }
    : null,
  hasIdNumber: r.id_number_enc != null, active: r.active !== false,
});

/** GB 11643 resident ID: 17 digits and a check character (0–9 or X). */
export function validIdNumber(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i]!;
  return '10X98765432'[sum % 11] === s[17];
}

const normId = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

interface PersonChecked {
  value: Record<string, unknown> & { code: string; name: string; agency: string; posts: string[]; credential?: { number: string; validFrom: string; validTo: string } };
  issuer: string | null;
  domains: string[];
}

function checkPerson(p: { code: string; name: string; agency: string; posts: string[]; credential?: CredentialInput | null; idNumber?: string }): PersonChecked {
  const extra: RegistryIssue[] = [];
  const c = p.credential ?? undefined;
  const issuer = text(c?.issuer) ?? null;
  const domains = [...new Set(c?.domains ?? [])];
  maxLen('person', extra, { code: text(p.code), name: text(p.name), 'credential.number': text(c?.number), 'credential.issuer': issuer ?? undefined });
  (c?.domains ?? []).forEach((d, i) => {
    if (!(DOMAINS as readonly string[]).includes(d)) extra.push(issue('person', `credential.domains[${i}]`, 'enum.invalid', { value: d, allowed: DOMAINS }));
  });
  if (new Set(p.posts).size !== p.posts.length) extra.push(issue('person', 'posts', 'registry.duplicate', { value: p.posts.find((x, i) => p.posts.indexOf(x) !== i) }));
  if (p.idNumber !== undefined && !validIdNumber(p.idNumber)) extra.push(issue('person', 'idNumber', 'idnumber.invalid'));
  // the interchange record (kaohe.person/v1): issuer and domains are not part of it (and not of its content hash)
  const rec = compact({
    code: text(p.code) ?? '', name: text(p.name) ?? '', agency: text(p.agency) ?? '', posts: p.posts,
    credential: c ? { number: text(c.number) ?? '', validFrom: c.validFrom ?? '', validTo: c.validTo ?? '' } : undefined,
    idNumber: p.idNumber,
  });
  const value = validate<PersonChecked['value']>('person', rec, extra);
  return { value, issuer: c ? issuer : null, domains: c ? domains : [] };
}

/** The agency a person is put in: registered, active, and inside the caller's scope. */
async function personAgency(tx: Queryable, scope: AgencyScope | undefined, code: string): Promise<string> {
  const a = (await tx.query<{ region_code: string; active: boolean }>('SELECT region_code, active FROM agencies WHERE code = $1', [code])).rows[0];
  if (!a) {
    // an unregistered agency inside the scope is a validation error; outside it, not found
    if (!(await inScope(tx, scope, code, ''))) notFound('person', 'agency', code);
    refuse('person', 'agency', 'registry.agency-unknown', { value: code });
  }
  if (!(await inScope(tx, scope, code, a.region_code))) notFound('person', 'agency', code);
  if (a.active === false) refuse('person', 'agency', 'registry.agency-inactive', { value: code });
  return a.region_code;
}

/** The cases a person acted in (event actors): the credential rules judge them. */
async function casesOfPerson(q: Queryable, code: string): Promise<{ agency: string; caseId: string }[]> {
  const r = await q.query<{ agency_id: string; case_id: string }>(
    'SELECT DISTINCT agency_id, case_id FROM events WHERE by @> ARRAY[$1]::text[] ORDER BY agency_id, case_id', [code],
  );
  return r.rows.map((x) => ({ agency: x.agency_id, caseId: x.case_id }));
}

const NONE: EvaluateResult = { cases: 0, opened: 0, changed: 0, cleared: 0 };

/** Register a person (执法人员) with posts, enforcement credential and (encrypted) ID number. */
export async function createPerson(db: Db, input: PersonInput, ctx: PersonEditContext): Promise<PersonResult> {
  const idNumber = text(input.idNumber) ? normId(input.idNumber!) : undefined;
  const { value, issuer, domains } = checkPerson({ ...input, posts: input.posts ?? [], idNumber });
  const person = await db.transaction(async (tx) => {
    const region = await personAgency(tx, ctx.scope, value.agency);
    if ((await tx.query('SELECT 1 FROM people WHERE code = $1', [value.code])).rows[0]) refuse('person', 'code', 'registry.code-taken', { value: value.code });
    const idIdx = idNumber ? ctx.cipher.index(idNumber) : null;
    const { idNumber: _id, ...rest } = value;
    const r = await tx.query<Record<string, unknown>>(
      `INSERT INTO people (code, name, agency_id, region_code, posts, credential_number, credential_valid_from, credential_valid_to,
                           credential_issuer, credential_domains, id_number_enc, id_number_idx, content_hash, batch_id, edited_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,NULL,$14) RETURNING *`,
      [value.code, value.name, value.agency, region, value.posts, value.credential?.number ?? null, value.credential?.validFrom ?? null, value.credential?.validTo ?? null,
        issuer, domains, idNumber ? ctx.cipher.encrypt(idNumber) : null, idIdx, contentHash({ ...rest, idIdx }), ctx.actor.username],
    );
    await refreshCaseFlags(tx, `SELECT agency_id, case_id FROM cases WHERE staff_codes @> ARRAY[$1]::text[]
                               UNION SELECT agency_id, case_id FROM events WHERE by @> ARRAY[$1]::text[]`, [value.code]);
    await audit(tx, {
      ...auditOf(ctx), action: 'registry.person.create', target: `person:${value.code}`,
      detail: { after: { ...rest, credentialIssuer: issuer, credentialDomains: domains, idNumber: idNumber ? 'set' : null } },
    });
    return personView(r.rows[0]!);
  });
  // the rules judged this code as unregistered until now
  const keys = await casesOfPerson(db, person.code);
  const reevaluated = keys.length ? await evaluateCases(db, keys, { asOf: ctx.asOf }) : NONE;
  return { person, reevaluated };
}

/** Change a person: name, agency (both in the caller's scope), posts, credential, ID number, or (de)activate. */
export async function updatePerson(db: Db, code: string, patch: PersonPatch, ctx: PersonEditContext): Promise<PersonResult> {
  let credentialChanged = false;
  const person = await db.transaction(async (tx) => {
    const cur = (await tx.query<Record<string, unknown>>('SELECT * FROM people WHERE code = $1 FOR UPDATE', [code])).rows[0];
    if (!cur || !(await inScope(tx, ctx.scope, String(cur.agency_id), String(cur.region_code ?? '')))) notFound('person', 'code', code);
    const before = personView(cur);
    const credential: CredentialInput | null = patch.credential !== undefined
      ? patch.credential
      : before.credential && before.credential.number && before.credential.validFrom && before.credential.validTo
        ? { number: before.credential.number, validFrom: before.credential.validFrom, validTo: before.credential.validTo, issuer: before.credential.issuer, domains: before.credential.domains }
        : null;
    const newId = patch.idNumber === null ? null : text(patch.idNumber) ? normId(patch.idNumber!) : undefined;
    const { value, issuer, domains } = checkPerson({
      code, name: patch.name ?? before.name, agency: patch.agency ?? before.agency, posts: patch.posts ?? before.posts, credential,
      ...(newId ? { idNumber: newId } : {}),
    });
    let region = before.region;
    if (value.agency !== before.agency) region = await personAgency(tx, ctx.scope, value.agency);
    const active = patch.active ?? before.active;
    const idEnc = newId === null ? null : newId ? ctx.cipher.encrypt(newId) : (cur.id_number_enc as Uint8Array | null);
    const idIdx = newId === null ? null : newId ? ctx.cipher.index(newId) : ((cur.id_number_idx as string | null) ?? null);
    const idChanged = newId === null ? before.hasIdNumber : newId !== undefined && idIdx !== cur.id_number_idx;
    const after: PersonView = {
      code, name: value.name, agency: value.agency, region, posts: value.posts,
      credential: value.credential ? { ...value.credential, issuer, domains } : null, hasIdNumber: idEnc != null, active,
    };
    const d = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
    if (idChanged) { d.before.idNumber = before.hasIdNumber ? 'set' : null; d.after.idNumber = newId ? 'changed' : null; }
    delete d.before.hasIdNumber;
    delete d.after.hasIdNumber;
    if (Object.keys(d.after).length === 0) return before;
    const prevCred = before.credential;
    credentialChanged = (prevCred?.validFrom ?? null) !== (after.credential?.validFrom ?? null) || (prevCred?.validTo ?? null) !== (after.credential?.validTo ?? null);
    const { idNumber: _id, ...rest } = value;
    const r = await tx.query<Record<string, unknown>>(
      `UPDATE people SET name = $2, agency_id = $3, region_code = $4, posts = $5, credential_number = $6, credential_valid_from = $7,
              credential_valid_to = $8, credential_issuer = $9, credential_domains = $10, id_number_enc = $11, id_number_idx = $12,
              active = $13, content_hash = $14, batch_id = NULL, edited_by = $15, updated_at = now()
        WHERE code = $1 RETURNING *`,
      [code, value.name, value.agency, region, value.posts, value.credential?.number ?? null, value.credential?.validFrom ?? null, value.credential?.validTo ?? null,
        issuer, domains, idEnc, idIdx, active, contentHash({ ...rest, idIdx }), ctx.actor.username],
    );
    const onlyActive = Object.keys(d.after).length === 1 && 'active' in d.after;
    const action = onlyActive ? (active ? 'registry.person.reactivate' : 'registry.person.deactivate') : 'registry.person.update';
    await audit(tx, { ...auditOf(ctx), action, target: `person:${code}`, detail: d });
    return personView(r.rows[0]!);
  });
  if (!credentialChanged) return { person, reevaluated: NONE };
  const keys = await casesOfPerson(db, code);
  return { person, reevaluated: keys.length ? await evaluateCases(db, keys, { asOf: ctx.asOf }) : NONE };
}

// ---------------------------------------------------------------------------------------------------------------
// enforcement items and their discretion benchmarks

export interface TierInput {
  tier: string;
  min: number;
  max: number;
  circumstances: string[];
}
export interface ItemInput {
  code: string;
  /** '' (or absent): the unversioned item */
  version?: string | null;
  name: string;
  domain: string;
  violatedArticle?: string | null;
  penaltyArticle?: string | null;
  kinds: string[];
  range?: { min: number; max: number } | null;
  multiple?: { base: string; min: number; max: number } | null;
  tiers?: TierInput[] | null;
  issuer?: string | null;
  effective?: string | null;
}
export type ItemPatch = Partial<Omit<ItemInput, 'code' | 'version'>> & { active?: boolean };
export interface ItemView {
  code: string;
  version: string;
  name: string;
  domain: string;
  violatedArticle: string | null;
  penaltyArticle: string | null;
  kinds: string[];
  range: { min: number; max: number } | null;
  multiple: { base: string; min: number; max: number } | null;
  tiers: TierInput[] | null;
  issuer: string | null;
  effective: string | null;
  active: boolean;
}

export const itemView = (r: Record<string, unknown>): ItemView => ({
  code: String(r.code), version: String(r.version ?? ''), name: String(r.name), domain: String(r.domain),
  violatedArticle: (r.violated_article as string | null) ?? null, penaltyArticle: (r.penalty_article as string | null) ?? null, kinds: arr(r.kinds),
  range: jsonOf(r.range), multiple: jsonOf(r.multiple), tiers: jsonOf(r.tiers), issuer: (r.issuer as string | null) ?? null, effective: dayOf(r.effective),
  active: r.active !== false,
});

type ItemValue = Record<string, unknown> & {
  code: string; version?: string; name: string; domain: string; violatedArticle?: string; penaltyArticle?: string; kinds: string[];
  range?: { min: number; max: number }; multiple?: { base: string; min: number; max: number }; tiers?: TierInput[]; issuer?: string; effective?: string;
};

function checkItem(i: ItemInput): ItemValue {
  const extra: RegistryIssue[] = [];
  const version = text(i.version);
  maxLen('item', extra, {
    code: text(i.code), version, name: text(i.name), violatedArticle: text(i.violatedArticle), penaltyArticle: text(i.penaltyArticle),
    issuer: text(i.issuer), 'multiple.base': text(i.multiple?.base),
  }, 500);
  const tiers = i.tiers ?? undefined;
  const names = new Set<string>();
  tiers?.forEach((t, n) => {
    const name = (t.tier ?? '').trim();
    if (name && names.has(name)) extra.push(issue('item', `tiers[${n}].tier`, 'registry.duplicate', { value: name }));
    names.add(name);
    if (i.range && Number.isFinite(t.min) && Number.isFinite(t.max) && (t.min < i.range.min || t.max > i.range.max)) {
      extra.push(issue('item', `tiers[${n}].${t.min < i.range.min ? 'min' : 'max'}`, 'registry.tier-outside-range', { from: t.min, to: t.max, min: i.range.min, max: i.range.max }));
    }
  });
  const rec = compact({
    code: text(i.code) ?? '', version, name: text(i.name) ?? '', domain: i.domain, violatedArticle: text(i.violatedArticle), penaltyArticle: text(i.penaltyArticle),
    kinds: i.kinds, range: i.range ?? undefined,
    multiple: i.multiple ? { ...i.multiple, base: (i.multiple.base ?? '').trim() } : undefined,
    tiers: tiers?.map((t) => ({ ...t, tier: (t.tier ?? '').trim() })),
    issuer: text(i.issuer), effective: text(i.effective),
  });
  return validate<ItemValue>('item', rec, extra);
}

async function storeItem(tx: Tx, v: ItemValue, active: boolean, by: string, insert: boolean): Promise<Record<string, unknown>> {
  const params = [
    v.code, v.version ?? '', v.name, v.domain, v.violatedArticle ?? null, v.penaltyArticle ?? null, v.kinds, v.range ? JSON.stringify(v.range) : null,
    v.multiple ? JSON.stringify(v.multiple) : null, v.tiers ? JSON.stringify(v.tiers) : null, v.issuer ?? null, v.effective ?? null, contentHash(v), active, by,
  ];
  const r = insert
    ? await tx.query<Record<string, unknown>>(
      `INSERT INTO items (code, version, name, domain, violated_article, penalty_article, kinds, range, multiple, tiers, issuer, effective, content_hash, active, edited_by, batch_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9::jsonb,$10::jsonb,$11,$12::date,$13,$14,$15,NULL) RETURNING *`, params)
    : await tx.query<Record<string, unknown>>(
      `UPDATE items SET name = $3, domain = $4, violated_article = $5, penalty_article = $6, kinds = $7, range = $8::jsonb, multiple = $9::jsonb,
              tiers = $10::jsonb, issuer = $11, effective = $12::date, content_hash = $13, active = $14, edited_by = $15, batch_id = NULL, updated_at = now()
        WHERE code = $1 AND version = $2 RETURNING *`, params);
  return r.rows[0]!;
}

/** Register an enforcement item (执法事项) or a new version of one, with its discretion benchmark tiers. */
export async function createItem(db: Db, input: ItemInput, ctx: EditContext): Promise<ItemView> {
  const v = checkItem(input);
  return db.transaction(async (tx) => {
    const version = v.version ?? '';
    if ((await tx.query('SELECT 1 FROM items WHERE code = $1 AND version = $2', [v.code, version])).rows[0]) {
      refuse('item', version ? 'version' : 'code', version ? 'registry.version-taken' : 'registry.code-taken', { code: v.code, value: version || v.code });
    }
    const row = await storeItem(tx, v, true, ctx.actor.username, true);
    await refreshCaseFlags(tx, 'SELECT agency_id, case_id FROM cases WHERE item_code = $1', [v.code]);
    await audit(tx, { ...auditOf(ctx), action: 'registry.item.create', target: `item:${v.code}${version ? `@${version}` : ''}`, detail: { after: v } });
    return itemView(row);
  });
}

/** Change an item version's fields and benchmark tiers, or (de)activate it. */
export async function updateItem(db: Db, code: string, version: string, patch: ItemPatch, ctx: EditContext): Promise<ItemView> {
  return db.transaction(async (tx) => {
    const cur = (await tx.query<Record<string, unknown>>('SELECT * FROM items WHERE code = $1 AND version = $2 FOR UPDATE', [code, version])).rows[0];
    if (!cur) notFound('item', 'code', version ? `${code}@${version}` : code);
    const before = itemView(cur);
    const pick = <K extends keyof ItemPatch>(k: K, b: unknown) => (patch[k] !== undefined ? patch[k] : b);
    const v = checkItem({
      code, version, name: pick('name', before.name) as string, domain: pick('domain', before.domain) as string,
      violatedArticle: pick('violatedArticle', before.violatedArticle) as string | null, penaltyArticle: pick('penaltyArticle', before.penaltyArticle) as string | null,
      kinds: pick('kinds', before.kinds) as string[], range: pick('range', before.range) as ItemInput['range'], multiple: pick('multiple', before.multiple) as ItemInput['multiple'],
      tiers: pick('tiers', before.tiers) as TierInput[] | null, issuer: pick('issuer', before.issuer) as string | null, effective: pick('effective', before.effective) as string | null,
    });
    const active = patch.active ?? before.active;
    const after = itemView({ ...cur, ...{ name: v.name, domain: v.domain, violated_article: v.violatedArticle ?? null, penalty_article: v.penaltyArticle ?? null, kinds: v.kinds, range: v.range ?? null, multiple: v.multiple ?? null, tiers: v.tiers ?? null, issuer: v.issuer ?? null, effective: v.effective ?? null, active } });
    const d = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
    if (Object.keys(d.after).length === 0) return before;
    const row = await storeItem(tx, v, active, ctx.actor.username, false);
    const onlyActive = Object.keys(d.after).length === 1 && 'active' in d.after;
    const action = onlyActive ? (active ? 'registry.item.reactivate' : 'registry.item.deactivate') : 'registry.item.update';
    await audit(tx, { ...auditOf(ctx), action, target: `item:${code}${version ? `@${version}` : ''}`, detail: d });
    return itemView(row);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// holiday schedules

export interface CalendarInput {
  year: number;
  holidays: string[];
  workdays: string[];
  source?: string | null;
}
export interface CalendarView {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string | null;
  loadedAt: string;
}
export interface CalendarResult {
  calendar: CalendarView;
  /** no schedule of that year was loaded before */
  created: boolean;
  /** false when the same schedule was loaded again (nothing written, nothing re-evaluated) */
  changed: boolean;
  /** the cases whose due days were provisional for that year, evaluated again */
  reevaluated: EvaluateResult;
}

const weekday = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay();

/**
 * Load (or replace) the official holiday schedule of a year (国务院办公厅 放假安排), then re-evaluate the cases whose
 * due days were provisional for that year — as importing a `kaohe.calendar/v1` record does.
 */
export async function loadCalendarYear(db: Db, input: CalendarInput, ctx: EditContext & { asOf: string }): Promise<CalendarResult> {
  const holidays = [...new Set((input.holidays ?? []).map((s) => String(s).trim()))].sort();
  const workdays = [...new Set((input.workdays ?? []).map((s) => String(s).trim()))].sort();
  const source = text(input.source);
  const extra: RegistryIssue[] = [];
  maxLen('calendar', extra, { source }, 500);
  const dateOk = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  holidays.forEach((h) => { if (workdays.includes(h)) extra.push(issue('calendar', 'workdays', 'calendar.overlap', { value: h })); });
  workdays.forEach((w, i) => { if (dateOk(w) && ![0, 6].includes(weekday(w))) extra.push(issue('calendar', `workdays[${i}]`, 'calendar.workday-weekday', { value: w })); });
  const value = validate<{ year: number; holidays: string[]; workdays: string[]; source?: string }>('calendar', compact({ year: input.year, holidays, workdays, source }), extra);
  const hash = contentHash({ year: value.year, holidays: value.holidays, workdays: value.workdays, source: value.source });
  const stored = await db.transaction(async (tx) => {
    const cur = (await tx.query<Record<string, unknown>>('SELECT year, holidays::text[] AS holidays, workdays::text[] AS workdays, source, content_hash FROM calendars WHERE year = $1 FOR UPDATE', [value.year])).rows[0];
    if (cur && cur.content_hash === hash) return { created: false, changed: false };
    await tx.query(
      `INSERT INTO calendars (year, holidays, workdays, source, content_hash, batch_id, edited_by, loaded_at) VALUES ($1, $2::date[], $3::date[], $4, $5, NULL, $6, now())
       ON CONFLICT (year) DO UPDATE SET holidays = excluded.holidays, workdays = excluded.workdays, source = excluded.source,
         content_hash = excluded.content_hash, batch_id = NULL, edited_by = excluded.edited_by, loaded_at = now()`,
      [value.year, value.holidays, value.workdays, value.source ?? null, hash, ctx.actor.username],
    );
    await audit(tx, {
      ...auditOf(ctx), action: 'registry.calendar.load', target: `calendar:${value.year}`,
      detail: {
        before: cur ? { holidays: arr(cur.holidays).length, workdays: arr(cur.workdays).length, source: cur.source ?? null } : null,
        after: { holidays: value.holidays, workdays: value.workdays, source: value.source ?? null },
      },
    });
    return { created: !cur, changed: true };
  });
  const reevaluated = stored.changed ? await reevaluateProvisional(db, [value.year], { asOf: ctx.asOf }) : NONE;
  const r = (await db.query<Record<string, unknown>>('SELECT year, holidays::text[] AS holidays, workdays::text[] AS workdays, source, loaded_at FROM calendars WHERE year = $1', [value.year])).rows[0]!;
  return {
    calendar: { year: num(r.year), holidays: daysOf(r.holidays), workdays: daysOf(r.workdays), source: (r.source as string | null) ?? null, loadedAt: isoOf(r.loaded_at)! },
    ...stored, reevaluated,
  };
}
