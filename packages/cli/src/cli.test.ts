/** The `kaohe` command as users run it: a child process, its stdout/stderr and exit code. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestLocation } from '@kaohe/store/testing';

const BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url));
const XES = fileURLToPath(new URL('../../../fixtures/road-fines/road-fines-100.xes', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kaohe-cli-'));
const kaohe = (args: string[], env: Record<string, string | undefined> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('kaohe check --format json reproduces the road-fines figures; unreadable input exits 2', () => {
  const r = kaohe(['check', XES, '--pack', 'it-road-fines', '--format', 'json', '--as-of', '2026-11-26']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { asOf: string; packs: string[]; cases: number; findings: unknown[]; summary: Record<string, { checked: number; violated: number }> };
  assert.equal(j.asOf, '2026-11-26');
  assert.deepEqual(j.packs, ['it-road-fines']);
  assert.equal(j.cases, 100);
  assert.deepEqual(j.summary['it.roadfines.send-90d'], { checked: 78, violated: 35, pending: 0, advisory: 0 });
  assert.equal(j.findings.length, 35);
  const missing = kaohe(['check', join(dir, 'nope.jsonl')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.jsonl/);
  assert.equal(kaohe(['check', XES, '--pack', 'no-such-pack']).code, 2);
  assert.equal(kaohe(['check', XES, '--pack', 'it-road-fines', '--format', 'yaml']).code, 2);
  const lines = kaohe(['check', XES, '--pack', 'it-road-fines', '--format', 'jsonl']).out.trim().split('\n');
  assert.equal(lines.length, 36, '35 findings, then the summary');
  assert.ok(JSON.parse(lines.at(-1)!).summary);
});

test('kaohe import: a bad row rejects the batch with exit 1 and changes no count; a good batch is idempotent', async () => {
  const loc = await createTestLocation();
  after(() => loc.drop());
  const db = loc.databaseUrl ? ['--db', loc.databaseUrl] : ['--db', loc.dbDir];
  const agency = { schema: 'kaohe.agency/v1', code: '330100-SCJG', name: '杭州市市场监督管理局', region: '330100', domain: 'market', level: 'city' };
  const good = join(dir, 'good.jsonl');
  writeFileSync(good, JSON.stringify(agency) + '\n');
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, JSON.stringify({ ...agency, code: 'X2' }) + '\n' + JSON.stringify({ ...agency, code: 'X3', region: '33' }) + '\n');
  const r1 = kaohe(['import', bad, ...db]);
  assert.equal(r1.code, 1);
  assert.match(r1.err, /bad\.jsonl, line 2, field region/);
  assert.match(r1.err, /行政区划|region/);
  const s0 = JSON.parse(kaohe(['status', '--json', ...db]).out) as { agencies: number; batches: number };
  assert.equal(s0.agencies, 0);
  assert.equal(kaohe(['import', good, ...db]).code, 0);
  assert.equal(kaohe(['import', good, ...db]).code, 0);
  const s1 = JSON.parse(kaohe(['status', '--json', ...db]).out) as { agencies: number; batches: number };
  assert.equal(s1.agencies, 1, 're-sending the same record changes no count');
  assert.equal(s1.batches, 3, 'every batch is recorded, the rejected one too');
});
