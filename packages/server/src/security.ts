/**
 * The security policy (等保 2.0 level 3 身份鉴别 / 访问控制): password rules, lockout, session timeouts, TOTP.
 * Every value is configurable through `buildServer({ security })`; the defaults below are the level-3 baseline.
 */
import { readFileSync } from 'node:fs';
import { ApiError } from './errors.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './throttle.ts';

export interface SecurityPolicy {
  passwordMinLength: number;
  /** of: lower case, upper case, digits, other characters */
  passwordMinClasses: number;
  /** a password older than this must be changed (0: never) */
  passwordRotationDays: number;
  /** the new password may not equal any of the last N */
  passwordHistory: number;
  /** failed sign-ins slow further attempts down (per address, per account; never a lock for everyone) */
  loginBackoff: BackoffPolicy;
  idleMinutes: number;
  adminIdleMinutes: number;
  absoluteHours: number;
  /** admin roles must enrol and use TOTP */
  totpForAdmins: boolean;
  /** login attempts per minute per client address */
  loginRateLimit: number;
  /** other anonymous calls per minute per client address */
  publicRateLimit: number;
}

export const DEFAULT_SECURITY: SecurityPolicy = {
  passwordMinLength: 8,
  passwordMinClasses: 3,
  passwordRotationDays: 90,
  passwordHistory: 5,
  loginBackoff: DEFAULT_BACKOFF,
  idleMinutes: 30,
  adminIdleMinutes: 15,
  absoluteHours: 12,
  totpForAdmins: false,
  loginRateLimit: 20,
  publicRateLimit: 120,
};

let common: Set<string> | undefined;
/**
 * The common-password lists shipped in packages/server/lists: the 10 000 most frequent passwords of OWASP SecLists
 * and the passwords common in China (CSDN/Tianya leak analyses, administrator defaults). Lower case.
 */
export function commonPasswords(): Set<string> {
  if (!common) {
    common = new Set();
    for (const f of ['common-passwords.txt', 'common-passwords-zh.txt']) {
      for (const line of readFileSync(new URL(`../lists/${f}`, import.meta.url), 'utf8').split('\n')) {
        const w = line.trim();
        if (w && !w.startsWith('#')) common.add(w.toLowerCase());
      }
    }
  }
  return common;
}

/** Problems of a candidate password, as bilingual reasons (empty: acceptable). */
export function passwordProblems(pw: string, p: SecurityPolicy, username?: string): { zh: string; en: string }[] {
  const out: { zh: string; en: string }[] = [];
  if ([...pw].length < p.passwordMinLength) out.push({ zh: `长度至少 ${p.passwordMinLength} 位`, en: `at least ${p.passwordMinLength} characters` });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length;
  if (classes < p.passwordMinClasses) out.push({ zh: `须包含大写字母、小写字母、数字、特殊字符中的至少 ${p.passwordMinClasses} 类`, en: `use at least ${p.passwordMinClasses} of: lower case, upper case, digits, other characters` });
  if (commonPasswords().has(pw.toLowerCase())) out.push({ zh: '属于常见密码，容易被猜中', en: 'is one of the most common passwords' });
  if (username && username.length >= 3 && pw.toLowerCase().includes(username.toLowerCase())) out.push({ zh: '不得包含用户名', en: 'must not contain the username' });
  return out;
}

export function assertPasswordOk(pw: string, p: SecurityPolicy, username?: string): void {
  const problems = passwordProblems(pw, p, username);
  if (problems.length) throw new ApiError('auth.password-weak', problems.map((reason) => ({ field: 'next', reason })));
}
