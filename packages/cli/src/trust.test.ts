/** Issue 11 items 3, 5, 6, 7 as a user meets them: `kaohe` run as a child process, its output piped on. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestLocation } from '@kaohe/store/testing';
import { grid } from './commands/check.ts';

const BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url));
const XES = fileURLToPath(new URL('../../../fixtures/road-fines/road-fines-100.xes', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kaohe-trust-'));
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const kaohe = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** `kaohe ARGS | node -e PARSER` through a shell: the exit code of kaohe and what the second process read */
const piped = (args: string[], then: string) => {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')} | ${then}`],
    { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const COUNT = `${q(process.execPath)} -e 'let n=0,b=[];process.stdin.on("data",c=>{n+=c.length;b.push(c)}).on("end",()=>{const j=JSON.parse(Buffer.concat(b));console.log(JSON.stringify({bytes:n,findings:j.findings.length}))})'`;

test('check --format json piped through cat gives the findings written to a file; more than 1 MB drains through a pipe', () => {
  const args = ['check', XES, '--pack', 'it-road-fines', '--format', 'json', '--as-of', '2026-11-26'];
  const file = join(dir, 'direct.json');
  const direct = spawnSync('bash', ['-c', `${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')} > ${q(file)}`]);
  assert.equal(direct.status, 0);
  const viaCat = piped(args, 'cat');
  assert.equal(viaCat.code, 0, viaCat.err);
  assert.deepEqual(JSON.parse(viaCat.out), JSON.parse(readFileSync(file, 'utf8')));
  assert.equal((JSON.parse(viaCat.out) as { findings: unknown[] }).findings.length, 35, 'the 35 late notifications of the sample');

  // 6 000 traces: the sample 60 times, ids made unique; 35 × 60 = 2 100 findings, each ≥ 500 bytes pretty-printed
  const sample = readFileSync(XES, 'utf8');
  const open = sample.indexOf('<trace>'), close = sample.lastIndexOf('</trace>') + '</trace>'.length;
  const traces = sample.slice(open, close);
  const parts = [sample.slice(0, open)];
  for (let i = 0; i < 60; i++) parts.push(traces.replace(/(<string key="concept:name" value=")([^"]*)("\/>\s*<event>)/g, `$1$2-${i}$3`));
  parts.push(sample.slice(close));
  const big = join(dir, 'big.xes');
  writeFileSync(big, parts.join(''));
  const r = piped(['check', big, '--pack', 'it-road-fines', '--format', 'json', '--as-of', '2026-11-26'], COUNT);
  assert.equal(r.code, 0, r.err);
  const got = JSON.parse(r.out) as { bytes: number; findings: number };
  assert.equal(got.findings, 35 * 60);
  assert.ok(got.bytes > 1024 * 1024, `${got.bytes} bytes went through the pipe`);
});

test('the table of 200 000 rows is laid out without overflowing the stack', () => {
  // Math.max(...200 000 values) throws RangeError; widths: 'case' header 4, longest value 'C-199999' 8
  const rows = Array.from({ length: 200_000 }, (_, i) => [`C-${i}`, 'x']);
  const lines = grid(['case', 'v'], rows);
  assert.equal(lines.length, 200_002);
  assert.equal(lines[1], '--------  -');
  assert.equal(lines.at(-1), 'C-199999  x');
});

test('XES without --pack, an impossible --as-of and a rejected row: clear errors and exit codes', () => {
  const noPack = kaohe(['check', XES]);
  assert.equal(noPack.code, 2);
  assert.match(noPack.err, /--pack/);
  assert.doesNotMatch(noPack.err, /\n.+\n/, 'one line');
  for (const [asOf, why] of [['2026-02-31', /不是真实存在的日期.*not a day that exists/], ['2026-2-3', /YYYY-MM-DD/], ['2026-13-01', /不是真实存在/]] as const) {
    const r = kaohe(['check', XES, '--pack', 'it-road-fines', '--as-of', asOf]);
    assert.equal(r.code, 2, asOf);
    assert.match(r.err, why);
    assert.equal(r.out, '', 'nothing checked');
  }
  // line 1: a case that is fine as far as the file goes; line 2: the same with an impossible day of opening (31 Feb)
  const ok = { schema: 'kaohe.case/v1', id: 'SJ-1', agency: '330100-SCJG', procedure: 'general', events: [] };
  const f = join(dir, 'one-bad.jsonl');
  writeFileSync(f, JSON.stringify(ok) + '\n' + JSON.stringify({ ...ok, id: 'SJ-2', events: [{ id: 'E1', type: 'case.opened', at: '2026-02-31T09:00:00+08:00' }] }) + '\n');
  const r = kaohe(['check', f, '--format', 'json', '--as-of', '2026-11-26']);
  assert.equal(r.code, 1, 'a rejected row is rejected input (exit 1), not "found nothing"');
  const j = JSON.parse(r.out) as { rejected: { file: string; line: number; field: string }[] };
  assert.equal(j.rejected.length, 1, r.err);
  assert.equal(j.rejected[0]!.line, 2);
  assert.equal(j.rejected[0]!.field, 'events[0].at');
  assert.match(j.rejected[0]!.file, /one-bad\.jsonl/);
});

test('read-only verbs refuse a --db that is not a Kaohe database and create nothing', async () => {
  const missing = join(dir, 'no-such-db');
  for (const args of [['status', '--json'], ['warnings', '--json'], ['assess', '--period', '2026Q1']]) {
    const r = kaohe([...args, '--db', missing]);
    assert.equal(r.code, 2, `${args[0]}: ${r.err}`);
    assert.match(r.err, /不是 Kaohe 数据库.*not a Kaohe database/);
    assert.equal(r.err.trim().split('\n').length, 1, 'one line');
    assert.equal(existsSync(missing), false, `${args[0]} created ${missing}`);
  }
  if (process.env.DATABASE_URL) {
    // an empty PostgreSQL database (a mistyped database name on a real server) is refused the same way
    const loc = await createTestLocation();
    after(() => loc.drop());
    const r = kaohe(['status', '--json', '--db', loc.databaseUrl!]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /not a Kaohe database/);
  }
});
