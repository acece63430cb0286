import type { Localized, Warning } from '../../api.ts';

export interface Party { type?: 'person' | 'org'; name?: string; idNumber?: string; creditCode?: string; [k: string]: unknown; }
export interface Penalty { kinds?: string[]; fine?: number; confiscated?: number; }
export interface CaseSummary {
  id: string; agency: string; agencyName?: string; domain?: string; procedure?: string; status?: string;
  party?: Party | null; partyName?: string; fine?: number | null; item?: string | null; flags?: string[]; region?: string; openedOn?: string | null; decidedOn?: string | null; penalty?: Penalty;
  warnings?: number; violated?: number; pending?: number;
}
export interface Finding {
  rule: string; status: 'violated' | 'pending' | 'advisory' | 'ok' | string; dueOn?: string | null; actOn?: string | null;
  message?: Localized | string; eventId?: string; event?: string; warningId?: string; id?: string; provisional?: boolean | string;
}
export interface CaseEvent {
  id: string; type: string; at: string; localDate?: string; attrs?: Record<string, unknown>; by?: string[]; records?: string[]; note?: string; findings?: Finding[]; [k: string]: unknown;
}
export interface CaseDetail extends CaseSummary {
  violation?: { item?: string; occurredOn?: string; circumstance?: string };
  staff?: { handlers?: string[]; reviewer?: string; approver?: string };
  major?: boolean; complex?: boolean;
  events: CaseEvent[];
  findings?: Finding[];
  /** findings that name no event of the case (a missing act) */
  caseFindings?: Finding[];
}

/** Warnings of the case as findings of its events (by `eventId`); the others judge the case as a whole. */
export function withWarnings(c: CaseDetail, warnings: Warning[]): CaseDetail {
  if (warnings.length === 0) return c;
  const ids = new Set(c.events.map((e) => e.id));
  const toFinding = (w: Warning): Finding => ({
    rule: w.rule, status: w.status, dueOn: w.dueOn, actOn: w.actOn, message: w.message, eventId: w.eventId ?? undefined,
    warningId: String(w.id), provisional: (w.provisional ?? []).length > 0,
  });
  const events = c.events.map((e) => {
    const own = warnings.filter((w) => w.eventId === e.id).map(toFinding);
    const known = new Set((e.findings ?? []).map((f) => f.rule));
    return own.length ? { ...e, findings: [...(e.findings ?? []), ...own.filter((f) => !known.has(f.rule))] } : e;
  });
  const caseFindings = warnings.filter((w) => !w.eventId || !ids.has(w.eventId)).map(toFinding);
  return { ...c, events, caseFindings };
}

/** Tolerate `{ case, events, findings }` as well as a flat case with `events`. */
export function normaliseCase(v: unknown): CaseDetail {
  const o = (v ?? {}) as Record<string, unknown>;
  const base = (o.case && typeof o.case === 'object' ? o.case : o) as CaseDetail;
  const events = ((o.events ?? base.events ?? []) as CaseEvent[]).slice();
  const findings = (o.findings ?? base.findings ?? []) as Finding[];
  const byEvent = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = f.eventId ?? f.event;
    if (k) byEvent.set(k, [...(byEvent.get(k) ?? []), f]);
  }
  const withFindings = events.map((e) => ({ ...e, findings: e.findings ?? byEvent.get(e.id) ?? [] }));
  return { ...base, events: withFindings, findings };
}
