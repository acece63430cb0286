/**
 * Due process (立案 → 调查 → 告知拟处理意见 → 陈述申辩 → 决定 → 送达 → 复核/申诉 → 执行 → 结案): every step goes through
 * core's `matterTransition` (in order, by an authorised role) and commits with its event row (actor, day, the next
 * step's due day on the legal calendar) and its audit entry in one transaction. A refused step changes nothing and
 * returns the machine's bilingual reason.
 */
import { matterTransition, type AppealOutcome, type MatterProcessState } from '@kaohe/core';
import { audit, dayOf, jsonOf, num, type Db, type Tx } from '@kaohe/store';
import { loadCalendar } from '../cases.ts';
import type { Actor } from '../warnings.ts';
import { ATTACHMENTS_PER_STEP, checkAttachment, type AttachmentInput, type CheckedAttachment } from './attachments.ts';
import { dueOfStep } from './calendar.ts';
import type { MatterScope } from './open.ts';
import { scopedMatterRow } from './queries.ts';
import { failure, type MatterResult } from './result.ts';

/** Who acts, as the state machine knows them: the bureau, the department, or the officer the matter names. */
export type { MatterActorRole } from '@kaohe/core';
import type { MatterActorRole } from '@kaohe/core';

export interface MatterActor extends Actor {
  /** the role the caller acts in (the server's policy has checked the user holds it) */
  as: MatterActorRole;
  /** an officer's person code */
  personCode?: string | null;
}

export interface StepContext {
  tx: Tx;
  matter: Record<string, unknown>;
  id: number;
  from: string;
  to: string;
  today: string;
  /** the event row of this step (attachments and decisions refer to it) */
  eventId: number;
}

export interface StepRequest<T> {
  action: string;
  today: string;
  text?: string;
  /** decide-appeal: the outcome the machine needs */
  outcome?: AppealOutcome;
  attachments?: readonly AttachmentInput[];
  /** audit and event detail */
  detail?: Record<string, unknown>;
  /** the step's own work, inside the transaction (may still refuse: everything rolls back) */
  apply?: (c: StepContext) => Promise<MatterResult<T>>;
  /** checks before the machine is asked (e.g. an officer answers only his own matter) */
  guard?: (tx: Tx, matter: Record<string, unknown>) => Promise<MatterFailure | null>;
}

type MatterFailure = Extract<MatterResult<never>, { ok: false }>;

/** An officer acts only on a matter that names him. */
export async function officerGuard(tx: Tx, id: number, actor: MatterActor): Promise<MatterFailure | null> {
  if (actor.as !== 'officer') return null;
  if (!actor.personCode) return failure('not-found', { zh: '事项不存在', en: 'matter not found' });
  const r = await tx.query('SELECT 1 FROM matter_people WHERE matter_id = $1 AND person_code = $2', [id, actor.personCode]);
  return r.rows.length ? null : failure('not-found', { zh: '事项不存在', en: 'matter not found' });
}

/** Runs one due-process step on matter `id`. */
export async function runStep<T>(db: Db, id: number, actor: MatterActor, req: StepRequest<T>, scope?: MatterScope): Promise<MatterResult<{ step: string; stepDue: string | null } & { result?: T }>> {
  const files: CheckedAttachment[] = [];
  if ((req.attachments?.length ?? 0) > ATTACHMENTS_PER_STEP) return failure('validation', { zh: `附件不超过 ${ATTACHMENTS_PER_STEP} 个`, en: `at most ${ATTACHMENTS_PER_STEP} attachments` });
  for (const a of req.attachments ?? []) {
    const c = checkAttachment(a);
    if (!c.ok) return failure('validation', c.reason);
    files.push(c.file);
  }
  return db.transaction(async (tx) => {
    const m = await scopedMatterRow(tx, id, scope, true);
    if (!m) return failure('not-found', { zh: '事项不存在', en: 'matter not found' });
    const g = (await officerGuard(tx, id, actor)) ?? (await req.guard?.(tx, m)) ?? null;
    if (g) return g;
    const from = String(m.step);
    const state = jsonOf<MatterProcessState>(m.process);
    const calendar = await loadCalendar(tx);
    const t = matterTransition(state, req.action, actor.as, { on: req.today, calendar, outcome: req.outcome });
    if (!t.ok) return failure('refused', t.reason);
    const next = t.next;
    const to = next.step;
    const moved = to !== from || next.since !== state.since;
    const due = moved ? await dueOfStep(tx, to, next.since, calendar) : { day: dayOf(m.step_due), provisional: ((m.step_due_provisional as unknown[]) ?? []).map(Number) };
    const ev = await tx.query<{ id: unknown }>(
      `INSERT INTO matter_events (matter_id, region_code, agency_id, action, from_step, to_step, actor, actor_role, person_code, at, on_day, due_on, text, detail)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,now(),$10,$11,$12,$13) RETURNING id`,
      [id, m.region_code, m.agency_id, req.action, from, to, actor.username, actor.as, actor.personCode ?? null, req.today, due.day, req.text ?? '', JSON.stringify(req.detail ?? {})],
    );
    const eventId = num(ev.rows[0]!.id);
    for (const f of files) {
      await tx.query(
        `INSERT INTO matter_attachments (matter_id, region_code, agency_id, event_id, name, content_type, size, sha256, content, uploaded_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [id, m.region_code, m.agency_id, eventId, f.name, f.contentType, f.size, f.sha256, f.content, actor.username],
      );
    }
    let result: T | undefined;
    if (req.apply) {
      const r = await req.apply({ tx, matter: m, id, from, to, today: req.today, eventId });
      if (!r.ok) throw new Refusal(r);
      result = r.value;
    }
    await tx.query('UPDATE matters SET step = $2, step_since = $3, step_due = $4, step_due_provisional = $5, process = $6, updated_at = now() WHERE id = $1',
      [id, to, next.since, due.day, `{${due.provisional.join(',')}}`, JSON.stringify(next)]);
    await audit(tx, {
      actor: actor.username, role: actor.role, ip: actor.ip, action: `matter.${req.action}`, target: `matter:${id}`,
      detail: {
        number: m.number, agency: m.agency_id, from, to, as: actor.as, day: req.today, due: due.day, ...(actor.personCode ? { person: actor.personCode } : {}),
        attachments: files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size })), ...(req.detail ?? {}),
      },
    });
    return { ok: true, value: { step: to, stepDue: due.day, ...(result === undefined ? {} : { result }) } } as const;
  }).catch((e: unknown) => {
    if (e instanceof Refusal) return e.failure;
    throw e;
  });
}

/** Thrown inside the transaction to roll back a step whose own work refused; turned back into its result. */
class Refusal extends Error {
  constructor(readonly failure: MatterFailure) { super(failure.reason.en); }
}
