import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { SchemaId } from '@kaohe/core';
import { toRowError } from './errors.ts';
import type { Issue, SourceRef } from './errors.ts';
import type { ReadItem } from './types.ts';
import { validateRecord } from './validate.ts';

export interface JsonReadOptions {
  /** schema of records that have no `schema` field */
  schema?: SchemaId;
  /** largest single record, in characters (default 16 MiB): a larger one is skipped with an error */
  maxRecordChars?: number;
}

/** Parse + validate one JSON text into read items. */
function itemsOf(text: string, src: SourceRef, opts: JsonReadOptions): ReadItem[] {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return [{ ok: false, error: toRowError(src, { field: '', code: 'json.syntax', params: { detail: (e as Error).message } }) }];
  }
  const r = validateRecord(obj, opts.schema);
  if (r.ok) return [{ ok: true, record: r.record, source: src }];
  return r.issues.map((i: Issue) => ({ ok: false as const, error: toRowError(src, i) }));
}

/**
 * The lines of a text stream, as readline gives them (a line ends at \n, \r\n or a lone \r; an empty last line is
 * not one) but without readline's per-line events: chunks are decoded whole and cut with indexOf.
 */
export async function* lines(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let cr = false; // the previous chunk ended with \r: a \n at the start of this one belongs to it
  const cut = function* (text: string): Generator<string> {
    if (text === '') return;
    let start = 0;
    if (cr && text.charCodeAt(0) === 10) start = 1;
    cr = false;
    const hasCr = text.indexOf('\r', start) >= 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      if (hasCr) {
        const r = text.indexOf('\r', start);
        if (r >= 0 && (end < 0 || r < end)) {
          if (r + 1 === text.length) {
            yield rest + text.slice(start, r);
            rest = '';
            cr = true;
            return;
          }
          yield rest + text.slice(start, r);
          rest = '';
          start = text.charCodeAt(r + 1) === 10 ? r + 2 : r + 1;
          continue;
        }
      }
      if (end < 0) {
        rest += text.slice(start);
        return;
      }
      yield rest + text.slice(start, end);
      rest = '';
      start = end + 1;
    }
  };
  for await (const chunk of input) yield* cut(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
  yield* cut(decoder.end());
  if (rest) yield rest;
}

/** JSON Lines: one record a line; blank lines are skipped; line numbers are 1-based. */
export async function* readJsonl(input: Readable, file: string, opts: JsonReadOptions = {}): AsyncGenerator<ReadItem> {
  const max = opts.maxRecordChars ?? 16 * 1024 * 1024;
  let line = 0;
  for await (let text of lines(input)) {
    line++;
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') continue;
    if (text.length > max) {
      yield { ok: false, error: toRowError({ file, line }, { field: '', code: 'record.too-large', params: { limit: max } }) };
      continue;
    }
    const items = itemsOf(text, { file, line }, opts);
    if (items.length === 1) yield items[0]!;
    else yield* items;
  }
}

/**
 * A JSON array of records (or one record), streamed: a small tokenizer tracks strings, escapes and nesting depth
 * to cut the array's elements out of the chunks, and each element is parsed on its own. Memory holds one element.
 */
export async function* readJson(input: Readable, file: string, opts: JsonReadOptions = {}): AsyncGenerator<ReadItem> {
  const max = opts.maxRecordChars ?? 16 * 1024 * 1024;
  const decoder = new StringDecoder('utf8');
  let mode: 'start' | 'array' | 'single' | 'done' | 'garbage' = 'start';
  let depth = 0; // nesting depth; the top-level array itself is depth 1
  let inString = false;
  let escape = false;
  let parts: string[] = []; // the current element's text
  let partsLen = 0;
  let inElem = false;
  let tooLarge = false;
  let elemLine = 0;
  let row = 0;
  let line = 1;
  let first = true;
  const out: ReadItem[] = [];

  const finishElem = () => {
    row++;
    const src: SourceRef = mode === 'single' ? { file, line: elemLine } : { file, line: elemLine, row };
    if (tooLarge) out.push({ ok: false, error: toRowError(src, { field: '', code: 'record.too-large', params: { limit: max } }) });
    else out.push(...itemsOf(parts.join(''), src, opts));
    parts = []; partsLen = 0; inElem = false; tooLarge = false;
  };

  const scan = (chunk: string) => {
    if (first) { chunk = chunk.replace(/^\uFEFF/, ''); first = false; }
    let start = inElem ? 0 : -1; // start within this chunk of the element text kept
    const keep = (end: number) => {
      if (start >= 0 && !tooLarge) {
        partsLen += end - start;
        if (partsLen > max) { tooLarge = true; parts = []; } else parts.push(chunk.slice(start, end));
      }
      start = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) line++;
      if (mode === 'done' || mode === 'garbage') {
        if (c > 32 && mode === 'done') {
          mode = 'garbage';
          out.push({ ok: false, error: toRowError({ file, line }, { field: '', code: 'json.syntax', params: { detail: 'unexpected text after the end of the JSON value' } }) });
        }
        continue;
      }
      if (inString) {
        if (escape) escape = false;
        else if (c === 92) escape = true; // backslash
        else if (c === 34) inString = false; // quote
        continue;
      }
      if (mode === 'start') {
        if (c <= 32) continue;
        if (c === 91) { mode = 'array'; depth = 1; continue; } // [
        if (c === 123) { mode = 'single'; depth = 1; inElem = true; elemLine = line; start = i; continue; } // {
        mode = 'garbage';
        out.push({ ok: false, error: toRowError({ file, line }, { field: '', code: 'json.top-level', params: { value: chunk.slice(i, i + 20) } }) });
        continue;
      }
      if (c === 34) { // "
        inString = true;
        if (!inElem) { inElem = true; elemLine = line; start = i; }
        else if (start < 0) start = i;
        continue;
      }
      if (c === 123 || c === 91) { // { [
        if (!inElem) { inElem = true; elemLine = line; start = i; }
        else if (start < 0) start = i;
        depth++;
        continue;
      }
      if (c === 125 || c === 93) { // } ]
        if (start < 0 && inElem) start = i;
        if (mode === 'array' && depth === 1) { // end of the top-level array
          if (c === 93) { if (inElem) { keep(i); finishElem(); } mode = 'done'; }
          else { keep(i); mode = 'garbage'; out.push({ ok: false, error: toRowError({ file, line }, { field: '', code: 'json.syntax', params: { detail: 'unexpected }' } }) }); }
          continue;
        }
        depth--;
        if (mode === 'single' && depth === 0) { keep(i + 1); finishElem(); mode = 'done'; continue; }
        if (mode === 'array' && depth === 1) { keep(i + 1); finishElem(); }
        continue;
      }
      if (mode === 'array' && depth === 1) {
        if (c === 44) { // , between elements (primitives end here)
          if (inElem) { keep(i); finishElem(); }
          continue;
        }
        if (c <= 32) continue;
        if (!inElem) { inElem = true; elemLine = line; start = i; }
        else if (start < 0) start = i;
        continue;
      }
      if (inElem && start < 0) start = i;
    }
    keep(chunk.length);
  };

  for await (const buf of input) {
    scan(typeof buf === 'string' ? buf : decoder.write(buf as Buffer));
    yield* out.splice(0);
  }
  scan(decoder.end());
  const endMode = mode as string;
  if (endMode === 'array' || endMode === 'single') {
    out.push({ ok: false, error: toRowError({ file, line: inElem ? elemLine : line }, { field: '', code: 'json.truncated' }) });
  }
  while (out.length) yield out.shift()!;
}
