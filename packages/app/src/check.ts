import {
  chinaCalendar, evaluateCaseDetailed, loadPack, renderFinding, Summary, ruleIds,
  type CaseDoc, type ExternalRecord, type Finding, type LegalCalendar, type Pack, type Person, type Lang,
} from '@kaohe/core';
import { readFile, type RowError } from '@kaohe/ingest';

/** A finding as `kaohe check` prints it (rules.md, "kaohe check"). */
export interface CheckedFinding {
  case: string;
  agency: string;
  rule: string;
  status: Finding['status'];
  dueOn?: string;
  actOn?: string;
  provisional?: number[];
  message: string;
}

export interface CheckOptions {
  files: string[];
  /** pack ids or paths; default `cn-apl-2021` */
  packs?: string[];
  asOf: string;
  lang?: Lang;
  calendar?: LegalCalendar;
  /** agency code given to XES traces */
  agency?: string;
  onFinding?: (f: CheckedFinding) => void;
  onError?: (e: RowError) => void;
  onCase?: (n: number) => void;
}

export interface CheckResult {
  asOf: string;
  packs: string[];
  cases: number;
  /** events in those cases */
  events: number;
  summary: Record<string, { checked: number; violated: number; pending: number; advisory: number }>;
  errors: number;
  /** the rows that were rejected (not checked), in input order: `kaohe check` prints them and exits 1 */
  rejected: RowError[];
}

/** Input that cannot be read at all (missing file, unknown format, unknown pack): `kaohe check` exits 2. */
export class UnreadableInputError extends Error {}

const FATAL = new Set(['file.unsupported', 'file.unreadable', 'xml.syntax', 'zip.bomb']);

/**
 * The stateless checker behind `kaohe check`: streams case documents (JSON/JSONL/CSV/XLSX/XES) through the packs.
 * External records and personnel registries in the inputs are read first, from every file and line that holds one
 * (in any order, mixed with cases or not), so that rules needing them (art. 48 withdrawal, art. 42 credentials) see
 * them; cases then stream one at a time and memory does not grow with the number of cases. The findings depend only
 * on the cases and records, not on the order of lines or the split into files.
 */
export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  // rules.md: the default pack is for kaohe.case/v1 input; an event log names no procedure, so it needs --pack
  const xes = opts.files.filter((f) => /\.xes(\.gz)?$/i.test(f));
  if (!opts.packs?.length && xes.length) {
    throw new UnreadableInputError(`${xes[0]}: XES 事件日志须以 --pack 指定规则包 | an XES event log needs --pack (the default cn-apl-2021 is for kaohe.case/v1 input)`);
  }
  const packIds = opts.packs?.length ? opts.packs : ['cn-apl-2021'];
  let packs: Pack[];
  try {
    packs = packIds.map((p) => loadPack(p));
  } catch (e) {
    throw new UnreadableInputError((e as Error).message);
  }
  const calendar = opts.calendar ?? chinaCalendar();
  const lang = opts.lang ?? 'zh-CN';
  const summary = new Summary().declare(packs.flatMap((p) => ruleIds(p)));
  let errors = 0;
  const rejected: RowError[] = [];
  const fail = (e: RowError): void => {
    errors++;
    rejected.push(e);
    if (FATAL.has(e.code)) throw new UnreadableInputError(`${e.file}: ${e.message.zh} / ${e.message.en}`);
    opts.onError?.(e);
  };

  // Pass 1: external records and people, wherever they are (a file of their own, or lines among the cases of a JSONL
  // file, in any order: interchange.md lets every line carry its schema). XES logs hold only traces and are skipped.
  const records = new Map<string, ExternalRecord[]>();
  const people = new Map<string, Person>();
  for (const file of opts.files) {
    if (xes.includes(file)) continue;
    for await (const item of readFile(file, { agency: opts.agency })) {
      if (!item.ok) continue; // reported once, in pass 2
      if (item.record.schema === 'kaohe.record/v1' && item.record.value.caseId) {
        const key = `${item.record.value.agency}\u0000${item.record.value.caseId}`;
        (records.get(key) ?? records.set(key, []).get(key)!).push(item.record.value);
      } else if (item.record.schema === 'kaohe.person/v1') people.set(item.record.value.code, item.record.value);
    }
  }
  // the same records in the same order whatever the order of lines and files
  for (const list of records.values()) list.sort((x, y) => cmp(x.id, y.id) || cmp(x.kind, y.kind));
  const registry = people.size
    ? {
        personCredentialValid(code: string, date: string): boolean | undefined {
          const c = people.get(code)?.credential;
          return c ? c.validFrom <= date && date <= c.validTo : people.has(code) ? false : undefined;
        },
      }
    : undefined;

  // Pass 2: the cases, one at a time.
  let cases = 0, events = 0;
  for (const file of opts.files) {
    for await (const item of readFile(file, { agency: opts.agency })) {
      if (!item.ok) { fail(item.error); continue; }
      if (item.record.schema !== 'kaohe.case/v1') continue;
      const doc: CaseDoc = item.record.value;
      const result = evaluateCaseDetailed(doc, packs, {
        asOf: opts.asOf, calendar, registry, records: records.get(`${doc.agency}\u0000${doc.id}`),
      });
      summary.add(result);
      cases++;
      events += doc.events.length;
      if (opts.onCase && cases % 1000 === 0) opts.onCase(cases);
      if (opts.onFinding) for (const f of result.findings) opts.onFinding(present(f, packs, lang));
    }
  }
  return { asOf: opts.asOf, packs: packs.map((p) => p.id), cases, events, summary: summary.toJSON(), errors, rejected };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order `kaohe check` prints findings in (json, table): by agency, case, rule, due day, act day, so that the same
 * cases and records give byte-identical output however the input is laid out.
 */
export function compareFindings(a: CheckedFinding, b: CheckedFinding): number {
  return cmp(a.agency, b.agency) || cmp(a.case, b.case) || cmp(a.rule, b.rule) || cmp(a.dueOn ?? '', b.dueOn ?? '')
    || cmp(a.actOn ?? '', b.actOn ?? '') || cmp(a.status, b.status) || cmp(a.message, b.message);
}

function present(f: Finding, packs: Pack[], lang: Lang): CheckedFinding {
  return {
    case: f.case, agency: f.agency, rule: f.rule, status: f.status,
    ...(f.dueOn ? { dueOn: f.dueOn } : {}), ...(f.actOn ? { actOn: f.actOn } : {}),
    ...(f.provisional?.length ? { provisional: f.provisional } : {}),
    message: renderFinding(f, lang, packs),
  };
}
