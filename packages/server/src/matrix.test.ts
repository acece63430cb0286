/**
 * The access matrix, written by hand: every route × every principal (anonymous, each of the nine roles, and a
 * supervisor of another region) × a target in the principals' own scope and one in another department's, with the
 * status each must get. The expectations are data typed from the role table of DESIGN.md, not derived from the
 * routes' policies, so a route that grants too much fails here. The live server (listening, over HTTP) is tested.
 *
 * Principals: every role is in the OWN scope — agency AG-OWN in district 330102 (the region roles are of 330102),
 * the officer is P-OWN, who handles CASE-OWN — except FAR, a supervisor of 330200 (another city). The OTHER target
 * is agency AG-OTHER in district 330103 (same city, another district: outside the 330102 supervisor's region).
 *
 * Tokens: a status; `200+` 200 and the body shows own-scope rows (it contains "OWN"); `200-` 200 and the body shows
 * no business rows (neither "OWN" nor "OTHER"). For a scoped route, no 2xx body may contain "OTHER" (a leak).
 * Why a cell is what it is:
 * - anonymous: 401 everywhere but sign-in;
 * - a role the design does not give the resource: 403 (三员分立: admin roles see no business data);
 * - a target outside the caller's scope: 404 (indistinguishable from a missing id);
 * - the file reviewer reaches only assigned sample files, and none is assigned here: empty lists, 404 targets;
 * - FAR is a supervisor, but of 330200: nothing of 330102/330103 is his (404 / empty), his own region's drafts are.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Db } from '@kaohe/store';
import { buildServer, API_PREFIX } from './server.ts';
import { createTestDb, testConfig, type TestDb } from './testing.ts';
import { createUser, openSession } from './identity.ts';
import { ROLES, type Role } from './policy.ts';
import { loadRoutes, type ProbeFixture, type RouteDef } from './route.ts';
import { SESSION_COOKIE } from './cookies.ts';
import { DEFAULT_BACKOFF } from './throttle.ts';

const OWN = { agency: 'AG-OWN', region: '330102', caseId: 'CASE-OWN', person: 'P-OWN' };
const OTHER = { agency: 'AG-OTHER', region: '330103', caseId: 'CASE-OTHER', person: 'P-OTHER' };
const FAR_REGION = '330200';

/** The columns of every row, in this order. */
const PRINCIPALS = ['anonymous', 'supervisor', 'agency-admin', 'legal-reviewer', 'officer', 'file-reviewer', 'evaluator', 'sysadmin', 'secadmin', 'auditor', 'far-supervisor'] as const;
type Principal = (typeof PRINCIPALS)[number];

// Row shorthands. Columns: anon  sup  admin legal officer filerev eval sysadm secadm auditor far
/** any signed-in user */
const SIGNED_IN = '401 200 200 200 200 200 200 200 200 200 200';
/** the security administrator's account routes */
const SECADMIN = '401 403 403 403 403 403 403 403 200 403 403';
const AUDITOR = '401 403 403 403 403 403 403 403 403 200 403';
/** a business read of a region- or agency-scoped target of the own scope, open to every business role */
const READ_OWN = '401 200 200 200 200 404 200 403 403 403 404';
/** … and the same of another department's target: not found for all */
const READ_OTHER = '401 404 404 404 404 404 404 403 403 403 404';
/** a supervisor's write on a target of his region */
const SUP_OWN = '401 200 403 403 403 403 403 403 403 403 404';
const SUP_OTHER = '401 404 403 403 403 403 403 403 403 403 404';
/** a registry write of the supervisor (his region) and the department's admin (its agency) */
const REG_OWN = '401 200 200 403 403 403 403 403 403 403 404';
const REG_OTHER = '401 404 404 403 403 403 403 403 403 403 404';
/** a scoped list every business role may read; the file reviewer's and FAR's are empty */
const LIST_BUSINESS = '401 200+ 200+ 200+ 200+ 200- 200+ 403 403 403 200-';

/** a matter: read by the supervisor of its region, its department's admin and the officer it names */
const MATTER_READ = '401 200 200 403 200 403 403 403 403 403 404';
const MATTER_READ_OTHER = '401 404 404 403 404 403 403 403 403 403 404';
/** a step only the officer concerned takes (陈述申辩, 申诉) */
const OFFICER_STEP = '401 403 403 403 200 403 403 403 403 403 403';
const OFFICER_STEP_OTHER = '401 403 403 403 404 403 403 403 403 403 403';
/** a supervisor's target that does not exist / a file reviewer's unassigned file */
const SUP_MISSING = '401 404 403 403 403 403 403 403 403 403 404';
const REVIEWER_MISSING = '401 403 403 403 403 404 403 403 403 403 403';

interface Row { own: string; other?: string }

/** route → expected tokens for the OWN target and (when it differs) the OTHER target */
const EXPECTED: Record<string, Row> = {
  'GET /agencies': { own: LIST_BUSINESS },
  'POST /agencies': { own: SUP_OWN, other: SUP_OTHER },
  'PATCH /agencies/:code': { own: SUP_OWN, other: SUP_OTHER },

  // a supervisor runs and publishes an assessment of his region (own side: 330102, other side: 330103)
  'POST /assessments': { own: SUP_OWN, other: SUP_OTHER },
  // published runs: every business role lists them (scoped to its own lines)
  'GET /assessments': { own: '401 200 200 200 200 200 200 403 403 403 200' },
  // the latest run of 330102 (published just above) contains AG-OWN's line; none of 330103 was published
  'GET /assessments/:id': { own: READ_OWN, other: READ_OTHER },
  'GET /assessments/preview/indicators/:agency/:code': { own: READ_OWN, other: READ_OTHER },
  'GET /assessments/:id/indicators/:agency/:code': { own: READ_OWN, other: READ_OTHER },

  'GET /audit': { own: AUDITOR },
  'GET /audit/verify': { own: AUDITOR },

  // a wrong sign-in answers 401 to anyone (the back-off is tested in auth; it is widened here)
  'POST /auth/login': { own: '401 401 401 401 401 401 401 401 401 401 401' },
  'POST /auth/logout': { own: SIGNED_IN },
  'GET /auth/me': { own: SIGNED_IN },
  // wrong current password; wrong password for a second-factor change; no pending enrolment; nothing to remove
  'POST /auth/password': { own: '401 400 400 400 400 400 400 400 400 400 400' },
  'POST /auth/totp/setup': { own: '401 400 400 400 400 400 400 400 400 400 400' },
  'POST /auth/totp/enable': { own: '401 400 400 400 400 400 400 400 400 400 400' },
  'POST /auth/totp/disable': { own: '401 400 400 400 400 400 400 400 400 400 400' },

  // holiday schedules are national data: read by all, loaded by a supervisor or the system administrator
  'GET /calendars': { own: SIGNED_IN },
  'POST /calendars': { own: '401 200 403 403 403 403 403 200 403 403 200' },

  'GET /cases': { own: LIST_BUSINESS },
  'GET /cases/:agency/:id': { own: READ_OWN, other: READ_OTHER },
  // only the supervision body may reveal a party, and only in its region
  'POST /cases/:agency/:id/reveal': { own: SUP_OWN, other: SUP_OTHER },

  // a department pushes its own cases' events
  'POST /events': { own: '401 403 200 403 403 403 403 403 403 403 403', other: '401 403 404 403 403 403 403 403 403 403 403' },

  // uploads: the department's admin and the supervision body (the rows' scope is checked by the import itself)
  'POST /imports': { own: '401 202 202 403 403 403 403 403 403 403 202' },
  'GET /imports/jobs/:id/events': { own: '401 404 404 403 403 403 403 403 403 403 404' },
  // batch OWN.jsonl by AG-OWN's admin, OTHER.jsonl by AG-OTHER's
  'GET /imports': { own: '401 200+ 200+ 403 403 403 403 403 403 403 200-' },
  'GET /imports/:id': { own: REG_OWN, other: REG_OTHER },

  // indicator sets are definitions, read by every business role
  'GET /indicator-sets': { own: '401 200 200 200 200 200 200 403 403 403 200' },
  'GET /indicator-sets/:version': { own: '401 200 200 200 200 200 200 403 403 403 200' },
  // drafts: a supervisor's own region's (FAR drafts for 330200 and reaches those); another region's: 404
  'POST /indicator-sets/drafts': { own: '401 200 403 403 403 403 403 403 403 403 200' },
  'GET /indicator-sets/drafts/:id': { own: '401 200 403 403 403 403 403 403 403 403 200', other: SUP_OTHER },
  'PATCH /indicator-sets/drafts/:id': { own: '401 200 403 403 403 403 403 403 403 403 200', other: SUP_OTHER },
  'POST /indicator-sets/drafts/:id/preview': { own: '401 200 403 403 403 403 403 403 403 403 200', other: SUP_OTHER },
  // the draft's figures of AG-OWN: in the supervisor's draft region; not in FAR's (330200)
  'GET /indicator-sets/drafts/:id/indicators/:agency/:code': { own: SUP_OWN, other: SUP_OTHER },
  // FAR's draft is for the same coming quarter, whose version number the 330102 supervisor has just taken: 400
  'POST /indicator-sets/drafts/:id/publish': { own: '401 200 403 403 403 403 403 403 403 403 400', other: SUP_OTHER },
  // each supervisor made two drafts (one per side) and published one: the other is deleted
  'DELETE /indicator-sets/drafts/:id': { own: '401 200 403 403 403 403 403 403 403 403 200', other: SUP_OTHER },

  // the enforcement-item catalogue is the province's, read by every business role, kept by the supervision body
  'GET /items': { own: '401 200 200 200 200 200 200 403 403 403 200' },
  // (the probe's item code is one per side: FAR's second registration of it is refused as a duplicate, 400)
  'POST /items': { own: '401 200 403 403 403 403 403 403 403 403 400' },
  'PATCH /items/:code': { own: '401 200 403 403 403 403 403 403 403 403 200' },

  // officers' records: supervision, the department's admin and evaluators (names masked) — not the officer
  // roles, the reviewers or the admin roles
  'GET /people': { own: '401 200+ 200+ 403 403 403 200+ 403 403 403 200-' },
  'POST /people': { own: REG_OWN, other: REG_OTHER },
  'PATCH /people/:code': { own: REG_OWN, other: REG_OTHER },

  'GET /reviews/legal': { own: '401 200 200 200 403 403 403 403 403 403 200' },
  'GET /rules': { own: SIGNED_IN },
  // counts of the caller's scope; the system administrator's are global (no rows)
  'GET /status': { own: '401 200 200 403 403 403 403 200 403 403 200' },
  'GET /templates/:kind.:format': { own: SIGNED_IN },

  'GET /users': { own: SECADMIN },
  'POST /users': { own: SECADMIN },
  'PATCH /users/:id': { own: SECADMIN },
  'POST /users/:id/unlock': { own: SECADMIN },
  'POST /users/:id/reset-password': { own: SECADMIN },
  'POST /users/:id/totp/reset': { own: SECADMIN },

  // accountability matters: the region's supervisor drives them; the department's admin reads its own; an officer
  // reads only matters naming him (P-OWN is the handler of the OWN matter only); nobody else sees them
  'GET /matters': { own: '401 200+ 200+ 403 200+ 403 403 403 403 403 200-' },
  'GET /matters/:id': { own: MATTER_READ, other: MATTER_READ_OTHER },
  'POST /matters': { own: SUP_OWN, other: SUP_OTHER },
  'GET /matters/:id/attachments/:attachment': { own: '401 404 404 403 404 403 403 403 403 403 404', other: MATTER_READ_OTHER },
  'GET /matters/:id/documents/:kind': { own: MATTER_READ, other: MATTER_READ_OTHER },
  // the steps, called in the machine's order on the OWN matter (filed → investigating → notified → answered …):
  // the supervisor's own-side call moves it on, the officer answers as the one concerned; a step whose turn has not
  // come is 409 (order refused), a role the step is not for is 403, a matter outside one's scope is 404
  'POST /matters/:id/investigate': { own: SUP_OWN, other: SUP_OTHER },
  'POST /matters/:id/notify': { own: SUP_OWN, other: SUP_OTHER },
  'POST /matters/:id/answer': { own: OFFICER_STEP, other: OFFICER_STEP_OTHER },
  'POST /matters/:id/assess': { own: SUP_OWN, other: SUP_OTHER },
  'POST /matters/:id/decide': { own: SUP_OWN, other: SUP_OTHER },
  'POST /matters/:id/serve': { own: SUP_OWN, other: SUP_OTHER },
  'POST /matters/:id/appeal': { own: OFFICER_STEP, other: OFFICER_STEP_OTHER },
  'POST /matters/:id/decide-appeal': { own: SUP_OWN, other: SUP_OTHER },
  // the upheld appeal (decide-appeal, just before) already put the decision into execution: executing again is 409
  'POST /matters/:id/execute': { own: '401 409 403 403 403 403 403 403 403 403 404', other: SUP_OTHER },
  'POST /matters/:id/close': { own: SUP_OWN, other: SUP_OTHER },

  // case-file review: campaigns are the supervisor's (his region; none exists yet, so lists are empty and a missing
  // campaign is 404); a file reviewer reaches only files assigned to him (none here: empty list, 404)
  'GET /reviews/campaigns': { own: '401 200- 403 403 403 403 403 403 403 403 200-' },
  'POST /reviews/campaigns': { own: '401 200 403 403 403 403 403 403 403 403 200' },
  'GET /reviews/campaigns/:id': { own: SUP_MISSING },
  'GET /reviews/campaigns/:id/checks': { own: SUP_MISSING },
  'POST /reviews/campaigns/:id/checks': { own: SUP_MISSING },
  'GET /reviews/my': { own: '401 403 403 403 403 200- 403 403 403 403 403' },
  'GET /reviews/assignments/:id': { own: REVIEWER_MISSING },
  'POST /reviews/assignments/:id/score': { own: REVIEWER_MISSING },

  'GET /warnings': { own: LIST_BUSINESS },
  'GET /warnings/:id': { own: READ_OWN, other: READ_OTHER },
  // the department answers (its admin first; the legal reviewer then finds it answered: 409)
  'POST /warnings/:id/answer': { own: '401 403 200 409 403 403 403 403 403 403 403', other: '401 403 404 404 403 403 403 403 403 403 403' },
  // the supervisor decides on the answer; FAR's region does not hold it
  'POST /warnings/:id/decide': { own: SUP_OWN, other: SUP_OTHER },
};

let t: TestDb;
let table: RouteDef[];
const userIds = new Map<Principal, number>();
let batches: { own: number; other: number };
let warnings: { own: number; other: number };
let matters: { own: number; other: number };
let targetUser: number;
const fakeServices = { importFiles: async () => ({ batchId: 0, status: 'committed', counts: {}, errorCount: 0 }), writeTemplate: async () => Buffer.from('a,b\n') };
/** the sign-in back-off would turn the 11 wrong sign-ins into 429s: widened here, tested in routes/auth */
const SECURITY = { loginRateLimit: 100000, publicRateLimit: 100000, loginBackoff: { ...DEFAULT_BACKOFF, pairFree: 1000, addressFree: 1000, accountFree: 1000 } };

async function seed(db: Db): Promise<void> {
  for (const s of [OWN, OTHER]) {
    await db.query(`INSERT INTO agencies (code, name, region_code, domain, level, content_hash) VALUES ($1, $2, $3, 'market', 'county', 'h')`, [s.agency, `${s.agency} 市场监管局`, s.region]);
    await db.query(`INSERT INTO people (code, name, agency_id, region_code, posts, content_hash) VALUES ($1, '张三丰', $2, $3, '{handler}', 'h')`, [s.person, s.agency, s.region]);
    await db.query(`INSERT INTO cases (region_code, agency_id, case_id, domain, procedure, party, staff, staff_codes, opened_on, content_hash)
      VALUES ($1, $2, $3, 'market', 'general', $4, $5, $6, '2026-01-05', 'h')`, [s.region, s.agency, s.caseId, JSON.stringify({ type: 'person', name: '李四', address: '浙江省杭州市西湖区文三路 1 号' }), JSON.stringify({ handlers: [s.person] }), [s.person]]);
    await db.query(`INSERT INTO events (region_code, agency_id, case_id, event_id, type, at, local_date) VALUES ($1, $2, $3, 'e1', 'case.opened', '2026-01-05T09:00:00+08:00', '2026-01-05')`, [s.region, s.agency, s.caseId]);
  }
  for (const p of PRINCIPALS) {
    if (p === 'anonymous') continue;
    const role: Role = p === 'far-supervisor' ? 'supervisor' : p;
    const region = p === 'far-supervisor' ? FAR_REGION : ['supervisor', 'evaluator', 'file-reviewer'].includes(role) ? OWN.region : null;
    const agency = ['agency-admin', 'legal-reviewer', 'officer'].includes(role) ? OWN.agency : null;
    const { user } = await createUser(db, { username: `m-${p}`, name: p, roles: [role], agency, region, personCode: role === 'officer' ? OWN.person : null, password: 'Matrix-Pass-1', mustChangePassword: false });
    userIds.set(p, user.id);
  }
  const { user: other } = await createUser(db, { username: 'm-other-admin', name: 'other', roles: ['agency-admin'], agency: OTHER.agency, password: 'Matrix-Pass-1', mustChangePassword: false });
  targetUser = other.id;
  const b = async (file: string, by: string) => Number((await db.query<{ id: unknown }>(`INSERT INTO import_batches (file, sha256, by_user, status) VALUES ($1, 'x', $2, 'committed') RETURNING id`, [file, by])).rows[0]!.id);
  batches = { own: await b('OWN.jsonl', 'm-agency-admin'), other: await b('OTHER.jsonl', 'm-other-admin') };
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

interface Mismatch { route: string; who: string; side: string; expected: string; actual: number; body: string }

const fixture = (side: 'own' | 'other', n: number): ProbeFixture => {
  const s = side === 'own' ? OWN : OTHER;
  return { side, agency: s.agency, region: s.region, caseId: s.caseId, batchId: side === 'own' ? batches.own : batches.other, warningId: side === 'own' ? warnings.own : warnings.other, matterId: side === 'own' ? matters.own : matters.other, person: s.person, userId: targetUser, unique: `${side}${n}` };
};

const tokens = (row: string): string[] => row.trim().split(/\s+/);

/** Whether an answer meets a token of the table. */
function meets(token: string, status: number, body: string, scoped: boolean): string | null {
  const code = Number(token.replace(/[+-]$/, ''));
  if (status !== code) return `status ${status}`;
  if (status >= 200 && status < 300 && scoped && body.includes('OTHER')) return 'LEAK: another department\'s rows';
  if (token.endsWith('+') && !body.includes('OWN')) return 'own-scope rows missing';
  if (token.endsWith('-') && body.includes('OWN')) return 'rows shown that are not the caller\'s';
  return null;
}

/**
 * Call every route of `defs` as every principal, on both targets, over HTTP at `base`, and compare with EXPECTED.
 * The route definitions tell only how to call a route (its probe: path, body); never what to expect.
 */
async function runMatrix(base: string, defs: RouteDef[], only?: Set<string>): Promise<{ mismatches: Mismatch[]; calls: number }> {
  const mismatches: Mismatch[] = [];
  let calls = 0;
  let n = 0;
  const sessions = new Map<Principal, { cookie: string; csrf: string }>();
  for (const def of defs) {
    const key = `${def.method} ${def.url}`;
    if (only && !only.has(key)) continue;
    const row = EXPECTED[key];
    if (!row) { mismatches.push({ route: key, who: '-', side: '-', expected: 'a row in EXPECTED', actual: 0, body: '' }); continue; }
    for (const side of ['own', 'other'] as const) {
      const expected = tokens(side === 'own' ? row.own : (row.other ?? row.own));
      assert.equal(expected.length, PRINCIPALS.length, `${key} ${side}: ${PRINCIPALS.length} columns`);
      for (const [i, who] of PRINCIPALS.entries()) {
        const f = fixture(side, n++);
        const headers: Record<string, string> = { ...(def.probe.headers ?? {}) };
        if (who !== 'anonymous') {
          // a fresh session per call: a sign-out or a reset ends the one before
          const { token, session } = await openSession(t.db, userIds.get(who)!);
          sessions.set(who, { cookie: `${SESSION_COOKIE}=${token}`, csrf: session.csrfToken });
          headers.cookie = sessions.get(who)!.cookie;
          headers['x-csrf-token'] = sessions.get(who)!.csrf;
        }
        let payload: string | Blob | undefined;
        if (def.probe.payload) { const p = def.probe.payload(f); payload = typeof p === 'string' ? p : new Blob([new Uint8Array(p)]); }
        else if (def.probe.body) { payload = JSON.stringify(def.probe.body(f)); headers['content-type'] = 'application/json'; }
        else if (def.method !== 'GET' && def.method !== 'DELETE') { payload = '{}'; headers['content-type'] = 'application/json'; }
        const res = await fetch(base + API_PREFIX + (def.probe.path ? def.probe.path(f) : def.url), { method: def.method, headers, ...(payload !== undefined ? { body: payload } : {}) });
        const body = await res.text();
        calls++;
        const why = meets(expected[i]!, res.status, body, def.policy.scope !== 'none');
        if (why) mismatches.push({ route: key, who, side, expected: `${expected[i]} (${why})`, actual: res.status, body: body.slice(0, 160) });
      }
    }
  }
  return { mismatches, calls };
}

async function live(routes?: RouteDef[]): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildServer({ db: t.db, config: testConfig(), security: SECURITY, services: fakeServices, ...(routes ? { routes } : {}) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

test('the table has a row for every route and no row without a route', () => {
  const keys = new Set(table.map((r) => `${r.method} ${r.url}`));
  assert.deepEqual([...keys].filter((k) => !EXPECTED[k]), [], 'routes without an expected row');
  assert.deepEqual(Object.keys(EXPECTED).filter((k) => !keys.has(k)), [], 'rows of no route');
  assert.equal(PRINCIPALS.length, ROLES.length + 2);
});

test('access matrix: every route × every principal × own/other target, against the live server', async () => {
  const { app, base } = await live();
  try {
    const { mismatches, calls } = await runMatrix(base, table);
    assert.deepEqual(mismatches, []);
    assert.equal(calls, table.length * PRINCIPALS.length * 2);
  } finally {
    await app.close();
  }
});

test('the table catches a weakened policy (a mutated copy of the route table)', async () => {
  const mutate = (key: string, change: (r: RouteDef) => RouteDef) => table.map((r) => (`${r.method} ${r.url}` === key ? change(r) : r));
  const cases = [
    ['GET /cases/:agency/:id', (r: RouteDef) => ({ ...r, policy: { ...r.policy, scope: 'none' as const } })], // scope removed
    ['GET /users', (r: RouteDef) => ({ ...r, policy: { ...r.policy, allow: [...(r.policy.allow as Role[]), 'supervisor' as Role] } })], // role added
    ['GET /audit', (r: RouteDef) => ({ ...r, policy: { ...r.policy, allow: 'signed-in' as const } })], // allow-list removed
    ['GET /cases', (r: RouteDef) => ({ ...r, policy: { ...r.policy, scope: 'none' as const } })], // list scope removed → leak
    ['GET /people', (r: RouteDef) => ({ ...r, policy: { ...r.policy, allow: [...(r.policy.allow as Role[]), 'officer' as Role] } })], // officer reads colleagues
  ] as const;
  for (const [key, change] of cases) {
    const { app, base } = await live(mutate(key, change));
    try {
      const { mismatches } = await runMatrix(base, table, new Set([key]));
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
