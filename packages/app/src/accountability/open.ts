/**
 * Opening a matter (立案): from one or several warnings (pre-classified by their rule), from a reconsideration or
 * litigation reversal record, from a verified complaint, or by hand. The chain's people are found on the case:
 * its staff fields first (handlers, reviewer, approver), else the acts that show them (investigation → handler,
 * review.completed → reviewer, decision.made by someone other than a handler → approver).
 */
import { categoryOfRule, initialMatterState, matterCategory, matterSource, MATTER_START_STEP, type Message } from '@kaohe/core';
import { audit, jsonOf, num, type Db, type Queryable, type Tx } from '@kaohe/store';
import type { Actor } from '../warnings.ts';
import { failure, type MatterResult } from './result.ts';
import { dueOfStep } from './calendar.ts';

export type ChainRole = 'handler' | 'reviewer' | 'approver' | 'principal' | 'member';

export interface ChainPerson {
  person: string;
  role: ChainRole;
}

export interface OpenMatterInput {
  /** an open list: warning, reversal, complaint, review, discretion, manual … */
  source: string;
  /** source `warning`: the warnings (all of one department) */
  warningIds?: readonly number[];
  /** source `reversal` / `complaint`: the external record */
  record?: { agency: string; kind: string; id: string };
  /** source `manual` (or in addition): the cases concerned */
  cases?: readonly { agency: string; caseId: string }[];
  /** by hand, or to override the pre-classification */
  category?: string;
  subtype?: string;
  title?: string;
  summary?: string;
  /** replaces the chain found on the cases */
  people?: readonly ChainPerson[];
  /** the local day it is opened (the jurisdiction's date) */
  today: string;
}

/** The condition keeping a department, a region or an officer inside its scope, over `matters m` (from the policy layer). */
export type MatterScope = (first: number) => { sql: string; params: unknown[] };

interface CaseRow { agency_id: string; case_id: string; region_code: string; staff: unknown }

/** The chain of a case as its staff fields and acts show it. */
export async function chainOfCase(db: Queryable, agency: string, caseId: string): Promise<ChainPerson[]> {
  const c = (await db.query<{ staff: unknown }>('SELECT staff FROM cases WHERE agency_id = $1 AND case_id = $2', [agency, caseId])).rows[0];
  const staff = jsonOf<{ handlers?: string[]; reviewer?: string; approver?: string } | null>(c?.staff) ?? {};
  const ev = await db.query<{ type: string; by: string[] | null }>(
    `SELECT type, by FROM events WHERE agency_id = $1 AND case_id = $2 AND type IN ('investigation', 'review.completed', 'decision.made') ORDER BY at, event_id`,
    [agency, caseId],
  );
  const handlers = staff.handlers?.length ? [...staff.handlers] : [...new Set(ev.rows.filter((e) => e.type === 'investigation').flatMap((e) => e.by ?? []))];
  const reviewer = staff.reviewer ?? ev.rows.find((e) => e.type === 'review.completed' && e.by?.length)?.by?.[0];
  const approver = staff.approver ?? ev.rows.filter((e) => e.type === 'decision.made').flatMap((e) => e.by ?? []).find((p) => !handlers.includes(p));
  return [
    ...handlers.map((p) => ({ person: p, role: 'handler' as const })),
    ...(reviewer ? [{ person: reviewer, role: 'reviewer' as const }] : []),
    ...(approver ? [{ person: approver, role: 'approver' as const }] : []),
  ];
}

function dedupe(people: readonly ChainPerson[]): ChainPerson[] {
  const seen = new Set<string>();
  return people.filter((p) => { const k = `${p.person}\u0000${p.role}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** Serialises the numbering of a region's matters and decisions until the transaction ends. */
export async function lockRegionNumbers(tx: Tx, region: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(730615, hashtext($1))', [region]);
}

/** The matter number 追责〔2026〕N号: the next in the region and year. */
async function nextNumber(tx: Tx, region: string, year: string): Promise<string> {
  await lockRegionNumbers(tx, region);
  const r = await tx.query<{ n: unknown }>(`SELECT count(*) AS n FROM matters WHERE region_code = $1 AND to_char(opened_on, 'YYYY') = $2`, [region, year]);
  return `追责〔${year}〕${num(r.rows[0]?.n) + 1}号`;
}

const bad = (zh: string, en: string): MatterResult<never> => failure('validation', { zh, en });

/**
 * Opens a matter at its first step (立案), with its cases, the chain's people and the source's references; the
 * matter, its first event and the audit entry commit together. Returns the new matter's id.
 */
export async function openMatter(db: Db, input: OpenMatterInput, actor: Actor, scope?: MatterScope): Promise<MatterResult<{ id: number; number: string }>> {
  return db.transaction(async (tx) => {
    const cases = new Map<string, { agency: string; caseId: string; warnings: number[] }>();
    const refs: unknown[] = [];
    let category = input.category;
    let subtype = input.subtype;
    let title = input.title;
    const rules: string[] = [];
    if (!matterSource(input.source)) return bad(`未知追责来源 ${input.source}`, `unknown matter source ${input.source}`);
    if (input.source === 'warning') {
      const ids = [...new Set(input.warningIds ?? [])];
      if (!ids.length) return bad('请选择预警', 'no warning given');
      const w = await tx.query<{ id: unknown; agency_id: string; case_id: string; rule: string; state: string }>(
        'SELECT id, agency_id, case_id, rule, state FROM warnings WHERE id = ANY($1::bigint[]) ORDER BY id', [ids],
      );
      if (w.rows.length !== ids.length) return failure('not-found', { zh: '预警不存在', en: 'warning not found' });
      if (w.rows.some((x) => x.state === 'cleared')) return bad('已消除的预警不能立案', 'a cleared warning cannot open a matter');
      for (const x of w.rows) {
        const k = `${x.agency_id}\u0000${x.case_id}`;
        const c = cases.get(k) ?? cases.set(k, { agency: x.agency_id, caseId: x.case_id, warnings: [] }).get(k)!;
        c.warnings.push(num(x.id));
        rules.push(x.rule);
        refs.push({ kind: 'warning', id: num(x.id), rule: x.rule });
      }
      const first = rules.map((r) => categoryOfRule(r)).find((c) => c);
      if (!category && first) { category = first.category; subtype = first.subtype; }
    } else if (input.source === 'reversal' || input.source === 'complaint') {
      const rec = input.record;
      if (!rec) return bad('请选择来源记录', 'no source record given');
      const r = (await tx.query<{ case_id: string | null; attrs: unknown }>(
        'SELECT case_id, attrs FROM records WHERE agency_id = $1 AND kind = $2 AND record_id = $3', [rec.agency, rec.kind, rec.id],
      )).rows[0];
      if (!r) return failure('not-found', { zh: '来源记录不存在', en: 'source record not found' });
      const attrs = jsonOf<Record<string, unknown>>(r.attrs) ?? {};
      if (input.source === 'reversal' && !['revoked', 'changed', 'confirmed-illegal', 'ordered-to-act'].includes(String(attrs.outcome))) {
        return bad('该复议/诉讼结果未撤销、变更或确认违法，不能作为追责来源', 'the reconsideration/litigation outcome is not a reversal');
      }
      if (input.source === 'complaint' && attrs.verified !== true) return bad('投诉未经核实，不能作为追责来源', 'the complaint is not verified');
      if (r.case_id) cases.set(`${rec.agency}\u0000${r.case_id}`, { agency: rec.agency, caseId: r.case_id, warnings: [] });
      refs.push({ kind: 'record', agency: rec.agency, recordKind: rec.kind, id: rec.id, outcome: attrs.outcome ?? null });
    } else if (!input.cases?.length && !input.people?.length) {
      return bad('手工立案须指明案件或当事人员', 'a matter opened by hand names its cases or people');
    }
    for (const c of input.cases ?? []) {
      const k = `${c.agency}\u0000${c.caseId}`;
      if (!cases.has(k)) cases.set(k, { ...c, warnings: [] });
    }
    if (!category) return bad('请选择追责类别', 'a category is required');
    const cat = matterCategory(category);
    if (!cat) return bad(`未知追责类别 ${category}`, `unknown category ${category}`);
    if (subtype && !cat.subtypes.some((s) => s.code === subtype)) return bad(`类别「${cat.label.zh}」下无子类 ${subtype}`, `no subtype ${subtype} under ${cat.code}`);

    const rows: CaseRow[] = [];
    for (const c of cases.values()) {
      const r = (await tx.query<CaseRow>('SELECT agency_id, case_id, region_code, staff FROM cases WHERE agency_id = $1 AND case_id = $2', [c.agency, c.caseId])).rows[0];
      if (!r) return failure('not-found', { zh: `案件 ${c.caseId} 不存在`, en: `case ${c.caseId} not found` });
      rows.push(r);
    }
    const agencies = new Set(rows.map((r) => r.agency_id));
    let agency = [...agencies][0];
    if (agencies.size > 1) return bad('一个追责事项只涉及一个执法部门', 'a matter concerns one department');
    if (!agency) {
      const p = input.people?.[0] && (await tx.query<{ agency_id: string }>('SELECT agency_id FROM people WHERE code = $1', [input.people[0].person])).rows[0];
      if (!p) return failure('not-found', { zh: '人员不存在', en: 'person not found' });
      agency = p.agency_id;
    }
    const ag = (await tx.query<{ region_code: string; name: string }>('SELECT region_code, name FROM agencies WHERE code = $1', [agency])).rows[0];
    const region = ag?.region_code ?? rows[0]?.region_code;
    if (!region) return failure('not-found', { zh: `部门 ${agency} 未登记`, en: `agency ${agency} is not registered` });
    if (scope) {
      const s = scope(3);
      const ok = await tx.query(`SELECT 1 FROM (SELECT $1::text AS agency_id, $2::text AS region_code) m WHERE ${s.sql}`, [agency, region, ...s.params]);
      if (!ok.rows.length) return failure('not-found', { zh: '不在您的管辖范围内', en: 'outside your scope' });
    }
    let people = input.people?.length ? dedupe(input.people) : [];
    if (!people.length) for (const r of rows) people.push(...(await chainOfCase(tx, r.agency_id, r.case_id)));
    people = dedupe(people);
    const known = new Set((await tx.query<{ code: string }>('SELECT code FROM people WHERE code = ANY($1::text[])', [people.map((p) => p.person)])).rows.map((r) => r.code));
    const unknown = people.filter((p) => !known.has(p.person)).map((p) => p.person);
    if (unknown.length) return bad(`人员未登记：${unknown.join('、')}`, `people not registered: ${unknown.join(', ')}`);

    const number = await nextNumber(tx, region, input.today.slice(0, 4));
    const due = await dueOfStep(tx, MATTER_START_STEP, input.today);
    const label: Message = cat.label;
    title ??= `${ag?.name ?? agency}${rows.length ? ` ${rows.map((r) => r.case_id).join('、')}` : ''} ${label.zh}`;
    const m = await tx.query<{ id: unknown }>(
      `INSERT INTO matters (region_code, agency_id, number, title, source, source_refs, category, subtype, summary, step, step_since, step_due,
                            step_due_provisional, process, opened_by, opened_on)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$11) RETURNING id`,
      [region, agency, number, title, input.source, JSON.stringify(refs), category, subtype ?? null, input.summary ?? '', MATTER_START_STEP, input.today,
        due.day, `{${due.provisional.join(',')}}`, JSON.stringify(initialMatterState(input.today)), actor.username],
    );
    const id = num(m.rows[0]!.id);
    for (const r of rows) {
      await tx.query('INSERT INTO matter_cases (matter_id, region_code, agency_id, case_id, warning_ids) VALUES ($1,$2,$3,$4,$5)',
        [id, r.region_code, r.agency_id, r.case_id, `{${cases.get(`${r.agency_id}\u0000${r.case_id}`)!.warnings.join(',')}}`]);
    }
    for (const p of people) {
      await tx.query('INSERT INTO matter_people (matter_id, region_code, agency_id, person_code, chain_role) VALUES ($1,$2,$3,$4,$5)', [id, region, agency, p.person, p.role]);
    }
    await tx.query(
      `INSERT INTO matter_events (matter_id, region_code, agency_id, action, from_step, to_step, actor, actor_role, at, on_day, due_on, text, detail)
       VALUES ($1,$2,$3,'open',NULL,$4,$5,$6,now(),$7,$8,$9,$10)`,
      [id, region, agency, MATTER_START_STEP, actor.username, actor.role ?? '', input.today, due.day, input.summary ?? '', JSON.stringify({ source: input.source, refs })],
    );
    await audit(tx, {
      actor: actor.username, role: actor.role, ip: actor.ip, action: 'matter.open', target: `matter:${id}`,
      detail: { number, agency, source: input.source, refs, category, subtype: subtype ?? null, people: people.map((p) => `${p.role}:${p.person}`), step: MATTER_START_STEP },
    });
    return { ok: true, value: { id, number } } as const;
  });
}
