/** `kaohe user create|unlock|reset-password`: account bootstrap from the server console (audited as cli:<os user>). */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { openDbFromConfig } from '@kaohe/app';
import { ApiError, createUser, resetPassword, ROLES, unlockUser, type Role } from '@kaohe/server';
import { CliExit, EXIT_REJECTED, EXIT_USAGE } from '../exit.ts';
import { dbConfig } from './import.ts';

const actor = () => ({ username: `cli:${userInfo().username}` });

async function run<T>(db: string | undefined, fn: (d: Awaited<ReturnType<typeof openDbFromConfig>>) => Promise<T>): Promise<T> {
  const d = await openDbFromConfig(dbConfig(db));
  try {
    return await fn(d);
  } catch (e) {
    if (e instanceof ApiError) throw new CliExit(EXIT_REJECTED, `${e.message2.zh} | ${e.message2.en}${e.details ? ' ' + JSON.stringify(e.details) : ''}`);
    throw e;
  } finally {
    await d.close();
  }
}

async function userId(db: Awaited<ReturnType<typeof openDbFromConfig>>, username: string): Promise<number> {
  const r = await db.query<{ id: unknown }>('SELECT id FROM users WHERE lower(username) = lower($1)', [username]);
  if (!r.rows[0]) throw new CliExit(EXIT_REJECTED, `no user ${username}`);
  return Number(r.rows[0].id);
}

export function register(program: Command): void {
  const user = program.command('user').description('accounts 用户账户');
  const dbOpt = ['--db <dir|url>', 'PGlite data directory or postgres:// URL'] as const;
  user
    .command('create')
    .description('create an account; prints its initial password (must be changed at first sign-in) 新建账户')
    .argument('<username>')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')} (repeatable)`, (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--name <name>', 'display name')
    .option('--agency <code>', 'agency (department roles)')
    .option('--region <code>', 'region (supervisor, evaluator, file-reviewer)')
    .option('--person <code>', "officer's person code")
    .option('--expires <iso>', 'expiry (evaluator accounts)')
    .option(...dbOpt)
    .action(async (username: string, o: { role: string[]; name?: string; agency?: string; region?: string; person?: string; expires?: string; db?: string }) => {
      const bad = o.role.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length) throw new CliExit(EXIT_USAGE, `unknown role ${bad.join(', ')}; roles: ${ROLES.join(', ')}`);
      const r = await run(o.db, (db) => createUser(db, { username, name: o.name ?? username, roles: o.role as Role[], agency: o.agency, region: o.region, personCode: o.person, expiresAt: o.expires }, actor()));
      process.stdout.write(`created ${r.user.username} (${r.user.roles.join(', ')}); initial password 初始密码: ${r.initialPassword}\n`);
    });
  user
    .command('unlock')
    .argument('<username>')
    .option(...dbOpt)
    .action(async (username: string, o: { db?: string }) => {
      await run(o.db, async (db) => unlockUser(db, await userId(db, username), actor()));
      process.stdout.write(`unlocked ${username}\n`);
    });
  user
    .command('reset-password')
    .argument('<username>')
    .option(...dbOpt)
    .action(async (username: string, o: { db?: string }) => {
      const r = await run(o.db, async (db) => resetPassword(db, await userId(db, username), actor()));
      process.stdout.write(`new initial password for ${username} 新初始密码: ${r.initialPassword}\n`);
    });
}
