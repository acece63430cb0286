/**
 * Identity commands: users, passwords (argon2id, history, rotation), lockout, TOTP and server-side sessions.
 * Every change is audited in its own transaction; the HTTP routes and the CLI call these.
 */
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { authenticator } from 'otplib';
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@kaohe/store';
import { isoOf, num } from '@kaohe/store';
import { audit, auditNow } from '@kaohe/store';
import { hmacSm3, randomToken } from './crypto.ts';
import { sm3, type PersonalDataCipher } from '@kaohe/store';
import { ApiError } from './errors.ts';
import { checkRoleSet, isAdminRole, type Principal, type Role } from './policy.ts';
import { assertPasswordOk, DEFAULT_SECURITY, type SecurityPolicy } from './security.ts';
import type { LoginThrottle } from './throttle.ts';

const totp = authenticator.clone({ window: 1 });

/** Who is acting, for the audit log. */
export interface Actor {
  username: string;
  role?: string | null;
  ip?: string | null;
}
export const SYSTEM_ACTOR: Actor = { username: 'system' };

export interface UserView extends Principal {
  expiresAt: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  passwordChangedAt: string;
  lastLoginAt: string | null;
}

type UserRow = Record<string, unknown> & { id: unknown; username: string; display_name: string; roles: string[] | string; password_hash: string };

const isoOrNull = isoOf;
const pgArray = (v: string[] | string): string[] => (Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, '')));

export function userView(r: UserRow, now = new Date()): UserView {
  const locked = r.locked_until ? new Date(r.locked_until as string) > now : false;
  return {
    id: num(r.id), username: r.username, name: r.display_name, roles: pgArray(r.roles) as Role[],
    agency: (r.agency_id as string | null) ?? null, region: (r.region_code as string | null) ?? null,
    personCode: (r.person_code as string | null) ?? null, expiresAt: isoOrNull(r.expires_at), disabled: Boolean(r.disabled), locked,
    mustChangePassword: Boolean(r.must_change_password), totpEnabled: Boolean(r.totp_enabled),
    passwordChangedAt: isoOf(r.password_changed_at)!, lastLoginAt: isoOrNull(r.last_login_at),
  };
}

export function principalOf(r: UserRow): Principal {
  return {
    id: num(r.id), username: r.username, name: r.display_name, roles: pgArray(r.roles) as Role[],
    agency: (r.agency_id as string | null) ?? null, region: (r.region_code as string | null) ?? null, personCode: (r.person_code as string | null) ?? null,
  };
}

/** A random initial password meeting the policy (four classes, 16 characters). */
export function generatePassword(): string {
  const b = randomBytes(12).toString('base64url');
  return `Kh${b}9!`;
}

export function hashPassword(pw: string): Promise<string> {
  return argonHash(pw); // @node-rs/argon2 defaults: argon2id, m=19 MiB, t=2, p=1 (OWASP baseline)
}

export interface CreateUserInput {
  username: string;
  name: string;
  roles: Role[];
  agency?: string | null;
  region?: string | null;
  personCode?: string | null;
  expiresAt?: string | null;
  /** initial password; generated when absent */
  password?: string;
  /** defaults to true: an initial password must be changed at first sign-in */
  mustChangePassword?: boolean;
}

/**
 * Create an account (secadmin, CLI, demo seeding). Enforces the separation of duties and the password policy.
 * @returns the account and its initial password (shown once)
 */
export async function createUser(db: Db, input: CreateUserInput, actor: Actor = SYSTEM_ACTOR, policy: SecurityPolicy = DEFAULT_SECURITY): Promise<{ user: UserView; initialPassword: string }> {
  checkRoleSet({ roles: input.roles, agency: input.agency, region: input.region });
  const password = input.password ?? generatePassword();
  assertPasswordOk(password, policy, input.username);
  const ph = await hashPassword(password);
  return db.transaction(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [input.username]);
    if (exists.rows.length) throw new ApiError('users.username-taken', { username: input.username });
    const r = await tx.query<UserRow>(
      `INSERT INTO users (username, display_name, roles, agency_id, region_code, person_code, expires_at, password_hash, must_change_password)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *`,
      [input.username, input.name, input.roles, input.agency ?? null, input.region ?? null, input.personCode ?? null, input.expiresAt ?? null, ph, input.mustChangePassword ?? true],
    );
    const row = r.rows[0]!;
    await tx.query('INSERT INTO password_history (user_id, password_hash) VALUES ($1, $2)', [row.id, ph]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'users.create', target: `user:${input.username}`, detail: { roles: input.roles, agency: input.agency ?? null, region: input.region ?? null, expiresAt: input.expiresAt ?? null } });
    return { user: userView(row), initialPassword: password };
  });
}

export interface UserPatch {
  name?: string;
  roles?: Role[];
  agency?: string | null;
  region?: string | null;
  personCode?: string | null;
  expiresAt?: string | null;
  disabled?: boolean;
}

async function lockedUser(q: Queryable, id: number): Promise<UserRow> {
  const r = await q.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id]);
  if (!r.rows[0]) throw new ApiError('not-found', { user: id });
  return r.rows[0];
}

/** Change a user's name, roles, scope, expiry or status; role and scope changes end the user's sessions. */
export async function updateUser(db: Db, id: number, patch: UserPatch, actor: Actor): Promise<UserView> {
  return db.transaction(async (tx) => {
    const cur = await lockedUser(tx, id);
    if (cur.username === actor.username && (patch.roles || patch.disabled !== undefined)) throw new ApiError('users.self');
    const v = userView(cur);
    const next = {
      roles: patch.roles ?? v.roles,
      agency: patch.agency !== undefined ? patch.agency : v.agency,
      region: patch.region !== undefined ? patch.region : v.region,
    };
    checkRoleSet(next);
    const r = await tx.query<UserRow>(
      `UPDATE users SET display_name = $2, roles = $3, agency_id = $4, region_code = $5, person_code = $6, expires_at = $7, disabled = $8
       WHERE id = $1 RETURNING *`,
      [id, patch.name ?? v.name, next.roles, next.agency, next.region, patch.personCode !== undefined ? patch.personCode : v.personCode,
        patch.expiresAt !== undefined ? patch.expiresAt : v.expiresAt, patch.disabled ?? v.disabled],
    );
    const changedAccess = patch.roles || patch.agency !== undefined || patch.region !== undefined || patch.disabled;
    if (changedAccess) await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    await audit(tx, {
      actor: actor.username, role: actor.role, ip: actor.ip, action: patch.roles ? 'users.roles' : 'users.update', target: `user:${cur.username}`,
      detail: { before: { roles: v.roles, agency: v.agency, region: v.region, expiresAt: v.expiresAt, disabled: v.disabled }, after: patch },
    });
    return userView(r.rows[0]!);
  });
}

export async function unlockUser(db: Db, id: number, actor: Actor): Promise<UserView> {
  return db.transaction(async (tx) => {
    const cur = await lockedUser(tx, id);
    const r = await tx.query<UserRow>('UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = $1 RETURNING *', [id]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'users.unlock', target: `user:${cur.username}` });
    return userView(r.rows[0]!);
  });
}

/** Reset to a new initial password (must be changed at next sign-in); ends the user's sessions. */
export async function resetPassword(db: Db, id: number, actor: Actor, policy: SecurityPolicy = DEFAULT_SECURITY): Promise<{ initialPassword: string }> {
  const password = generatePassword();
  assertPasswordOk(password, policy);
  const ph = await hashPassword(password);
  return db.transaction(async (tx) => {
    const cur = await lockedUser(tx, id);
    await tx.query('UPDATE users SET password_hash = $2, must_change_password = true, password_changed_at = now(), failed_count = 0, locked_until = NULL WHERE id = $1', [id, ph]);
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'users.reset-password', target: `user:${cur.username}` });
    return { initialPassword: password };
  });
}

export interface UserListQuery {
  q?: string;
  role?: string;
  limit: number;
  offset: number;
  sort: 'username' | 'name' | 'createdAt';
  order: 'asc' | 'desc';
}

export async function listUsers(db: Queryable, q: UserListQuery): Promise<{ items: UserView[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.q) { params.push('%' + q.q.replace(/[%_\\]/g, '\\$&') + '%'); where.push(`(username ILIKE $${params.length} OR display_name ILIKE $${params.length})`); }
  if (q.role) { params.push(q.role); where.push(`$${params.length} = ANY(roles)`); }
  const w = where.length ? 'WHERE ' + where.join(' AND ') : '';
  const col = { username: 'username', name: 'display_name', createdAt: 'created_at' }[q.sort];
  const total = num((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM users ${w}`, params)).rows[0]?.n);
  const rows = await db.query<UserRow>(`SELECT * FROM users ${w} ORDER BY ${col} ${q.order === 'desc' ? 'DESC' : 'ASC'}, id LIMIT ${q.limit} OFFSET ${q.offset}`, params);
  return { items: rows.rows.map((r) => userView(r)), total };
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions

export interface SessionInfo {
  user: Principal;
  tokenHash: string;
  csrfToken: string;
  mustChangePassword: boolean;
  /** admin roles under a TOTP-required policy that have not enrolled yet */
  totpEnrolmentRequired: boolean;
  totpEnabled: boolean;
}

/** The CSRF token is bound to the session: HMAC-SM3 keyed by the session token, never stored. */
export function csrfFor(token: string): string {
  return hmacSm3(token, 'kaohe.csrf/v1');
}

function passwordExpired(r: UserRow, policy: SecurityPolicy, now: Date): boolean {
  return policy.passwordRotationDays > 0 && new Date(r.password_changed_at as string).getTime() + policy.passwordRotationDays * 86400_000 < now.getTime();
}

function sessionInfo(r: UserRow, token: string, policy: SecurityPolicy, now: Date): SessionInfo {
  const user = principalOf(r);
  return {
    user, tokenHash: sm3(token), csrfToken: csrfFor(token),
    mustChangePassword: Boolean(r.must_change_password) || passwordExpired(r, policy, now),
    totpEnabled: Boolean(r.totp_enabled),
    totpEnrolmentRequired: policy.totpForAdmins && user.roles.some(isAdminRole) && !r.totp_enabled,
  };
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  ip?: string | null;
  userAgent?: string | null;
}

const DUMMY_HASH = hashPassword('kaohe-dummy-password-Aa1!');

/**
 * Sign in: checks the back-off, the password, expiry and TOTP. A failed attempt (unknown name, wrong password or
 * code) is counted by the throttle per address and account and slows the next ones down; nothing locks an account
 * for everyone, and an unknown name answers exactly as a real one does (same error, same argon2 cost, same waits).
 * Every outcome is audited. Throws ApiError on failure.
 */
export async function login(db: Db, input: LoginInput, opts: { policy: SecurityPolicy; cipher: PersonalDataCipher; throttle: LoginThrottle; now?: Date }): Promise<{ token: string; session: SessionInfo; user: UserView }> {
  const { policy, throttle } = opts;
  const now = opts.now ?? new Date();
  const ctx = { ip: input.ip ?? null };
  const wait = throttle.wait(input.ip, input.username, now);
  if (wait > 0) {
    await auditNow(db, { actor: input.username, action: 'auth.login-throttled', ...ctx, detail: { retryAfterSeconds: wait } });
    throw new ApiError('auth.throttled', { retryAfterSeconds: wait });
  }
  // counted as a failure from here (in the same tick as the wait check), undone when it turns out not to be one
  const undo = throttle.reserve(input.ip, input.username, now);
  const r = (await db.query<UserRow>('SELECT * FROM users WHERE lower(username) = lower($1)', [input.username])).rows[0];
  if (!r) {
    await argonVerify(await DUMMY_HASH, input.password).catch(() => false); // same cost as a real check
    await auditNow(db, { actor: input.username, action: 'auth.login-failed', ...ctx, detail: { reason: 'unknown-user' } });
    throw new ApiError('auth.invalid-credentials');
  }
  const fail = async (reason: string, id: 'auth.invalid-credentials' | 'auth.totp-invalid' | 'auth.totp-required', count = true): Promise<never> => {
    if (!count) undo();
    await db.transaction(async (tx) => {
      // failed_count: the consecutive failures, shown to the security administrator (no lock follows from it)
      if (count) await tx.query('UPDATE users SET failed_count = failed_count + 1 WHERE id = $1', [r.id]);
      await audit(tx, { actor: r.username, action: 'auth.login-failed', target: `user:${r.username}`, ...ctx, detail: { reason } });
    });
    throw new ApiError(id);
  };
  if (!(await argonVerify(r.password_hash, input.password).catch(() => false))) await fail('password', 'auth.invalid-credentials');
  if (r.disabled || (r.expires_at && new Date(r.expires_at as string) <= now)) {
    undo(); // the right password: not a failed guess
    await auditNow(db, { actor: r.username, action: 'auth.login-failed', target: `user:${r.username}`, ...ctx, detail: { reason: r.disabled ? 'disabled' : 'expired' } });
    throw new ApiError('auth.account-expired');
  }
  if (r.totp_enabled && r.totp_secret_enc) {
    if (!input.totp) await fail('totp-missing', 'auth.totp-required', false);
    const secret = opts.cipher.decrypt(Buffer.from(r.totp_secret_enc as string, 'base64'));
    if (!totp.check(input.totp!, secret)) await fail('totp', 'auth.totp-invalid');
  }
  undo();
  throttle.succeed(input.ip, input.username);
  const token = randomToken(32);
  const expires = new Date(now.getTime() + policy.absoluteHours * 3600_000);
  const out = await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = $2 WHERE id = $1', [r.id, now.toISOString()]);
    await tx.query('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES ($1,$2,$3,$3,$4,$5,$6)',
      [sm3(token), r.id, now.toISOString(), expires.toISOString(), input.ip ?? null, input.userAgent?.slice(0, 300) ?? null]);
    await audit(tx, { actor: r.username, role: pgArray(r.roles).join(','), action: 'auth.login', target: `user:${r.username}`, ...ctx });
    return sessionInfo(r, token, policy, now);
  });
  return { token, session: out, user: userView({ ...r, last_login_at: now.toISOString() }, now) };
}

/** Open a session without a password (tests, the CLI's own tooling). Not reachable over HTTP. */
export async function openSession(db: Db, userId: number, policy: SecurityPolicy = DEFAULT_SECURITY, now = new Date()): Promise<{ token: string; session: SessionInfo }> {
  const r = (await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId])).rows[0];
  if (!r) throw new ApiError('not-found');
  const token = randomToken(32);
  await db.query('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1,$2,$3,$3,$4)',
    [sm3(token), userId, now.toISOString(), new Date(now.getTime() + policy.absoluteHours * 3600_000).toISOString()]);
  return { token, session: sessionInfo(r, token, policy, now) };
}

/**
 * The session of a token, or `expired` (idle or absolute timeout, disabled or expired account: the session row is
 * deleted), or null (no such session). Touches last_seen_at.
 */
export async function resolveSession(db: Db, token: string, policy: SecurityPolicy, now = new Date()): Promise<SessionInfo | 'expired' | null> {
  const th = sm3(token);
  const r = (await db.query<UserRow & { s_expires_at: unknown; s_last_seen_at: unknown }>(
    'SELECT u.*, s.expires_at AS s_expires_at, s.last_seen_at AS s_last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1', [th])).rows[0];
  if (!r) return null;
  const admin = pgArray(r.roles).some(isAdminRole);
  const idleMs = (admin ? policy.adminIdleMinutes : policy.idleMinutes) * 60_000;
  const lastSeen = new Date(r.s_last_seen_at as string).getTime();
  const dead = new Date(r.s_expires_at as string) <= now || lastSeen + idleMs < now.getTime() || r.disabled || (r.expires_at && new Date(r.expires_at as string) <= now);
  if (dead) {
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [th]);
    return 'expired';
  }
  if (now.getTime() - lastSeen > 5_000) await db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1', [th, now.toISOString()]);
  return sessionInfo(r, token, policy, now);
}

export async function logout(db: Db, session: SessionInfo, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM sessions WHERE token_hash = $1', [session.tokenHash]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.logout', target: `user:${session.user.username}` });
  });
}

/** Change one's own password: checks the current one, the policy and the last N passwords; ends other sessions. */
export async function changePassword(db: Db, session: SessionInfo, current: string, next: string, actor: Actor, policy: SecurityPolicy, now = new Date()): Promise<void> {
  const r = (await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [session.user.id])).rows[0];
  if (!r) throw new ApiError('auth.required');
  if (!(await argonVerify(r.password_hash, current).catch(() => false))) {
    await auditNow(db, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.password-failed', target: `user:${r.username}`, detail: { reason: 'wrong-current' } });
    throw new ApiError('auth.wrong-password');
  }
  assertPasswordOk(next, policy, r.username);
  const hist = await db.query<{ password_hash: string }>('SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY changed_at DESC LIMIT $2', [r.id, policy.passwordHistory]);
  for (const h of [r.password_hash, ...hist.rows.map((x) => x.password_hash)]) {
    if (await argonVerify(h, next).catch(() => false)) throw new ApiError('auth.password-reused', { last: policy.passwordHistory });
  }
  const ph = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2, password_changed_at = $3, must_change_password = false WHERE id = $1', [r.id, ph, now.toISOString()]);
    await tx.query('INSERT INTO password_history (user_id, password_hash, changed_at) VALUES ($1, $2, $3)', [r.id, ph, now.toISOString()]);
    await tx.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [r.id, session.tokenHash]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.password-changed', target: `user:${r.username}` });
  });
}

/** Proof of presence for a second-factor change: the current password, or (when one is enrolled) a current code. */
export interface Reauth {
  password?: string;
  code?: string;
}

/** The sign-in back-off, for checks of a password or code other than sign-in (re-authentication). */
export interface ReauthGuard {
  throttle: LoginThrottle;
  now: Date;
}

/**
 * Re-authenticate the session's user before a second-factor change; a failure is audited and answered 400
 * `auth.reauth-failed` (the session stays). With a guard, the failures count in the sign-in back-off of the account
 * and address, as wrong sign-ins do: a taken-over session cannot guess the password at full speed.
 */
async function reauthenticate(db: Db, r: UserRow, proof: Reauth, cipher: PersonalDataCipher, actor: Actor, action: string, guard?: ReauthGuard): Promise<'password' | 'totp'> {
  let undo = (): void => {};
  if (guard) {
    const wait = guard.throttle.wait(actor.ip, r.username, guard.now);
    if (wait > 0) {
      await auditNow(db, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.reauth-throttled', target: `user:${r.username}`, detail: { for: action, retryAfterSeconds: wait } });
      throw new ApiError('auth.throttled', { retryAfterSeconds: wait });
    }
    undo = guard.throttle.reserve(actor.ip, r.username, guard.now);
  }
  if (proof.password !== undefined) {
    if (await argonVerify(r.password_hash, proof.password).catch(() => false)) { undo(); return 'password'; }
  } else if (proof.code !== undefined && r.totp_enabled && r.totp_secret_enc) {
    if (totp.check(proof.code, cipher.decrypt(Buffer.from(r.totp_secret_enc as string, 'base64')))) { undo(); return 'totp'; }
  }
  await auditNow(db, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.reauth-failed', target: `user:${r.username}`, detail: { for: action, with: proof.password !== undefined ? 'password' : 'totp' } });
  throw new ApiError('auth.reauth-failed');
}

async function ownRow(db: Db, session: SessionInfo): Promise<UserRow> {
  const r = (await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [session.user.id])).rows[0];
  if (!r) throw new ApiError('auth.required');
  return r;
}

/**
 * Start TOTP enrolment or replace the second factor: needs the current password or a current code. The new secret
 * (SM4-encrypted at rest) stays pending — the enrolled one keeps working — until confirmed with a code of it.
 */
export async function totpSetup(db: Db, session: SessionInfo, proof: Reauth, cipher: PersonalDataCipher, actor: Actor, guard?: ReauthGuard, issuer = 'Kaohe'): Promise<{ secret: string; uri: string }> {
  const r = await ownRow(db, session);
  const by = await reauthenticate(db, r, proof, cipher, actor, 'auth.totp-setup', guard);
  const secret = totp.generateSecret(20);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET totp_pending_enc = $2 WHERE id = $1', [r.id, cipher.encrypt(secret).toString('base64')]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.totp-setup', target: `user:${r.username}`, detail: { reauthenticatedBy: by, replacing: Boolean(r.totp_enabled) } });
  });
  return { secret, uri: totp.keyuri(session.user.username, issuer, secret) };
}

/** Confirm the pending secret with a code of it: it becomes the second factor (replacing an enrolled one). */
export async function totpEnable(db: Db, session: SessionInfo, code: string, cipher: PersonalDataCipher, actor: Actor): Promise<void> {
  const r = await ownRow(db, session);
  if (!r.totp_pending_enc) throw new ApiError('auth.totp-not-pending');
  if (!totp.check(code, cipher.decrypt(Buffer.from(r.totp_pending_enc as string, 'base64')))) {
    await auditNow(db, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.totp-enable-failed', target: `user:${r.username}` });
    throw new ApiError('validation', [{ field: 'code', reason: { zh: '动态口令错误', en: 'wrong one-time code' } }]);
  }
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET totp_secret_enc = totp_pending_enc, totp_pending_enc = NULL, totp_enabled = true WHERE id = $1', [r.id]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: r.totp_enabled ? 'auth.totp-replaced' : 'auth.totp-enabled', target: `user:${r.username}` });
  });
}

/** Remove one's own second factor: needs the current password or a current code; audited. */
export async function totpDisable(db: Db, session: SessionInfo, proof: Reauth, cipher: PersonalDataCipher, actor: Actor, guard?: ReauthGuard): Promise<void> {
  const r = await ownRow(db, session);
  if (!r.totp_enabled && !r.totp_pending_enc) throw new ApiError('auth.totp-not-enrolled');
  const by = await reauthenticate(db, r, proof, cipher, actor, 'auth.totp-disabled', guard);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET totp_secret_enc = NULL, totp_pending_enc = NULL, totp_enabled = false WHERE id = $1', [r.id]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'auth.totp-disabled', target: `user:${r.username}`, detail: { reauthenticatedBy: by } });
  });
}

/**
 * The security administrator resets another user's second factor (a lost phone): the secret is removed, the user's
 * sessions end, and an admin role under a TOTP policy must enrol again at the next sign-in. Audited.
 */
export async function resetTotp(db: Db, id: number, actor: Actor): Promise<UserView> {
  return db.transaction(async (tx) => {
    const cur = await lockedUser(tx, id);
    if (cur.username === actor.username) throw new ApiError('users.self');
    const r = await tx.query<UserRow>('UPDATE users SET totp_secret_enc = NULL, totp_pending_enc = NULL, totp_enabled = false WHERE id = $1 RETURNING *', [id]);
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    await audit(tx, { actor: actor.username, role: actor.role, ip: actor.ip, action: 'users.totp-reset', target: `user:${cur.username}`, detail: { wasEnabled: Boolean(cur.totp_enabled) } });
    return userView(r.rows[0]!);
  });
}

/** The current TOTP code of a secret (tests and the CLI). */
export function totpCode(secret: string): string {
  return totp.generate(secret);
}
