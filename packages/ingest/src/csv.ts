import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { basename } from 'node:path';
import { toRowError } from './errors.ts';
import type { SourceRef } from './errors.ts';
import { kindFromHeader, kindFromName } from './labels.ts';
import type { TableKind } from './labels.ts';
import { EventGrouper, Joiner, Table, simpleRow } from './tabular.ts';
import type { TableOptions } from './tabular.ts';
import type { ReadItem } from './types.ts';

export interface CsvReadOptions extends TableOptions {
  /** the table kind; else detected from the header, else from the file name (`cases.csv`, `事件.csv` …) */
  kind?: TableKind;
  /** for a cases file: the events file whose rows are joined onto the cases by case id */
  events?: { input: Readable; file: string };
}

type CsvRow = { cells: string[]; src: SourceRef } | { error: ReadItem };

/** Rows of a CSV stream (csv-parse), with line (where the record starts) and row (header = row 1). */
async function* csvRows(input: Readable, file: string): AsyncGenerator<CsvRow> {
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  input.on('error', (e) => parser.destroy(e));
  let row = 0;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      row++;
      let nl = 0;
      for (const c of rec.record) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) nl++;
      yield { cells: rec.record, src: { file, line: rec.info.lines - nl, row } };
    }
  } catch (e) {
    const err = e as Error & { lines?: number };
    yield { error: { ok: false, error: toRowError({ file, line: err.lines }, { field: '', code: 'csv.syntax', params: { detail: err.message } }) } };
  }
}

/** Read the header and settle the kind; yields errors and returns the table (or undefined). */
async function* openTable(rows: AsyncGenerator<CsvRow>, file: string, opts: CsvReadOptions, kindHint?: TableKind): AsyncGenerator<ReadItem, Table | undefined> {
  const first = await rows.next();
  if (first.done) return undefined;
  if ('error' in first.value) { yield first.value.error; return undefined; }
  const headers = first.value.cells;
  const kind = kindHint ?? kindFromHeader(headers) ?? kindFromName(basename(file));
  if (!kind) {
    yield { ok: false, error: toRowError({ file, line: 1, row: 1 }, { field: '', code: 'header.unknown-kind' }) };
    return undefined;
  }
  const table = new Table(kind, headers, opts);
  const missing = table.missingColumns();
  for (const d of missing) yield { ok: false, error: toRowError({ file, line: 1, row: 1 }, { field: d.path, code: 'header.missing', params: { value: d.path, label: d.zh } }) };
  return missing.length ? undefined : table;
}

/** Read a CSV file of one record kind. A cases file may be given its events file (`opts.events`). */
export async function* readCsv(input: Readable, file: string, opts: CsvReadOptions = {}): AsyncGenerator<ReadItem> {
  const rows = csvRows(input, file);
  const table = yield* openTable(rows, file, opts, opts.kind);
  if (!table) { await rows.return(undefined); return; }
  if (table.kind === 'case') {
    const joiner = new Joiner();
    let eventTable: Table | undefined;
    if (opts.events) {
      const erows = csvRows(opts.events.input, opts.events.file);
      eventTable = yield* openTable(erows, opts.events.file, opts, 'event');
      if (eventTable) {
        for await (const r of erows) {
          if ('error' in r) { yield r.error; continue; }
          yield* joiner.addEvent(eventTable, r.src, r.cells);
        }
      } else await erows.return(undefined);
    }
    for await (const r of rows) {
      if ('error' in r) { yield r.error; continue; }
      yield* joiner.caseRow(table, r.src, r.cells);
    }
    yield* joiner.finish(true, eventTable);
    return;
  }
  if (table.kind === 'event') {
    const g = new EventGrouper();
    for await (const r of rows) {
      if ('error' in r) { yield r.error; continue; }
      yield* g.row(table, r.src, r.cells);
    }
    yield* g.flush();
    return;
  }
  for await (const r of rows) {
    if ('error' in r) { yield r.error; continue; }
    yield* simpleRow(table, r.src, r.cells);
  }
}
