/**
 * The import command: files of the interchange format (JSON/JSONL, CSV, XLSX, XES — read by `@kaohe/ingest`) into
 * the store, ALL OR NOTHING per batch. Records stream into staging tables inside one transaction (COPY, one chunk
 * loading while the next is parsed) and are then merged with INSERT … ON CONFLICT; one row error and the whole batch is rolled back and
 * recorded as rejected with its errors. Re-importing is idempotent: a case with the same (agency, id) is updated
 * (or counted unchanged when its content hash is the same), an event with an id already stored is a no-op.
 * Personal ID numbers and phones are encrypted before they reach the database.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readFile as ingestReadFile, type ReadItem as IngestReadItem, type RowError } from '@kaohe/ingest';
import type { CaseDoc, ExternalRecord, Agency, Person, EnforcementItem, CalendarYear, InterchangeRecord } from '@kaohe/core';
import type { Db, Tx, PersonalDataCipher, MergeCounts, CaseKey, BatchFile, StagingTable } from '@kaohe/store';
import { createStaging, mergeStaging, startBatch, finishBatch, STAGING } from '@kaohe/store';
import { ScopeGuard, type ImportScope } from './import-scope.ts';

/** A row error: file, line/row, field, code and the bilingual reason (ingest's RowError). */
export type ImportRowError = RowError;
export type ReadItem = IngestReadItem;
/** The streaming reader (`readFile` of @kaohe/ingest; tests inject their own). */
export type ReadFileFn = (path: string, opts?: Record<string, unknown>) => AsyncIterable<ReadItem>;

export interface ImportProgress {
  phase: 'hashing' | 'reading' | 'merging' | 'done';
  /** file being read (reading) */
  file?: string;
  /** index of that file among the batch's files, and their number */
  fileIndex?: number;
  files: number;
  /** records read so far, row errors so far */
  records: number;
  errors: number;
}

export interface ImportOptions {
  /** who imports (user name or id), recorded with the batch */
  user: string;
  cipher: PersonalDataCipher;
  onProgress?: (p: ImportProgress) => void;
  /** agency code for cases of files that carry none (XES event logs) */
  agencyForXes?: string;
  /** jurisdiction time zone: the local date of each event (default Asia/Shanghai) */
  timezone?: string;
  /** called after commit with every case inserted, updated or given new events (the rules engine re-evaluates them) */
  onCasesChanged?: (keys: CaseKey[]) => void | Promise<void>;
  /** called after commit with the calendar years loaded or changed */
  onCalendarsChanged?: (years: number[]) => void | Promise<void>;
  /** names to record and show for files instead of their paths (an upload's original name), by path */
  fileLabels?: Record<string, string>;
  /** the reader (default: `readFile` of @kaohe/ingest); tests inject one */
  readFile?: ReadFileFn;
  /** row errors kept in the result and the batch log (all are counted) — default 1000 */
  maxErrors?: number;
  /**
   * What the importer may write (the scope and field rules of the API's edit routes, see import-scope.ts); a row
   * outside it is a row error and the batch is rejected. Absent: the console, unrestricted.
   */
  scope?: ImportScope;
}

export interface ImportResult {
  batchId: number;
  status: 'committed' | 'rejected';
  counts: MergeCounts;
  /** the first `maxErrors` row errors */
  errors: ImportRowError[];
  errorCount: number;
  files: BatchFile[];
  changedCases: number;
  /** set when a post-commit hook threw (the data is committed) */
  hookError?: string;
}

export function emptyCounts(): MergeCounts {
  const u = () => ({ inserted: 0, updated: 0, unchanged: 0 });
  return { cases: u(), events: { inserted: 0, unchanged: 0 }, records: u(), agencies: u(), people: u(), items: u(), calendars: u() };
}

// ---------------------------------------------------------------- record → staging rows

/** JSON with sorted keys and no undefined: the content hash does not depend on key order. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + stableStringify(v[i]);
    return out + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + stableStringify(x);
    first = false;
  }
  return out + '}';
}
const hash = (v: unknown) => createHash('sha256').update(stableStringify(v)).digest('hex');
const j = (v: unknown) => (v === undefined ? null : v);

const CASE_FIELDS = ['domain', 'procedure', 'party', 'violation', 'major', 'complex', 'staff', 'penalty', 'extra'] as const;

type Rows = Record<StagingTable, unknown[][]>;

/** What the batch learns while staging, for the merge (see MergeHints of @kaohe/store). */
interface BatchSeen {
  /** agency + '\0' + case id of every case document staged */
  caseKeys: Set<string>;
  /** a case was sent more than once (or an event id twice within a case): the merge deduplicates */
  duplicates: boolean;
  /** distinct (case, event id) pairs staged, when there are no duplicates */
  events: number;
  /** every person code named by staff or event actors */
  personCodes: Set<string>;
}

function stageCase(doc: CaseDoc, seq: number, cipher: PersonalDataCipher, out: Rows, seen: BatchSeen): void {
  const key = doc.agency + '\0' + doc.id;
  if (seen.caseKeys.has(key)) seen.duplicates = true;
  else seen.caseKeys.add(key);
  // per document: the instants of its case.opened and decision.made events and every actor, so the merge can
  // derive the dates and flags of a new case without reading its events back
  const opened: string[] = [];
  const decided: string[] = [];
  const actors = new Set<string>();
  const events = doc.events ?? [];
  const ids = new Set<string>();
  for (const ev of events) {
    const { id, type, at, by, records, ...attrs } = ev;
    ids.add(id);
    if (type === 'case.opened') opened.push(at);
    else if (type === 'decision.made') decided.push(at);
    if (by) for (const b of by) actors.add(b);
    out.s_events.push([seq, doc.agency, doc.id, id, type, at, by ?? [], records ?? [], attrs]);
  }
  if (ids.size !== events.length) seen.duplicates = true;
  seen.events += ids.size;
  for (const a of actors) seen.personCodes.add(a);
  const eventBy = [...actors];

  const eventOnly = !CASE_FIELDS.some((f) => doc[f] !== undefined);
  if (eventOnly) {
    out.s_cases.push([seq, doc.agency, doc.id, true, null, null, null, null, null, null, null, null, null, null, null, [], null, null, '', opened, decided, eventBy]);
    return;
  }
  const { idNumber, phone, ...partyRest } = doc.party ?? ({} as NonNullable<CaseDoc['party']>);
  const idIdx = idNumber ? cipher.index(idNumber) : null;
  const phoneIdx = phone ? cipher.index(phone) : null;
  const party = doc.party ? partyRest : undefined;
  const staff = doc.staff;
  const staffCodes: string[] = [];
  if (staff) {
    for (const c of [...(staff.handlers ?? []), staff.reviewer, staff.approver]) if (c && !staffCodes.includes(c)) staffCodes.push(c);
    for (const c of staffCodes) seen.personCodes.add(c);
  }
  const content = {
    domain: doc.domain, procedure: doc.procedure, party, idIdx, phoneIdx, violation: doc.violation, major: doc.major,
    complex: doc.complex, staff, penalty: doc.penalty, extra: doc.extra,
  };
  out.s_cases.push([
    seq, doc.agency, doc.id, false, j(doc.domain), j(doc.procedure), j(party), idNumber ? cipher.encrypt(idNumber) : null, idIdx,
    phone ? cipher.encrypt(phone) : null, j(doc.violation), j(doc.violation?.item), j(doc.major), j(doc.complex), j(staff), staffCodes,
    j(doc.penalty), j(doc.extra), hash(content), opened, decided, eventBy,
  ]);
}

function stageRecord(r: ExternalRecord, seq: number, out: Rows): void {
  const { schema: _s, kind, id, agency, caseId, ...attrs } = r;
  const at = r.receivedAt ?? r.at ?? r.decidedAt ?? null;
  out.s_records.push([seq, agency, kind, id, j(caseId), at, attrs, hash({ kind, id, agency, caseId, ...attrs })]);
}

function stageAgency(a: Agency, seq: number, out: Rows): void {
  out.s_agencies.push([seq, a.code, a.name, a.region, a.domain, a.level, j(a.parent), hash(a)]);
}

function stagePerson(p: Person, seq: number, cipher: PersonalDataCipher, out: Rows): void {
  const idIdx = p.idNumber ? cipher.index(p.idNumber) : null;
  const { idNumber, ...rest } = p;
  out.s_people.push([
    seq, p.code, p.name, p.agency, p.posts ?? [], j(p.credential?.number), j(p.credential?.validFrom), j(p.credential?.validTo),
    idNumber ? cipher.encrypt(idNumber) : null, idIdx, hash({ ...rest, idIdx }),
  ]);
}

function stageItem(i: EnforcementItem, seq: number, out: Rows): void {
  out.s_items.push([
    seq, i.code, i.version ?? '', i.name, i.domain, j(i.violatedArticle), j(i.penaltyArticle), i.kinds ?? [], j(i.range), j(i.multiple),
    i.tiers === undefined ? null : JSON.stringify(i.tiers), j(i.issuer), j(i.effective), hash(i),
  ]);
}

function stageCalendar(c: CalendarYear, seq: number, out: Rows): void {
  out.s_calendars.push([seq, c.year, c.holidays ?? [], c.workdays ?? [], j(c.source), hash({ year: c.year, holidays: c.holidays, workdays: c.workdays, source: c.source })]);
}

// ---------------------------------------------------------------- files

function formatOf(path: string): string {
  const e = extname(path).toLowerCase().replace('.', '');
  return e === 'ndjson' ? 'jsonl' : e || 'unknown';
}

async function describeFile(path: string, label = path): Promise<BatchFile> {
  const st = statSync(path); // throws ENOENT before anything is recorded
  if (!st.isFile()) throw Object.assign(new Error(`not a file: ${path}`), { code: 'EISDIR' });
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return { path: label, sha256: h.digest('hex'), bytes: st.size, format: formatOf(path) };
}

class Rejected extends Error {}

/** Records staged per COPY round. */
const FLUSH_RECORDS = 2000;

const err = (file: string, line: number | undefined, field: string, code: string, zh: string, en: string): ImportRowError => ({
  file, ...(line !== undefined ? { line } : {}), field, code, message: { zh, en },
});

/**
 * Import `paths` as one batch. Returns `rejected` (nothing written, errors listed) when any record has an error;
 * throws on I/O or database failure (nothing written, the batch is logged as failed).
 */
export async function importFiles(db: Db, paths: string[], opts: ImportOptions): Promise<ImportResult> {
  const read: ReadFileFn = opts.readFile ?? ingestReadFile;
  const maxErrors = opts.maxErrors ?? 1000;
  const progress = (p: Omit<ImportProgress, 'files'>) => opts.onProgress?.({ ...p, files: paths.length });
  progress({ phase: 'hashing', records: 0, errors: 0 });
  const files: BatchFile[] = [];
  for (const p of paths) files.push(await describeFile(p, opts.fileLabels?.[p]));

  const batchId = await startBatch(db, { files, user: opts.user });
  const errors: ImportRowError[] = [];
  let errorCount = 0;
  let records = 0;
  const addError = (e: ImportRowError) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(e);
  };

  const guard = opts.scope ? new ScopeGuard(opts.scope, maxErrors) : undefined;
  try {
    const merged = await db.transaction(async (tx: Tx) => {
      await createStaging(tx);
      const seen: BatchSeen = { caseKeys: new Set(), duplicates: false, events: 0, personCodes: new Set() };
      let buf = newRows();
      let buffered = 0;
      // one flush in flight while the next rows are read and staged: the database (another process, or PGlite's
      // worker thread) loads one chunk while this thread parses the next
      let inflight: Promise<void> = Promise.resolve();
      let flushError: unknown;
      const flush = async () => {
        await inflight;
        if (flushError) throw flushError;
        const rows = buf;
        buf = newRows();
        buffered = 0;
        inflight = (async () => {
          for (const t of Object.keys(rows) as StagingTable[]) {
            if (rows[t].length) await tx.copyRows(t, [...STAGING[t]], rows[t]);
          }
        })().catch((e: unknown) => {
          flushError = e;
        });
      };
      try {
        for (let fi = 0; fi < paths.length; fi++) {
          const file = paths[fi]!;
          progress({ phase: 'reading', file, fileIndex: fi, records, errors: errorCount });
          for await (const item of read(file, { ...(opts.agencyForXes ? { agency: opts.agencyForXes } : {}), ...(opts.fileLabels?.[file] ? { fileLabel: opts.fileLabels[file] } : {}) })) {
            records++;
            if (records % 1000 === 0) progress({ phase: 'reading', file, fileIndex: fi, records, errors: errorCount });
            if (!item.ok) {
              addError(item.error);
              continue;
            }
            const seq = records;
            const rec = item.record;
            if (guard) {
              const e = guard.check(rec, { ...(item.source ?? {}), file: item.source?.file ?? opts.fileLabels?.[file] ?? file }, seq);
              if (e) { addError(e); continue; }
            }
            // the batch is lost: keep reading only to report every error (a scoped batch keeps staging its in-scope
            // rows, so that the check against the stored rows reports every row outside the scope too)
            if (errorCount > 0 && !guard) continue;
            switch (rec.schema) {
              case 'kaohe.case/v1': {
                const doc = rec.value;
                if (!doc.agency && opts.agencyForXes) doc.agency = opts.agencyForXes;
                if (!doc.agency) {
                  const line = (item.source as { line?: number } | undefined)?.line;
                  addError(err(file, line, 'agency', 'field.required', `案件 ${doc.id} 缺少执法主体（agency），XES 文件请指定执法主体`, `case ${doc.id} has no agency; for XES logs give the agency`));
                  continue;
                }
                stageCase(doc, seq, opts.cipher, buf, seen);
                break;
              }
              case 'kaohe.record/v1':
                stageRecord(rec.value, seq, buf);
                break;
              case 'kaohe.agency/v1':
                stageAgency(rec.value, seq, buf);
                break;
              case 'kaohe.person/v1':
                stagePerson(rec.value, seq, opts.cipher, buf);
                break;
              case 'kaohe.item/v1':
                stageItem(rec.value, seq, buf);
                break;
              case 'kaohe.calendar/v1':
                stageCalendar(rec.value, seq, buf);
                break;
            }
            buffered++;
            if (buffered >= FLUSH_RECORDS) await flush();
          }
        }
        if (errorCount > 0 && !guard) throw new Rejected();
        await flush();
        await inflight;
        if (flushError) throw flushError;
        if (guard) {
          const stored = await guard.checkStored(tx);
          for (const e of stored.errors) addError(e);
          errorCount += stored.count - stored.errors.length;
        }
        if (errorCount > 0) throw new Rejected();
      } finally {
        await inflight; // never leave the transaction with a COPY running
      }
      progress({ phase: 'merging', records, errors: 0 });
      const m = await mergeStaging(tx, batchId, opts.timezone ?? 'Asia/Shanghai', {
        unique: !seen.duplicates, events: seen.events, personCodes: [...seen.personCodes],
      });
      await finishBatch(tx, batchId, { status: 'committed', counts: m.counts, regions: m.regions });
      return m;
    });
    progress({ phase: 'done', records, errors: 0 });
    const result: ImportResult = {
      batchId, status: 'committed', counts: merged.counts, errors: [], errorCount: 0, files, changedCases: merged.changedCases.length,
    };
    try {
      if (opts.onCasesChanged && merged.changedCases.length) await opts.onCasesChanged(merged.changedCases);
      if (opts.onCalendarsChanged && merged.changedYears.length) await opts.onCalendarsChanged(merged.changedYears);
    } catch (e) {
      result.hookError = e instanceof Error ? e.message : String(e);
    }
    return result;
  } catch (e) {
    if (e instanceof Rejected) {
      await finishBatch(db, batchId, { status: 'rejected', counts: emptyCounts(), errors, errorCount });
      progress({ phase: 'done', records, errors: errorCount });
      return { batchId, status: 'rejected', counts: emptyCounts(), errors, errorCount, files, changedCases: 0 };
    }
    const message = e instanceof Error ? e.message : String(e);
    await finishBatch(db, batchId, {
      status: 'failed',
      errors: [{ file: paths.join(', '), field: '', code: 'import.failed', message: { zh: `导入失败，未写入任何数据：${message}`, en: `import failed, nothing was written: ${message}` } }],
      errorCount: 1,
    }).catch(() => undefined);
    throw e;
  }
}

function newRows(): Rows {
  return { s_agencies: [], s_people: [], s_items: [], s_calendars: [], s_cases: [], s_events: [], s_records: [] };
}
