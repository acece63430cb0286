import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBatch } from '@kaohe/app';
import { PersonalDataCipher, verifyAudit } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';
import { testConfig } from '../../testing.ts';

let h: Harness;
let sup: Client;
let admin: Client;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-people-'));
const NOW = new Date('2026-10-20T10:00:00+08:00');
const person = (code: string, agency: string, validTo: string) => ({ schema: 'kaohe.person/v1', code, name: `张${code}`, agency, posts: ['handler'], credential: { number: `ZJ-${code}`, validFrom: '2024-01-01', validTo } });

before(async () => {
  h = await harness({ now: () => NOW });
  const f = join(dir, 'seed.jsonl');
  const docs = [
    { schema: 'kaohe.agency/v1', code: 'A1', name: '西湖区市场监管局', region: '330106', domain: 'market', level: 'county' },
    { schema: 'kaohe.agency/v1', code: 'A2', name: '西湖区交通运输局', region: '330106', domain: 'transport', level: 'county' },
    { schema: 'kaohe.agency/v1', code: 'A9', name: '天河区市场监管局', region: '440106', domain: 'market', level: 'county' },
    person('P1', 'A1', '2030-12-31'), person('P2', 'A1', '2026-06-30'), person('P3', 'A1', '2026-11-05'), person('Q1', 'A2', '2030-12-31'), person('Z1', 'A9', '2030-12-31'),
    {
      schema: 'kaohe.case/v1', id: 'C-1', agency: 'A1', domain: 'market', procedure: 'general', party: { type: 'org', name: '某公司' }, penalty: { kinds: ['warning'] },
      events: [
        { id: 'e1', type: 'case.opened', at: '2026-09-10T09:00:00+08:00' },
        { id: 'e2', type: 'investigation', at: '2026-09-11T09:00:00+08:00', by: ['P1', 'P2'], credentialShown: true },
        { id: 'e3', type: 'decision.made', at: '2026-09-29T10:00:00+08:00', penalty: { kinds: ['warning'] } },
      ],
    },
  ];
  writeFileSync(f, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const r = await importBatch(h.db, [f], { user: 'seed', cipher: TEST_CIPHER, asOf: '2026-10-20' });
  assert.equal(r.status, 'committed', JSON.stringify(r.errors));
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  admin = await signedIn(h, { roles: ['agency-admin'], agency: 'A1', username: 'a1-admin' });
});
after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

test('a department admin registers a person of its own agency; the ID number is encrypted and never returned', async () => {
  const r = await admin.post('/people', {
    code: 'P10', name: '李四', agency: 'A1', posts: ['handler', 'reviewer'], idNumber: '110105199003070017',
    credential: { number: 'ZJ-10', validFrom: '2025-01-01', validTo: '2029-12-31', issuer: '浙江省人民政府', domains: ['market'] },
  });
  assert.equal(r.statusCode, 200, r.body);
  const p = r.json().person;
  assert.deepEqual([p.hasIdNumber, p.credential.issuer, p.credential.domains, p.credential.valid], [true, '浙江省人民政府', ['market'], true]);
  assert.ok(!r.body.includes('110105199003070017'));
  const row = (await h.db.query<{ id_number_enc: Uint8Array }>(`SELECT id_number_enc FROM people WHERE code = 'P10'`)).rows[0]!;
  const c = testConfig();
  assert.equal(new PersonalDataCipher(c.dataKey, c.indexKey).decrypt(row.id_number_enc), '110105199003070017');
  const list = await admin.get('/people?q=P10');
  assert.ok(!list.body.includes('110105199003070017'));
  assert.equal(list.json().items[0].hasIdNumber, true);
  const a = (await h.db.query<{ actor: string; detail: unknown }>(`SELECT actor, detail FROM audit_log WHERE action = 'registry.person.create'`)).rows;
  assert.equal(a[0]?.actor, 'a1-admin');
  assert.ok(!JSON.stringify(a).includes('110105199003070017'), 'no ID number in the audit log');
});

test('scope: a department admin edits only its own agency\'s people; the bureau edits its region', async () => {
  assert.equal((await admin.post('/people', { code: 'P11', name: '王五', agency: 'A2', posts: [] })).statusCode, 404);
  assert.equal((await admin.req('PATCH', '/people/Q1', { name: '改名' })).statusCode, 404);
  assert.equal((await admin.req('PATCH', '/people/P1', { agency: 'A2' })).json().error.details[0].field, 'agency');
  assert.equal((await sup.req('PATCH', '/people/Q1', { posts: ['handler', 'approver'] })).statusCode, 200);
  assert.equal((await sup.req('PATCH', '/people/Z1', { name: '改名' })).statusCode, 404, 'another region');
  for (const roles of [['legal-reviewer'], ['officer'], ['evaluator'], ['sysadmin']] as const) {
    const c = await signedIn(h, { roles: [...roles], ...(roles[0] === 'evaluator' ? { region: '330100' } : roles[0] === 'sysadmin' ? {} : { agency: 'A1' }) });
    assert.equal((await c.req('PATCH', '/people/P1', { name: '改名' })).statusCode, 403, roles[0]);
  }
});

test('validation errors name the field in both languages', async () => {
  const r = await admin.post('/people', { code: 'P12', name: '赵六', agency: 'A1', posts: ['handler'], idNumber: '110105199003070018', credential: { number: 'ZJ-12', validFrom: '2027-01-01', validTo: '2026-01-01', domains: ['space'] } });
  assert.equal(r.statusCode, 400);
  const e = r.json().error;
  assert.deepEqual(e.details.map((d: { field: string }) => d.field).sort(), ['credential.domains[0]', 'credential.validTo', 'idNumber']);
  assert.match(e.message.zh, /执法证有效期止：起始值 2027-01-01 晚于/);
  assert.match(e.message.en, /Credential valid to: start 2027-01-01 is after/);
  assert.equal((await admin.post('/people', { code: 'P1', name: 'x', agency: 'A1', posts: [] })).json().error.details[0].code, 'registry.code-taken');
});

test('a changed credential re-evaluates the cases the person acted in; expiring credentials are listed', async () => {
  const two = async () => (await h.db.query(`SELECT 1 FROM warnings WHERE rule = 'cn.apl.42.two-officers' AND state <> 'cleared'`)).rows.length;
  assert.equal(await two(), 1, 'P2 investigated with an expired credential');
  const r = await admin.req('PATCH', '/people/P2', { credential: { number: 'ZJ-P2', validFrom: '2024-01-01', validTo: '2029-12-31' } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().reevaluated.cases, 1);
  assert.equal(await two(), 0);
  // today is 20 Oct 2026 (the server's clock): P3's credential ends on 5 Nov
  assert.deepEqual((await admin.get('/people?credential=expiring')).json().items.map((p: { code: string }) => p.code), ['P3']);
  assert.equal((await admin.req('PATCH', '/people/P3', { active: false })).json().person.active, false);
  assert.deepEqual((await admin.get('/people?active=false')).json().items.map((p: { code: string }) => p.code), ['P3']);
  const actions = (await h.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = 'person:P3' ORDER BY seq`)).rows.map((x) => x.action);
  assert.deepEqual(actions, ['registry.person.deactivate']);
  // an evaluator sees masked names and cannot edit
  const ev = await signedIn(h, { roles: ['evaluator'], region: '330100' });
  const names = (await ev.get('/people?agency=A1')).json().items.map((p: { name: string }) => p.name);
  assert.ok(names.every((n: string) => n.endsWith('某')), names.join());
  assert.equal((await verifyAudit(h.db)).ok, true);
});

test('list totals: on a page and past the last page', async () => {
  // A2 holds one person (Q1, seeded); A9 is outside the supervisor's region 330100
  const a2 = (await sup.get('/people?agency=A2&pageSize=1')).json();
  assert.deepEqual([a2.items.map((p: { code: string }) => p.code), a2.total], [['Q1'], 1]);
  const past = (await sup.get('/people?agency=A2&pageSize=1&page=2')).json();
  assert.deepEqual([past.items.length, past.total], [0, 1]);
  assert.equal((await sup.get('/people?agency=A9')).json().total, 0);
});
