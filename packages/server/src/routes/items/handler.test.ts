import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAudit } from '@kaohe/store';
import { harness, signedIn, type Harness, type Client } from '../../harness.ts';

let h: Harness;
let sup: Client;
before(async () => { h = await harness(); sup = await signedIn(h, { roles: ['supervisor'], region: '330100' }); });
after(async () => { await h.close(); });

const ITEM = {
  code: 'SC-1', name: '销售不合格产品', domain: 'market', penaltyArticle: '《产品质量法》第四十九条', kinds: ['fine', 'confiscation'], range: { min: 5000, max: 50000 },
  tiers: [{ tier: '从轻', min: 5000, max: 20000, circumstances: ['lighter'] }, { tier: '从重', min: 35000, max: 50000, circumstances: ['heavier'] }],
};

test('the supervision body registers an item with its benchmark tiers and issues a new version', async () => {
  const r = await sup.post('/items', ITEM);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual([r.json().version, r.json().tiers.length, r.json().active], ['', 2, true]);
  const v = await sup.post('/items', { ...ITEM, version: '2026', effective: '2026-07-01' });
  assert.equal(v.statusCode, 200, v.body);
  assert.deepEqual((await sup.get('/items?q=SC-1')).json().items.map((i: { version: string }) => i.version), ['', '2026']);
  const p = await sup.req('PATCH', '/items/SC-1?version=2026', { tiers: [...ITEM.tiers, { tier: '一般', min: 20000, max: 35000, circumstances: ['general'] }] });
  assert.equal(p.statusCode, 200, p.body);
  assert.equal(p.json().tiers.length, 3);
  const a = (await h.db.query<{ action: string; target: string }>(`SELECT action, target FROM audit_log WHERE action LIKE 'registry.item.%' ORDER BY seq`)).rows;
  assert.deepEqual(a.map((x) => `${x.action} ${x.target}`), ['registry.item.create item:SC-1', 'registry.item.create item:SC-1@2026', 'registry.item.update item:SC-1@2026']);
  assert.equal((await sup.req('PATCH', '/items/SC-1', { active: false })).json().active, false);
  assert.equal((await sup.req('PATCH', '/items/SC-1?version=1999', { name: 'x' })).statusCode, 404);
});

test('benchmark tiers outside the statutory range and other errors name the field', async () => {
  const r = await sup.post('/items', { ...ITEM, code: 'SC-2', tiers: [...ITEM.tiers, { tier: '从重', min: 40000, max: 80000, circumstances: ['heavier', 'worst'] }] });
  assert.equal(r.statusCode, 400);
  const e = r.json().error;
  assert.deepEqual(e.details.map((d: { field: string; code: string }) => `${d.field} ${d.code}`), ['tiers[2].circumstances[1] enum.invalid', 'tiers[2].tier registry.duplicate', 'tiers[2].max registry.tier-outside-range']);
  assert.match(e.message.zh, /裁量阶次第 3 档的上限：裁量阶次 40000–80000 超出法定罚款幅度 5000–50000/);
  assert.match(e.message.en, /benchmark tier 3, maximum: tier 40000–80000 lies outside the statutory range/);
  assert.equal((await sup.post('/items', { ...ITEM, version: '2026' })).json().error.details[0].code, 'registry.version-taken');
});

test('roles: items are region-wide reference data, changed by the supervision body only', async () => {
  for (const [roles, scope] of [[['agency-admin'], { agency: 'A1' }], [['legal-reviewer'], { agency: 'A1' }], [['evaluator'], { region: '330100' }], [['sysadmin'], {}]] as const) {
    const c = await signedIn(h, { roles: [...roles], ...scope });
    assert.equal((await c.post('/items', { ...ITEM, code: 'SC-9' })).statusCode, 403, roles[0]);
    assert.equal((await c.req('PATCH', '/items/SC-1', { name: 'x' })).statusCode, 403, roles[0]);
  }
  assert.equal((await verifyAudit(h.db)).ok, true);
});
