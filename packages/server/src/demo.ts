/**
 * Demo accounts for `npm start` (never for production: `kaohe serve --demo` refuses NODE_ENV=production).
 * One account per role, scoped to the demo province's city market-regulation bureau or its region.
 */
import type { Db } from '@kaohe/store';
import { createUser } from './identity.ts';
import type { Role } from './policy.ts';

export const DEMO_PASSWORD = 'Kaohe@2026';

export interface DemoAccount {
  username: string;
  name: string;
  role: Role;
  scope: string;
}

/** Creates the demo accounts that do not exist yet; returns all of them for printing. */
export async function seedDemoAccounts(db: Db): Promise<DemoAccount[]> {
  // the market-regulation bureau with the most open warnings: its to-do list is what a demo should show
  const ag = (await db.query<{ code: string; name: string; region_code: string }>(
    `SELECT a.code, a.name, a.region_code FROM agencies a
      ORDER BY a.domain = 'market' DESC,
               (SELECT count(*) FROM warnings w WHERE w.agency_id = a.code AND w.state = 'open') DESC, a.code
      LIMIT 1`,
  )).rows[0];
  if (!ag) throw new Error('no agency in the database: load the demo province first');
  const region = ag.region_code.slice(0, 4) + '00';
  const officer = (await db.query<{ code: string; name: string }>(
    `SELECT p.code, p.name FROM people p WHERE p.agency_id = $1 AND 'handler' = ANY(p.posts)
      ORDER BY (SELECT count(*) FROM cases c WHERE p.code = ANY(c.staff_codes)) DESC, p.code LIMIT 1`, [ag.code],
  )).rows[0];
  const plan: (DemoAccount & { agency?: string; region?: string; personCode?: string })[] = [
    { username: 'supervisor', name: '司法局执法监督科 王监督', role: 'supervisor', scope: region, region },
    { username: 'scjg-admin', name: `${ag.name} 法制科 李管理`, role: 'agency-admin', scope: ag.code, agency: ag.code },
    { username: 'scjg-review', name: `${ag.name} 法制审核 赵审核`, role: 'legal-reviewer', scope: ag.code, agency: ag.code },
    ...(officer ? [{ username: 'officer', name: officer.name, role: 'officer' as Role, scope: `${ag.code} ${officer.code}`, agency: ag.code, personCode: officer.code }] : []),
    { username: 'file-reviewer', name: '评查员 孙评查', role: 'file-reviewer', scope: region, region },
    { username: 'evaluator', name: '人大代表 周评议', role: 'evaluator', scope: region, region },
    { username: 'sysadmin', name: '系统管理员', role: 'sysadmin', scope: '—' },
    { username: 'secadmin', name: '安全管理员', role: 'secadmin', scope: '—' },
    { username: 'auditor', name: '审计管理员', role: 'auditor', scope: '—' },
  ];
  const have = new Set((await db.query<{ username: string }>('SELECT username FROM users')).rows.map((r) => r.username));
  for (const a of plan) {
    if (have.has(a.username)) continue;
    await createUser(db, {
      username: a.username, name: a.name, roles: [a.role], agency: a.agency ?? null, region: a.region ?? null,
      personCode: a.personCode ?? null, password: DEMO_PASSWORD, mustChangePassword: false,
    });
  }
  return plan.map(({ username, name, role, scope }) => ({ username, name, role, scope }));
}
