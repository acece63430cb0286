/**
 * Issue 12, item 1: an import obeys the scope and field rules of the API's edit routes. The table: each of the three
 * importers (a department's agency-admin, a city supervisor, the console) × (own scope, another department, another
 * region) × (case, person, agency, item, record). Every out-of-scope row is refused with its row error and nothing
 * of the batch is written (the stored rows are compared before and after); every in-scope row is accepted.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, TEST_CIPHER, type TestDb } from '@kaohe/store/testing';
import type { Db } from '@kaohe/store';
import { importFiles } from './import.ts';
import type { ImportScope } from './import-scope.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-scope-'));
let n = 0;
const file = (rows: unknown[]) => {
  const f = join(dir, `b${++n}.jsonl`);
  writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return f;
};

// The world: two departments of Hangzhou's Xihu district (region 330106, inside the city supervisor's 3301) and one of
// Ningbo's Yinzhou district (330212, another city).
const OWN = '330106-SCJG';
const DEPT = '330106-HBJ';
const FAR = '330212-SCJG';
const agency = (code: string, region: string, name: string, more: Record<string, unknown> = {}) =>
  ({ schema: 'kaohe.agency/v1', code, name, region, domain: code.endsWith('HBJ') ? 'ecology' : 'market', level: 'county', ...more });
const person = (code: string, agencyCode: string, more: Record<string, unknown> = {}) =>
  ({ schema: 'kaohe.person/v1', code, name: `执法人员${code}`, agency: agencyCode, posts: ['handler'], credential: { number: `ZJ-${code}`, validFrom: '2024-01-01', validTo: '2029-12-31' }, ...more });
const kase = (agencyCode: string, id: string) => ({
  schema: 'kaohe.case/v1', id, agency: agencyCode, domain: 'market', procedure: 'simple', party: { type: 'person', name: '王五' },
  penalty: { kinds: ['warning'] }, events: [{ id: 'e1', type: 'decision.made', at: '2026-03-02T10:00:00+08:00', onSite: true, penalty: { kinds: ['warning'] } }],
});
const record = (agencyCode: string, id: string) =>
  ({ schema: 'kaohe.record/v1', kind: 'complaint', id, agency: agencyCode, receivedAt: '2026-04-02T10:30:00+08:00', category: 'attitude', verified: true });
const SEED = [
  agency(OWN, '330106', '杭州市西湖区市场监督管理局'), agency(DEPT, '330106', '杭州市生态环境局西湖分局'), agency(FAR, '330212', '宁波市鄞州区市场监督管理局'),
  person('P-A', OWN, { idNumber: '11010519491231002X' }), person('P-B', DEPT, { idNumber: '330106198001010013' }), person('P-C', FAR),
  kase(OWN, 'C-A'), kase(DEPT, 'C-B'), kase(FAR, 'C-C'),
];

const IMPORTERS: Record<'admin' | 'supervisor' | 'console', ImportScope | undefined> = {
  admin: { kind: 'agency', agency: OWN },
  supervisor: { kind: 'region', prefix: '3301' }, // a supervisor of 330100: regionPrefix('330100') = '3301'
  console: undefined,
};
type Expect = 'ok' | [code: string, field: string];
interface Cell { name: string; row: unknown; admin: Expect; supervisor: Expect; console: Expect }

// Expectations from the rules of the edit routes (registries.ts, the policy): a department writes only its own agency's
// rows, never a person registered elsewhere, and its own agency row only as stored; a supervisor writes only inside
// 3301 (a row's agency region, a stored person's region, an agency's stored and new region), and no agency's region
// once cases refer to it (OWN has case C-A); the console is unrestricted.
const REFUSED_ELSEWHERE: Expect = ['scope.agency', 'agency'];
const TABLE: Cell[] = [
  // case
  { name: 'case, own agency', row: kase(OWN, 'N-1'), admin: 'ok', supervisor: 'ok', console: 'ok' },
  { name: 'case, another department', row: kase(DEPT, 'N-2'), admin: REFUSED_ELSEWHERE, supervisor: 'ok', console: 'ok' },
  { name: 'case, another region', row: kase(FAR, 'N-3'), admin: REFUSED_ELSEWHERE, supervisor: ['scope.region', 'agency'], console: 'ok' },
  { name: 'case, an unregistered agency of another region (code prefix)', row: kase('330212-JTJ', 'N-4'), admin: REFUSED_ELSEWHERE, supervisor: ['scope.region', 'agency'], console: 'ok' },
  // person
  { name: 'person, own agency', row: person('P-A', OWN, { credential: { number: 'ZJ-A2', validFrom: '2025-01-01', validTo: '2030-12-31' } }), admin: 'ok', supervisor: 'ok', console: 'ok' },
  { name: "person, another department's officer moved in", row: person('P-B', OWN, { credential: { number: 'ZJ-X', validFrom: '2025-01-01', validTo: '2030-12-31' } }), admin: ['scope.person-other-agency', 'code'], supervisor: 'ok', console: 'ok' },
  { name: 'person, into another department', row: person('P-N', DEPT), admin: REFUSED_ELSEWHERE, supervisor: 'ok', console: 'ok' },
  { name: "person, another region's officer moved in", row: person('P-C', OWN), admin: ['scope.person-other-agency', 'code'], supervisor: ['scope.region', 'code'], console: 'ok' },
  { name: 'person, into another region', row: person('P-M', FAR), admin: REFUSED_ELSEWHERE, supervisor: ['scope.region', 'agency'], console: 'ok' },
  // agency
  { name: 'agency, own row as stored', row: agency(OWN, '330106', '杭州市西湖区市场监督管理局'), admin: 'ok', supervisor: 'ok', console: 'ok' },
  { name: 'agency, own row renamed', row: agency(OWN, '330106', '西湖区市场监管局'), admin: ['scope.agency-fields', 'name'], supervisor: 'ok', console: 'ok' },
  { name: 'agency, own row re-parented', row: agency(OWN, '330106', '杭州市西湖区市场监督管理局', { parent: DEPT }), admin: ['scope.agency-fields', 'parent'], supervisor: 'ok', console: 'ok' },
  { name: 'agency, own row another level', row: agency(OWN, '330106', '杭州市西湖区市场监督管理局', { level: 'city' }), admin: ['scope.agency-fields', 'level'], supervisor: 'ok', console: 'ok' },
  { name: 'agency, own row moved inside the city', row: agency(OWN, '330105', '杭州市西湖区市场监督管理局'), admin: ['scope.agency-fields', 'region'], supervisor: ['registry.region-locked', 'region'], console: 'ok' },
  { name: 'agency, own row moved to another region', row: agency(OWN, '330212', '杭州市西湖区市场监督管理局'), admin: ['scope.agency-fields', 'region'], supervisor: ['scope.region', 'region'], console: 'ok' },
  { name: 'agency, another department renamed', row: agency(DEPT, '330106', '西湖区环境局'), admin: ['scope.agency', 'code'], supervisor: 'ok', console: 'ok' },
  { name: 'agency, another region renamed', row: agency(FAR, '330212', '鄞州区市场监管局'), admin: ['scope.agency', 'code'], supervisor: ['scope.region', 'code'], console: 'ok' },
  { name: 'agency, another region moved in', row: agency(FAR, '330106', '宁波市鄞州区市场监督管理局'), admin: ['scope.agency', 'code'], supervisor: ['scope.region', 'code'], console: 'ok' },
  { name: 'agency, new in another region', row: agency('330212-JTJ', '330212', '鄞州区交通运输局'), admin: ['scope.agency', 'code'], supervisor: ['scope.region', 'region'], console: 'ok' },
  // item: region-wide reference data, the supervision body's (no department or region of its own)
  { name: 'item', row: { schema: 'kaohe.item/v1', code: 'X-1', name: '某事项', domain: 'market', kinds: ['fine'] }, admin: ['scope.agency', 'schema'], supervisor: 'ok', console: 'ok' },
  // record
  { name: 'record, own agency', row: record(OWN, 'R-1'), admin: 'ok', supervisor: 'ok', console: 'ok' },
  { name: 'record, another department', row: record(DEPT, 'R-2'), admin: REFUSED_ELSEWHERE, supervisor: 'ok', console: 'ok' },
  { name: 'record, another region', row: record(FAR, 'R-3'), admin: REFUSED_ELSEWHERE, supervisor: ['scope.region', 'agency'], console: 'ok' },
];

/** Every stored row the table could touch, as text: equal before and after means nothing was written. */
async function snapshot(db: Db): Promise<string> {
  const q = async (sql: string) => JSON.stringify((await db.query(sql)).rows);
  return [
    await q('SELECT code, name, region_code, level, parent, domain, content_hash FROM agencies ORDER BY code'),
    await q('SELECT code, agency_id, region_code, credential_number, id_number_idx, content_hash FROM people ORDER BY code'),
    await q('SELECT agency_id, case_id, content_hash FROM cases ORDER BY agency_id, case_id'),
    await q('SELECT count(*)::int AS n FROM events'),
    await q('SELECT agency_id, kind, record_id FROM records ORDER BY 1, 2, 3'),
    await q('SELECT code, version FROM items ORDER BY 1, 2'),
  ].join('\n');
}

async function seeded(): Promise<TestDb> {
  const t = await createTestDb();
  const r = await importFiles(t.db, [file(SEED)], { user: 'console', cipher: TEST_CIPHER });
  assert.equal(r.status, 'committed', JSON.stringify(r.errors));
  return t;
}

for (const [who, scope] of Object.entries(IMPORTERS) as [keyof typeof IMPORTERS, ImportScope | undefined][]) {
  test(`import scope table: ${who}`, async () => {
    const t = await seeded();
    after(() => t.cleanup());
    // refused rows first, each against the seeded state; then the accepted ones
    const cells = [...TABLE.filter((c) => c[who] !== 'ok'), ...TABLE.filter((c) => c[who] === 'ok')];
    for (const cell of cells) {
      const expect = cell[who];
      const before = await snapshot(t.db);
      const r = await importFiles(t.db, [file([cell.row])], { user: who, cipher: TEST_CIPHER, ...(scope ? { scope } : {}) });
      if (expect === 'ok') {
        assert.equal(r.status, 'committed', `${who} / ${cell.name}: ${JSON.stringify(r.errors)}`);
        continue;
      }
      assert.equal(r.status, 'rejected', `${who} / ${cell.name} must be refused`);
      assert.deepEqual(r.errors.map((e) => [e.code, e.field, e.line]), [[...expect, 1]], `${who} / ${cell.name}`);
      assert.match(r.errors[0]!.message.zh, /^第 1 行：/, 'the zh reason names the row');
      assert.match(r.errors[0]!.message.en, /^line 1: /, 'the en reason names the row');
      assert.equal(await snapshot(t.db), before, `${who} / ${cell.name}: nothing written`);
    }
  });
}

test('a batch of a department: every row outside its scope is reported, and nothing of the batch is written', async () => {
  const t = await seeded();
  after(() => t.cleanup());
  const before = await snapshot(t.db);
  // line 1 in scope; line 2 another department's officer (stored rows); line 3 another department's case (the row
  // itself); line 4 its own agency re-parented (stored rows); line 5 in scope
  const rows = [kase(OWN, 'M-1'), person('P-B', OWN), kase(DEPT, 'M-2'), agency(OWN, '330106', '杭州市西湖区市场监督管理局', { parent: DEPT }), record(OWN, 'M-3')];
  const r = await importFiles(t.db, [file(rows)], { user: 'admin', cipher: TEST_CIPHER, scope: IMPORTERS.admin! });
  assert.equal(r.status, 'rejected');
  // the rows' own errors come as they are read, then those found against the stored rows, in row order
  assert.deepEqual(r.errors.map((e) => [e.line, e.code]), [[3, 'scope.agency'], [2, 'scope.person-other-agency'], [4, 'scope.agency-fields']]);
  assert.equal(r.errorCount, 3);
  assert.equal(await snapshot(t.db), before);
  // the error texts carry no personal data of the officer concerned (the ID number of P-B's row is not echoed)
  assert.doesNotMatch(JSON.stringify(r.errors), /330106198001010013|11010519491231002X/);
});

test("a supervisor's batch of many cases of an agency outside the region: each row refused, the kept errors capped and all counted", async () => {
  const t = await seeded();
  after(() => t.cleanup());
  const before = await snapshot(t.db);
  const rows = [kase(FAR, 'F-1'), kase(OWN, 'F-2'), kase(FAR, 'F-3'), record(FAR, 'F-4')];
  const r = await importFiles(t.db, [file(rows)], { user: 'sup', cipher: TEST_CIPHER, scope: IMPORTERS.supervisor!, maxErrors: 2 });
  assert.equal(r.status, 'rejected');
  // lines 1, 3 and 4 name FAR (region 330212, outside 3301); two kept (maxErrors), three counted
  assert.deepEqual(r.errors.map((e) => [e.line, e.field, e.code]), [[1, 'agency', 'scope.region'], [3, 'agency', 'scope.region']]);
  assert.equal(r.errorCount, 3);
  assert.match(r.errors[0]!.message.zh, /330212-SCJG 属于行政区划 330212，不在您的管理区域（3301）内/);
  assert.equal(await snapshot(t.db), before);
});
