/**
 * `kaohe sample` as users run it, and the promise of docs/review.md: the random stratum re-derived with nothing but
 * node:crypto's SM3, a sort and a slice — none of Kaohe's code — equals the command's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestLocation } from '@kaohe/store/testing';

const BIN = fileURLToPath(new URL('../bin.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kaohe-sample-'));
const kaohe = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
interface Sample {
  method: { weights: Record<string, number> };
  seed: string; period: string; rate: number; min: number;
  departments: { agency: string; population: number; sample: { case: string; stratum: string; digest: string; risk: number; reasons: string[] }[] }[];
}
let db: string[];
let drop: () => Promise<void>;
/** agency → ids of its cases with a decision.made in 2026H1 (local dates: the generator writes +08:00 instants) */
const decided = new Map<string, string[]>();

before(async () => {
  const loc = await createTestLocation();
  drop = loc.drop;
  db = ['--db', loc.databaseUrl ?? loc.dbDir];
  const out = join(dir, 'prov');
  assert.equal(kaohe(['generate', '--cases', '1000', '--seed', '19', '--year', '2026', '--out', out]).code, 0);
  const files = ['agencies', 'people', 'items', 'calendar', 'cases', 'records'].map((f) => join(out, `${f}.jsonl`));
  const imp = kaohe(['import', ...files, ...db]);
  assert.equal(imp.code, 0, imp.err);
  for (const line of readFileSync(join(out, 'cases.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const c = JSON.parse(line) as { id: string; agency: string; events: { type: string; at: string }[] };
    const d = c.events.find((e) => e.type === 'decision.made');
    if (!d) continue;
    assert.match(d.at, /\+08:00$/);
    const day = d.at.slice(0, 10);
    if (day >= '2026-01-01' && day <= '2026-06-30') decided.set(c.agency, [...(decided.get(c.agency) ?? []), c.id]);
  }
});
after(async () => { await drop?.(); rmSync(dir, { recursive: true, force: true }); });

test('the random stratum re-derived by docs/review.md (SM3, sort, slice) equals the command’s; every department ≥ 10 %', () => {
  const r = kaohe(['sample', '--period', '2026H1', '--seed', '2026-07-01 公证处 No.7', '--min', '3', '--format', 'json', ...db]);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out) as Sample;
  assert.deepEqual(Object.keys(s), ['method', 'seed', 'period', 'rate', 'min', 'departments']);
  assert.deepEqual([s.seed, s.period, s.rate, s.min], ['2026-07-01 公证处 No.7', '2026H1', 0.1, 3]);
  assert.deepEqual(s.method.weights, { violated: 1, complaint: 2, reversal: 4 });
  assert.deepEqual(s.departments.map((d) => d.agency).sort(), [...decided.keys()].sort());
  let nonCensus = 0;
  for (const d of s.departments) {
    const ids = decided.get(d.agency)!;
    assert.equal(d.population, ids.length, d.agency);
    // n by hand: ⌈N/10⌉ in integers, at least 3, at most N
    const n = Math.min(ids.length, Math.max(Math.ceil((ids.length * 10) / 100), 3));
    assert.equal(d.sample.length, n, d.agency);
    assert.ok(d.sample.length * 10 >= d.population, `${d.agency}: ${d.sample.length} of ${d.population} is under 10 %`);
    // docs/review.md: digest every "<seed>:<case id>", sort ascending, take the first ⌈n/2⌉ (all when N ≤ n)
    const hex = (id: string) => createHash('sm3').update(`${s.seed}:${id}`).digest('hex');
    const k = n === ids.length ? n : Math.ceil(n / 2);
    const mine = ids.map((id) => [hex(id), id] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(0, k).map((x) => x[1]);
    assert.deepEqual(d.sample.filter((x) => x.stratum === 'random').map((x) => x.case), mine, d.agency);
    if (n < ids.length) nonCensus++;
    for (const x of d.sample) assert.equal(x.digest, hex(x.case));
  }
  assert.ok(nonCensus >= 10, `the province exercises real draws, not only censuses (${nonCensus})`);
});

test('same seed → same sample, another seed → another; the table format; a path that is no database is refused', () => {
  const a = kaohe(['sample', '--period', '2026H1', '--seed', 'A', '--format', 'json', ...db]);
  const b = kaohe(['sample', '--period', '2026H1', '--seed', 'A', '--format', 'json', ...db]);
  const c = kaohe(['sample', '--period', '2026H1', '--seed', 'B', '--format', 'json', ...db]);
  assert.equal(a.code, 0, a.err);
  assert.equal(a.out, b.out);
  const ids = (o: string) => (JSON.parse(o) as Sample).departments.flatMap((d) => d.sample.filter((x) => x.stratum === 'random').map((x) => x.case));
  assert.notDeepEqual(ids(a.out), ids(c.out));
  const t = kaohe(['sample', '--period', '2026', '--seed', 'A', ...db]);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /seed A/);
  assert.match(t.out, /weights 风险权重: violated 违法预警 1, complaint 投诉 2, reversal 复议诉讼纠错 4/);

  const empty = join(dir, 'not-a-db');
  mkdirSync(empty);
  const no = kaohe(['sample', '--period', '2026H1', '--seed', 'A', '--db', empty]);
  assert.equal(no.code, 2);
  assert.match(no.err, /not-a-db.*不是已有的 Kaohe 数据库.*not an existing Kaohe database/);
  assert.equal(no.err.trim().split('\n').length, 1, 'one line');
  assert.equal(kaohe(['sample', '--period', '2026H1', '--seed', 'A', '--db', join(dir, 'nowhere')]).code, 2);
  const bad = kaohe(['sample', '--period', '2026H3', '--seed', 'A', ...db]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--period/);
  assert.equal(kaohe(['sample', '--period', '2026', '--seed', 'A', '--rate', '1.5', ...db]).code, 2);
});
