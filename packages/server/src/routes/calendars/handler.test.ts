import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBatch, listWarnings } from '@kaohe/app';
import { verifyAudit } from '@kaohe/store';
import { TEST_CIPHER } from '@kaohe/store/testing';
import { createUser, openSession, type CreateUserInput } from '../../identity.ts';
import { harness, Client, type Harness } from '../../harness.ts';

const NOW = new Date('2027-01-20T10:00:00+08:00');
/** harness's signedIn, with the session opened on the server's (test) clock */
async function signedIn(t: Harness, input: Partial<CreateUserInput> & Pick<CreateUserInput, 'roles'>): Promise<Client> {
  const { user } = await createUser(t.db, { username: `u${Math.random().toString(36).slice(2, 10)}`, name: '测试用户', password: 'Test-Pass-123', mustChangePassword: false, ...input });
  const { token, session } = await openSession(t.db, user.id, undefined, NOW);
  const c = new Client(t.app);
  c.cookie = token;
  c.csrf = session.csrfToken;
  return c;
}

let h: Harness;
let sup: Client;
const dir = mkdtempSync(join(tmpdir(), 'kaohe-cal-'));

/** Decided 30 Dec 2026, served 11 Jan 2027. 2027 has no schedule: counted by weekends only, service was due 8 Jan
 * (provisional) and is late; with 1 Jan 2027 a public holiday it was due 11 Jan, on time. */
const CASE = {
  schema: 'kaohe.case/v1', id: 'C-2026-1230', agency: 'A1', domain: 'market', procedure: 'general', party: { type: 'org', name: '某公司' }, penalty: { kinds: ['warning'] },
  events: [
    { id: 'e1', type: 'case.opened', at: '2026-12-02T09:00:00+08:00' },
    { id: 'e2', type: 'decision.made', at: '2026-12-30T10:00:00+08:00', penalty: { kinds: ['warning'] } },
    { id: 'e3', type: 'decision.served', at: '2027-01-11T10:00:00+08:00', method: 'direct' },
  ],
};

before(async () => {
  // the server's clock is the day of the re-evaluation (sessions are opened on it too)
  h = await harness({ now: () => NOW });
  const f = join(dir, 'seed.jsonl');
  writeFileSync(f, [{ schema: 'kaohe.agency/v1', code: 'A1', name: '西湖区市场监管局', region: '330106', domain: 'market', level: 'county' }, CASE].map((d) => JSON.stringify(d)).join('\n') + '\n');
  assert.equal((await importBatch(h.db, [f], { user: 'seed', cipher: TEST_CIPHER, asOf: '2027-01-20' })).status, 'committed');
  sup = await signedIn(h, { roles: ['supervisor'], region: '330100', username: 'sfj-sup' });
});
after(async () => { await h.close(); rmSync(dir, { recursive: true, force: true }); });

const service = async () => (await listWarnings(h.db, { caseId: 'C-2026-1230', rule: 'cn.apl.61.service' })).items;

test('loading a year re-evaluates the cases whose due days were provisional for it', async () => {
  assert.deepEqual((await service()).map((w) => [w.status, w.dueOn, w.provisional]), [['violated', '2027-01-08', [2027]]]);
  const r = await sup.post('/calendars', { schema: 'kaohe.calendar/v1', year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], source: '国务院办公厅关于2027年部分节假日安排的通知' });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual([r.json().created, r.json().changed, r.json().reevaluated.cases, r.json().reevaluated.cleared], [true, true, 1, 1]);
  assert.deepEqual(await service(), [], 'due 11 Jan: served on time');
  const list = (await sup.get('/calendars')).json().items;
  assert.deepEqual(list.map((c: { year: number; editedBy: string }) => [c.year, c.editedBy]), [[2027, 'sfj-sup']]);
  const a = (await h.db.query<{ actor: string; target: string }>(`SELECT actor, target FROM audit_log WHERE action = 'registry.calendar.load'`)).rows;
  assert.deepEqual(a, [{ actor: 'sfj-sup', target: 'calendar:2027' }]);
  // the same schedule again: nothing changes, nothing is re-evaluated, nothing audited
  const again = (await sup.post('/calendars', { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [], source: '国务院办公厅关于2027年部分节假日安排的通知' })).json();
  assert.deepEqual([again.changed, again.reevaluated.cases], [false, 0]);
});

test('the system administrator may load schedules; department and outside roles may not', async () => {
  const sys = await signedIn(h, { roles: ['sysadmin'] });
  const r = await sys.post('/calendars', { year: 2028, holidays: ['2028-01-01'], workdays: [] });
  assert.equal(r.statusCode, 200, r.body);
  for (const [roles, scope] of [[['agency-admin'], { agency: 'A1' }], [['evaluator'], { region: '330100' }], [['secadmin'], {}]] as const) {
    const c = await signedIn(h, { roles: [...roles], ...scope });
    assert.equal((await c.post('/calendars', { year: 2029, holidays: [], workdays: [] })).statusCode, 403, roles[0]);
  }
});

test('validation errors name the field', async () => {
  const r = await sup.post('/calendars', { year: 2029, holidays: ['2029-01-01', '2028-12-31'], workdays: ['2029-01-01', '2029-02-05'] });
  assert.equal(r.statusCode, 400);
  const e = r.json().error;
  assert.deepEqual(e.details.map((d: { field: string; code: string }) => `${d.field} ${d.code}`), ['holidays[0] date.year-mismatch', 'workdays calendar.overlap', 'workdays[0] calendar.workday-weekday', 'workdays[1] calendar.workday-weekday']);
  assert.match(e.message.zh, /法定节假日：日期 2028-12-31 不在 2029 年内/);
  assert.match(e.message.zh, /调休工作日：2029-02-05 是工作日/);
  assert.equal((await sup.post('/calendars', { year: 2029, holidays: 'x', workdays: [] })).statusCode, 400);
  assert.equal((await verifyAudit(h.db)).ok, true);
});
