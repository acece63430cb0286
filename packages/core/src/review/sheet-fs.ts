import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSheet, selectSheet, type CaseType, type Sheet } from './sheet.ts';

const DIR = fileURLToPath(new URL('./sheets/', import.meta.url));
let cache: Sheet[] | null = null;

/** The scoring sheets shipped with Kaohe (review/sheets/*.yaml), validated once. */
export function builtInSheets(): Sheet[] {
  cache ??= readdirSync(DIR).filter((n) => n.endsWith('.yaml')).sort().map((n) => parseSheet({ path: DIR + n, text: readFileSync(DIR + n, 'utf8') }));
  return cache;
}

/** A built-in sheet by version, or null. */
export function sheetByVersion(version: string): Sheet | null {
  return builtInSheets().find((s) => s.version === version) ?? null;
}

/** The built-in sheet for a case type in force on `asOf`. @throws Error when none is */
export function sheetFor(caseType: CaseType, asOf: string): Sheet {
  const s = selectSheet(builtInSheets(), caseType, asOf);
  if (!s) throw new Error(`no ${caseType} scoring sheet is effective on ${asOf} · ${asOf} 无有效的评查表`);
  return s;
}
