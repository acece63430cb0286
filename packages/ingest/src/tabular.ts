// Shared by the CSV and XLSX readers: header → fields, cell → value, row → record, events joined onto cases.
import type { CaseEvent, SchemaId } from '@kaohe/core';
import { toRowError } from './errors.ts';
import type { Issue, RowError, SourceRef } from './errors.ts';
import { FIELD_DEFS, KIND_SCHEMA, enumCode, lookupField } from './labels.ts';
import type { FieldDef, TableKind } from './labels.ts';
import { validateEvent, validateRecord } from './validate.ts';
import type { ReadItem } from './types.ts';

export interface TableOptions {
  /** offset given to XLSX date-time cells, which carry none (default +08:00, Asia/Shanghai) */
  utcOffset?: string;
}

interface Column { index: number; path: string; def?: FieldDef; }

/** A table (CSV file or XLSX sheet) of one kind, once its header row is known. */
export class Table {
  readonly columns: Column[] = [];
  constructor(readonly kind: TableKind, headers: unknown[], readonly opts: TableOptions = {}) {
    headers.forEach((h, index) => {
      const text = cellText(h);
      if (!text) return;
      const def = lookupField(kind, text);
      this.columns.push({ index, path: def?.path ?? text, def });
    });
  }

  /** Required columns absent from the header. */
  missingColumns(): FieldDef[] {
    const have = new Set(this.columns.map((c) => c.path));
    return FIELD_DEFS[this.kind].filter((d) => d.required && !have.has(d.path));
  }

  /** Label of a field path for messages: the Chinese header label, when the path is a known column. */
  label(path: string): string | undefined {
    return FIELD_DEFS[this.kind].find((d) => d.path === path)?.zh;
  }

  /** Turn the cells of one row into a nested object. Empty cells are left out. */
  toObject(cells: unknown[]): { obj: Record<string, unknown>; issues: Issue[]; empty: boolean } {
    const obj: Record<string, unknown> = {};
    const issues: Issue[] = [];
    let empty = true;
    for (const c of this.columns) {
      const raw = cellValue(cells[c.index]);
      if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
      empty = false;
      const v = coerce(raw, c.def, this.opts, (detail) => issues.push({ field: c.path, code: 'json.cell', params: { detail } }));
      setPath(obj, c.path, v);
    }
    return { obj, issues, empty };
  }
}

function setPath(obj: Record<string, unknown>, path: string, v: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = v;
}

/** exceljs cell values (rich text, formulas, hyperlinks) → a plain value. */
export function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object' || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
  if ('result' in o) return cellValue(o.result);
  if ('text' in o) return cellValue(o.text);
  if ('error' in o) return String(o.error);
  return v;
}
function cellText(v: unknown): string {
  const x = cellValue(v);
  return x === undefined ? '' : String(x).replace(/^\uFEFF/, '').trim();
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '有', '√', '✓', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '无', '×', '✗', 'f']);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function coerce(raw: unknown, def: FieldDef | undefined, opts: TableOptions, jsonError: (d: string) => void): unknown {
  if (!def) return raw instanceof Date ? raw.toISOString() : typeof raw === 'string' ? raw.trim() : raw;
  const s = raw instanceof Date ? '' : String(raw).trim();
  switch (def.type) {
    case 'string':
      return def.enum ? enumCode(def.enum, s) : s;
    case 'number': {
      if (typeof raw === 'number') return raw;
      const n = Number(s.replace(/[,，]/g, ''));
      return s !== '' && Number.isFinite(n) ? n : s;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const l = s.toLowerCase();
      return TRUE.has(l) ? true : FALSE.has(l) ? false : s;
    }
    case 'list': {
      const items = s.split(/[;；、\n]/).map((x) => x.trim()).filter(Boolean);
      return def.enum ? items.map((x) => enumCode(def.enum!, x)) : items;
    }
    case 'date':
      // Spreadsheet dates arrive as Date at UTC midnight of the shown day.
      if (raw instanceof Date) return `${raw.getUTCFullYear()}-${pad(raw.getUTCMonth() + 1)}-${pad(raw.getUTCDate())}`;
      return s;
    case 'instant':
      if (raw instanceof Date) {
        // Spreadsheet date-times carry no zone: exceljs gives the shown wall-clock time as UTC; add the local offset.
        const d = raw;
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${opts.utcOffset ?? '+08:00'}`;
      }
      return s;
    case 'json':
      try { return JSON.parse(s); } catch (e) { jsonError((e as Error).message); return s; }
  }
}

// ---------------------------------------------------------------- rows → read items

function errorsOf(src: SourceRef, issues: Issue[], table?: Table, prefixStrip?: RegExp): ReadItem[] {
  return issues.map((i) => {
    const field = prefixStrip ? i.field.replace(prefixStrip, '') : i.field;
    return { ok: false as const, error: toRowError(src, { ...i, field }, table?.label(field)) };
  });
}

/** Validate a simple (non-case, non-event) row into read items. */
export function simpleRow(table: Table, src: SourceRef, cells: unknown[]): ReadItem[] {
  const { obj, issues, empty } = table.toObject(cells);
  if (empty) return [];
  const schema = KIND_SCHEMA[table.kind];
  const r = validateRecord(obj, schema);
  const all = [...issues.filter((i) => !(r.ok === false && r.issues.some((j) => j.field === i.field))), ...(r.ok ? [] : r.issues)];
  if (all.length) return errorsOf(src, all, table);
  return [{ ok: true, record: r.ok ? r.record : (undefined as never), source: src }];
}

interface EventRow { event: CaseEvent; src: SourceRef; }
interface Bucket { caseId: string; agency: unknown; rows: EventRow[]; ids: Map<string, SourceRef>; bad: number; src: SourceRef; }
interface CaseRow { obj: Record<string, unknown>; src: SourceRef; }

const caseKey = (id: unknown, agency?: unknown) => (agency ? `${String(agency)}\u0000${String(id)}` : String(id));

/**
 * Joins event rows onto case rows by case id (and agency, when the events table has that column).
 * Event rows are validated one by one (errors at their own row); a case with a bad event row is rejected as a whole.
 * Holds the event rows in memory until their case arrives (spreadsheets and CSV templates are human-sized; for
 * large volumes use JSONL, or read an events file alone: it streams, grouping consecutive rows of one case).
 */
export class Joiner {
  private buckets = new Map<string, Bucket>();
  private cases: CaseRow[] = [];

  /** Add one events row; returns its errors. */
  addEvent(table: Table, src: SourceRef, cells: unknown[]): ReadItem[] {
    const { obj, issues, empty } = table.toObject(cells);
    if (empty) return [];
    const { caseId, agency, ...ev } = obj;
    if (ev.id === undefined && typeof ev.type === 'string' && typeof ev.at === 'string') ev.id = `${ev.type}@${ev.at}`;
    const all = [...issues, ...validateEvent(ev, [])];
    if (caseId === undefined || caseId === '') all.unshift({ field: 'caseId', code: 'field.required' });
    const out = errorsOf(src, all, table);
    if (caseId === undefined || caseId === '') return out;
    const key = caseKey(caseId, agency);
    let b = this.buckets.get(key);
    if (!b) { b = { caseId: String(caseId), agency, rows: [], ids: new Map(), bad: 0, src }; this.buckets.set(key, b); }
    if (typeof ev.id === 'string' && ev.id) {
      const first = b.ids.get(ev.id);
      if (first) {
        all.push({ field: 'id', code: 'duplicate.event-id', params: { value: ev.id, first: first.row !== undefined && first.sheet ? `row ${first.row}` : `line ${first.line}` } });
        out.push(...errorsOf(src, all.slice(-1), table));
      } else b.ids.set(ev.id, src);
    }
    if (all.length) b.bad++;
    else b.rows.push({ event: ev as CaseEvent, src });
    return out;
  }

  /** Take the events of a case (by id + agency, else by id alone). */
  private take(id: unknown, agency: unknown): Bucket | undefined {
    for (const key of [caseKey(id, agency), caseKey(id)]) {
      const b = this.buckets.get(key);
      if (b) { this.buckets.delete(key); return b; }
    }
    return undefined;
  }

  /** Read a case row now (its events must all have been added) and return its items. */
  caseRow(table: Table, src: SourceRef, cells: unknown[]): ReadItem[] {
    const { obj, issues, empty } = table.toObject(cells);
    if (empty) return [];
    return this.finishCase({ obj, src }, issues, table);
  }

  /** Keep a case row until the events are complete (XLSX with the cases sheet before the events sheet). */
  holdCase(table: Table, src: SourceRef, cells: unknown[]): ReadItem[] {
    const { obj, issues, empty } = table.toObject(cells);
    if (empty) return [];
    if (issues.length) return errorsOf(src, issues, table);
    this.cases.push({ obj, src });
    this.caseTable = table;
    return [];
  }
  private caseTable?: Table;

  private finishCase(row: CaseRow, issues: Issue[], table: Table): ReadItem[] {
    const b = this.take(row.obj.id, row.obj.agency);
    const events = b?.rows ?? [];
    row.obj.events = events.map((e) => e.event);
    const r = validateRecord(row.obj, 'kaohe.case/v1');
    const out: ReadItem[] = [];
    const caseIssues = [...issues, ...(r.ok ? [] : r.issues)];
    for (const i of caseIssues) {
      const m = /^events\[(\d+)\]\.?(.*)$/.exec(i.field);
      if (m && events[Number(m[1])]) out.push({ ok: false, error: toRowError(events[Number(m[1])]!.src, { ...i, field: m[2] ?? '' }) });
      else out.push({ ok: false, error: toRowError(row.src, i, table.label(i.field)) });
    }
    if (b && b.bad > 0) out.push({ ok: false, error: toRowError(row.src, { field: '', code: 'case.events-invalid', params: { count: b.bad } }) });
    if (out.length || !r.ok) return out;
    return [{ ok: true, record: r.record, source: row.src }];
  }

  /**
   * End of input: held cases are joined. Events whose case never came are errors when a cases table was read;
   * with no cases table at all, each case's events become a `{ id, agency, events }` record (merged by the store).
   */
  finish(casesSeen: boolean, eventTable?: Table): ReadItem[] {
    const out: ReadItem[] = [];
    for (const c of this.cases) out.push(...this.finishCase(c, [], this.caseTable!));
    this.cases = [];
    for (const b of this.buckets.values()) {
      if (casesSeen) {
        for (const e of b.rows) {
          out.push({ ok: false, error: toRowError(e.src, { field: 'caseId', code: 'case.unknown', params: { value: b.caseId } }, eventTable?.label('caseId')) });
        }
      } else if (b.bad === 0) {
        const r = validateRecord({ schema: 'kaohe.case/v1', id: b.caseId, agency: b.agency, events: b.rows.map((e) => e.event) }, 'kaohe.case/v1');
        if (r.ok) out.push({ ok: true, record: r.record, source: b.src });
        else out.push(...r.issues.map((i) => ({ ok: false as const, error: toRowError(b.src, i, eventTable?.label(i.field)) })));
      }
    }
    this.buckets.clear();
    return out;
  }
}

/**
 * Events-only tables (an events CSV read alone, or an XLSX with an events sheet and no cases sheet): consecutive
 * rows of the same case become one `kaohe.case/v1` record `{ id, agency, events }`, which the store merges into the
 * case (re-sent events with the same id are no-ops).
 */
export class EventGrouper {
  private key?: string;
  private doc?: { id: string; agency: unknown; events: CaseEvent[]; ids: Map<string, SourceRef>; bad: number; src: SourceRef; seenSrc: SourceRef[] };

  row(table: Table, src: SourceRef, cells: unknown[]): ReadItem[] {
    const { obj, issues, empty } = table.toObject(cells);
    if (empty) return [];
    const { caseId, agency, ...ev } = obj;
    if (ev.id === undefined && typeof ev.type === 'string' && typeof ev.at === 'string') ev.id = `${ev.type}@${ev.at}`;
    const all = [...issues, ...validateEvent(ev, [])];
    if (caseId === undefined || caseId === '') all.unshift({ field: 'caseId', code: 'field.required' });
    if (agency === undefined || agency === '') all.unshift({ field: 'agency', code: 'field.required' });
    const out: ReadItem[] = [];
    if (caseId === undefined || caseId === '') return [...out, ...errorsOf(src, all, table)];
    const key = caseKey(caseId, agency);
    if (key !== this.key) { out.push(...this.flush()); this.key = key; this.doc = { id: String(caseId), agency, events: [], ids: new Map(), bad: 0, src, seenSrc: [] }; }
    const d = this.doc!;
    if (typeof ev.id === 'string' && ev.id) {
      const first = d.ids.get(ev.id);
      if (first) all.push({ field: 'id', code: 'duplicate.event-id', params: { value: ev.id, first: first.sheet ? `row ${first.row}` : `line ${first.line}` } });
      else d.ids.set(ev.id, src);
    }
    out.push(...errorsOf(src, all, table));
    if (all.length) d.bad++;
    else { d.events.push(ev as CaseEvent); d.seenSrc.push(src); }
    return out;
  }

  flush(): ReadItem[] {
    const d = this.doc;
    this.doc = undefined; this.key = undefined;
    if (!d || d.bad > 0) return [];
    const r = validateRecord({ schema: 'kaohe.case/v1' satisfies SchemaId, id: d.id, agency: d.agency, events: d.events }, 'kaohe.case/v1');
    if (!r.ok) return r.issues.map((i) => ({ ok: false as const, error: toRowError(d.src, i) }));
    return [{ ok: true, record: r.record, source: d.src }];
  }
}

export type { RowError };
