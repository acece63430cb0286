import type { Db, StoreStatus, BatchRow } from '@kaohe/store';
import { storeStatus, listBatches, num } from '@kaohe/store';

export type Status = StoreStatus;

/**
 * What the database holds: registry sizes, cases/events/records, import batches, and how many distinct agency,
 * item and person codes are referenced by cases without being registered.
 */
export async function status(db: Db): Promise<Status> {
  return storeStatus(db);
}

/** The latest import batches, newest first (errors omitted; see getBatch). */
export async function recentBatches(db: Db, limit = 20): Promise<BatchRow[]> {
  return listBatches(db, limit);
}

/** The SQL condition of a caller's scope for a row's agency and region columns; its parameters are numbered from $1. */
export type StatusScope = (cols: { agency: string; region: string }) => { sql: string; params: unknown[] };

/**
 * What the database holds, inside one scope (a department's admin: its agency; a supervisor: its region): the
 * agencies, people, cases, events and records of the scope, the import batches made by users of the scope, and the
 * unregistered codes its cases name. The enforcement-item catalogue is shared by every department, so its size is
 * the whole catalogue's. Every condition takes the same parameters (the scope's agency or region prefix).
 */
export async function scopedStatus(db: Db, scope: StatusScope): Promise<Status> {
  const c = (agency: string, region: string) => scope({ agency, region });
  const cases = c('c.agency_id', 'c.region_code');
  const params = cases.params;
  const r = await db.query<Record<string, unknown>>(`SELECT
    (SELECT count(*) FROM agencies a WHERE ${c('a.code', 'a.region_code').sql}) AS agencies,
    (SELECT count(*) FROM people p WHERE ${c('p.agency_id', 'p.region_code').sql}) AS people,
    (SELECT count(*) FROM items) AS items,
    (SELECT count(*) FROM cases c WHERE ${cases.sql}) AS cases,
    (SELECT count(*) FROM events e WHERE ${c('e.agency_id', 'e.region_code').sql}) AS events,
    (SELECT count(*) FROM records r WHERE ${c('r.agency_id', 'r.region_code').sql}) AS records,
    (SELECT count(*) FROM import_batches b JOIN users u ON u.username = b.by_user LEFT JOIN agencies ua ON ua.code = u.agency_id
      WHERE ${c('u.agency_id', 'coalesce(u.region_code, ua.region_code)').sql}) AS batches,
    (SELECT count(DISTINCT c.agency_id) FROM cases c WHERE ${cases.sql} AND NOT EXISTS (SELECT 1 FROM agencies a WHERE a.code = c.agency_id)) AS u_agencies,
    (SELECT count(DISTINCT c.item_code) FROM cases c WHERE ${cases.sql} AND c.item_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM items i WHERE i.code = c.item_code)) AS u_items,
    (SELECT count(*) FROM (SELECT s.code FROM cases c, unnest(c.staff_codes) AS s(code) WHERE ${cases.sql} AND 'unregistered-person' = ANY (c.flags)
       UNION SELECT s.code FROM cases c JOIN events e ON e.agency_id = c.agency_id AND e.case_id = c.case_id, unnest(e.by) AS s(code)
        WHERE ${cases.sql} AND 'unregistered-person' = ANY (c.flags)) x
      WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.code = x.code)) AS u_people`, params);
  const x = r.rows[0]!;
  return {
    agencies: num(x.agencies), people: num(x.people), items: num(x.items), cases: num(x.cases), events: num(x.events),
    records: num(x.records), batches: num(x.batches),
    unregistered: { agencies: num(x.u_agencies), items: num(x.u_items), people: num(x.u_people) },
  };
}
