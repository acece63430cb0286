/** List export to XLSX (exceljs), formula-safe: a text cell starting with = + - @ (or tab/CR) is stored as text
 * with a leading apostrophe, so a spreadsheet never evaluates data as a formula (CSV/formula injection). */
import ExcelJS from 'exceljs';
import type { ExportColumn } from './route.ts';

const DANGEROUS = /^[=+\-@\t\r]/;

/** A cell value that no spreadsheet will evaluate. */
export function safeCell(v: unknown): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const s = Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return DANGEROUS.test(s) ? `'${s}` : s;
}

export async function toXlsx(sheetName: string, columns: ExportColumn[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kaohe';
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = columns.map((c) => ({ header: c.zh, key: c.key, width: c.width ?? Math.max(12, c.zh.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(columns.map((c) => safeCell(c.value ? c.value(r) : r[c.key])));
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') cell.numFmt = '@'; // text: never parsed as a number or formula
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
