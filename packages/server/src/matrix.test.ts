/**
 * The access matrix: every registered route × every role (and anonymous) × an own-scope and an other-scope target,
 * generated from the route table itself — a new route is covered automatically (and must bring a probe).
 * Expected: anonymous 401; a role the policy does not allow 403; an allowed role 404 for another scope's target and
 * the route's success status otherwise; and no list ever contains another department's rows.
 * The last tests mutate a copy of the table and show the matrix catches it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Db } from '@kaohe/store';
import { buildServer } from './server.ts';
import { createTestDb, testConfig, type TestDb } from './testing.ts';
import { createUser, openSession } from './identity.ts';
import { allows, ROLES, type Role } from './policy.ts';
import { loadRoutes, type ProbeFixture, type RouteDef } from './route.ts';
import { API_PREFIX } from './server.ts';
import { SESSION_COOKIE } from './cookies.ts';

const OWN = { agency: 'AG-OWN', region: '330102', caseId: 'CASE-OWN', person: 'P-OWN' };
const OTHER = { agency: 'AG-OTHER', region: '330103', caseId: 'CASE-OTHER', person: 'P-OTHER' };

let t: TestDb;
let table: RouteDef[];
const userIds = new Map<Role, number>();
let batches: { own: number; other: number };
let warnings: { own: number; other: number };
let matters: { own: number; other: number };
let targetUser: number;
const fakeServices = { importFiles: async () => ({ batchId: 0, status: 'committed', counts: {}, errorCount: 0 }), writeTemplate: async () => Buffer.from('a,b\n') };

async function seed(db: Db): Promise<void> {
  for (const s of [OWN, OTHER]) {
    await db.query(`INSERT INTO agencies (code, name, region_code, domain, level, content_hash) VALUES ($1, $2, $3, 'market', 'county', 'h')`, [s.agency, `${s.agency} 市场监管局`, s.region]);
    await db.query(`INSERT INTO people (code, name, agency_id, region_code, posts, content_hash) VALUES ($1, '张三丰', $2, $3, '{handler}', 'h')`, [s.person, s.agency, s.region]);
    await db.query(`INSERT INTO cases (region_code, agency_id, case_id, domain, procedure, party, staff, staff_codes, opened_on, content_hash)
      VALUES ($1, $2, $3, 'market', 'general', $4, $5, $6, '2026-01-05', 'h')`, [s.region, s.agency, s.caseId, JSON.stringify({ type: 'person', name: '李四', address: '浙江省杭州市西湖区文三路 1 号' }), JSON.stringify({ handlers: [s.person] }), [s.person]]);
    await db.query(`INSERT INTO events (region_code, agency_id, case_id, event_id, type, at, local_date) VALUES ($1, $2, $3, 'e1', 'case.opened', '2026-01-05T09:00:00+08:00', '2026-01-05')`, [s.region, s.agency, s.caseId]);
  }
  for (const role of ROLES) {
    const region = ['supervisor', 'evaluator', 'file-reviewer'].includes(role) ? OWN.region : null;
    const agency = ['agency-admin', 'legal-reviewer', 'officer'].includes(role) ? OWN.agency : null;
    const { user } = await createUser(db, { username: `m-${role}`, name: role, roles: [role], agency, region, personCode: role === 'officer' ? OWN.person : null, password: 'Matrix-Pass-1', mustChangePassword: false });
    userIds.set(role, user.id);
  }
  const { user: other } = await createUser(db, { username: 'm-other-admin', name: 'other', roles: ['agency-admin'], agency: OTHER.agency, password: 'Matrix-Pass-1', mustChangePassword: false });
  targetUser = other.id;
  const b = async (by: string) => Number((await db.query<{ id: unknown }>(`INSERT INTO import_batches (file, sha256, by_user, status) VALUES ('f.jsonl', 'x', $1, 'committed') RETURNING id`, [by])).rows[0]!.id);
  batches = { own: await b('m-agency-admin'), other: await b('m-other-admin') };
  const w = async (s: typeof OWN) => Number((await db.query<{ id: unknown }>(`INSERT INTO warnings (region_code, agency_id, case_id, rule, status, due_on, code, as_of)
    VALUES ($1, $2, $3, 'cn.apl.61.service', 'violated', '2026-01-20', 'deadline.late', '2026-02-01') RETURNING id`, [s.region, s.agency, s.caseId])).rows[0]!.id);
  warnings = { own: await w(OWN), other: await w(OTHER) };
  // an accountability matter on each side's case, naming its officer as the handler
  const m = async (s: typeof OWN) => {
    const id = Number((await db.query<{ id: unknown }>(`INSERT INTO matters (region_code, agency_id, number, title, source, category, subtype, step, step_since, process, opened_by, opened_on)
      VALUES ($1, $2, $3, '送达超期', 'warning', 'procedural', 'service', 'filed', '2026-02-02', '{"step":"filed","since":"2026-02-02"}', 'm-supervisor', '2026-02-02') RETURNING id`, [s.region, s.agency, `追责〔2026〕${s.agency}号`])).rows[0]!.id);
    await db.query(`INSERT INTO matter_cases (matter_id, region_code, agency_id, case_id) VALUES ($1, $2, $3, $4)`, [id, s.region, s.agency, s.caseId]);
    await db.query(`INSERT INTO matter_people (matter_id, region_code, agency_id, person_code, chain_role) VALUES ($1, $2, $3, $4, 'handler')`, [id, s.region, s.agency, s.person]);
    return id;
  };
  matters = { own: await m(OWN), other: await m(OTHER) };
}

before(async () => {
  t = await createTestDb();
  await seed(t.db);
  table = await loadRoutes();
});
after(async () => { await t.cleanup(); });

interface Mismatch { route: string; role: string; side: string; expected: number[]; actual: number; body: string }

const fixture = (side: 'own' | 'other', n: number): ProbeFixture => {
  const s = side === 'own' ? OWN : OTHER;
  return { side, agency: s.agency, region: s.region, caseId: s.caseId, batchId: side === 'own' ? batches.own : batches.other, warningId: side === 'own' ? warnings.own : warnings.other, matterId: side === 'own' ? matters.own : matters.other, person: s.person, userId: targetUser, unique: `${side}${n}` };
};

/** Run the matrix of `expectedTable` against `app`; restrict to routes whose key is in `only`. */
async function runMatrix(app: FastifyInstance, expectedTable: RouteDef[], only?: Set<string>): Promise<{ mismatches: Mismatch[]; calls: number }> {
  const mismatches: Mismatch[] = [];
  let calls = 0;
  let n = 0;
  for (const def of expectedTable) {
    const key = `${def.method} ${def.url}`;
    if (only && !only.has(key)) continue;
    const scopedTarget = def.probe.scopedTarget ?? (def.url.includes(':') && def.policy.scope !== 'none');
    for (const role of [null, ...ROLES] as (Role | null)[]) {
      for (const side of ['own', 'other'] as const) {
        const f = fixture(side, n++);
        const headers: Record<string, string> = { ...(def.probe.headers ?? {}) };
        if (role) {
          const { token, session } = await openSession(t.db, userIds.get(role)!);
          headers.cookie = `${SESSION_COOKIE}=${token}`;
          headers['x-csrf-token'] = session.csrfToken;
        }
        const body = def.probe.payload ? def.probe.payload(f) : def.probe.body ? def.probe.body(f) : def.method === 'GET' ? undefined : {};
        const res = await app.inject({ method: def.method, url: API_PREFIX + (def.probe.path ? def.probe.path(f) : def.url), headers, ...(body !== undefined ? { payload: body as string } : {}) });
        calls++;
        let expected: number[];
        if (def.policy.allow === 'public') expected = def.probe.ok ?? [200];
        else if (!role) expected = [401];
        else if (!allows(def.policy, role)) expected = [403];
        // the file reviewer reaches only assigned sample files, and none is assigned here
        else if (scopedTarget && (side === 'other' || role === 'file-reviewer')) expected = [404];
        else expected = def.probe.ok ?? [200];
        if (!expected.includes(res.statusCode)) mismatches.push({ route: key, role: role ?? 'anonymous', side, expected, actual: res.statusCode, body: res.body.slice(0, 200) });
        else if (res.statusCode < 300 && def.policy.scope !== 'none' && res.body.includes('OTHER')) {
          mismatches.push({ route: key, role: role ?? 'anonymous', side, expected, actual: res.statusCode, body: 'LEAK: ' + res.body.slice(0, 200) });
        }
      }
    }
  }
  return { mismatches, calls };
}

test('every route declares a policy and a probe', () => {
  assert.ok(table.length >= 20);
  for (const r of table) {
    assert.ok(r.policy && r.probe, `${r.method} ${r.url}`);
    assert.ok(r.policy.allow === 'public' || r.policy.allow === 'signed-in' || r.policy.allow.length > 0);
  }
});

test('access matrix: routes × roles × own/other scope', async () => {
  const app = await buildServer({ db: t.db, config: testConfig(), security: { loginRateLimit: 100000, publicRateLimit: 100000 }, services: fakeServices });
  await app.ready();
  try {
    // every API route Fastify knows is in the table (nothing registered around it)
    const registered = new Set(table.map((r) => `${r.method} ${API_PREFIX}${r.url}`));
    const { mismatches, calls } = await runMatrix(app, table);
    assert.deepEqual(mismatches, []);
    assert.equal(calls, table.length * (ROLES.length + 1) * 2);
    assert.ok(registered.size === table.length);
  } finally {
    await app.close();
  }
});

test('the matrix fails when a policy line is weakened (mutated copy of the table)', async () => {
  const mutate = (key: string, change: (r: RouteDef) => RouteDef) => table.map((r) => (`${r.method} ${r.url}` === key ? change(r) : r));
  const cases = [
    ['GET /cases/:agency/:id', (r: RouteDef) => ({ ...r, policy: { ...r.policy, scope: 'none' as const } })], // scope removed
    ['GET /users', (r: RouteDef) => ({ ...r, policy: { ...r.policy, allow: [...(r.policy.allow as Role[]), 'supervisor' as Role] } })], // role added
    ['GET /audit', (r: RouteDef) => ({ ...r, policy: { ...r.policy, allow: 'signed-in' as const } })], // allow-list removed
    ['GET /cases', (r: RouteDef) => ({ ...r, policy: { ...r.policy, scope: 'none' as const } })], // list scope removed → leak
  ] as const;
  for (const [key, change] of cases) {
    const app = await buildServer({ db: t.db, config: testConfig(), routes: mutate(key, change), services: fakeServices });
    await app.ready();
    try {
      const { mismatches } = await runMatrix(app, table, new Set([key]));
      assert.ok(mismatches.length > 0, `weakening ${key} went unnoticed`);
    } finally {
      await app.close();
    }
  }
});

test('a route without a policy cannot be registered', async () => {
  const broken = table.map((r, i) => (i === 0 ? ({ ...r, policy: undefined } as unknown as RouteDef) : r));
  await assert.rejects(async () => { const app = await buildServer({ db: t.db, config: testConfig(), routes: broken }); await app.ready(); }, /declares no policy/);
});
