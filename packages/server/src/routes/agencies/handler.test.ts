import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAudit } from '@kaohe/store';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';

let h: Harness;
let sup: Client;
before(async () => {
  h = await harness();
  for (const [code, region] of [['A1', '330106'], ['A9', '440101']]) {
    await h.db.query(`INSERT INTO agencies (code, name, region_code, domain, level, content_hash) VALUES ($1, $2, $3, 'market', 'county', 'h')`, [code, `${code} 市场监督管理局`, region]);
  }
  await h.db.query(`INSERT INTO cases (region_code, agency_id, case_id, content_hash) VALUES ('330106', 'A1', 'C-1', 'h')`);
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100', username: 'sfj-sup' });
});
after(async () => { await h.close(); });

const audits = async (action: string) => (await h.db.query<{ actor: string; target: string; detail: Record<string, unknown> }>('SELECT actor, target, detail FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows;

test('a supervisor registers an agency of the region; the change is audited with its actor', async () => {
  const r = await sup.post('/agencies', { code: 'A2', name: '杭州市西湖区生态环境分局', region: '330106', domain: 'ecology', level: 'county', parent: 'A1' });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json(), { code: 'A2', name: '杭州市西湖区生态环境分局', region: '330106', domain: 'ecology', level: 'county', parent: 'A1', active: true });
  const a = await audits('registry.agency.create');
  assert.deepEqual([a[0]?.actor, a[0]?.target], ['sfj-sup', 'agency:A2']);
  assert.equal((await sup.get('/agencies?q=A2')).json().total, 1);
});

test('validation errors: stable ids, zh/en reasons naming the field', async () => {
  const r = await sup.post('/agencies', { code: 'A3', name: '', region: '3301', domain: 'roads', level: 'county' });
  assert.equal(r.statusCode, 400);
  const e = r.json().error;
  assert.equal(e.id, 'validation');
  assert.deepEqual(e.details.map((d: { field: string; code: string }) => [d.field, d.code]), [['name', 'field.required'], ['region', 'region.invalid'], ['domain', 'enum.invalid']]);
  assert.match(e.message.zh, /部门名称：必填/);
  assert.match(e.message.zh, /行政区划代码：行政区划代码应为 6 位数字/);
  assert.match(e.message.en, /Region code: region must be a 6-digit/);
  assert.equal((await sup.post('/agencies', { code: 'A1', name: 'x', region: '330106', domain: 'market', level: 'county' })).json().error.details[0].code, 'registry.code-taken');
  // the request shape is still checked first (unknown fields)
  assert.equal((await sup.post('/agencies', { code: 'A4', name: 'x', region: '330106', domain: 'market', level: 'county', secret: 1 })).json().error.details[0].field, 'body.secret');
});

test('scope and roles: another region is not found; department roles may not edit agencies', async () => {
  const out = await sup.post('/agencies', { code: 'A5', name: '广州某局', region: '440101', domain: 'market', level: 'county' });
  assert.equal(out.statusCode, 404);
  assert.equal(out.json().error.id, 'not-found');
  assert.equal((await sup.req('PATCH', '/agencies/A9', { name: '改名' })).statusCode, 404);
  const admin = await signedIn(h, { roles: ['agency-admin'], agency: 'A1' });
  assert.equal((await admin.req('PATCH', '/agencies/A1', { name: '改名' })).statusCode, 403);
  assert.equal((await admin.post('/agencies', { code: 'A6', name: 'x', region: '330106', domain: 'market', level: 'county' })).statusCode, 403);
  const sys = await signedIn(h, { roles: ['sysadmin'] });
  assert.equal((await sys.req('PATCH', '/agencies/A1', { name: '改名' })).statusCode, 403);
});

test('update, region fixed once cases refer to the agency, deactivate instead of delete', async () => {
  const r = await sup.req('PATCH', '/agencies/A1', { name: '杭州市西湖区市场监督管理局' });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual((await audits('registry.agency.update'))[0]?.detail, { before: { name: 'A1 市场监督管理局' }, after: { name: '杭州市西湖区市场监督管理局' } });
  const locked = await sup.req('PATCH', '/agencies/A1', { region: '330105' });
  assert.equal(locked.json().error.details[0].code, 'registry.region-locked');
  assert.equal((await sup.req('PATCH', '/agencies/A2', { active: false })).json().active, false);
  assert.deepEqual((await sup.get('/agencies?active=false')).json().items.map((a: { code: string }) => a.code), ['A2']);
  assert.equal((await audits('registry.agency.deactivate')).length, 1);
  assert.equal((await sup.req('DELETE', '/agencies/A2')).statusCode, 404, 'no delete route');
  assert.equal((await verifyAudit(h.db)).ok, true);
});
