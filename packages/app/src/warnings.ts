import {
  evaluateCaseDetailed, loadPack, localDate, renderFinding, type CaseResult, type Finding, type LegalCalendar, type Pack, type Lang,
} from '@kaohe/core';
import { audit, auditNow, dayOf, isoOf, num, type CaseKey, type Db, type Queryable, type Tx } from '@kaohe/store';
import { loadCalendar, loadCaseDocs, loadCaseRecords, loadCredentials } from './cases.ts';

/** The packs the live warnings use (the same engine as `kaohe check`). */
export const LIVE_PACKS = ['cn-apl-2021'] as const;
const BATCH = 500;

export interface EvaluateOptions {
  asOf: string;
  packs?: readonly Pack[];
  calendar?: LegalCalendar;
  onProgress?: (done: number, total: number) => void;
}

export interface EvaluateResult {
  cases: number;
  opened: number;
  changed: number;
  cleared: number;
}

const findingKey = (f: Finding): string => f.eventId ?? '';

/**
 * Evaluates cases against the live packs and stores their findings as warnings: a new finding opens a warning, a
 * finding whose status or due day changed updates it (pending → violated as days pass), a warning the case no longer
 * produces is cleared (the missing act arrived). Answers and decisions on a warning are kept across evaluations.
 */
export async function evaluateCases(db: Db, keys: readonly CaseKey[], opts: EvaluateOptions): Promise<EvaluateResult> {
  const packs = opts.packs ?? LIVE_PACKS.map((p) => loadPack(p));
  const calendar = opts.calendar ?? (await loadCalendar(db));
  const total: EvaluateResult = { cases: 0, opened: 0, changed: 0, cleared: 0 };
  for (let i = 0; i < keys.length; i += BATCH) {
    const slice = keys.slice(i, i + BATCH);
    const docs = await loadCaseDocs(db, slice);
    const records = await loadCaseRecords(db, slice);
    const codes = [...new Set(docs.flatMap((d) => d.events.flatMap((e) => e.by ?? [])))];
    const registry = await loadCredentials(db, codes);
    const results = docs.map((doc) =>
      evaluateCaseDetailed(doc, packs, { asOf: opts.asOf, calendar, registry, records: records.get(`${doc.agency}\u0000${doc.id}`) }),
    );
    const regions = await regionsOf(db, slice);
    const c = await db.transaction((tx) => storeFindings(tx, results, regions, opts.asOf));
    total.opened += c.opened;
    total.changed += c.changed;
    total.cleared += c.cleared;
    total.cases += docs.length;
    opts.onProgress?.(total.cases, keys.length);
  }
  return total;
}

async function regionsOf(db: Queryable, keys: readonly CaseKey[]): Promise<Map<string, string>> {
  const r = await db.query<{ agency_id: string; region_code: string }>(
    'SELECT DISTINCT agency_id, region_code FROM cases WHERE agency_id = ANY($1::text[])', [[...new Set(keys.map((k) => k.agency))]],
  );
  return new Map(r.rows.map((x) => [x.agency_id, x.region_code]));
}

const day = dayOf;

/**
 * Stores the findings of a slice of cases in a few set-based statements: new findings are inserted, changed ones
 * updated (a cleared warning that comes back is reopened), warnings the cases no longer produce are cleared, and each
 * case's evaluation (as-of day, provisional years) is recorded.
 */
async function storeFindings(tx: Tx, results: readonly CaseResult[], regions: Map<string, string>, asOf: string) {
  const agencies = results.map((r) => r.agency);
  const ids = results.map((r) => r.case);
  const existing = await tx.query<{ id: unknown; agency_id: string; case_id: string; rule: string; finding_key: string; status: string; due_on: unknown; state: string }>(
    `SELECT w.id, w.agency_id, w.case_id, w.rule, w.finding_key, w.status, w.due_on, w.state
       FROM warnings w JOIN unnest($1::text[], $2::text[]) k(a, i) ON w.agency_id = k.a AND w.case_id = k.i`,
    [agencies, ids],
  );
  const key = (agency: string, caseId: string, rule: string, fk: string) => `${agency}\u0000${caseId}\u0000${rule}\u0000${fk}`;
  const byKey = new Map(existing.rows.map((w) => [key(w.agency_id, w.case_id, w.rule, w.finding_key), w]));
  const seen = new Set<string>();
  const ins: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], []];
  const upd: unknown[][] = [[], [], [], [], [], [], [], []];
  const evals: unknown[][] = [[], [], [], []];
  let changed = 0;
  for (const r of results) {
    const region = regions.get(r.agency) ?? '000000';
    const provisional = new Set<number>();
    for (const f of r.findings) {
      const k = key(r.agency, r.case, f.rule, findingKey(f));
      if (seen.has(k)) continue;
      seen.add(k);
      for (const y of f.provisional ?? []) provisional.add(y);
      const old = byKey.get(k);
      const fields = JSON.stringify(f.fields);
      const prov = `{${(f.provisional ?? []).join(',')}}`;
      if (!old) {
        [region, r.agency, r.case, f.rule, findingKey(f), f.status, f.dueOn ?? null, f.actOn ?? null, prov, f.code, fields, f.eventId ?? null]
          .forEach((v, i) => ins[i]!.push(v));
      } else {
        if (old.state === 'cleared' || old.status !== f.status || day(old.due_on) !== (f.dueOn ?? null)) changed++;
        [num(old.id), f.status, f.dueOn ?? null, f.actOn ?? null, prov, f.code, fields, f.eventId ?? null].forEach((v, i) => upd[i]!.push(v));
      }
    }
    [r.agency, r.case, region, `{${[...provisional].sort().join(',')}}`].forEach((v, i) => evals[i]!.push(v));
  }
  const gone = existing.rows.filter((w) => w.state !== 'cleared' && !seen.has(key(w.agency_id, w.case_id, w.rule, w.finding_key))).map((w) => num(w.id));
  if (ins[0]!.length) {
    await tx.query(
      `INSERT INTO warnings (region_code, agency_id, case_id, rule, finding_key, status, due_on, act_on, provisional, code, fields, event_id, as_of)
       SELECT r, a, c, ru, fk, st, du::date, ac::date, pv::integer[], co, fi::jsonb, ev, $13::date
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
              AS t(r, a, c, ru, fk, st, du, ac, pv, co, fi, ev)`,
      [...ins, asOf],
    );
  }
  if (upd[0]!.length) {
    await tx.query(
      `UPDATE warnings w SET status = u.st, due_on = u.du::date, act_on = u.ac::date, provisional = u.pv::integer[], code = u.co,
              fields = u.fi::jsonb, event_id = u.ev, evaluated_at = now(), as_of = $9::date,
              state = CASE WHEN w.state = 'cleared' THEN 'open' ELSE w.state END, cleared_at = NULL
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(id, st, du, ac, pv, co, fi, ev)
        WHERE w.id = u.id`,
      [...upd, asOf],
    );
  }
  if (gone.length) {
    await tx.query(`UPDATE warnings SET state = 'cleared', cleared_at = now(), evaluated_at = now(), as_of = $2 WHERE id = ANY($1::bigint[])`, [gone, asOf]);
  }
  await tx.query(
    `INSERT INTO case_evaluations (agency_id, case_id, region_code, evaluated_at, as_of, provisional)
     SELECT a, c, r, now(), $5::date, pv::integer[] FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(a, c, r, pv)
     ON CONFLICT (agency_id, case_id) DO UPDATE SET evaluated_at = now(), as_of = EXCLUDED.as_of, provisional = EXCLUDED.provisional`,
    [...evals, asOf],
  );
  return { opened: ins[0]!.length, changed, cleared: gone.length };
}

/**
 * The daily re-evaluation: every case that is not closed, or still has an open pending warning, is judged again as
 * of `asOf` so that pending warnings turn violated as their due days pass.
 */
export async function reevaluateOpenCases(db: Db, opts: EvaluateOptions & { actor?: { username: string; role?: string | null } }): Promise<EvaluateResult> {
  const r = await db.query<{ agency_id: string; case_id: string }>(
    `SELECT c.agency_id, c.case_id FROM cases c
      WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.agency_id = c.agency_id AND e.case_id = c.case_id AND e.type = 'case.closed')
         OR EXISTS (SELECT 1 FROM warnings w WHERE w.agency_id = c.agency_id AND w.case_id = c.case_id AND w.status = 'pending' AND w.state <> 'cleared')
      ORDER BY c.agency_id, c.case_id`,
  );
  const res = await evaluateCases(db, r.rows.map((x) => ({ agency: x.agency_id, caseId: x.case_id })), opts);
  // the daily run changes warnings (pending → violated, cleared): audited like any other change, by whoever ran it
  if (res.opened + res.changed + res.cleared > 0) {
    await auditNow(db, {
      actor: opts.actor?.username ?? 'system', role: opts.actor?.role ?? null, action: 'warnings.reevaluate', target: `as-of:${opts.asOf}`,
      detail: { asOf: opts.asOf, ...res },
    });
  }
  return res;
}

/** Cases whose due days depended on a year without a schedule: re-evaluated when that year's schedule is loaded. */
export async function reevaluateProvisional(db: Db, years: readonly number[], opts: EvaluateOptions): Promise<EvaluateResult> {
  const r = await db.query<{ agency_id: string; case_id: string }>(
    'SELECT agency_id, case_id FROM case_evaluations WHERE provisional && $1::integer[] ORDER BY agency_id, case_id', [[...years]],
  );
  return evaluateCases(db, r.rows.map((x) => ({ agency: x.agency_id, caseId: x.case_id })), opts);
}

/** Every stored case, e.g. after the demo province is imported or a pack changes. */
export async function evaluateAllCases(db: Db, opts: EvaluateOptions): Promise<EvaluateResult> {
  const r = await db.query<{ agency_id: string; case_id: string }>('SELECT agency_id, case_id FROM cases ORDER BY agency_id, case_id');
  return evaluateCases(db, r.rows.map((x) => ({ agency: x.agency_id, caseId: x.case_id })), opts);
}

// ---------------------------------------------------------------------------------------------------------------
// The warning list and its workflow

export interface WarningFilter {
  agencies?: readonly string[] | null; // null: every agency (region-wide scope)
  agency?: string;
  caseId?: string;
  rule?: string;
  status?: 'violated' | 'pending' | 'advisory';
  state?: 'open' | 'answered' | 'accepted' | 'rejected' | 'cleared' | 'active';
  dueFrom?: string;
  dueTo?: string;
  staff?: string; // person code: warnings of the cases this officer handled
  /** the caller's access scope as an SQL condition over `warnings` (from the server's policy layer) */
  scope?: (firstParam: number) => { sql: string; params: unknown[] };
  page?: number;
  pageSize?: number;
  sort?: 'due_on' | 'agency_id' | 'rule' | 'status' | 'first_seen_at' | 'case_id';
  order?: 'asc' | 'desc';
}

export interface WarningView {
  id: number;
  agency: string;
  region: string;
  caseId: string;
  rule: string;
  status: string;
  state: string;
  dueOn: string | null;
  actOn: string | null;
  provisional: number[];
  code: string;
  eventId: string | null;
  firstSeenAt: string;
  message: { zh: string; en: string };
  citation: { law: string; article: string; paragraph?: string; url?: string; quote: string; title: { zh: string; en: string } } | null;
}


function present(row: Record<string, unknown>, packs: readonly Pack[]): WarningView {
  const f: Finding = {
    case: String(row.case_id), agency: String(row.agency_id), rule: String(row.rule), status: row.status as Finding['status'],
    code: String(row.code), fields: (typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields) as Record<string, unknown>,
    ...(row.due_on ? { dueOn: day(row.due_on)! } : {}), ...(row.act_on ? { actOn: day(row.act_on)! } : {}),
    provisional: ((row.provisional as number[] | null) ?? []).map(Number),
  };
  const rule = packs.flatMap((p) => p.rules).filter((r) => r.id === f.rule).sort((a, b) => (a.effective.from < b.effective.from ? 1 : -1))[0];
  return {
    id: num(row.id), agency: f.agency, region: String(row.region_code), caseId: f.case, rule: f.rule, status: f.status, state: String(row.state),
    dueOn: f.dueOn ?? null, actOn: f.actOn ?? null, provisional: f.provisional ?? [], code: f.code, eventId: (row.event_id as string | null) ?? null,
    firstSeenAt: isoOf(row.first_seen_at)!,
    message: { zh: renderFinding(f, 'zh-CN', packs), en: renderFinding(f, 'en', packs) },
    citation: rule ? { ...rule.citation, quote: rule.quote, title: rule.title } : null,
  };
}

function where(f: WarningFilter): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => { params.push(v); conds.push(sql.replace('?', `$${params.length}`)); };
  if (f.agencies) add('agency_id = ANY(?::text[])', [...f.agencies]);
  if (f.agency) add('agency_id = ?', f.agency);
  if (f.caseId) add('case_id = ?', f.caseId);
  if (f.rule) add('rule = ?', f.rule);
  if (f.status) add('status = ?', f.status);
  if (f.state === 'active' || !f.state) conds.push(`state <> 'cleared'`);
  else add('state = ?', f.state);
  if (f.dueFrom) add('due_on >= ?::date', f.dueFrom);
  if (f.dueTo) add('due_on <= ?::date', f.dueTo);
  if (f.scope) {
    const c = f.scope(params.length + 1);
    params.push(...c.params);
    conds.push(c.sql);
  }
  if (f.staff) add(`EXISTS (SELECT 1 FROM cases c WHERE c.agency_id = warnings.agency_id AND c.case_id = warnings.case_id AND ? = ANY(c.staff_codes))`, f.staff);
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** The warning list (程序合规预警清单), filtered, sorted and paged. */
export async function listWarnings(db: Queryable, f: WarningFilter, packs: readonly Pack[] = LIVE_PACKS.map((p) => loadPack(p))) {
  const { sql, params } = where(f);
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(10000, Math.max(1, f.pageSize ?? 20));
  const sort = f.sort ?? 'due_on';
  const order = f.order === 'desc' ? 'DESC' : 'ASC';
  // one statement: the total rides along (a scalar count: a window count would carry every row to the sort) (every statement queues on PGlite's one connection);
  // a page past the end has no row to carry it, and is counted alone
  const rows = await db.query<Record<string, unknown>>(
    `SELECT *, (SELECT count(*) FROM warnings ${sql}) AS total_rows FROM warnings ${sql} ORDER BY ${sort} ${order} NULLS LAST, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params,
  );
  const total = rows.rows[0] ? num(rows.rows[0].total_rows)
    : page === 1 ? 0 : num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM warnings ${sql}`, params)).rows[0]?.n);
  return { items: rows.rows.map((r) => present(r, packs)), total, page, pageSize };
}

/** One warning with its answer history, or null when it does not exist or is outside `scope`. */
export async function getWarning(
  db: Queryable, id: number, scope?: WarningFilter['scope'], packs: readonly Pack[] = LIVE_PACKS.map((p) => loadPack(p)),
) {
  const c = scope?.(2);
  const r = await db.query<Record<string, unknown>>(`SELECT * FROM warnings WHERE id = $1${c ? ` AND ${c.sql}` : ''}`, [id, ...(c?.params ?? [])]);
  if (!r.rows[0]) return null;
  const actions = await db.query<Record<string, unknown>>('SELECT at, actor, action, text, evidence FROM warning_actions WHERE warning_id = $1 ORDER BY at, id', [id]);
  return {
    ...present(r.rows[0], packs),
    actions: actions.rows.map((a) => ({
      at: isoOf(a.at)!, actor: String(a.actor), action: String(a.action), text: String(a.text),
      evidence: typeof a.evidence === 'string' ? JSON.parse(a.evidence) : a.evidence,
    })),
  };
}

export type WarningOutcome =
  | { ok: true; state: string }
  | { ok: false; reason: 'not-found' | 'wrong-state' | 'cleared' };

export interface Actor {
  username: string;
  role?: string | null;
  ip?: string | null;
}

/**
 * An agency answers a warning: an explanation with evidence, a rectification, or a dispute. Allowed while the
 * warning is open or was rejected. The answer and its audit record commit together.
 */
export async function answerWarning(
  db: Db, id: number, actor: Actor, answer: { kind: 'explained' | 'rectified' | 'disputed'; text: string; evidence?: unknown[] },
): Promise<WarningOutcome> {
  return db.transaction(async (tx) => {
    const w = await tx.query<{ state: string; agency_id: string; case_id: string; rule: string }>('SELECT state, agency_id, case_id, rule FROM warnings WHERE id = $1 FOR UPDATE', [id]);
    const row = w.rows[0];
    if (!row) return { ok: false, reason: 'not-found' } as const;
    if (row.state === 'cleared') return { ok: false, reason: 'cleared' } as const;
    if (row.state !== 'open' && row.state !== 'rejected') return { ok: false, reason: 'wrong-state' } as const;
    await tx.query('INSERT INTO warning_actions (warning_id, agency_id, actor, action, text, evidence) VALUES ($1,$2,$3,$4,$5,$6)',
      [id, row.agency_id, actor.username, answer.kind, answer.text, JSON.stringify(answer.evidence ?? [])]);
    await tx.query(`UPDATE warnings SET state = 'answered' WHERE id = $1`, [id]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'warning.answer', target: `warning:${id}`,
      detail: { agency: row.agency_id, case: row.case_id, rule: row.rule, kind: answer.kind, from: row.state, to: 'answered' } });
    return { ok: true, state: 'answered' } as const;
  });
}

/** A supervisor accepts or rejects an answered warning. */
export async function decideWarning(db: Db, id: number, actor: Actor, decision: { accept: boolean; comment: string }): Promise<WarningOutcome> {
  return db.transaction(async (tx) => {
    const w = await tx.query<{ state: string; agency_id: string; case_id: string; rule: string }>('SELECT state, agency_id, case_id, rule FROM warnings WHERE id = $1 FOR UPDATE', [id]);
    const row = w.rows[0];
    if (!row) return { ok: false, reason: 'not-found' } as const;
    if (row.state !== 'answered') return { ok: false, reason: 'wrong-state' } as const;
    const to = decision.accept ? 'accepted' : 'rejected';
    await tx.query('INSERT INTO warning_actions (warning_id, agency_id, actor, action, text) VALUES ($1,$2,$3,$4,$5)',
      [id, row.agency_id, actor.username, to, decision.comment]);
    await tx.query('UPDATE warnings SET state = $2 WHERE id = $1', [id, to]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'warning.decide', target: `warning:${id}`,
      detail: { agency: row.agency_id, case: row.case_id, rule: row.rule, from: 'answered', to } });
    return { ok: true, state: to } as const;
  });
}

export type { Lang };

/**
 * Runs `reevaluateOpenCases` once a day (at the first check after the jurisdiction's local date changes; checked every
 * `everyMs`, default 10 minutes) so pending warnings turn violated as their due days pass. Returns a stop function.
 */
export function scheduleDailyReevaluation(
  db: Db, opts: { timezone?: string; everyMs?: number; today?: () => string; onRun?: (asOf: string, r: EvaluateResult) => void; onError?: (e: unknown) => void },
): () => void {
  const today = opts.today ?? (() => localDate(new Date().toISOString(), opts.timezone));
  let last = today();
  let running = false;
  const timer = setInterval(() => {
    const d = today();
    if (d === last || running) return;
    running = true;
    reevaluateOpenCases(db, { asOf: d })
      .then((r) => { last = d; opts.onRun?.(d, r); })
      .catch((e: unknown) => opts.onError?.(e))
      .finally(() => { running = false; });
  }, opts.everyMs ?? 600_000);
  timer.unref();
  return () => clearInterval(timer);
}
