/** DOM-free helpers of the registry forms (unit-tested in messages.test.ts). */
import type { Localized } from '../../api.ts';

export type NamePath = (string | number)[];

/** `body.credential.validTo` → ['credential', 'validTo']; `tiers[1].max` → ['tiers', 1, 'max']. */
export function fieldPath(field: string): NamePath {
  const out: NamePath = [];
  for (const part of field.replace(/^(body|querystring|params)\./, '').split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) { out.push(part); continue; }
    if (m[1]) out.push(m[1]);
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

/** The shape of a name path with list indices as `#`: ['tiers', 1, 'max'] → 'tiers.#.max'. */
export const pattern = (p: NamePath): string => p.map((x) => (typeof x === 'number' ? '#' : x)).join('.');

export interface FieldErrors {
  /** errors placed under the form's fields */
  fields: { name: NamePath; errors: string[] }[];
  /** errors of no field of the form */
  other: string[];
}

/**
 * The `details` of a server error (`[{ field, reason: { zh, en } }]`) as form field errors: each goes to the longest
 * prefix of its path that is a field of the form (`known`, as patterns: 'credential.domains' takes
 * `credential.domains[0]`, 'tiers.#.max' takes `tiers[1].max`).
 */
export function serverFieldErrors(details: unknown, loc: (m: Localized | string | undefined) => string, known: readonly string[]): FieldErrors {
  const by = new Map<string, { name: NamePath; errors: string[] }>();
  const other: string[] = [];
  for (const d of Array.isArray(details) ? (details as { field?: string; reason?: Localized | string; message?: Localized | string }[]) : []) {
    const text = loc(d?.reason ?? d?.message);
    if (!text) continue;
    let p = fieldPath(d.field ?? '');
    while (p.length && !known.includes(pattern(p))) p = p.slice(0, -1);
    if (!p.length) { other.push(text); continue; }
    const key = JSON.stringify(p);
    const e = by.get(key) ?? { name: p, errors: [] };
    if (!e.errors.includes(text)) e.errors.push(text);
    by.set(key, e);
  }
  return { fields: [...by.values()], other };
}

/** Dates typed or pasted into a text area: separated by lines, commas, spaces or 、；. */
export function parseDates(text: string | undefined | null): string[] {
  return (text ?? '').split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean);
}

export interface CalendarYearInput { year: number; holidays: string[]; workdays: string[]; source?: string }

/** A `kaohe.calendar/v1` record from an uploaded file: a JSON object, a JSON array or JSONL (the first calendar). */
export function calendarFromFile(text: string): CalendarYearInput {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t) throw new Error('empty file');
  let records: unknown[];
  try {
    const v = JSON.parse(t) as unknown;
    records = Array.isArray(v) ? v : [v];
  } catch {
    records = t.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  }
  const c = records.find((r): r is Record<string, unknown> => !!r && typeof r === 'object' && ((r as { schema?: unknown }).schema === 'kaohe.calendar/v1' || ((r as { schema?: unknown }).schema === undefined && 'year' in (r as object))));
  if (!c) throw new Error('no kaohe.calendar/v1 record');
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  const year = Number(c.year);
  if (!Number.isInteger(year)) throw new Error('year missing');
  return { year, holidays: list(c.holidays), workdays: list(c.workdays), ...(typeof c.source === 'string' ? { source: c.source } : {}) };
}
