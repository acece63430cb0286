import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { SchemaId } from '@kaohe/core';
import { toRowError } from './errors.ts';
import { readCsv } from './csv.ts';
import { readJson, readJsonl } from './json.ts';
import type { TableKind } from './labels.ts';
import type { ReadItem } from './types.ts';
import { readXes } from './xes.ts';
import { readXlsx } from './xlsx.ts';
import type { ZipLimits } from './zipguard.ts';

export type Format = 'json' | 'jsonl' | 'csv' | 'xlsx' | 'xes';
export interface DetectedFormat { format: Format; gzip: boolean; }

/** Format of a file by its extension (`.json`, `.jsonl`/`.ndjson`, `.csv`, `.xlsx`, `.xes`, and `.gz` of the text ones). */
export function detectFormat(path: string): DetectedFormat | undefined {
  const p = path.toLowerCase();
  const gzip = p.endsWith('.gz');
  const base = gzip ? p.slice(0, -3) : p;
  const ext = base.slice(base.lastIndexOf('.') + 1);
  const map: Record<string, Format> = { json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', csv: 'csv', xlsx: 'xlsx', xes: 'xes' };
  const format = map[ext];
  if (!format || (gzip && format === 'xlsx')) return undefined;
  return { format, gzip };
}

export interface ReadOptions extends ZipLimits {
  /** schema of JSON/JSONL records without a `schema` field */
  schema?: SchemaId;
  /** CSV/XLSX table kind when the header and name do not tell */
  kind?: TableKind;
  /** CSV: the events file to join onto a cases file by case id */
  events?: string;
  /** XES: agency code given to the log's cases (default 'xes') */
  agency?: string;
  /** XLSX: offset given to date-time cells, which carry none (default +08:00) */
  utcOffset?: string;
  /** name of the file in errors and sources (default: the path as given) */
  fileLabel?: string;
  /** JSON/JSONL: largest single record in characters (default 16 MiB) */
  maxRecordChars?: number;
}

function openStream(path: string, gzip: boolean): Readable {
  const s = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!gzip) return s;
  const g = createGunzip();
  s.on('error', (e) => g.destroy(e));
  return s.pipe(g);
}

/**
 * Read a file of interchange records, streaming: validated records with their source, and row-level errors
 * (bilingual) as they are met. Iterate with `for await`; reading pauses while the consumer works (backpressure).
 */
export async function* readFile(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const file = opts.fileLabel ?? path;
  const fmt = detectFormat(path);
  if (!fmt) {
    yield { ok: false, error: toRowError({ file }, { field: '', code: 'file.unsupported', params: { value: path.slice(path.lastIndexOf('/') + 1) } }) };
    return;
  }
  try {
    await stat(path);
    if (opts.events) await stat(opts.events);
  } catch (e) {
    yield { ok: false, error: toRowError({ file }, { field: '', code: 'file.unreadable', params: { detail: (e as Error).message } }) };
    return;
  }
  const streams: Readable[] = [];
  const open = (p: string, gz: boolean) => { const s = openStream(p, gz); streams.push(s); return s; };
  try {
    switch (fmt.format) {
      case 'jsonl': yield* readJsonl(open(path, fmt.gzip), file, opts); break;
      case 'json': yield* readJson(open(path, fmt.gzip), file, opts); break;
      case 'xes': yield* readXes(open(path, fmt.gzip), file, opts); break;
      case 'xlsx': yield* readXlsx(path, file, opts); break;
      case 'csv': {
        const events = opts.events ? { input: open(opts.events, opts.events.toLowerCase().endsWith('.gz')), file: opts.events } : undefined;
        yield* readCsv(open(path, fmt.gzip), file, { kind: opts.kind, utcOffset: opts.utcOffset, events });
        break;
      }
    }
  } catch (e) {
    yield { ok: false, error: toRowError({ file }, { field: '', code: 'file.unreadable', params: { detail: (e as Error).message } }) };
  } finally {
    for (const s of streams) s.destroy();
  }
}

/** SHA-256 of a file, streamed (hex). */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}
