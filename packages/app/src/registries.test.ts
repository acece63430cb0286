import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAudit } from '@kaohe/store';
import { createTestDb, TEST_CIPHER, type TestDb } from '@kaohe/store/testing';
import { importBatch } from './batch.ts';
import { listWarnings } from './warnings.ts';
import { loadCalendar } from './cases.ts';
import {
  createAgency, createItem, createPerson, loadCalendarYear, RegistryError, updateAgency, updateItem, updatePerson, validIdNumber,
  type AgencyScope,
} from './registries.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-reg-'));
let n = 0;
function file(...docs: unknown[]): string {
  const f = join(dir, `r${n++}.jsonl`);
  writeFileSync(f, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  return f;
}

const actor = { username: 'sfj-supervisor', role: 'supervisor', ip: '127.0.0.1' };
const ctx = { actor };
const pctx = { actor, cipher: TEST_CIPHER, asOf: '2027-01-20' };
/** the policy's shape: a region prefix, or one agency */
const region = (prefix: string): AgencyScope => (first) => ({ sql: `left(a.region_code, ${prefix.length}) = $${first}`, params: [prefix] });
const agencyOnly = (code: string): AgencyScope => (first) => ({ sql: `a.code = $${first}`, params: [code] });

/** The RegistryError `fn` throws: its kind, and field → code of its issues. */
async function refused(fn: () => Promise<unknown>): Promise<{ kind: string; fields: Record<string, string>; zh: string; en: string }> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof RegistryError, String(e));
    return { kind: e.kind, fields: Object.fromEntries(e.issues.map((i) => [i.field, i.code])), zh: e.issues.map((i) => i.reason.zh).join('；'), en: e.issues.map((i) => i.reason.en).join('; ') };
  }
  assert.fail('expected a RegistryError');
}
const auditRows = async (action: string) => (await t.db.query<{ target: string; detail: unknown; actor: string }>('SELECT target, detail, actor FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows;

const AGENCY = { schema: 'kaohe.agency/v1', code: 'A1', name: '杭州市西湖区市场监督管理局', region: '330106', domain: 'market', level: 'county' };
const person = (code: string, validTo: string) => ({ schema: 'kaohe.person/v1', code, name: `执法人员${code}`, agency: 'A1', posts: ['handler'], credential: { number: `ZJ-${code}`, validFrom: '2024-01-01', validTo } });
/** P2's credential expired before the investigation of 11 Sep 2026: cn.apl.42.two-officers (two valid officers) is violated. */
const CASE = {
  schema: 'kaohe.case/v1', id: 'R-2026-0001', agency: 'A1', domain: 'market', procedure: 'general', party: { type: 'org', name: '某某贸易有限公司' },
  staff: { handlers: ['P1', 'P2'], reviewer: 'P3', approver: 'P4' }, penalty: { kinds: ['warning'] },
  events: [
    { id: 'e0', type: 'lead.registered', at: '2026-09-07T09:00:00+08:00', source: 'inspection' },
    { id: 'e1', type: 'case.opened', at: '2026-09-10T09:00:00+08:00', records: ['text'] },
    { id: 'e2', type: 'investigation', at: '2026-09-11T09:00:00+08:00', by: ['P1', 'P2'], records: ['av'], credentialShown: true },
    { id: 'e3', type: 'notice.issued', at: '2026-09-15T09:00:00+08:00', proposed: { kinds: ['warning'] }, hearingRight: false },
    { id: 'e4', type: 'decision.made', at: '2026-09-29T10:00:00+08:00', penalty: { kinds: ['warning'] }, records: ['text'] },
    { id: 'e5', type: 'decision.served', at: '2026-09-30T10:00:00+08:00', method: 'direct', records: ['text'] },
  ],
};
/** Decided 30 Dec 2026, served 11 Jan 2027: with 2027 counted by weekends only, due 8 Jan (provisional, late); with
 * 1 Jan 2027 a public holiday, due 11 Jan (on time). */
const PROVISIONAL = {
  ...CASE, id: 'R-2026-0002',
  events: [
    { id: 'e0', type: 'lead.registered', at: '2026-12-01T09:00:00+08:00', source: 'inspection' },
    { id: 'e1', type: 'case.opened', at: '2026-12-02T09:00:00+08:00', records: ['text'] },
    { id: 'e2', type: 'investigation', at: '2026-12-03T09:00:00+08:00', by: ['P1', 'P3'], records: ['av'], credentialShown: true },
    { id: 'e3', type: 'notice.issued', at: '2026-12-10T09:00:00+08:00', proposed: { kinds: ['warning'] }, hearingRight: false },
    { id: 'e4', type: 'decision.made', at: '2026-12-30T10:00:00+08:00', penalty: { kinds: ['warning'] }, records: ['text'] },
    { id: 'e5', type: 'decision.served', at: '2027-01-11T10:00:00+08:00', method: 'direct', records: ['text'] },
  ],
};

let t: TestDb;
before(async () => {
  t = await createTestDb();
  const r = await importBatch(t.db, [file(AGENCY, person('P1', '2030-12-31'), person('P2', '2026-06-30'), person('P3', '2030-12-31'), CASE, PROVISIONAL)], { user: 'tester', cipher: TEST_CIPHER, asOf: '2027-01-20' });
  assert.equal(r.status, 'committed', JSON.stringify(r.errors));
});
after(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('agencies: create, validation errors name the field, scope, update, deactivate — each audited', async () => {
  const a = await createAgency(t.db, { code: 'A2', name: ' 杭州市西湖区生态环境分局 ', region: '330106', domain: 'ecology', level: 'county', parent: 'A1' }, ctx);
  assert.deepEqual(a, { code: 'A2', name: '杭州市西湖区生态环境分局', region: '330106', domain: 'ecology', level: 'county', parent: 'A1', active: true });

  let e = await refused(() => createAgency(t.db, { code: 'A3', name: '某局', region: '3301', domain: 'market', level: 'city' }, ctx));
  assert.deepEqual([e.kind, e.fields], ['validation', { region: 'region.invalid' }]);
  assert.match(e.zh, /^行政区划代码：.*6 位数字/);
  assert.match(e.en, /^Region code: /);
  e = await refused(() => createAgency(t.db, { code: 'A3', name: '', region: '330106', domain: 'roads', level: 'county' }, ctx));
  assert.deepEqual(e.fields, { name: 'field.required', domain: 'enum.invalid' });
  e = await refused(() => createAgency(t.db, { code: 'A2', name: '重复', region: '330106', domain: 'market', level: 'county' }, ctx));
  assert.deepEqual(e.fields, { code: 'registry.code-taken' });
  e = await refused(() => createAgency(t.db, { code: 'A3', name: '某局', region: '330106', domain: 'market', level: 'county', parent: 'NOPE' }, ctx));
  assert.deepEqual(e.fields, { parent: 'registry.agency-unknown' });
  // another region than the caller's: not found
  e = await refused(() => createAgency(t.db, { code: 'A3', name: '宁波某局', region: '330201', domain: 'market', level: 'county' }, { actor, scope: region('3301') }));
  assert.deepEqual([e.kind, e.fields], ['not-found', { region: 'registry.out-of-scope' }]);
  e = await refused(() => updateAgency(t.db, 'A2', { name: '改名' }, { actor, scope: region('3302') }));
  assert.equal(e.kind, 'not-found');

  assert.equal((await updateAgency(t.db, 'A2', { name: '杭州市生态环境局西湖分局' }, { actor, scope: region('3301') })).name, '杭州市生态环境局西湖分局');
  // no cycle: A1 cannot have its subordinate A2 as parent
  e = await refused(() => updateAgency(t.db, 'A1', { parent: 'A2' }, ctx));
  assert.deepEqual(e.fields, { parent: 'registry.parent-self' });
  // A1 has cases: its region is fixed; A2 has none: it may move
  e = await refused(() => updateAgency(t.db, 'A1', { region: '330105' }, ctx));
  assert.deepEqual(e.fields, { region: 'registry.region-locked' });
  assert.equal((await updateAgency(t.db, 'A2', { region: '330105' }, ctx)).region, '330105');
  assert.equal((await updateAgency(t.db, 'A2', { active: false }, ctx)).active, false);
  assert.equal((await updateAgency(t.db, 'A2', { active: true }, ctx)).active, true);

  assert.deepEqual((await auditRows('registry.agency.create')).map((r) => r.target), ['agency:A2']);
  const upd = await auditRows('registry.agency.update');
  assert.deepEqual(upd[0]!.detail, { before: { name: '杭州市西湖区生态环境分局' }, after: { name: '杭州市生态环境局西湖分局' } });
  assert.equal((await auditRows('registry.agency.deactivate')).length, 1);
  assert.equal((await auditRows('registry.agency.reactivate')).length, 1);
  assert.equal(upd[0]!.actor, 'sfj-supervisor');
});

test('an edit stores what an import stores: re-importing the same records counts them unchanged', async () => {
  await createAgency(t.db, { code: 'A9', name: '某县交通运输局', region: '330106', domain: 'transport', level: 'county' }, ctx);
  await createPerson(t.db, { code: 'P9', name: '王五', agency: 'A9', posts: ['handler', 'reviewer'], credential: { number: 'ZJ-9', validFrom: '2025-01-01', validTo: '2029-12-31', issuer: '浙江省人民政府', domains: ['transport'] }, idNumber: '11010519491231002X' }, pctx);
  await createItem(t.db, { code: 'JT-1', name: '超限运输', domain: 'transport', kinds: ['fine'], range: { min: 0, max: 30000 }, tiers: [{ tier: '一般', min: 0, max: 30000, circumstances: ['general'] }] }, ctx);
  const r = await importBatch(t.db, [file(
    { schema: 'kaohe.agency/v1', code: 'A9', name: '某县交通运输局', region: '330106', domain: 'transport', level: 'county' },
    { schema: 'kaohe.person/v1', code: 'P9', name: '王五', agency: 'A9', posts: ['handler', 'reviewer'], credential: { number: 'ZJ-9', validFrom: '2025-01-01', validTo: '2029-12-31' }, idNumber: '11010519491231002X' },
    { schema: 'kaohe.item/v1', code: 'JT-1', name: '超限运输', domain: 'transport', kinds: ['fine'], range: { min: 0, max: 30000 }, tiers: [{ tier: '一般', min: 0, max: 30000, circumstances: ['general'] }] },
  )], { user: 'tester', cipher: TEST_CIPHER, asOf: '2027-01-20' });
  assert.equal(r.status, 'committed');
  assert.deepEqual([r.counts.agencies.unchanged, r.counts.people.unchanged, r.counts.items.unchanged], [1, 1, 1], JSON.stringify(r.counts));
  // the credential's issuer and domains are kept (the interchange does not carry them)
  const p = (await t.db.query<{ credential_issuer: string; credential_domains: string[] }>('SELECT credential_issuer, credential_domains FROM people WHERE code = $1', ['P9'])).rows[0]!;
  assert.equal(p.credential_issuer, '浙江省人民政府');
  assert.deepEqual(p.credential_domains, ['transport']);
});

test('people: ID number encrypted and indexed, never returned; field errors; agency scope', async () => {
  const { person: p } = await createPerson(t.db, { code: 'P10', name: '赵六', agency: 'A1', posts: ['handler'], idNumber: '110105199003070017' }, pctx);
  assert.equal(p.hasIdNumber, true);
  assert.ok(!JSON.stringify(p).includes('110105199003070017'));
  const row = (await t.db.query<{ id_number_enc: Uint8Array; id_number_idx: string }>('SELECT id_number_enc, id_number_idx FROM people WHERE code = $1', ['P10'])).rows[0]!;
  assert.ok(!Buffer.from(row.id_number_enc).toString('latin1').includes('110105199003070017'));
  assert.equal(TEST_CIPHER.decrypt(row.id_number_enc), '110105199003070017');
  assert.equal(row.id_number_idx, TEST_CIPHER.index('110105199003070017'));

  let e = await refused(() => createPerson(t.db, { code: 'P11', name: '钱七', agency: 'A1', posts: ['handler', 'boss'], credential: { number: 'ZJ-11', validFrom: '2027-01-01', validTo: '2026-01-01' }, idNumber: '110105194912310022' }, pctx));
  assert.deepEqual(e.fields, { 'posts[1]': 'enum.invalid', 'credential.validTo': 'range.reversed', idNumber: 'idnumber.invalid' });
  assert.match(e.zh, /执法证有效期止：起始值 2027-01-01 晚于/);
  e = await refused(() => createPerson(t.db, { code: 'P11', name: '钱七', agency: 'A1', posts: [], credential: { number: '', validFrom: '2027-01-01', validTo: '2028-13-01', domains: ['space'] } }, pctx));
  assert.deepEqual(e.fields, { 'credential.number': 'field.required', 'credential.validTo': 'date.invalid', 'credential.domains[0]': 'enum.invalid' });
  e = await refused(() => createPerson(t.db, { code: 'P11', name: '钱七', agency: 'NOPE', posts: [] }, pctx));
  assert.deepEqual([e.kind, e.fields], ['validation', { agency: 'registry.agency-unknown' }]);
  // a department's admin: only its own agency's people
  e = await refused(() => createPerson(t.db, { code: 'P11', name: '钱七', agency: 'A9', posts: [] }, { ...pctx, scope: agencyOnly('A1') }));
  assert.deepEqual([e.kind, e.fields], ['not-found', { agency: 'registry.out-of-scope' }]);
  e = await refused(() => updatePerson(t.db, 'P9', { name: '改名' }, { ...pctx, scope: agencyOnly('A1') }));
  assert.equal(e.kind, 'not-found');
  e = await refused(() => updatePerson(t.db, 'P10', { agency: 'A9' }, { ...pctx, scope: agencyOnly('A1') }));
  assert.deepEqual([e.kind, e.fields], ['not-found', { agency: 'registry.out-of-scope' }]);
  await updateAgency(t.db, 'A9', { active: false }, ctx);
  e = await refused(() => updatePerson(t.db, 'P10', { agency: 'A9' }, pctx));
  assert.deepEqual(e.fields, { agency: 'registry.agency-inactive' });

  // keep the ID number when none is given, remove it with null; the audit never holds it
  assert.equal((await updatePerson(t.db, 'P10', { posts: ['handler', 'approver'] }, { ...pctx, scope: agencyOnly('A1') })).person.hasIdNumber, true);
  assert.equal((await updatePerson(t.db, 'P10', { idNumber: null }, pctx)).person.hasIdNumber, false);
  assert.equal((await updatePerson(t.db, 'P10', { active: false }, pctx)).person.active, false);
  const audits = JSON.stringify((await t.db.query('SELECT detail FROM audit_log WHERE target = $1', ['person:P10'])).rows);
  assert.ok(!audits.includes('110105199003070017'), 'no ID number in the audit log');
  assert.match(audits, /"idNumber":null/);
  assert.equal((await auditRows('registry.person.deactivate')).length, 1);
  assert.ok(validIdNumber('11010519491231002X') && !validIdNumber('110105194912310022'));
});

test('people: a changed credential re-evaluates the cases the person acted in (cn.apl.42.two-officers)', async () => {
  const open = async () => (await listWarnings(t.db, { caseId: 'R-2026-0001', rule: 'cn.apl.42.two-officers' })).total;
  assert.equal(await open(), 1, 'P2 acted with an expired credential');
  const r = await updatePerson(t.db, 'P2', { credential: { number: 'ZJ-P2', validFrom: '2024-01-01', validTo: '2029-12-31', issuer: '浙江省人民政府', domains: ['market'] } }, { ...pctx, scope: agencyOnly('A1') });
  assert.deepEqual(r.person.credential, { number: 'ZJ-P2', validFrom: '2024-01-01', validTo: '2029-12-31', issuer: '浙江省人民政府', domains: ['market'] });
  assert.equal(r.reevaluated.cases, 1);
  assert.equal(r.reevaluated.cleared >= 1, true);
  assert.equal(await open(), 0);
  const a = (await auditRows('registry.person.update')).find((x) => x.target === 'person:P2')!;
  assert.deepEqual((a.detail as { after: { credential: { validTo: string } } }).after.credential.validTo, '2029-12-31');
  // a name change alone does not re-evaluate
  assert.equal((await updatePerson(t.db, 'P2', { name: '执法人员乙' }, pctx)).reevaluated.cases, 0);
});

test('items: benchmark tiers validated (inside the statutory range, names unique), versions, updates audited', async () => {
  const base = { code: 'SC-1', name: '销售不合格产品', domain: 'market', penaltyArticle: '《产品质量法》第四十九条', kinds: ['fine', 'confiscation'], range: { min: 5000, max: 50000 } };
  let e = await refused(() => createItem(t.db, { ...base, tiers: [{ tier: '从轻', min: 5000, max: 20000, circumstances: ['lighter'] }, { tier: '从轻', min: 20000, max: 60000, circumstances: ['heavier'] }] }, ctx));
  assert.deepEqual(e.fields, { 'tiers[1].tier': 'registry.duplicate', 'tiers[1].max': 'registry.tier-outside-range' });
  assert.match(e.zh, /裁量阶次第 2 档的上限：裁量阶次 20000–60000 超出法定罚款幅度 5000–50000/);
  e = await refused(() => createItem(t.db, { ...base, tiers: [{ tier: '一般', min: 30000, max: 10000, circumstances: ['general', 'worse'] }] }, ctx));
  assert.deepEqual(e.fields, { 'tiers[0].max': 'range.reversed', 'tiers[0].circumstances[1]': 'enum.invalid' });

  const tiers = [{ tier: '从轻', min: 5000, max: 20000, circumstances: ['lighter'] }, { tier: '从重', min: 35000, max: 50000, circumstances: ['heavier'] }];
  const v1 = await createItem(t.db, { ...base, tiers }, ctx);
  assert.deepEqual([v1.version, v1.tiers?.length, v1.active], ['', 2, true]);
  const v2 = await createItem(t.db, { ...base, version: '2026', effective: '2026-07-01', tiers }, ctx);
  assert.equal(v2.version, '2026');
  e = await refused(() => createItem(t.db, { ...base, version: '2026' }, ctx));
  assert.deepEqual(e.fields, { version: 'registry.version-taken' });
  const u = await updateItem(t.db, 'SC-1', '2026', { tiers: [...tiers, { tier: '一般', min: 20000, max: 35000, circumstances: ['general'] }] }, ctx);
  assert.equal(u.tiers?.length, 3);
  assert.equal((await updateItem(t.db, 'SC-1', '', { active: false }, ctx)).active, false);
  e = await refused(() => updateItem(t.db, 'SC-1', '2030', { name: 'x' }, ctx));
  assert.equal(e.kind, 'not-found');
  const a = (await auditRows('registry.item.update'))[0]!;
  assert.equal(a.target, 'item:SC-1@2026');
  assert.equal((a.detail as { after: { tiers: unknown[] } }).after.tiers.length, 3);
});

test('holiday schedules: loading a year re-evaluates the cases provisional for it; errors name the field', async () => {
  const service = async () => (await listWarnings(t.db, { caseId: 'R-2026-0002', rule: 'cn.apl.61.service' })).items;
  const w = await service();
  assert.deepEqual([w[0]?.status, w[0]?.dueOn, w[0]?.provisional], ['violated', '2027-01-08', [2027]]);

  let e = await refused(() => loadCalendarYear(t.db, { year: 2027, holidays: ['2027-01-01', '2026-10-01', '2027-02-30'], workdays: ['2027-01-01', '2027-01-05'] }, { actor, asOf: '2027-01-20' }));
  // (the lists are sorted and deduplicated first: 2026-10-01 is the first holiday)
  assert.deepEqual(e.fields, { workdays: 'calendar.overlap', 'workdays[0]': 'calendar.workday-weekday', 'workdays[1]': 'calendar.workday-weekday', 'holidays[0]': 'date.year-mismatch', 'holidays[2]': 'date.invalid' });
  assert.match(e.zh, /法定节假日：日期 2026-10-01 不在 2027 年内/);
  e = await refused(() => loadCalendarYear(t.db, { year: 1800, holidays: [], workdays: [] }, { actor, asOf: '2027-01-20' }));
  assert.deepEqual(e.fields, { year: 'year.invalid' });

  const r = await loadCalendarYear(t.db, { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], source: '国办发明电〔2026〕X号' }, { actor, asOf: '2027-01-20' });
  assert.deepEqual([r.created, r.changed, r.reevaluated.cases], [true, true, 1]);
  assert.deepEqual(r.calendar.holidays, ['2027-01-01', '2027-01-02', '2027-01-03']);
  // what the engine reads back is the same days (issue 11 item 1: under TZ=Asia/Shanghai on PostgreSQL a date[] came
  // back as Dates at local midnight and read one day early, 2027-01-01 → 2026-12-31)
  const engineYear = (await loadCalendar(t.db)).schedules().find((y) => y.year === 2027)!;
  assert.deepEqual([...engineYear.holidays], ['2027-01-01', '2027-01-02', '2027-01-03']);
  assert.equal((await service()).length, 0, 'due 11 Jan with the schedule: served on time, the warning is cleared');
  const ev = (await t.db.query<{ provisional: number[] }>(`SELECT provisional FROM case_evaluations WHERE case_id = 'R-2026-0002'`)).rows[0]!;
  assert.deepEqual(ev.provisional, []);
  // the same schedule again: nothing written, nothing re-evaluated
  const again = await loadCalendarYear(t.db, { year: 2027, holidays: ['2027-01-03', '2027-01-02', '2027-01-01'], workdays: [], source: '国办发明电〔2026〕X号' }, { actor, asOf: '2027-01-20' });
  assert.deepEqual([again.created, again.changed, again.reevaluated.cases], [false, false, 0]);
  assert.equal((await auditRows('registry.calendar.load')).length, 1);
  assert.deepEqual((await verifyAudit(t.db)).ok, true);
});
