/**
 * The security holes of issue 12, each with the test that would have caught it: body types and limits, NUL bytes and
 * lone surrogates, Cache-Control, query strings in the log, common passwords, the audit tail note, /status scope,
 * second-factor changes, audit rows for refused requests / events / the auditor's searches, template downloads.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { authenticator } from 'otplib';
import { harness, signedIn, Client, type Harness } from './harness.ts';
import { buildServer } from './server.ts';
import { createTestDb, testConfig } from './testing.ts';
import { createUser } from './identity.ts';
import { passwordProblems, DEFAULT_SECURITY, commonPasswords } from './security.ts';

let h: Harness;
const NOW = new Date('2026-03-02T08:00:00Z');
const audits = async (action: string) => (await h.db.query<{ actor: string; target: string | null; detail: Record<string, unknown> | string }>('SELECT actor, target, detail FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows
  .map((r) => ({ ...r, detail: typeof r.detail === 'string' ? JSON.parse(r.detail) as Record<string, unknown> : r.detail }));

before(async () => {
  h = await harness({
    now: () => NOW,
    services: { importFiles: async () => ({ batchId: 7, status: 'committed', counts: {}, errorCount: 0 }) },
  });
  for (const [code, region] of [['AG-A', '330102'], ['AG-B', '330103']] as const) {
    await h.db.query(`INSERT INTO agencies (code, name, region_code, domain, level, content_hash) VALUES ($1, $1, $2, 'market', 'county', 'h')`, [code, region]);
    await h.db.query(`INSERT INTO people (code, name, agency_id, region_code, posts, content_hash) VALUES ($1, '张三丰', $2, $3, '{handler}', 'h')`, [`P-${code}`, code, region]);
    await h.db.query(`INSERT INTO cases (region_code, agency_id, case_id, domain, procedure, party, staff_codes, opened_on, content_hash)
      VALUES ($1, $2, 'C1', 'market', 'general', '{"type":"person","name":"李四"}', '{}', '2026-01-05', 'h')`, [region, code]);
  }
});
after(async () => { await h.close(); });

test('a 5 MB body to /auth/login is refused (413) before any of it is parsed; only upload routes take raw bodies (415)', async () => {
  const t = await createTestDb();
  const app = await buildServer({ db: t.db, config: testConfig(), security: { loginRateLimit: 1000, publicRateLimit: 1000 } });
  let parsed = 0;
  app.addHook('preParsing', async () => { parsed++; });
  await app.ready();
  try {
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(5 * 1024 * 1024) });
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().error.id, 'body.too-large');
    // the same bytes as octet-stream: refused for its type, not read either
    const raw = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(5 * 1024 * 1024, 0x41) });
    assert.equal(raw.statusCode, 415);
    const text = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: '{"username":"x","password":"y"}' });
    assert.equal(text.statusCode, 415);
    assert.equal(parsed, 0, 'no refused body reached the parser');
    // a JSON body to the upload route is refused for its type too (the upload route takes only raw bytes)
    const c = await signedInOn(app, t.db);
    const up = await app.inject({ method: 'POST', url: '/api/v1/imports?filename=a.jsonl', headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(up.statusCode, 415);
    // a small login body still works as before (reaches the parser, then the handler: wrong credentials)
    const small = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } });
    assert.equal(small.statusCode, 401);
    assert.equal(parsed, 1);
  } finally {
    await app.close();
    await t.cleanup();
  }
});

async function signedInOn(app: Awaited<ReturnType<typeof buildServer>>, db: Harness['db']): Promise<{ cookie: string; csrf: string }> {
  const { openSession } = await import('./identity.ts');
  const { user } = await createUser(db, { username: 'up-admin', name: '导入', roles: ['agency-admin'], agency: 'AG-A', password: 'Upload-Pass-77', mustChangePassword: false });
  const { token, session } = await openSession(db, user.id);
  void app;
  return { cookie: `kaohe_sid=${token}`, csrf: session.csrfToken };
}

test('a NUL byte or a lone surrogate in a body field, query or path parameter answers 400 naming the field', async () => {
  const sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  const body = await sup.post('/people', { code: 'P\u0000X', name: '王五', agency: 'AG-A', posts: ['handler'] });
  assert.equal(body.statusCode, 400);
  assert.deepEqual(body.json().error.details.map((d: { field: string }) => d.field), ['body.code']);
  assert.match(body.json().error.details[0].reason.zh, /空字符/);
  const query = await sup.get('/cases?q=%E6%9D%8E%00');
  assert.equal(query.statusCode, 400);
  assert.equal(query.json().error.details[0].field, 'querystring.q');
  const param = await sup.get('/cases/AG-A%00/C1');
  assert.equal(param.statusCode, 400);
  assert.equal(param.json().error.details[0].field, 'params.agency');
  // JSON text with an escaped lone high surrogate (\ud800 not followed by a low one)
  const lone = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"ab\\ud800c","password":"x"}' });
  assert.equal(lone.statusCode, 400);
  assert.equal(lone.json().error.details[0].field, 'body.username');
  assert.match(lone.json().error.details[0].reason.en, /lone surrogate/);
  // a proper pair (an emoji) is fine: the login is simply wrong
  const pair = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"ab\\ud83d\\ude00c","password":"x"}' });
  assert.equal(pair.statusCode, 401);
  // nested: an event's attribute key
  const admin = await signedIn(h, { roles: ['agency-admin'], agency: 'AG-A' });
  const nested = await admin.post('/events', { agency: 'AG-A', caseId: 'C1', event: { id: 'e9', type: 'investigation', at: '2026-01-06T10:00:00+08:00', attrs: { ['k\u0000']: 1 } } });
  assert.equal(nested.statusCode, 400);
  assert.equal(nested.json().error.details[0].field, 'body.event.attrs.k\u0000');
});

test('API answers carry Cache-Control: no-store', async () => {
  const sup = await signedIn(h, { roles: ['supervisor'], region: '330100' });
  for (const url of ['/cases', '/people', '/cases/AG-A/C1', '/auth/me']) {
    const r = await sup.get(url);
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['cache-control'], 'no-store', url);
  }
  assert.equal((await new Client(h.app).get('/cases')).headers['cache-control'], 'no-store'); // errors too
});

test('party names in ?q= never reach the server log: query strings are redacted', async () => {
  const t = await createTestDb();
  const lines: string[] = [];
  const app = await buildServer({ db: t.db, config: testConfig(), logger: { stream: { write: (l: string) => { lines.push(l); } } } });
  await app.ready();
  try {
    await app.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent('张三丰')}&agency=X` });
    const log = lines.join('');
    assert.ok(log.includes('/api/v1/cases?[redacted]'), log);
    assert.ok(!log.includes('张三丰') && !log.includes(encodeURIComponent('张三丰')) && !log.includes('agency=X'), log);
  } finally {
    await app.close();
    await t.cleanup();
  }
});

test('new passwords are checked against the common-password lists (SecLists top 10 000 and the Chinese list)', async () => {
  // the lists are data: 10 000 + 137 Chinese entries, lower-cased (so "Password1" and "password1" count once)
  const n = commonPasswords().size;
  assert.ok(n > 9_000 && n <= 10_137, String(n));
  assert.ok(commonPasswords().has('123456') && commonPasswords().has('5201314') && commonPasswords().has('huawei@123'));
  // "Password1" meets length (9 ≥ 8) and classes (upper, lower, digit = 3): only the list refuses it
  const reasons = (pw: string) => passwordProblems(pw, DEFAULT_SECURITY).map((p) => p.en);
  assert.deepEqual(reasons('Password1'), ['is one of the most common passwords']);
  assert.deepEqual(reasons('P@ssw0rd1'), ['is one of the most common passwords']); // the administrators' pattern (zh list)
  assert.deepEqual(reasons('Woaini1314'), ['is one of the most common passwords']); // pinyin "I love you for ever"
  assert.deepEqual(reasons('Kaohe@2026'), []); // the demo accounts' password is not on the lists
  const c = await signedIn(h, { roles: ['officer'], agency: 'AG-A', password: 'Test-Pass-123' });
  const r = await c.post('/auth/password', { current: 'Test-Pass-123', next: 'Password1' });
  assert.equal(r.json().error.id, 'auth.password-weak');
});

test('GET /audit/verify says that only a checkpoint held outside proves the tail; the auditor\'s searches are audited', async () => {
  const aud = await signedIn(h, { roles: ['auditor'], username: 'aud-1' });
  const v = await aud.get('/audit/verify');
  assert.equal(v.statusCode, 200);
  assert.match(v.json().tail.zh, /检查点/);
  assert.match(v.json().tail.en, /checkpoint held outside/);
  assert.equal((await aud.get('/audit?action=auth.login&page=1')).statusCode, 200);
  const rows = (await audits('audit.search')).filter((a) => a.actor === 'aud-1');
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.detail.action, 'auth.login');
});

test('/status: an agency admin sees only its agency\'s counts, a supervisor its region\'s, the sysadmin all', async () => {
  const a = await signedIn(h, { roles: ['agency-admin'], agency: 'AG-A' });
  const s = (await a.get('/status')).json();
  // seeded: 2 agencies, 2 people, 2 cases (one each in AG-A / AG-B) → AG-A sees 1 of each
  assert.deepEqual([s.agencies, s.people, s.cases], [1, 1, 1]);
  const sup = await signedIn(h, { roles: ['supervisor'], region: '330103' }); // AG-B's district only
  const ss = (await sup.get('/status')).json();
  assert.deepEqual([ss.agencies, ss.people, ss.cases], [1, 1, 1]);
  const sys = await signedIn(h, { roles: ['sysadmin'] });
  const all = (await sys.get('/status')).json();
  assert.ok(all.agencies >= 2 && all.people >= 2 && all.cases >= 2);
});

test('a refused request (403) leaves an audit row naming who tried which route', async () => {
  const off = await signedIn(h, { roles: ['officer'], agency: 'AG-A', username: 'off-403' });
  assert.equal((await off.get('/users')).statusCode, 403);
  const rows = (await audits('access.refused')).filter((a) => a.actor === 'off-403');
  assert.deepEqual(rows.map((r) => [r.target, r.detail.reason]), [['GET /api/v1/users', 'access.forbidden']]);
});

test('POST /events is audited (case, event, batch)', async () => {
  const admin = await signedIn(h, { roles: ['agency-admin'], agency: 'AG-A', username: 'ev-admin' });
  const r = await admin.post('/events', { agency: 'AG-A', caseId: 'C1', event: { id: 'e2', type: 'investigation', at: '2026-01-06T10:00:00+08:00', by: ['P1', 'P2'], records: ['av'] } });
  assert.equal(r.statusCode, 200, r.body);
  const rows = (await audits('events.push')).filter((a) => a.actor === 'ev-admin');
  assert.deepEqual(rows.map((x) => [x.target, x.detail.event, x.detail.batchId]), [['case:AG-A/C1', 'e2', 7]]);
});

test('second factor: setting up or removing needs the password or a code; a pending change keeps the old factor; all audited; secadmin resets', async () => {
  await createUser(h.db, { username: 'tf-user', name: '动态', roles: ['supervisor'], region: '330100', password: 'Second-Pass-42', mustChangePassword: false });
  const c = new Client(h.app);
  assert.equal((await c.login('tf-user', 'Second-Pass-42')).statusCode, 200);
  // a session alone is not enough
  assert.equal((await c.post('/auth/totp/setup', {})).statusCode, 400);
  assert.equal((await c.post('/auth/totp/setup', { password: 'wrong' })).json().error.id, 'auth.reauth-failed');
  const first = (await c.post('/auth/totp/setup', { password: 'Second-Pass-42' })).json();
  assert.equal((await c.post('/auth/totp/enable', { code: authenticator.generate(first.secret) })).statusCode, 200);
  // start a replacement: the enrolled factor still guards sign-in until the new one is confirmed
  const second = (await c.post('/auth/totp/setup', { code: authenticator.generate(first.secret) })).json();
  assert.notEqual(second.secret, first.secret);
  const other = new Client(h.app);
  assert.equal((await other.login('tf-user', 'Second-Pass-42')).json().error.id, 'auth.totp-required');
  assert.equal((await other.login('tf-user', 'Second-Pass-42', authenticator.generate(first.secret))).statusCode, 200);
  // removing it: a session alone is refused, the password works
  assert.equal((await c.post('/auth/totp/disable', { code: '000000' })).json().error.id, 'auth.reauth-failed');
  assert.equal((await c.post('/auth/totp/disable', { password: 'Second-Pass-42' })).statusCode, 200);
  assert.equal((await new Client(h.app).login('tf-user', 'Second-Pass-42')).statusCode, 200);
  const actions = (await h.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor = 'tf-user' AND action LIKE 'auth.%totp%' OR actor = 'tf-user' AND action = 'auth.reauth-failed' ORDER BY seq`)).rows.map((r) => r.action);
  assert.deepEqual(actions, ['auth.reauth-failed', 'auth.totp-setup', 'auth.totp-enabled', 'auth.totp-setup', 'auth.reauth-failed', 'auth.totp-disabled']);

  // a secadmin resets another user's factor (a lost phone): audited, the user's sessions end; not his own
  const id = Number((await h.db.query<{ id: unknown }>(`SELECT id FROM users WHERE username = 'tf-user'`)).rows[0]!.id);
  const again = (await c.post('/auth/totp/setup', { password: 'Second-Pass-42' })).json();
  assert.equal((await c.post('/auth/totp/enable', { code: authenticator.generate(again.secret) })).statusCode, 200);
  const sec = await signedIn(h, { roles: ['secadmin'], username: 'sec-tf' });
  const reset = await sec.post(`/users/${id}/totp/reset`);
  assert.equal(reset.statusCode, 200, reset.body);
  assert.equal(reset.json().totpEnabled, false);
  assert.equal((await c.get('/auth/me')).statusCode, 401);
  const secId = Number((await h.db.query<{ id: unknown }>(`SELECT id FROM users WHERE username = 'sec-tf'`)).rows[0]!.id);
  assert.equal((await sec.post(`/users/${secId}/totp/reset`)).json().error.id, 'users.self');
  const r = await audits('users.totp-reset');
  assert.deepEqual(r.map((x) => [x.actor, x.target, x.detail.wasEnabled]), [['sec-tf', 'user:tf-user', true]]);
});

test('every import template downloads and opens: 7 kinds × CSV and XLSX, both languages', async () => {
  const c = await signedIn(h, { roles: ['agency-admin'], agency: 'AG-A' });
  // expected first header cell (zh / en) of each kind: the first field of its table in labels.ts — a case's and an
  // agency's first field is its code/id, an event's its case id, a record's its kind, a calendar's its year
  const kinds = ['cases', 'events', 'records', 'agencies', 'people', 'items', 'calendars'];
  for (const kind of kinds) {
    for (const lang of ['zh', 'en'] as const) {
      const csv = await c.get(`/templates/${kind}.csv?lang=${lang}`);
      assert.equal(csv.statusCode, 200, `${kind}.csv ${csv.body.slice(0, 200)}`);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const rows = parseCsv(csv.rawPayload, { bom: true }) as string[][];
      assert.ok(rows.length >= 2, `${kind}.csv has a header and an example row`);
      assert.equal(rows[1]!.length, rows[0]!.length);
      if (lang === 'en') assert.ok(rows[0]!.every((h) => /^[a-zA-Z.]+$/.test(h)), `${kind}.csv en header: ${rows[0]!.join(',')}`);
      else assert.ok(rows[0]!.some((h) => /[\u4e00-\u9fff]/.test(h)), `${kind}.csv zh header: ${rows[0]!.join(',')}`);
      const x = await c.get(`/templates/${kind}.xlsx?lang=${lang}`);
      assert.equal(x.statusCode, 200, `${kind}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      // the record sheet(s) and the notes sheet; a case template also has the events sheet
      assert.equal(wb.worksheets.length, kind === 'cases' ? 3 : 2, kind);
      const ws = wb.worksheets[0]!;
      assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), rows[0], `${kind}.xlsx header = ${kind}.csv header`);
    }
  }
  const bad = await c.get('/templates/case.csv');
  assert.equal(bad.statusCode, 400);
  assert.equal(JSON.parse(bad.body).error.details[0].field, 'params.kind');
});

test('cached sessions: a change made through the server is seen at once, one made by another process within 2 s', async () => {
  let clock = new Date('2026-03-02T08:00:00Z');
  const h2 = await harness({ now: () => clock });
  try {
    const c = await signedIn(h2, { roles: ['supervisor'], region: '330100', username: 'cache-1' });
    assert.equal((await c.get('/auth/me')).statusCode, 200);
    // signing out is a state change of this server: the cached session is gone at once
    assert.equal((await c.post('/auth/logout')).statusCode, 200);
    assert.equal((await c.get('/auth/me')).statusCode, 401);
    // disabling the account from outside (the CLI's own process writes the table): within the cache's 2 s a read
    // may still pass; at 2 s it is refused
    const d = await signedIn(h2, { roles: ['supervisor'], region: '330100', username: 'cache-2' });
    assert.equal((await d.get('/auth/me')).statusCode, 200);
    await h2.db.query(`UPDATE users SET disabled = true WHERE username = 'cache-2'`);
    clock = new Date(clock.getTime() + 2000);
    assert.equal((await d.get('/auth/me')).statusCode, 401);
  } finally {
    await h2.close();
  }
});

test('region scope is a range of codes: 330100 → 330100..330199, 330000 → 330000..339999, a district itself', async () => {
  const { regionRange, scopeFilter } = await import('./policy.ts');
  assert.deepEqual(regionRange('330100'), ['330100', '330199']);
  assert.deepEqual(regionRange('330000'), ['330000', '339999']);
  assert.deepEqual(regionRange('330102'), ['330102', '330102']);
  const c = scopeFilter({ id: 1, username: 's', name: 's', roles: ['supervisor'], agency: null, region: '330100', personCode: null }, 'agency', { region: 'c.region_code', agency: 'c.agency_id' }, 3);
  assert.deepEqual(c, { sql: 'c.region_code BETWEEN $3 AND $4', params: ['330100', '330199'] });
  // and it selects exactly the city's districts on the database
  const r = await h.db.query<{ code: string }>(`SELECT code FROM (VALUES ('330099'), ('330100'), ('330106'), ('330199'), ('330200')) v(code) WHERE code BETWEEN $1 AND $2 ORDER BY code`, regionRange('330100'));
  assert.deepEqual(r.rows.map((x) => x.code), ['330100', '330106', '330199']);
});

test('re-authentication for a second-factor change counts in the sign-in back-off: a taken-over session cannot guess the password at speed', async () => {
  await createUser(h.db, { username: 'tf-guess', name: '猜测', roles: ['supervisor'], region: '330100', password: 'Guess-Pass-31', mustChangePassword: false });
  const c = new Client(h.app);
  assert.equal((await c.login('tf-guess', 'Guess-Pass-31')).statusCode, 200);
  const out: string[] = [];
  // default back-off, pair (address, account) counter: failures 1..3 free, the 4th sets a wait of 2^0 = 1 s; the
  // clock stands still here, so the 5th try — even with the right password — is refused unchecked (429, 1 s)
  for (const password of ['w1', 'w2', 'w3', 'w4', 'Guess-Pass-31']) {
    const r = await c.post('/auth/totp/setup', { password });
    out.push(`${r.statusCode} ${r.json().error?.id ?? 'ok'}${r.json().error?.details?.retryAfterSeconds ? ' ' + r.json().error.details.retryAfterSeconds : ''}`);
  }
  assert.deepEqual(out, [...Array(4).fill('400 auth.reauth-failed'), '429 auth.throttled 1']);
  assert.equal((await c.post('/auth/totp/disable', { password: 'Guess-Pass-31' })).statusCode, 400); // nothing enrolled: checked before the guard
  const rows = (await audits('auth.reauth-throttled')).filter((a) => a.actor === 'tf-guess');
  assert.deepEqual(rows.map((r) => [r.target, r.detail.for]), [['user:tf-guess', 'auth.totp-setup']]);
});
