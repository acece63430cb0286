/**
 * HTTP load on loopback (autocannon): the warning list and a case page of the demo province, signed in as the
 * supervisor; then the case page again while assessment runs go on back to back on the same database — PGlite's
 * work is off the main thread, so the case page's p99 must stay low. Then the reads again with 200 connections at
 * once (BENCH_API_CONCURRENCY): what serialises requests shows there. Prints JSON per scenario { name, rps, p50, p99, errors }.
 *   node --import tsx scripts/bench/api.ts [demoCases=3000] [seconds=10]
 */
import autocannon from 'autocannon';
import * as app from '@kaohe/app';
import { createTestDb, TEST_CIPHER } from '@kaohe/store/testing';
import { buildServer, DEMO_PASSWORD, seedDemoAccounts } from '@kaohe/server';
import { reportPeak } from './common.ts';

const cases = Number(process.argv[2] ?? 3000);
const seconds = Number(process.argv[3] ?? 10);
const t = await createTestDb();
const config = app.loadConfig({ ...process.env, DATABASE_URL: undefined }, { dbDir: t.location.dbDir || './unused' });
await app.seedDemo(t.db, { cipher: TEST_CIPHER, cases, until: '2026-11-26' });
await seedDemoAccounts(t.db);
const server = await buildServer({ db: t.db, config, security: { loginRateLimit: 1e9, publicRateLimit: 1e9 } });
const base = await server.listen({ host: '127.0.0.1', port: 0 });
const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD }) });
const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
const one = (await t.db.query<{ agency_id: string; case_id: string }>('SELECT agency_id, case_id FROM warnings ORDER BY id LIMIT 1')).rows[0]!;
const casePath = `/api/v1/cases/${encodeURIComponent(one.agency_id)}/${encodeURIComponent(one.case_id)}`;

async function load(name: string, path: string, connections = 10) {
  const r = await autocannon({ url: base + path, headers: { cookie }, connections, duration: seconds });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}
const many = Number(process.env.BENCH_API_CONCURRENCY ?? 200);

const out = [];
out.push(await load('warnings list (page 1, 20 rows)', '/api/v1/warnings?pageSize=20'));
out.push(await load('case page', casePath));
out.push(await load(`warnings list, ${many} concurrent`, '/api/v1/warnings?pageSize=20', many));
out.push(await load(`case page, ${many} concurrent`, casePath, many));
out.push(await load(`case list, ${many} concurrent`, '/api/v1/cases?pageSize=20', many));
out.push(await load(`people list, ${many} concurrent`, '/api/v1/people?pageSize=20', many));
// the heavy job, running while the case page is loaded
const heavy = { name: 'assessment runs', run: () => app.runAssessment(t.db.background(), { period: '2026', asOf: '2026-11-26', scope: { region: '330100' } }) };
let jobs = 0;
let running = true;
const loop = (async () => { while (running) { await heavy.run(); jobs++; } })();
out.push({ ...(await load(`case page during ${heavy.name}`, casePath)), jobsCompleted: jobs });
running = false;
await loop;
process.stdout.write(JSON.stringify({ demoCases: cases, db: t.db.kind, scenarios: out }) + '\n');
await server.close();
await t.cleanup();
reportPeak();
