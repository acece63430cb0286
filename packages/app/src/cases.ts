import {
  chinaCalendar, type CalendarYear, type CaseDoc, type CaseEvent, type ExternalRecord, type LegalCalendar,
} from '@kaohe/core';
import { dayOf, daysOf, isoOf, jsonOf, type CaseKey, type Queryable } from '@kaohe/store';

/** Keys as two parallel arrays for `= ANY` joins (works the same on PGlite and pg). */
function keyArrays(keys: readonly CaseKey[]): [string[], string[]] {
  return [keys.map((k) => k.agency), keys.map((k) => k.caseId)];
}

/**
 * Rebuilds interchange case documents (as the rule engine reads them) from the stored cases and events.
 * The party's ID number is not loaded: no rule needs it. Events come ordered by instant.
 */
export async function loadCaseDocs(db: Queryable, keys: readonly CaseKey[]): Promise<CaseDoc[]> {
  if (!keys.length) return [];
  const [agencies, ids] = keyArrays(keys);
  const cases = await db.query<Record<string, unknown>>(
    `SELECT c.* FROM cases c JOIN unnest($1::text[], $2::text[]) k(a, i) ON c.agency_id = k.a AND c.case_id = k.i`,
    [agencies, ids],
  );
  const events = await db.query<Record<string, unknown>>(
    `SELECT e.agency_id, e.case_id, e.event_id, e.type, e.at, e.by, e.records, e.attrs
       FROM events e JOIN unnest($1::text[], $2::text[]) k(a, i) ON e.agency_id = k.a AND e.case_id = k.i
      ORDER BY e.agency_id, e.case_id, e.at, e.event_id`,
    [agencies, ids],
  );
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events.rows) {
    const key = `${e.agency_id}\u0000${e.case_id}`;
    const ev: CaseEvent = { ...jsonOf<Record<string, unknown>>(e.attrs), id: String(e.event_id), type: String(e.type), at: isoOf(e.at)! };
    const by = e.by as string[] | null;
    if (by?.length) ev.by = by;
    const rec = e.records as CaseEvent['records'] | null;
    if (rec?.length) ev.records = rec;
    (byCase.get(key) ?? byCase.set(key, []).get(key)!).push(ev);
  }
  return cases.rows.map((c) => {
    const doc: CaseDoc = { schema: 'kaohe.case/v1', id: String(c.case_id), agency: String(c.agency_id), events: byCase.get(`${c.agency_id}\u0000${c.case_id}`) ?? [] };
    if (c.domain) doc.domain = c.domain as CaseDoc['domain'];
    if (c.procedure) doc.procedure = c.procedure as CaseDoc['procedure'];
    if (c.party) doc.party = jsonOf(c.party);
    if (c.violation) doc.violation = jsonOf(c.violation);
    if (c.major !== null && c.major !== undefined) doc.major = Boolean(c.major);
    if (c.complex !== null && c.complex !== undefined) doc.complex = Boolean(c.complex);
    if (c.staff) doc.staff = jsonOf(c.staff);
    if (c.penalty) doc.penalty = jsonOf(c.penalty);
    return doc;
  });
}

/** External records tied to these cases (reconsideration, litigation … — art. 48 withdrawal needs them). */
export async function loadCaseRecords(db: Queryable, keys: readonly CaseKey[]): Promise<Map<string, ExternalRecord[]>> {
  const out = new Map<string, ExternalRecord[]>();
  if (!keys.length) return out;
  const [agencies, ids] = keyArrays(keys);
  const r = await db.query<Record<string, unknown>>(
    `SELECT r.agency_id, r.kind, r.record_id, r.case_id, r.attrs FROM records r
       JOIN unnest($1::text[], $2::text[]) k(a, i) ON r.agency_id = k.a AND r.case_id = k.i`,
    [agencies, ids],
  );
  for (const row of r.rows) {
    const rec = { ...jsonOf<Record<string, unknown>>(row.attrs), kind: row.kind, id: row.record_id, agency: row.agency_id, caseId: row.case_id } as ExternalRecord;
    const key = `${row.agency_id}\u0000${row.case_id}`;
    (out.get(key) ?? out.set(key, []).get(key)!).push(rec);
  }
  return out;
}

/** Credential validity of the registered people named by these cases (art. 42 / art. 55 with a registry). */
export async function loadCredentials(db: Queryable, codes: readonly string[]) {
  const valid = new Map<string, { from: string | null; to: string | null }>();
  // accountability decisions (暂扣执法证件 / 取消执法资格): days on which the credential is suspended or cancelled
  const sanctions = new Map<string, { from: string; until: string | null }[]>();
  if (codes.length) {
    const r = await db.query<Record<string, unknown>>(
      'SELECT code, credential_valid_from, credential_valid_to FROM people WHERE code = ANY($1::text[])', [codes],
    );
    for (const p of r.rows) {
      valid.set(String(p.code), {
        from: p.credential_valid_from ? dayOf(p.credential_valid_from) : null,
        to: p.credential_valid_to ? dayOf(p.credential_valid_to) : null,
      });
    }
    const s = await db.query<Record<string, unknown>>(
      `SELECT person_code, from_on, CASE WHEN lifted_on IS NOT NULL AND (until_on IS NULL OR lifted_on <= until_on) THEN lifted_on - 1 ELSE until_on END AS until_on
         FROM credential_sanctions WHERE person_code = ANY($1::text[])`, [codes],
    );
    for (const x of s.rows) {
      const list = sanctions.get(String(x.person_code)) ?? sanctions.set(String(x.person_code), []).get(String(x.person_code))!;
      list.push({ from: dayOf(x.from_on)!, until: x.until_on ? dayOf(x.until_on) : null });
    }
  }
  return {
    personCredentialValid(code: string, date: string): boolean | undefined {
      const c = valid.get(code);
      if (!c) return undefined; // not registered: flagged elsewhere, not judged here
      if (sanctions.get(code)?.some((s) => s.from <= date && (s.until === null || date <= s.until))) return false;
      return c.from !== null && c.to !== null && c.from <= date && date <= c.to;
    },
  };
}

/** The legal calendar: the seeded official schedules plus every year an administrator loaded (which wins). */
export async function loadCalendar(db: Queryable): Promise<LegalCalendar> {
  const r = await db.query<Record<string, unknown>>('SELECT year, holidays, workdays, source FROM calendars ORDER BY year');
  const years: CalendarYear[] = r.rows.map((y) => ({
    year: Number(y.year),
    holidays: daysOf(y.holidays),
    workdays: daysOf(y.workdays),
    ...(y.source ? { source: String(y.source) } : {}),
  }));
  return chinaCalendar(years);
}
