import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, createReadStream, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { readFile, readXes, sha256File } from './index.ts';
import type { ReadItem } from './index.ts';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/road-fines/road-fines-100.xes', import.meta.url));
const SAMPLE_CSV = fileURLToPath(new URL('../../../fixtures/road-fines/road-fines-100.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kaohe-ingest-xes-'));
async function all(it: AsyncIterable<ReadItem>): Promise<ReadItem[]> { const out = []; for await (const x of it) out.push(x); return out; }

async function csvCounts(): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for await (const r of createReadStream(SAMPLE_CSV).pipe(parse({ columns: true }))) {
    const id = (r as Record<string, string>)['case:concept:name']!;
    m.set(id, (m.get(id) ?? 0) + 1);
  }
  return m;
}
function summary(items: ReadItem[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) if (i.ok) { const v = i.record.value as any; m.set(v.id, v.events.length); }
  return m;
}

test('road-fines-100.xes: 100 cases, event counts as in the CSV sample, typed attributes', async () => {
  const items = await all(readFile(SAMPLE, { agency: 'IT-ROADFINES' }));
  assert.deepEqual(items.filter((i) => !i.ok), []);
  const counts = summary(items);
  assert.equal(counts.size, 100);
  const expected = await csvCounts();
  assert.equal([...expected.values()].reduce((a, b) => a + b, 0), 390);
  assert.deepEqual(counts, expected);
  const first = items[0]!;
  assert.ok(first.ok);
  const v = first.record.value as any;
  assert.equal(v.id, 'N77802');
  assert.equal(v.agency, 'IT-ROADFINES');
  assert.deepEqual(v.events[0], {
    id: 'e1', type: 'Create Fine', at: '2005-03-23T00:00:00.000+01:00', by: ['537'], amount: 35, dismissal: 'NIL',
    vehicleClass: 'A', totalPaymentAmount: 0, 'lifecycle:transition': 'complete', article: 157, points: 0,
  });
  assert.equal(first.source.line, 1240);
});

test('a gzipped copy reads the same', async () => {
  const gz = join(dir, 'road-fines-100.xes.gz');
  await pipeline(createReadStream(SAMPLE), createGzip(), createWriteStream(gz));
  const a = summary(await all(readFile(SAMPLE)));
  const b = summary(await all(readFile(gz)));
  assert.deepEqual(b, a);
});

test('sha256File streams the known hash of the sample', async () => {
  assert.equal(await sha256File(SAMPLE), 'ef6879f823acb00d7e856a7810ddb330603367af95210524a1e30f982ffa6766');
});

test('an external-entity DOCTYPE is never resolved', async () => {
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-CONTENT');
  const p = join(dir, 'xxe.xes');
  writeFileSync(p, `<?xml version="1.0"?>
<!DOCTYPE log [ <!ENTITY xxe SYSTEM "file://${secret}"> <!ENTITY big "bigbigbig"> ]>
<log>
  <trace>
    <string key="concept:name" value="C&xxe;"/>
    <event><string key="concept:name" value="Create &big;"/><date key="time:timestamp" value="2020-01-01T00:00:00+01:00"/><string key="note2" value="&xxe;"/></event>
  </trace>
</log>`);
  const items = await all(readFile(p));
  const text = JSON.stringify(items);
  assert.ok(!text.includes('TOP-SECRET'), text);
  assert.ok(!text.includes('bigbigbig'), text);
  assert.ok(items.some((i) => !i.ok && i.error.code === 'xml.doctype-ignored'));
  assert.ok(readFileSync(secret, 'utf8') === 'TOP-SECRET-CONTENT');
});

test('XES problems: trace without id, instant without offset, broken XML', async () => {
  const p = join(dir, 'bad.xes');
  writeFileSync(p, `<log>
<trace><event><string key="concept:name" value="A"/><date key="time:timestamp" value="2020-01-01T00:00:00+01:00"/></event></trace>
<trace><string key="concept:name" value="T2"/><event><string key="concept:name" value="A"/><date key="time:timestamp" value="2020-01-01T00:00:00"/></event></trace>
<trace><string key="concept:name" value="T3"/><boolean key="flag" value="true"/><event><string key="concept:name" value="A"/><date key="time:timestamp" value="2020-01-01T00:00:00Z"/></event></trace>
</log>`);
  const items = await all(readFile(p));
  const errs = items.flatMap((i) => (i.ok ? [] : [[i.error.code, i.error.line, i.error.field]]));
  assert.deepEqual(errs, [['xes.trace-id-missing', 2, 'id'], ['instant.offset-missing', 3, 'events[0].at']]);
  const ok = items.find((i) => i.ok);
  assert.ok(ok?.ok && (ok.record.value as any).extra.flag === true);
  const broken = join(dir, 'broken.xes');
  writeFileSync(broken, '<log><trace><string key="concept:name" value="X"></trace></log>');
  assert.ok((await all(readFile(broken))).some((i) => !i.ok && i.error.code === 'xml.syntax'));
});

test('a large chunk is parsed in pieces: a character split across pieces, lines and values come out whole', async () => {
  const trace = (i: number) => `<trace><string key="concept:name" value="T${i}"/><string key="note" value="罚款${i}"/>\n`
    + `<event><string key="concept:name" value="送达"/><date key="time:timestamp" value="2020-01-01T00:00:00+08:00"/><string key="memo" value="甲乙丙丁${i}"/></event></trace>\n`;
  const head = '<log>\n';
  // pad so that a 3-byte character of the first trace after the padding straddles byte 32 768 (the piece size)
  const first = trace(0);
  const at = Buffer.byteLength(first.slice(0, first.indexOf('罚')));
  const pad = ' '.repeat(32768 - 1 - Buffer.byteLength(head) - at);
  const body = [head, pad, ...Array.from({ length: 3000 }, (_, i) => trace(i)), '</log>\n'].join('');
  const bytes = Buffer.from(body, 'utf8');
  assert.ok(bytes.length > 256 * 1024);
  assert.equal(bytes.subarray(32767, 32770).toString('utf8'), '罚');
  const viaBuffer = await all(readXes(Readable.from([bytes]), 'big.xes'));
  const viaString = await all(readXes(Readable.from([body], { objectMode: true }), 'big.xes'));
  const viaSmall = await all(readXes(Readable.from(Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => bytes.subarray(i * 1000, i * 1000 + 1000))), 'big.xes'));
  for (const items of [viaBuffer, viaString, viaSmall]) {
    assert.equal(items.length, 3000);
    assert.ok(items.every((i) => i.ok));
    const v = (k: number) => (items[k] as Extract<ReadItem, { ok: true }>);
    assert.equal((v(0).record.value as any).extra.note, '罚款0');
    assert.equal((v(2999).record.value as any).events[0].memo, '甲乙丙丁2999');
    assert.equal(v(0).source.line, 2);
    assert.equal(v(2999).source.line, 2 + 2 * 2999);
  }
  assert.deepEqual(viaBuffer, viaString);
  assert.deepEqual(viaBuffer, viaSmall);
});
