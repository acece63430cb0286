/** The matter list (filters, overdue steps), one matter with its timeline, and an attachment's content. */
import { daysBetween } from '@kaohe/core';
import { dayOf, isoOf, jsonOf, num, type Queryable } from '@kaohe/store';
import type { MatterScope } from './open.ts';

export interface MatterFilter {
  scope?: MatterScope;
  agency?: string;
  step?: string;
  category?: string;
  source?: string;
  /** only matters whose current step's due day is before `today` */
  overdue?: boolean;
  /** matters naming this person */
  person?: string;
  openedFrom?: string;
  openedTo?: string;
  /** the local day overdue is judged on */
  today: string;
  page?: number;
  pageSize?: number;
  sort?: 'opened_on' | 'step_due' | 'number' | 'agency_id';
  order?: 'asc' | 'desc';
}

export interface MatterPerson {
  person: string;
  name: string | null;
  role: string;
  level: string | null;
  reason: { zh: string; en: string } | null;
  rule: string | null;
}

export interface MatterSummary {
  id: number;
  number: string;
  title: string;
  region: string;
  agency: string;
  agencyName: string | null;
  source: string;
  category: string;
  subtype: string | null;
  step: string;
  stepSince: string;
  stepDue: string | null;
  provisional: number[];
  /** days past the current step's due day (0: on time or no deadline) */
  overdueDays: number;
  established: boolean;
  openedOn: string;
  openedBy: string;
  people: MatterPerson[];
}

function where(f: MatterFilter): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => { params.push(v); conds.push(sql.replaceAll('?', `$${params.length}`)); };
  if (f.agency) add('m.agency_id = ?', f.agency);
  if (f.step) add('m.step = ?', f.step);
  if (f.category) add('m.category = ?', f.category);
  if (f.source) add('m.source = ?', f.source);
  if (f.overdue) add('m.step_due < ?::date', f.today);
  if (f.person) add('EXISTS (SELECT 1 FROM matter_people mp WHERE mp.matter_id = m.id AND mp.person_code = ?)', f.person);
  if (f.openedFrom) add('m.opened_on >= ?::date', f.openedFrom);
  if (f.openedTo) add('m.opened_on <= ?::date', f.openedTo);
  if (f.scope) {
    const c = f.scope(params.length + 1);
    params.push(...c.params);
    conds.push(c.sql);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

const overdueDays = (due: string | null, today: string): number =>
  due && due < today ? daysBetween(due, today) : 0;

async function peopleOf(db: Queryable, ids: number[]): Promise<Map<number, MatterPerson[]>> {
  const out = new Map<number, MatterPerson[]>(ids.map((i) => [i, []]));
  if (!ids.length) return out;
  const r = await db.query<Record<string, unknown>>(
    `SELECT mp.matter_id, mp.person_code, mp.chain_role, mp.level, mp.reason, mp.rule, p.name
       FROM matter_people mp LEFT JOIN people p ON p.code = mp.person_code
      WHERE mp.matter_id = ANY($1::bigint[])
      ORDER BY mp.matter_id, array_position(ARRAY['handler','reviewer','approver','principal','member'], mp.chain_role), mp.person_code`,
    [ids],
  );
  for (const x of r.rows) {
    out.get(num(x.matter_id))!.push({
      person: String(x.person_code), name: (x.name as string | null) ?? null, role: String(x.chain_role), level: (x.level as string | null) ?? null,
      reason: jsonOf(x.reason), rule: (x.rule as string | null) ?? null,
    });
  }
  return out;
}

function summaryOf(r: Record<string, unknown>, people: MatterPerson[], today: string): MatterSummary {
  const due = dayOf(r.step_due);
  return {
    id: num(r.id), number: String(r.number), title: String(r.title), region: String(r.region_code), agency: String(r.agency_id),
    agencyName: (r.agency_name as string | null) ?? null, source: String(r.source), category: String(r.category), subtype: (r.subtype as string | null) ?? null,
    step: String(r.step), stepSince: dayOf(r.step_since)!, stepDue: due, provisional: ((r.step_due_provisional as unknown[]) ?? []).map(Number),
    overdueDays: overdueDays(due, today), established: Boolean(r.established), openedOn: dayOf(r.opened_on)!, openedBy: String(r.opened_by), people,
  };
}

const SELECT = 'SELECT m.*, a.name AS agency_name FROM matters m LEFT JOIN agencies a ON a.code = m.agency_id';

/** The matter list 追责事项清单, filtered, sorted and paged, each with its people and overdue days. */
export async function listMatters(db: Queryable, f: MatterFilter): Promise<{ items: MatterSummary[]; total: number }> {
  const { sql, params } = where(f);
  const pageSize = Math.min(10000, Math.max(1, f.pageSize ?? 20));
  const page = Math.max(1, f.page ?? 1);
  const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM matters m ${sql}`, params)).rows[0]?.n);
  const rows = await db.query<Record<string, unknown>>(
    `${SELECT} ${sql} ORDER BY m.${f.sort ?? 'opened_on'} ${f.order === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, m.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params,
  );
  const people = await peopleOf(db, rows.rows.map((r) => num(r.id)));
  return { items: rows.rows.map((r) => summaryOf(r, people.get(num(r.id)) ?? [], f.today)), total };
}

export interface MatterDetail extends MatterSummary {
  summary: string;
  sourceRefs: unknown[];
  facts: Record<string, unknown>;
  evaluation: unknown;
  ruleSet: string | null;
  cases: { agency: string; caseId: string; warningIds: number[] }[];
  events: { id: number; action: string; from: string | null; to: string; actor: string; actorRole: string; person: string | null; at: string; onDay: string; dueOn: string | null; text: string; detail: Record<string, unknown> }[];
  attachments: { id: number; eventId: number | null; name: string; contentType: string; size: number; sha256: string; uploadedBy: string; at: string }[];
  decisions: { id: number; person: string | null; kind: string; proposedKind: string; severity: number; grading: unknown; category: string; number: string; text: string; decidedOn: string; servedOn: string | null; status: string; decidedBy: string }[];
  appeals: { id: number; decisionId: number; person: string | null; filedBy: string; filedOn: string; grounds: string; outcome: string | null; newKind: string | null; decidedOn: string | null; decidedBy: string | null; reasoning: string | null }[];
}

/** The matter row locked or read inside the caller's scope, or null. */
export async function scopedMatterRow(db: Queryable, id: number, scope?: MatterScope, lock = false): Promise<Record<string, unknown> | null> {
  const c = scope?.(2);
  const r = await db.query<Record<string, unknown>>(`SELECT m.* FROM matters m WHERE m.id = $1${c ? ` AND ${c.sql}` : ''}${lock ? ' FOR UPDATE OF m' : ''}`, [id, ...(c?.params ?? [])]);
  return r.rows[0] ?? null;
}

/** One matter with its cases, people, timeline, attachments (without content), decisions and appeals; null outside `scope`. */
export async function getMatter(db: Queryable, id: number, today: string, scope?: MatterScope): Promise<MatterDetail | null> {
  if (!(await scopedMatterRow(db, id, scope))) return null;
  const r = (await db.query<Record<string, unknown>>(`${SELECT} WHERE m.id = $1`, [id])).rows[0]!;
  const people = (await peopleOf(db, [id])).get(id) ?? [];
  const [cases, events, atts, decs, apps] = await Promise.all([
    db.query<Record<string, unknown>>('SELECT agency_id, case_id, warning_ids FROM matter_cases WHERE matter_id = $1 ORDER BY agency_id, case_id', [id]),
    db.query<Record<string, unknown>>('SELECT * FROM matter_events WHERE matter_id = $1 ORDER BY id', [id]),
    db.query<Record<string, unknown>>('SELECT id, event_id, name, content_type, size, sha256, uploaded_by, at FROM matter_attachments WHERE matter_id = $1 ORDER BY id', [id]),
    db.query<Record<string, unknown>>('SELECT * FROM matter_decisions WHERE matter_id = $1 ORDER BY id', [id]),
    db.query<Record<string, unknown>>('SELECT * FROM matter_appeals WHERE matter_id = $1 ORDER BY id', [id]),
  ]);
  return {
    ...summaryOf(r, people, today),
    summary: String(r.summary), sourceRefs: jsonOf<unknown[]>(r.source_refs) ?? [], facts: jsonOf<Record<string, unknown>>(r.facts) ?? {},
    evaluation: jsonOf(r.evaluation), ruleSet: (r.rule_set as string | null) ?? null,
    cases: cases.rows.map((c) => ({ agency: String(c.agency_id), caseId: String(c.case_id), warningIds: ((c.warning_ids as unknown[]) ?? []).map(Number) })),
    events: events.rows.map((e) => ({
      id: num(e.id), action: String(e.action), from: (e.from_step as string | null) ?? null, to: String(e.to_step), actor: String(e.actor), actorRole: String(e.actor_role),
      person: (e.person_code as string | null) ?? null, at: isoOf(e.at)!, onDay: dayOf(e.on_day)!, dueOn: dayOf(e.due_on), text: String(e.text), detail: jsonOf<Record<string, unknown>>(e.detail) ?? {},
    })),
    attachments: atts.rows.map((a) => ({
      id: num(a.id), eventId: a.event_id == null ? null : num(a.event_id), name: String(a.name), contentType: String(a.content_type), size: num(a.size),
      sha256: String(a.sha256), uploadedBy: String(a.uploaded_by), at: isoOf(a.at)!,
    })),
    decisions: decs.rows.map((d) => ({
      id: num(d.id), person: (d.person_code as string | null) ?? null, kind: String(d.kind), proposedKind: String(d.proposed_kind), severity: num(d.severity),
      grading: jsonOf(d.grading), category: String(d.category), number: String(d.number), text: String(d.text), decidedOn: dayOf(d.decided_on)!,
      servedOn: dayOf(d.served_on), status: String(d.status), decidedBy: String(d.decided_by),
    })),
    appeals: apps.rows.map((a) => ({
      id: num(a.id), decisionId: num(a.decision_id), person: (a.person_code as string | null) ?? null, filedBy: String(a.filed_by), filedOn: dayOf(a.filed_on)!,
      grounds: String(a.grounds), outcome: (a.outcome as string | null) ?? null, newKind: (a.new_kind as string | null) ?? null, decidedOn: dayOf(a.decided_on),
      decidedBy: (a.decided_by as string | null) ?? null, reasoning: (a.reasoning as string | null) ?? null,
    })),
  };
}

/** An attachment's content, when its matter is in `scope`. */
export async function getMatterAttachment(db: Queryable, matterId: number, attachmentId: number, scope?: MatterScope) {
  if (!(await scopedMatterRow(db, matterId, scope))) return null;
  const r = (await db.query<Record<string, unknown>>('SELECT name, content_type, content FROM matter_attachments WHERE id = $1 AND matter_id = $2', [attachmentId, matterId])).rows[0];
  if (!r) return null;
  const c = r.content as Uint8Array;
  return { name: String(r.name), contentType: String(r.content_type), content: Buffer.from(c.buffer, c.byteOffset, c.byteLength) };
}
