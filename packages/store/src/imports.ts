/**
 * Import repository: staging tables, the merge into the real tables, and the batch log. Used by the app's
 * `importFiles` inside one transaction: stage everything (COPY, on PostgreSQL and on PGlite), then merge with
 * INSERT … ON CONFLICT, so a batch is written entirely or not at all.
 */
import type { Db, Tx, Queryable } from './db.ts';
import { num } from './db.ts';

/** Columns of each staging table, in the order the app produces rows. */
export const STAGING = {
  s_agencies: ['seq', 'code', 'name', 'region_code', 'domain', 'level', 'parent', 'content_hash'],
  s_people: ['seq', 'code', 'name', 'agency_id', 'posts', 'credential_number', 'credential_valid_from', 'credential_valid_to', 'id_number_enc', 'id_number_idx', 'content_hash'],
  s_items: ['seq', 'code', 'version', 'name', 'domain', 'violated_article', 'penalty_article', 'kinds', 'range', 'multiple', 'tiers', 'issuer', 'effective', 'content_hash'],
  s_calendars: ['seq', 'year', 'holidays', 'workdays', 'source', 'content_hash'],
  // opened_ats / decided_ats: instants of the document's case.opened / decision.made events; event_by: every event
  // actor of the document (the dates and flags of a new case are derived from these, without reading events back)
  s_cases: ['seq', 'agency_id', 'case_id', 'event_only', 'domain', 'procedure', 'party', 'party_id_enc', 'party_id_idx', 'party_phone_enc', 'violation', 'item_code', 'major', 'complex', 'staff', 'staff_codes', 'penalty', 'extra', 'content_hash', 'opened_ats', 'decided_ats', 'event_by'],
  s_events: ['seq', 'agency_id', 'case_id', 'event_id', 'type', 'at', 'by', 'records', 'attrs'],
  s_records: ['seq', 'agency_id', 'kind', 'record_id', 'case_id', 'at', 'attrs', 'content_hash'],
} as const;
export type StagingTable = keyof typeof STAGING;

const STAGING_DDL = `
CREATE TEMP TABLE s_agencies (seq integer, code text, name text, region_code text, domain text, level text, parent text, content_hash text) ON COMMIT DROP;
CREATE TEMP TABLE s_people (seq integer, code text, name text, agency_id text, posts text[], credential_number text, credential_valid_from date, credential_valid_to date, id_number_enc bytea, id_number_idx text, content_hash text) ON COMMIT DROP;
CREATE TEMP TABLE s_items (seq integer, code text, version text, name text, domain text, violated_article text, penalty_article text, kinds text[], range jsonb, multiple jsonb, tiers jsonb, issuer text, effective date, content_hash text) ON COMMIT DROP;
CREATE TEMP TABLE s_calendars (seq integer, year integer, holidays date[], workdays date[], source text, content_hash text) ON COMMIT DROP;
CREATE TEMP TABLE s_cases (seq integer, agency_id text, case_id text, event_only boolean, domain text, procedure text, party jsonb, party_id_enc bytea, party_id_idx text, party_phone_enc bytea, violation jsonb, item_code text, major boolean, complex boolean, staff jsonb, staff_codes text[], penalty jsonb, extra jsonb, content_hash text, opened_ats timestamptz[], decided_ats timestamptz[], event_by text[]) ON COMMIT DROP;
CREATE TEMP TABLE s_events (seq integer, agency_id text, case_id text, event_id text, type text, at timestamptz, by text[], records text[], attrs jsonb) ON COMMIT DROP;
CREATE TEMP TABLE s_records (seq integer, agency_id text, kind text, record_id text, case_id text, at timestamptz, attrs jsonb, content_hash text) ON COMMIT DROP;
`;

export async function createStaging(tx: Tx): Promise<void> {
  // for this transaction only: no JIT (compiling the merge's statements costs more than running them — a second for
  // a flags update that touches nothing), and room for the merge's hashes and sorts
  await tx.exec(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB';`);
  await tx.exec(STAGING_DDL);
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}
export interface MergeCounts {
  cases: UpsertCounts;
  events: { inserted: number; unchanged: number };
  records: UpsertCounts;
  agencies: UpsertCounts;
  people: UpsertCounts;
  items: UpsertCounts;
  calendars: UpsertCounts;
}
export interface CaseKey {
  agency: string;
  caseId: string;
}
export interface MergeResult {
  counts: MergeCounts;
  /** cases inserted, updated or given new events by this batch: the rules engine re-evaluates these */
  changedCases: CaseKey[];
  /** calendar years loaded or changed by this batch */
  changedYears: number[];
  /** the regions the batch's rows belong to, before and after the merge (import_batches.regions) */
  regions: string[];
}

/** region of an agency code: the registry's, else a leading 6-digit 行政区划代码, else '' */
const REGION = (agencyCol: string) =>
  `COALESCE((SELECT a.region_code FROM agencies a WHERE a.code = ${agencyCol}), substring(${agencyCol} from '^[0-9]{6}'), '')`;

/**
 * Upsert the deduplicated staging rows (last one wins) into `target`, updating only rows whose content hash
 * differs; counts inserted/updated/unchanged.
 */
async function upsert(
  tx: Queryable,
  o: { staging: string; target: string; key: string[]; cols: string[]; select?: Record<string, string>; batchId: number; touch: string },
): Promise<UpsertCounts> {
  const keyList = o.key.join(', ');
  const dedup = `(SELECT DISTINCT ON (${keyList}) * FROM ${o.staging} ORDER BY ${keyList}, seq DESC)`;
  const join = o.key.map((k) => `t.${k} = s.${k}`).join(' AND ');
  const c = await tx.query<{ ins: number; upd: number; unch: number }>(
    `SELECT count(*) FILTER (WHERE t.${o.key[0]} IS NULL) AS ins,
            count(*) FILTER (WHERE t.content_hash <> s.content_hash) AS upd,
            count(*) FILTER (WHERE t.content_hash = s.content_hash) AS unch
       FROM ${dedup} s LEFT JOIN ${o.target} t ON ${join}`,
  );
  const all = [...o.key, ...o.cols];
  const exprs = all.map((col) => o.select?.[col] ?? `s.${col}`);
  await tx.query(
    `INSERT INTO ${o.target} (${all.join(', ')}, batch_id)
     SELECT ${exprs.join(', ')}, $1::bigint FROM ${dedup} s
     ON CONFLICT (${keyList}) DO UPDATE SET ${o.cols.map((col) => `${col} = excluded.${col}`).join(', ')},
       batch_id = excluded.batch_id, ${o.touch} = now()
     WHERE ${o.target}.content_hash <> excluded.content_hash`,
    [o.batchId],
  );
  const r = c.rows[0]!;
  return { inserted: num(r.ins), updated: num(r.upd), unchanged: num(r.unch) };
}

/**
 * Recompute `flags` (unregistered agency / item / person — staff or event actors) of the cases in the table `keys`
 * (agency_id, case_id), and, when registries changed, of every other case that has a flag (registering a code can
 * only clear flags: imports never delete registry rows). `batchId`: cases written by that batch are skipped there
 * (their flags were set against the registries of the batch when they were written).
 */
export async function refreshFlags(q: Queryable, registryChanged: boolean, keys = 's_keys', batchId?: number): Promise<void> {
  const others = batchId === undefined ? '' : ` AND batch_id IS DISTINCT FROM ${Number(batchId)}`;
  const target = registryChanged
    ? `(SELECT agency_id, case_id FROM ${keys} UNION SELECT agency_id, case_id FROM cases WHERE flags <> '{}'${others})`
    : keys;
  // most batches have nothing to recompute: do not let the planner build the update for nothing
  const n = await q.query<{ n: number }>(`SELECT count(*) AS n FROM ${target} k`);
  if (num(n.rows[0]!.n) === 0) return;
  await q.query(
    `UPDATE cases c SET flags = f.flags FROM (
       SELECT c2.agency_id, c2.case_id, array_remove(ARRAY[
         CASE WHEN NOT EXISTS (SELECT 1 FROM agencies a WHERE a.code = c2.agency_id) THEN 'unregistered-agency' END,
         CASE WHEN c2.item_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM items i WHERE i.code = c2.item_code) THEN 'unregistered-item' END,
         CASE WHEN EXISTS (SELECT 1 FROM unnest(c2.staff_codes) p(code) WHERE NOT EXISTS (SELECT 1 FROM people pp WHERE pp.code = p.code))
                OR EXISTS (SELECT 1 FROM events e, unnest(e.by) p(code)
                            WHERE e.agency_id = c2.agency_id AND e.case_id = c2.case_id
                              AND NOT EXISTS (SELECT 1 FROM people pp WHERE pp.code = p.code))
              THEN 'unregistered-person' END
       ]::text[], NULL) AS flags
       FROM cases c2 JOIN ${target} k ON k.agency_id = c2.agency_id AND k.case_id = c2.case_id
     ) f
     WHERE c.agency_id = f.agency_id AND c.case_id = f.case_id AND c.flags IS DISTINCT FROM f.flags`,
  );
}

/** What the app learnt while staging; lets the merge skip deduplication and reading back what it already knows. */
export interface MergeHints {
  /** no (agency, case id) was staged twice, and no event id twice within a case */
  unique: boolean;
  /** the number of distinct events staged (when unique) */
  events: number;
  /** every person code of the staged cases' staff_codes and event_by */
  personCodes: string[];
}

const CASE_COLS = ['domain', 'procedure', 'party', 'party_id_enc', 'party_id_idx', 'party_phone_enc', 'violation', 'item_code', 'major', 'complex', 'staff', 'staff_codes', 'penalty', 'extra', 'content_hash'];

/**
 * Merge the staging tables into the real tables. `timezone` gives events their local date.
 *
 * Set-based, in few passes: `s_keys` holds every case key of the batch with whether its row existed and its stored
 * hash; a new case is written once, with its dates and flags derived from the staged documents; unchanged cases
 * are not written at all; only cases that existed and changed (or got new events) have their dates and flags
 * recomputed from the stored events. Without `hints` (or with duplicates) the staged rows are deduplicated first
 * (last document wins, first event wins) and every touched case is recomputed.
 */
export async function mergeStaging(tx: Tx, batchId: number, timezone = 'Asia/Shanghai', hints?: MergeHints): Promise<MergeResult> {
  const unique = hints?.unique === true;
  // the regions the batch touches, read before the merge moves anything: the stored and the new region of its
  // agencies and people, and the region of every agency its rows name
  const rg = await tx.query<{ regions: string[] }>(
    `SELECT COALESCE(array_agg(DISTINCT r ORDER BY r) FILTER (WHERE r IS NOT NULL AND r <> ''), '{}') AS regions FROM (
       SELECT region_code AS r FROM s_agencies
       UNION ALL SELECT a.region_code FROM s_agencies s JOIN agencies a ON a.code = s.code
       UNION ALL SELECT p.region_code FROM s_people s JOIN people p ON p.code = s.code
       UNION ALL SELECT ${REGION('x.agency_id')} FROM (SELECT agency_id FROM s_people UNION SELECT agency_id FROM s_cases UNION SELECT agency_id FROM s_records) x
     ) t`,
  );
  const regions = rg.rows[0]!.regions;
  const agencies = await upsert(tx, {
    staging: 's_agencies', target: 'agencies', key: ['code'], cols: ['name', 'region_code', 'domain', 'level', 'parent', 'content_hash'], batchId, touch: 'updated_at',
  });
  const people = await upsert(tx, {
    staging: 's_people', target: 'people', key: ['code'],
    cols: ['name', 'agency_id', 'region_code', 'posts', 'credential_number', 'credential_valid_from', 'credential_valid_to', 'id_number_enc', 'id_number_idx', 'content_hash'],
    select: { region_code: REGION('s.agency_id') }, batchId, touch: 'updated_at',
  });
  const items = await upsert(tx, {
    staging: 's_items', target: 'items', key: ['code', 'version'],
    cols: ['name', 'domain', 'violated_article', 'penalty_article', 'kinds', 'range', 'multiple', 'tiers', 'issuer', 'effective', 'content_hash'], batchId, touch: 'updated_at',
  });
  const calendars = await upsert(tx, {
    staging: 's_calendars', target: 'calendars', key: ['year'], cols: ['holidays', 'workdays', 'source', 'content_hash'], batchId, touch: 'loaded_at',
  });

  // every case key of the batch: did its row exist (and with which hash), its region (the stored row's, else from
  // the registry / the agency code)
  const region = `COALESCE(t.region_code, a.region_code, substring(k.agency_id from '^[0-9]{6}'), '')`;
  const existing = `LEFT JOIN cases t ON t.agency_id = k.agency_id AND t.case_id = k.case_id LEFT JOIN agencies a ON a.code = k.agency_id`;
  let docs: string;
  if (unique) {
    docs = 's_cases';
    await tx.exec(`CREATE TEMP TABLE s_keys ON COMMIT DROP AS
      SELECT k.agency_id, k.case_id, k.event_only, k.content_hash, t.case_id IS NOT NULL AS existed, t.content_hash AS old_hash, ${region} AS region_code
        FROM s_cases k ${existing};
      ANALYZE s_keys;`);
  } else {
    docs = 's_case_docs';
    await tx.exec(`CREATE TEMP TABLE s_case_docs ON COMMIT DROP AS
      SELECT DISTINCT ON (agency_id, case_id) * FROM s_cases WHERE NOT event_only ORDER BY agency_id, case_id, seq DESC;
      CREATE TEMP TABLE s_keys ON COMMIT DROP AS
      SELECT k.agency_id, k.case_id, d.case_id IS NULL AS event_only, d.content_hash, t.case_id IS NOT NULL AS existed, t.content_hash AS old_hash, ${region} AS region_code
        FROM (SELECT DISTINCT agency_id, case_id FROM s_cases) k
        LEFT JOIN s_case_docs d ON d.agency_id = k.agency_id AND d.case_id = k.case_id ${existing};
      ANALYZE s_keys; ANALYZE s_case_docs;`);
  }
  const cc = await tx.query<{ ins: number; upd: number; unch: number; stubs: number; eo: number }>(
    `SELECT count(*) FILTER (WHERE NOT event_only AND NOT existed) AS ins,
            count(*) FILTER (WHERE NOT event_only AND existed AND old_hash <> content_hash) AS upd,
            count(*) FILTER (WHERE NOT event_only AND existed AND old_hash = content_hash) AS unch,
            count(*) FILTER (WHERE event_only AND NOT existed) AS stubs,
            count(*) FILTER (WHERE event_only AND existed) AS eo
       FROM s_keys`,
  );
  const c0 = cc.rows[0]!;
  const cases: UpsertCounts = { inserted: num(c0.ins) + num(c0.stubs), updated: num(c0.upd), unchanged: num(c0.unch) + num(c0.eo) };

  // derived columns of a new case: from its staged document when unique, else left to the recompute below
  let unknownPeople: string[] = [];
  if (unique && hints!.personCodes.length) {
    const u = await tx.query<{ codes: string[] }>(
      `SELECT COALESCE(array_agg(c), '{}') AS codes FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.code = c)`,
      [hints!.personCodes],
    );
    unknownPeople = u.rows[0]!.codes;
  }
  const derivedCols = unique ? ', opened_on, decided_on, flags' : '';
  const derived = (s: string, withItem: boolean) =>
    unique
      ? `, (SELECT min((x AT TIME ZONE $2)::date) FROM unnest(${s}.opened_ats) x),
           (SELECT min((x AT TIME ZONE $2)::date) FROM unnest(${s}.decided_ats) x),
           array_remove(ARRAY[
             CASE WHEN a.code IS NULL THEN 'unregistered-agency' END,
             ${withItem ? `CASE WHEN ${s}.item_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM items i WHERE i.code = ${s}.item_code) THEN 'unregistered-item' END` : 'NULL'},
             CASE WHEN ${withItem ? `${s}.staff_codes || ` : ''}${s}.event_by && $3::text[] THEN 'unregistered-person' END]::text[], NULL)`
      : '';
  const derivedParams = unique ? [timezone, unknownPeople] : [];

  // cases: new and changed documents (unchanged ones are not written) ...
  await tx.query(
    `INSERT INTO cases (region_code, agency_id, case_id, ${CASE_COLS.join(', ')}, stub, batch_id${derivedCols})
     SELECT k.region_code, s.agency_id, s.case_id, ${CASE_COLS.map((c) => 's.' + c).join(', ')}, false, $1::bigint${derived('s', true)}
       FROM ${docs} s JOIN s_keys k ON k.agency_id = s.agency_id AND k.case_id = s.case_id
       LEFT JOIN agencies a ON a.code = s.agency_id
      WHERE NOT s.event_only AND (NOT k.existed OR k.old_hash <> s.content_hash)
     ON CONFLICT (agency_id, case_id) DO UPDATE SET ${CASE_COLS.map((c) => `${c} = excluded.${c}`).join(', ')},
       stub = false, batch_id = excluded.batch_id, updated_at = now()
     WHERE cases.content_hash <> excluded.content_hash`,
    [batchId, ...derivedParams],
  );
  // ... and cases only named by event-only documents: a placeholder row until the case document arrives
  await tx.query(
    `INSERT INTO cases (region_code, agency_id, case_id, content_hash, stub, batch_id${derivedCols})
     SELECT k.region_code, k.agency_id, k.case_id, '', true, $1::bigint${derived('s', false)}
       FROM s_keys k ${unique ? 'JOIN s_cases s ON s.agency_id = k.agency_id AND s.case_id = k.case_id' : ''}
       LEFT JOIN agencies a ON a.code = k.agency_id
      WHERE k.event_only AND NOT k.existed
     ON CONFLICT (agency_id, case_id) DO NOTHING`,
    [batchId, ...derivedParams],
  );

  // events: an id already stored (or earlier in this batch) is a no-op. Cases that existed and got new events are
  // noted in s_touched (their dates and flags are recomputed, and they are reported changed).
  let staged: number;
  let evSource: string;
  if (unique) {
    staged = hints!.events;
    evSource = 's_events';
  } else {
    const r = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT DISTINCT agency_id, case_id, event_id FROM s_events) x`);
    staged = num(r.rows[0]!.n);
    evSource = '(SELECT DISTINCT ON (agency_id, case_id, event_id) * FROM s_events ORDER BY agency_id, case_id, event_id, seq)';
  }
  const insertEvents = (existed: boolean) =>
    `INSERT INTO events (region_code, agency_id, case_id, event_id, type, at, local_date, by, records, attrs, batch_id)
     SELECT k.region_code, s.agency_id, s.case_id, s.event_id, s.type, s.at, (s.at AT TIME ZONE $2)::date,
            COALESCE(s.by, '{}'), COALESCE(s.records, '{}'), COALESCE(s.attrs, '{}'), $1::bigint
       FROM ${evSource} s JOIN s_keys k ON k.agency_id = s.agency_id AND k.case_id = s.case_id
      WHERE ${existed ? '' : 'NOT '}k.existed
     ON CONFLICT (agency_id, case_id, event_id) DO NOTHING`;
  const evNew = await tx.query(insertEvents(false), [batchId, timezone]);
  await tx.exec(`CREATE TEMP TABLE s_touched (agency_id text, case_id text, n bigint) ON COMMIT DROP`);
  await tx.query(
    `WITH ins AS (${insertEvents(true)} RETURNING agency_id, case_id)
     INSERT INTO s_touched SELECT agency_id, case_id, count(*) FROM ins GROUP BY agency_id, case_id`,
    [batchId, timezone],
  );
  const evOld = await tx.query<{ n: number }>('SELECT COALESCE(sum(n), 0) AS n FROM s_touched');
  const inserted = evNew.rowCount + num(evOld.rows[0]!.n);
  const events = { inserted, unchanged: staged - inserted };

  const records = await upsert(tx, {
    staging: 's_records', target: 'records', key: ['agency_id', 'kind', 'record_id'], cols: ['region_code', 'case_id', 'at', 'local_date', 'attrs', 'content_hash'],
    select: { region_code: REGION('s.agency_id'), local_date: `(s.at AT TIME ZONE '${timezone.replace(/'/g, "''")}')::date` }, batchId, touch: 'updated_at',
  });

  // derived dates and flags of the cases that existed and changed or got new events (all touched ones without
  // the unique hint): from every stored event
  await tx.exec(`CREATE TEMP TABLE s_recompute ON COMMIT DROP AS
    SELECT agency_id, case_id FROM s_keys k
     WHERE ${unique ? '' : 'true OR '}(k.existed AND ((NOT k.event_only AND k.old_hash <> k.content_hash)
            OR EXISTS (SELECT 1 FROM s_touched t WHERE t.agency_id = k.agency_id AND t.case_id = k.case_id)));
    ANALYZE s_recompute;`);
  await tx.query(
    `UPDATE cases c SET opened_on = e.o, decided_on = e.d FROM (
       SELECT k.agency_id, k.case_id,
              min(ev.local_date) FILTER (WHERE ev.type = 'case.opened') AS o,
              min(ev.local_date) FILTER (WHERE ev.type = 'decision.made') AS d
         FROM s_recompute k LEFT JOIN events ev ON ev.agency_id = k.agency_id AND ev.case_id = k.case_id
        GROUP BY k.agency_id, k.case_id) e
     WHERE c.agency_id = e.agency_id AND c.case_id = e.case_id
       AND (c.opened_on IS DISTINCT FROM e.o OR c.decided_on IS DISTINCT FROM e.d)`,
  );
  const registryChanged = [agencies, people, items].some((x) => x.inserted + x.updated > 0);
  await refreshFlags(tx, registryChanged, 's_recompute', unique ? batchId : undefined);

  // changed: cases written by this batch (new, updated, new stubs) and cases given new events
  const changed = await tx.query<{ agency_id: string; case_id: string }>(
    `SELECT agency_id, case_id FROM s_keys WHERE NOT existed OR (NOT event_only AND old_hash <> content_hash)
     UNION SELECT agency_id, case_id FROM s_touched`,
  );
  const years = await tx.query<{ year: number }>('SELECT year FROM calendars WHERE batch_id = $1 ORDER BY year', [batchId]);
  return {
    counts: { cases, events, records, agencies, people, items, calendars },
    changedCases: changed.rows.map((r) => ({ agency: r.agency_id, caseId: r.case_id })),
    changedYears: years.rows.map((r) => num(r.year)),
    regions,
  };
}

// ---------------------------------------------------------------- batch log

export interface BatchFile {
  path: string;
  sha256: string;
  bytes: number;
  format: string;
}
export type BatchStatus = 'running' | 'committed' | 'rejected' | 'failed';

/** Record the start of a batch (committed at once, outside the data transaction). */
export async function startBatch(db: Db, o: { files: BatchFile[]; user: string }): Promise<number> {
  const single = o.files.length === 1 ? o.files[0]! : undefined;
  const { createHash } = await import('node:crypto');
  const sha = single?.sha256 ?? createHash('sha256').update(o.files.map((f) => f.sha256).join('\n')).digest('hex');
  const formats = [...new Set(o.files.map((f) => f.format))];
  const r = await db.query<{ id: number }>(
    `INSERT INTO import_batches (file, sha256, format, files, by_user) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
    [o.files.map((f) => f.path).join(', '), sha, formats.length === 1 ? formats[0] : 'mixed', JSON.stringify(o.files), o.user],
  );
  return num(r.rows[0]!.id);
}

/** Close a batch with its outcome. Inside the data transaction for 'committed', outside otherwise. */
export async function finishBatch(
  q: Queryable,
  id: number,
  o: { status: BatchStatus; counts?: unknown; errors?: unknown[]; errorCount?: number; regions?: string[] },
): Promise<void> {
  await q.query(
    `UPDATE import_batches SET status = $2, finished_at = now(), counts = $3::jsonb, errors = $4::jsonb, error_count = $5,
            regions = COALESCE($6::text[], regions) WHERE id = $1`,
    [id, o.status, JSON.stringify(o.counts ?? {}), JSON.stringify(o.errors ?? []), o.errorCount ?? o.errors?.length ?? 0, o.regions ?? null],
  );
}

export interface BatchRow {
  id: number;
  file: string;
  sha256: string;
  format: string | null;
  files: BatchFile[];
  by_user: string;
  started_at: Date;
  finished_at: Date | null;
  status: BatchStatus;
  counts: MergeCounts | Record<string, never>;
  errors: unknown[];
  error_count: number;
}

export async function getBatch(q: Queryable, id: number): Promise<BatchRow | undefined> {
  const r = await q.query<BatchRow>('SELECT * FROM import_batches WHERE id = $1', [id]);
  const row = r.rows[0];
  return row ? { ...row, id: num(row.id) } : undefined;
}

export async function listBatches(q: Queryable, limit = 50): Promise<BatchRow[]> {
  const r = await q.query<BatchRow>(
    'SELECT id, file, sha256, format, files, by_user, started_at, finished_at, status, counts, error_count FROM import_batches ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return r.rows.map((row) => ({ ...row, id: num(row.id), errors: [] }));
}

// ---------------------------------------------------------------- status

export interface StoreStatus {
  agencies: number;
  people: number;
  items: number;
  cases: number;
  events: number;
  records: number;
  batches: number;
  /** distinct codes referenced by cases (agency, violation item, staff) that no registry row has */
  unregistered: { agencies: number; items: number; people: number };
}

export async function storeStatus(q: Queryable): Promise<StoreStatus> {
  const r = await q.query<Record<string, number>>(`SELECT
    (SELECT count(*) FROM agencies) AS agencies,
    (SELECT count(*) FROM people) AS people,
    (SELECT count(*) FROM items) AS items,
    (SELECT count(*) FROM cases) AS cases,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM records) AS records,
    (SELECT count(*) FROM import_batches) AS batches,
    (SELECT count(*) FROM (SELECT DISTINCT agency_id FROM cases) c WHERE NOT EXISTS (SELECT 1 FROM agencies a WHERE a.code = c.agency_id)) AS u_agencies,
    (SELECT count(*) FROM (SELECT DISTINCT item_code FROM cases WHERE item_code IS NOT NULL) c WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.code = c.item_code)) AS u_items,
    (SELECT count(*) FROM (SELECT DISTINCT code FROM cases, unnest(staff_codes) code WHERE 'unregistered-person' = ANY (flags)
                           UNION SELECT DISTINCT code FROM events, unnest(by) code WHERE (agency_id, case_id) IN (SELECT agency_id, case_id FROM cases WHERE 'unregistered-person' = ANY (flags))) c
      WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.code = c.code)) AS u_people`);
  const x = r.rows[0]!;
  return {
    agencies: num(x.agencies), people: num(x.people), items: num(x.items), cases: num(x.cases), events: num(x.events),
    records: num(x.records), batches: num(x.batches),
    unregistered: { agencies: num(x.u_agencies), items: num(x.u_items), people: num(x.u_people) },
  };
}
