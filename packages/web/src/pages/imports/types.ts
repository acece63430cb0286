import type { Localized } from '../../api.ts';

export interface RowError { file?: string; line?: number; row?: number; sheet?: string; field?: string; code?: string; message?: Localized | string; }
export interface Batch {
  id: string | number; file?: string; format?: string | null; finishedAt?: string | null; sha256?: string; by?: string; at?: string; status?: string;
  counts?: unknown; errors?: RowError[] | number; errorCount?: number;
}

/** Counts are numbers or `{ inserted, updated, unchanged }` per kind: one readable line each. */
export function countEntries(counts: unknown): [string, string][] {
  if (!counts || typeof counts !== 'object') return [];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(counts as Record<string, unknown>)) {
    const text = v && typeof v === 'object'
      ? Object.entries(v as Record<string, unknown>).filter(([, n]) => Number(n) > 0).map(([a, n]) => `${a} ${String(n)}`).join(' / ')
      : Number(v) > 0 ? String(v) : '';
    if (text) out.push([k, text]);
  }
  return out;
}

/** The file's own name (the server may record the path of its upload copy). */
export const baseName = (f?: string) => (f ?? '').split(/[\\/]/).pop() ?? '';

export const TERMINAL = new Set(['committed', 'done', 'completed', 'complete', 'succeeded', 'success', 'failed', 'rejected', 'error', 'imported']);
export const isTerminal = (s?: string) => !!s && TERMINAL.has(s);
export const isFailure = (s?: string) => s === 'failed' || s === 'rejected' || s === 'error';

export function errorCount(b: Batch): number {
  if (Array.isArray(b.errors)) return b.errors.length;
  return Number(b.errors ?? b.errorCount ?? 0);
}

/** A cell that Excel would read as a formula gets a leading apostrophe (CSV injection). */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Row errors as CSV (UTF-8 with BOM so Excel shows Chinese), messages in the chosen language. */
export function errorsCsv(errors: RowError[], headers: string[], pick: (m: RowError['message']) => string): string {
  const lines = [headers.map(csvCell).join(',')];
  for (const e of errors) lines.push([baseName(e.file), e.sheet, e.line ?? e.row, e.field, e.code, pick(e.message)].map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
