import ExcelJS from 'exceljs';
import { toRowError } from './errors.ts';
import type { SourceRef } from './errors.ts';
import { NOTE_SHEETS, kindFromHeader, kindFromName } from './labels.ts';
import type { TableKind } from './labels.ts';
import { Joiner, Table, simpleRow } from './tabular.ts';
import type { TableOptions } from './tabular.ts';
import type { ReadItem } from './types.ts';
import { checkZip } from './zipguard.ts';
import type { ZipLimits } from './zipguard.ts';

export interface XlsxReadOptions extends TableOptions, ZipLimits {
  /** kind of a sheet whose name and header say nothing (single-sheet workbooks) */
  kind?: TableKind;
}

/**
 * Read an XLSX workbook with exceljs' streaming reader, one sheet per record kind (sheet names `cases`/`案件`,
 * `events`/`事件`, `records`, `agencies`, `people`, `items`, `calendar`, or detected from the header row).
 * The archive is checked first (size, entries, ratios, real inflated sizes). Rows of registries and records stream;
 * case rows are held until the whole workbook is read, to join the events sheet (bounded by `maxBytes`).
 */
export async function* readXlsx(path: string, file: string, opts: XlsxReadOptions = {}): AsyncGenerator<ReadItem> {
  let problem;
  try {
    problem = await checkZip(path, opts);
  } catch (e) {
    problem = { field: '', code: 'file.unreadable', params: { detail: (e as Error).message } };
  }
  if (problem) { yield { ok: false, error: toRowError({ file }, problem) }; return; }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit',
  });
  const joiner = new Joiner();
  let casesSeen = false;
  let eventTable: Table | undefined;
  try {
    for await (const ws of reader) {
      const sheet = String((ws as unknown as { name?: string }).name ?? '');
      if (NOTE_SHEETS.some((n) => n.toLowerCase() === sheet.trim().toLowerCase())) { for await (const _ of ws) { /* drain */ } continue; }
      let table: Table | undefined;
      let skip = false;
      for await (const row of ws) {
        if (skip) continue;
        const cells = row.values as unknown[];
        const src: SourceRef = { file, sheet, row: row.number };
        if (!table) {
          if (!cells.some((c) => c !== null && c !== undefined && String(c).trim() !== '')) continue;
          const headers = cells.map((c) => (c === null || c === undefined ? '' : typeof c === 'object' && c && 'richText' in c ? (c as { richText: { text: string }[] }).richText.map((t) => t.text).join('') : String(c)));
          const kind = kindFromName(sheet) ?? kindFromHeader(headers) ?? opts.kind;
          if (!kind) { yield { ok: false, error: toRowError(src, { field: '', code: 'sheet.unknown', params: { value: sheet } }) }; skip = true; continue; }
          table = new Table(kind, headers, opts);
          const missing = table.missingColumns();
          for (const d of missing) yield { ok: false, error: toRowError(src, { field: d.path, code: 'header.missing', params: { value: d.path, label: d.zh } }) };
          if (missing.length) { skip = true; continue; }
          if (kind === 'case') casesSeen = true;
          if (kind === 'event') eventTable = table;
          continue;
        }
        if (table.kind === 'case') yield* joiner.holdCase(table, src, cells);
        else if (table.kind === 'event') yield* joiner.addEvent(table, src, cells);
        else yield* simpleRow(table, src, cells);
      }
    }
  } catch (e) {
    yield { ok: false, error: toRowError({ file }, { field: '', code: 'xlsx.unreadable', params: { detail: (e as Error).message } }) };
    return;
  }
  yield* joiner.finish(casesSeen, eventTable);
}
