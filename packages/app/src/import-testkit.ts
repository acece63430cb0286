/**
 * Test fixtures of the import: generated interchange records, JSONL files, and a minimal JSONL reader with the
 * signature of `@kaohe/ingest`'s readFile (so the import's tests do not depend on the reader's own validation).
 * A line `{"bad": true}` or a line that is not JSON yields a row error.
 */
import { createReadStream, writeFileSync, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { CaseDoc, InterchangeRecord, SchemaId } from '@kaohe/core';
import type { ReadFileFn, ReadItem } from './import.ts';

export const jsonlReader: ReadFileFn = async function* (path: string): AsyncGenerator<ReadItem> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      yield { ok: false, error: { file: path, line, field: '', code: 'json.syntax', message: { zh: '不是有效的 JSON', en: 'not valid JSON' } } };
      continue;
    }
    if (o.bad) {
      yield { ok: false, error: { file: path, line, field: 'bad', code: 'value.invalid', message: { zh: '错误的记录', en: 'bad record' } } };
      continue;
    }
    const { schema, ...value } = o;
    yield { ok: true, record: { schema: schema as SchemaId, value } as unknown as InterchangeRecord, source: { file: path, line } };
  }
};

export const AGENCY = '330100-SCJG';

export function registries(): object[] {
  return [
    { schema: 'kaohe.agency/v1', code: AGENCY, name: '杭州市市场监督管理局', region: '330100', domain: 'market', level: 'city' },
    { schema: 'kaohe.person/v1', code: 'P0101', name: '张三', agency: AGENCY, posts: ['handler'], credential: { number: 'ZJ-0101', validFrom: '2024-01-01', validTo: '2029-12-31' }, idNumber: '330102199001011234' },
    { schema: 'kaohe.person/v1', code: 'P0190', name: '王五', agency: AGENCY, posts: ['approver'] },
    { schema: 'kaohe.item/v1', code: 'SC-FOOD-124-1', name: '生产经营不符合食品安全标准的食品', domain: 'market', kinds: ['fine', 'confiscation'], range: { min: 50000, max: 100000 },
      tiers: [{ tier: 'lighter', min: 50000, max: 65000, circumstances: ['lighter'] }, { tier: 'general', min: 65000, max: 85000, circumstances: ['general'] }] },
    { schema: 'kaohe.calendar/v1', year: 2026, holidays: ['2026-01-01', '2026-01-02'], workdays: ['2026-01-04'], source: '国办发明电〔2025〕7号' },
  ];
}

/** Case number i: deterministic content; `variant` changes the fine (an update). */
export function caseDoc(i: number, variant = 0): CaseDoc & { schema: 'kaohe.case/v1' } {
  const id = `SJ-2026-${String(i).padStart(6, '0')}`;
  return {
    schema: 'kaohe.case/v1',
    id,
    agency: AGENCY,
    domain: 'market',
    procedure: 'general',
    party: { type: 'person', name: '李四', idNumber: `33010219800101${String(i % 10000).padStart(4, '0')}`, phone: '13800000000' },
    violation: { item: 'SC-FOOD-124-1', occurredOn: '2026-02-20', circumstance: 'general' },
    major: false,
    complex: false,
    staff: { handlers: ['P0101', 'P0102'], approver: 'P0190' },
    penalty: { kinds: ['fine'], fine: 20000 + variant },
    events: [
      { id: 'e1', type: 'lead.registered', at: '2026-03-02T09:10:00+08:00' },
      { id: 'e2', type: 'case.opened', at: '2026-03-09T23:30:00+08:00', by: ['P0190'] },
      { id: 'e3', type: 'investigation', at: '2026-03-12T14:00:00+08:00', by: ['P0101'], records: ['text', 'av'], credentialShown: true },
      { id: 'e4', type: 'decision.made', at: '2026-04-29T17:00:00Z', by: ['P0190'], penalty: { kinds: ['fine'], fine: 20000 }, number: `杭市监罚〔2026〕${i}号` },
    ],
  };
}

export function writeJsonl(path: string, records: object[]): string {
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

/** Write `n` generated cases (+ registries) without holding them in memory. */
export async function writeCases(path: string, n: number, opts: { from?: number; withRegistries?: boolean; badAt?: number } = {}): Promise<string> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  if (opts.withRegistries !== false) for (const r of registries()) await write(JSON.stringify(r) + '\n');
  const from = opts.from ?? 1;
  for (let i = from; i < from + n; i++) {
    await write(i === opts.badAt ? '{"bad": true}\n' : JSON.stringify(caseDoc(i)) + '\n');
  }
  out.end();
  await once(out, 'finish');
  return path;
}
