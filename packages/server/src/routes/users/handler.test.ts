import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, signedIn, Client, type Harness } from '../../harness.ts';

let h: Harness;
let sec: Client;
before(async () => { h = await harness(); sec = await signedIn(h, { roles: ['secadmin'] }); });
after(async () => { await h.close(); });

test('create → login with the initial password → must change; separation of duties enforced', async () => {
  const r = await sec.post('/users', { username: 'officer1', name: '陈一', roles: ['officer'], agency: 'A1', personCode: 'P1' });
  assert.equal(r.statusCode, 200, r.body);
  const { user, initialPassword } = r.json();
  const c = new Client(h.app);
  assert.equal((await c.login('officer1', initialPassword)).json().mustChangePassword, true);
  for (const roles of [['secadmin', 'auditor'], ['sysadmin', 'supervisor']]) {
    assert.equal((await sec.post('/users', { username: `x${roles.join('')}`, name: 'x', roles, region: '330100' })).json().error.id, 'users.roles-conflict');
  }
  assert.equal((await sec.post('/users', { username: 'noscope', name: 'x', roles: ['agency-admin'] })).json().error.id, 'users.scope-required');
  assert.equal((await sec.post('/users', { username: 'officer1', name: 'x', roles: ['officer'], agency: 'A1' })).statusCode, 409);
  // role change ends the user's sessions and is audited
  const p = await sec.req('PATCH', `/users/${user.id}`, { roles: ['auditor'], agency: null, personCode: null });
  assert.equal(p.statusCode, 200, p.body);
  assert.equal((await c.get('/auth/me')).statusCode, 401);
  assert.equal((await sec.req('PATCH', `/users/${user.id}`, { roles: ['auditor', 'officer'] })).json().error.id, 'users.roles-conflict');
  const reset = await sec.post(`/users/${user.id}/reset-password`);
  assert.ok(reset.json().initialPassword);
  assert.equal((await sec.post(`/users/${user.id}/unlock`)).statusCode, 200);
  const list = (await sec.get('/users?role=auditor')).json();
  assert.equal(list.total, 1);
  assert.ok(!JSON.stringify(list).includes('password_hash'));
  const actions = (await h.db.query<{ action: string }>("SELECT action FROM audit_log WHERE target = 'user:officer1' ORDER BY seq")).rows.map((x) => x.action);
  assert.deepEqual(actions, ['users.create', 'auth.login', 'users.roles', 'users.reset-password', 'users.unlock']);
});

test('auditor searches the log and verifies the chain', async () => {
  const aud = await signedIn(h, { roles: ['auditor'] });
  const r = (await aud.get('/audit?action=users.&pageSize=5')).json();
  assert.ok(r.total >= 3 && r.items.length <= 5);
  assert.ok(r.items.every((i: { action: string }) => i.action.startsWith('users.')));
  const v = (await aud.get('/audit/verify')).json();
  assert.equal(v.ok, true);
  assert.equal((await sec.get('/audit')).statusCode, 403);
});
