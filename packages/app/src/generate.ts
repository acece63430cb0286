import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { SYNTH_FAULT_KINDS as FAULT_KINDS, SYNTH_SIGNALS as SIGNALS, SynthProvince, chinaCalendar } from '@kaohe/core';
import type { LegalCalendar, SynthOptions } from '@kaohe/core';

export interface GenerateOptions extends SynthOptions {
  /** output directory (created if missing) */
  out: string;
  /** called every `progressEvery` cases and at the end with (cases written, total) */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** the legal calendar; defaults to `chinaCalendar()` (the chinese-days schedules) */
  calendar?: LegalCalendar;
}

export interface GenerateResult {
  dir: string;
  files: string[];
  agencies: number;
  people: number;
  items: number;
  cases: number;
  records: number;
  /** truth entries that are faults (signals excluded) */
  faults: number;
  /** cases still open at the cut-off day (`asOf`) */
  open: number;
  /** the cut-off day: `until`, or 31 December of the year */
  asOf: string;
  ms: number;
}

/** Buffered line writer honouring back-pressure. */
class Lines {
  readonly #s: WriteStream;
  #buf: string[] = [];
  #size = 0;
  constructor(path: string) {
    this.#s = createWriteStream(path, { encoding: 'utf8' });
  }
  async write(text: string): Promise<void> {
    this.#buf.push(text);
    this.#size += text.length;
    if (this.#size >= 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#buf.length === 0) return;
    const chunk = this.#buf.join('');
    this.#buf = [];
    this.#size = 0;
    if (!this.#s.write(chunk)) await once(this.#s, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.#s.end();
    await once(this.#s, 'finish');
  }
}

export const GENERATED_FILES = ['agencies.jsonl', 'people.jsonl', 'items.jsonl', 'calendar.jsonl', 'cases.jsonl', 'records.jsonl', 'truth.json'] as const;

/**
 * Writes a synthetic province to `out`: the registries, the calendar, `cases.jsonl`, `records.jsonl` (all importable
 * with `kaohe import DIR/*.jsonl`) and `truth.json` (`{ seed, year, cases, asOf, rates, multipliers, faults: [...], stats }`).
 * The data is cut at `until` (default 31 December; truth.json's `asOf`): nothing happens after it and the truth lists
 * only faults observable as of it. Streams: one case is in memory at a time. Same options → byte-identical files.
 */
export async function generateDataset(opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const province = new SynthProvince({
    seed: opts.seed, year: opts.year, cases: opts.cases, ...(opts.rates ? { rates: opts.rates } : {}), ...(opts.until !== undefined ? { until: opts.until } : {}),
  }, opts.calendar ?? chinaCalendar());
  const asOf = opts.until ?? `${opts.year}-12-31`;
  const dir = resolve(opts.out);
  await mkdir(dir, { recursive: true });
  const line = (schema: string, o: object) => JSON.stringify({ schema, ...o }) + '\n';

  const reg = async (file: string, schema: string, rows: readonly object[]) => {
    const w = new Lines(join(dir, file));
    for (const r of rows) await w.write(line(schema, r));
    await w.close();
  };
  await reg('agencies.jsonl', 'kaohe.agency/v1', province.agencies);
  await reg('people.jsonl', 'kaohe.person/v1', province.people);
  await reg('items.jsonl', 'kaohe.item/v1', province.items);
  await reg('calendar.jsonl', 'kaohe.calendar/v1', [province.calendar]);

  const casesOut = new Lines(join(dir, 'cases.jsonl'));
  const recordsOut = new Lines(join(dir, 'records.jsonl'));
  const truthOut = new Lines(join(dir, 'truth.json'));
  await truthOut.write(`{"seed":${opts.seed},"year":${opts.year},"cases":${opts.cases},"asOf":"${asOf}",\n"rates":${JSON.stringify(province.rates)},\n"multipliers":${JSON.stringify(province.multipliers)},\n"faults":[`);
  const stats: Record<string, { eligible: number; injected: number; expected: number }> = {};
  for (const k of FAULT_KINDS) stats[k] = { eligible: 0, injected: 0, expected: 0 };
  const signals: Record<string, number> = Object.fromEntries(SIGNALS.map((s) => [s, 0]));
  let records = 0, faults = 0, open = 0, simple = 0, entries = 0;
  const every = Math.max(1, opts.progressEvery ?? 1000);
  for (const c of province.cases()) {
    await casesOut.write(JSON.stringify(c.doc) + '\n');
    for (const r of c.records) await recordsOut.write(JSON.stringify(r) + '\n');
    records += c.records.length;
    for (const k of c.eligible) stats[k]!.eligible++;
    for (const [k, p] of Object.entries(c.expected)) stats[k]!.expected += p;
    for (const t of c.truth) {
      await truthOut.write((entries++ ? ',\n' : '\n') + JSON.stringify(t));
      if (t.fault in stats) { stats[t.fault]!.injected++; faults++; } else signals[t.fault] = (signals[t.fault] ?? 0) + 1;
    }
    if (c.open) open++;
    if (c.doc.procedure === 'simple') simple++;
    if ((c.index + 1) % every === 0) opts.onProgress?.(c.index + 1, opts.cases);
  }
  for (const s of Object.values(stats)) s.expected = Math.round(s.expected * 100) / 100;
  await truthOut.write(`\n],\n"stats":${JSON.stringify({ faults: stats, signals, open, simple, records })}}\n`);
  await Promise.all([casesOut.close(), recordsOut.close(), truthOut.close()]);
  opts.onProgress?.(opts.cases, opts.cases);
  return {
    dir, files: GENERATED_FILES.map((f) => join(dir, f)), agencies: province.agencies.length, people: province.people.length,
    items: province.items.length, cases: opts.cases, records, faults, open, asOf, ms: Math.round(performance.now() - t0),
  };
}
