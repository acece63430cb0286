import { SaxesParser } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { CaseEvent } from '@kaohe/core';
import { toRowError } from './errors.ts';
import type { SourceRef } from './errors.ts';
import type { ReadItem } from './types.ts';
import { validateRecord } from './validate.ts';

export interface XesReadOptions {
  /** agency code given to the cases of the log (default 'xes') */
  agency?: string;
  /** stop after this many XML errors (default 20) */
  maxXmlErrors?: number;
}

const ATTR_TAGS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);
const RESERVED = new Set(['id', 'type', 'at', 'by', 'records', 'note']);

function attrValue(tag: string, v: string): unknown {
  switch (tag) {
    case 'int': { const n = Number(v); return Number.isFinite(n) ? n : v; }
    case 'float': { const n = Number(v); return Number.isFinite(n) ? n : v; }
    case 'boolean': return v.trim().toLowerCase() === 'true';
    default: return v;
  }
}

/** bytes (or characters) of input given to the parser at a time */
const PIECE = 32 * 1024;

interface TraceState { attrs: Record<string, unknown>; events: CaseEvent[]; line: number; }

/**
 * IEEE 1849 XES, streamed with saxes: each trace becomes a `kaohe.case/v1` record (`id` = trace concept:name),
 * each event a CaseEvent (`type` = concept:name, `at` = time:timestamp, `by` = [org:resource]); other attributes are
 * kept with their types (int/float → number, boolean → boolean, date/string/id → string). Activity names of other
 * processes are accepted. No DTD is processed and no entity is expanded (saxes resolves only the five XML entities).
 */
export async function* readXes(input: Readable, file: string, opts: XesReadOptions = {}): AsyncGenerator<ReadItem> {
  const parser = new SaxesParser({ position: true });
  const out: ReadItem[] = [];
  const stack: string[] = [];
  const maxErrors = opts.maxXmlErrors ?? 20;
  let xmlErrors = 0;
  let trace: TraceState | undefined;
  let event: Record<string, unknown> | undefined;
  let eventNo = 0;

  parser.on('doctype', () => {
    out.push({ ok: false, error: toRowError({ file, line: parser.line }, { field: '', code: 'xml.doctype-ignored' }) });
  });
  parser.on('error', (e) => {
    xmlErrors++;
    if (xmlErrors <= maxErrors) {
      out.push({ ok: false, error: toRowError({ file, line: parser.line }, { field: '', code: 'xml.syntax', params: { detail: e.message } }) });
    }
  });
  parser.on('opentag', (tag) => {
    const name = tag.name;
    const parent = stack.at(-1);
    stack.push(name);
    if (name === 'trace' && parent === 'log') { trace = { attrs: {}, events: [], line: parser.line }; eventNo = 0; return; }
    if (name === 'event' && parent === 'trace' && trace) { event = {}; return; }
    if (!ATTR_TAGS.has(name) || name === 'list' || name === 'container') return;
    const attrs = tag.attributes as Record<string, string>;
    const key = attrs.key;
    if (key === undefined) return;
    const value = attrValue(name, attrs.value ?? '');
    if (parent === 'event' && event && stack.length === 4) event[key] = value; // log > trace > event > attr
    else if (parent === 'trace' && trace && stack.length === 3) trace.attrs[key] = value;
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (tag.name === 'event' && event && trace && stack.at(-1) === 'trace') {
      eventNo++;
      const { 'concept:name': type, 'time:timestamp': at, 'org:resource': res, 'identity:id': idAttr, ...rest } = event;
      const ev: CaseEvent = { id: typeof idAttr === 'string' && idAttr ? idAttr : `e${eventNo}`, type: (type as string) ?? '', at: (at as string) ?? '' };
      if (type === undefined) delete (ev as Partial<CaseEvent>).type;
      if (at === undefined) delete (ev as Partial<CaseEvent>).at;
      if (res !== undefined && res !== '') ev.by = [String(res)];
      for (const [k, v] of Object.entries(rest)) ev[RESERVED.has(k) ? `xes.${k}` : k] = v;
      trace.events.push(ev);
      event = undefined;
    } else if (tag.name === 'trace' && trace && stack.at(-1) === 'log') {
      const { 'concept:name': id, ...rest } = trace.attrs;
      const src: SourceRef = { file, line: trace.line };
      const doc: Record<string, unknown> = { schema: 'kaohe.case/v1', id: id === undefined ? undefined : String(id), agency: opts.agency ?? 'xes', events: trace.events };
      if (Object.keys(rest).length) doc.extra = rest;
      if (id === undefined || id === '') {
        out.push({ ok: false, error: toRowError(src, { field: 'id', code: 'xes.trace-id-missing' }) });
      } else {
        const r = validateRecord(doc, 'kaohe.case/v1', { unknownEventTypes: 'keep' });
        if (r.ok) out.push({ ok: true, record: r.record, source: src });
        else for (const i of r.issues) out.push({ ok: false, error: toRowError(src, i) });
      }
      trace = undefined;
    }
  });

  // The input's chunks (256 KiB from readFile) are fed to the parser in pieces of at most PIECE bytes: a decoded
  // piece is then an ordinary young-generation string that dies with the traces parsed from it (attribute values
  // are slices of it), where a whole chunk would be a large object allocated straight into the old generation,
  // which grows the heap between major collections the more cases stream through.
  const decoder = new StringDecoder('utf8');
  for await (const buf of input) {
    if (typeof buf === 'string') {
      for (let i = 0; i < buf.length; i += PIECE) {
        parser.write(buf.length <= PIECE ? buf : buf.slice(i, i + PIECE));
        yield* out.splice(0);
        if (xmlErrors > maxErrors) return;
      }
      continue;
    }
    const b = buf as Buffer;
    for (let i = 0; i < b.length; i += PIECE) {
      parser.write(decoder.write(b.length <= PIECE ? b : b.subarray(i, i + PIECE)));
      yield* out.splice(0);
      if (xmlErrors > maxErrors) return;
    }
  }
  const rest = decoder.end();
  if (rest) parser.write(rest);
  parser.close();
  yield* out.splice(0);
}
