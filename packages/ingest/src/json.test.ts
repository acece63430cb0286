import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readFile, readJson, detectFormat } from './index.ts';
import type { ReadItem } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-ingest-json-'));
const ev = (id: string, type: string, at: string) => ({ id, type, at });
const kase = (id: string, events = [ev('e1', 'case.opened', '2026-03-09T10:00:00+08:00')]) =>
  ({ schema: 'kaohe.case/v1', id, agency: '330100-SCJG', domain: 'market', events });
async function all(it: AsyncIterable<ReadItem>): Promise<ReadItem[]> { const out = []; for await (const x of it) out.push(x); return out; }
const errors = (items: ReadItem[]) => items.flatMap((i) => (i.ok ? [] : [i.error]));

test('detectFormat', () => {
  assert.deepEqual(detectFormat('a/b.JSONL'), { format: 'jsonl', gzip: false });
  assert.deepEqual(detectFormat('x.ndjson'), { format: 'jsonl', gzip: false });
  assert.deepEqual(detectFormat('log.xes.gz'), { format: 'xes', gzip: true });
  assert.deepEqual(detectFormat('t.xlsx'), { format: 'xlsx', gzip: false });
  assert.equal(detectFormat('t.xlsx.gz'), undefined);
  assert.equal(detectFormat('t.txt'), undefined);
});

test('JSONL: records and a bad JSON line with its line number, in both languages', async () => {
  const p = join(dir, 'a.jsonl');
  writeFileSync(p, `${JSON.stringify(kase('A'))}\n\n{"schema": "kaohe.case/v1", "id": \n${JSON.stringify(kase('B'))}\r\n`);
  const items = await all(readFile(p));
  assert.deepEqual(items.filter((i) => i.ok).map((i) => i.ok && [(i.record.value as any).id, i.source.line]), [['A', 1], ['B', 4]]);
  const [e] = errors(items);
  assert.equal(e!.code, 'json.syntax');
  assert.equal(e!.line, 3);
  assert.match(e!.message.zh, /^第 3 行：JSON 语法错误/);
  assert.match(e!.message.en, /^line 3: JSON syntax error/);
});

test('JSONL: 10 000 lines with one bad row yield exactly one error naming that line', async () => {
  const p = join(dir, 'big.jsonl');
  const w = createWriteStream(p);
  for (let i = 1; i <= 10_000; i++) {
    const c = kase(`SJ-${i}`);
    if (i === 7777) c.events[0]!.at = '2026-03-09T10:00:00';
    w.write(`${JSON.stringify(c)}\n`);
  }
  await new Promise((r) => w.end(r));
  let ok = 0;
  const errs = [];
  for await (const it of readFile(p)) { if (it.ok) ok++; else errs.push(it.error); }
  assert.equal(ok, 9_999);
  assert.equal(errs.length, 1);
  assert.equal(errs[0]!.line, 7777);
  assert.equal(errs[0]!.field, 'events[0].at');
  assert.equal(errs[0]!.code, 'instant.offset-missing');
  assert.match(errs[0]!.message.zh, /^第 7777 行 events\[0\]\.at：时间必须带时区偏移/);
});

test('JSONL gzip and schema hint', async () => {
  const p = join(dir, 'ag.jsonl.gz');
  writeFileSync(p, gzipSync(`${JSON.stringify({ code: 'A', name: '局', region: '330100', domain: 'market', level: 'city' })}\n`));
  const items = await all(readFile(p, { schema: 'kaohe.agency/v1' }));
  assert.equal(items.length, 1);
  assert.ok(items[0]!.ok && items[0]!.record.schema === 'kaohe.agency/v1');
  const noHint = await all(readFile(p));
  assert.equal(errors(noHint)[0]!.code, 'schema.missing');
});

test('JSON array: tokenizer cuts elements across tiny chunks (strings with brackets, escapes, multi-byte text)', async () => {
  const tricky = kase('T-1');
  (tricky as any).party = { type: 'org', name: '某某"食品"有限公司 ] } [ { \\ \u2028' };
  const text = `[\n  ${JSON.stringify(tricky, null, 2)},\n  ${JSON.stringify(kase('T-2'))} ,\n  {"schema":"kaohe.case/v1","id":"T-3","agency":"x","domain":"mars","events":[]},\n  42\n]\n`;
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  const items = await all(readJson(Readable.from(chunks), 'mem.json'));
  const ok = items.filter((i) => i.ok);
  assert.equal(ok.length, 2);
  assert.ok(ok[0]!.ok && (ok[0]!.record.value as any).party.name === (tricky as any).party.name);
  assert.deepEqual(ok.map((i) => i.ok && i.source), [{ file: 'mem.json', line: 2, row: 1 }, { file: 'mem.json', line: 19, row: 2 }]);
  const errs = errors(items);
  assert.deepEqual(errs.map((e) => [e.code, e.line, e.row, e.field]), [['enum.invalid', 20, 3, 'domain'], ['record.not-object', 21, 4, '']]);
  assert.match(errs[0]!.message.zh, /^第 20 行 domain：取值 "mars" 无效/);
});

test('JSON: a single object, a truncated array, a syntax error inside one element', async () => {
  const one = join(dir, 'one.json');
  writeFileSync(one, JSON.stringify(kase('S'), null, 2));
  const a = await all(readFile(one));
  assert.equal(a.length, 1);
  assert.ok(a[0]!.ok);
  const trunc = join(dir, 'trunc.json');
  writeFileSync(trunc, `[${JSON.stringify(kase('S'))},\n{"schema":"kaohe.case/v1",`);
  const t = await all(readFile(trunc));
  assert.equal(t.filter((i) => i.ok).length, 1);
  assert.deepEqual(errors(t).map((e) => [e.code, e.line]), [['json.truncated', 2]]);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, `[\n{"id": tru},\n${JSON.stringify(kase('S'))}\n]`);
  const b = await all(readFile(bad));
  assert.deepEqual(errors(b).map((e) => [e.code, e.line, e.row]), [['json.syntax', 2, 1]]);
  assert.equal(b.filter((i) => i.ok).length, 1);
});

test('unsupported and missing files', async () => {
  assert.equal(errors(await all(readFile(join(dir, 'x.txt'))))[0]!.code, 'file.unsupported');
  assert.equal(errors(await all(readFile(join(dir, 'nope.jsonl'))))[0]!.code, 'file.unreadable');
});

test('JSONL lines are cut as readline cuts them, whatever the chunks', async () => {
  const { createInterface } = await import('node:readline');
  const { lines } = await import('./json.ts');
  const texts = ['a\nb\r\nc\rd\n\ne', 'a\r', '\r\n\r\n', 'x\n', '\uFEFF{"a":1}\r\n{"b":"中文"}\n\n', '中\r\n文\r', '\n\n\r\r'];
  for (const t of texts) {
    const buf = Buffer.from(t);
    const want: string[] = [];
    for await (const l of createInterface({ input: Readable.from([buf]), crlfDelay: Infinity })) want.push(l);
    for (let size = 1; size <= buf.length; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
      const got: string[] = [];
      for await (const l of lines(Readable.from(chunks))) got.push(l);
      assert.deepEqual(got, want, `${JSON.stringify(t)} in chunks of ${size}`);
    }
  }
});
