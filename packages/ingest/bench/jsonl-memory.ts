// Memory check: generate a large JSONL file (default 200 MB) and stream it through readFile, printing peak RSS.
// Run: node --import tsx packages/ingest/bench/jsonl-memory.ts [megabytes]
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from '../src/index.ts';

const mb = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'kaohe-bench-'));
const path = join(dir, 'big.jsonl');
const w = createWriteStream(path);
let bytes = 0, n = 0;
while (bytes < mb * 1024 * 1024) {
  n++;
  const line = `${JSON.stringify({ schema: 'kaohe.case/v1', id: `SJ-${n}`, agency: '330100-SCJG', domain: 'market', party: { type: 'org', name: '某某食品有限公司' },
    events: [{ id: 'e1', type: 'case.opened', at: '2026-03-09T10:00:00+08:00' }, { id: 'e2', type: 'decision.made', at: '2026-04-30T10:00:00+08:00', penalty: { kinds: ['fine'], fine: 20000 } }] })}\n`;
  bytes += Buffer.byteLength(line);
  if (!w.write(line)) await new Promise((r) => w.once('drain', r));
}
await new Promise((r) => w.end(r));
let peak = 0, ok = 0, bad = 0;
const t0 = Date.now();
for await (const it of readFile(path)) {
  if (it.ok) ok++; else bad++;
  if ((ok & 4095) === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
console.log(`${mb} MB, ${ok} records, ${bad} errors, ${((Date.now() - t0) / 1000).toFixed(1)} s, peak RSS ${(peak / 1048576).toFixed(0)} MB`);
rmSync(dir, { recursive: true, force: true });
