/**
 * Sign-in back-off (登录失败处理): failed attempts slow further attempts down step by step, instead of locking an
 * account for everyone. Three counters, each with its own free allowance and ceiling:
 * - the account from one address (the guesser at a keyboard): after `pairFree` failures, waits of 1 s, 2 s, 4 s … up
 *   to `maxDelaySeconds`;
 * - one address, whatever the account (one machine trying many names): after `addressFree` failures, the same steps;
 * - the account, from any address (a spread attack): after `accountFree` failures, steps up to only
 *   `accountMaxDelaySeconds`, so that nobody can shut the real user (or the secadmin) out for long.
 * The key of the account is the name as typed (lower case), whether or not such an account exists: an unknown name
 * and a real one answer alike. A success clears the account's counters; a counter untouched for `forgetMinutes`
 * is forgotten. State is the server's memory (a restart starts over, which gains a guesser one free allowance).
 */

export interface BackoffPolicy {
  /** failures of one account from one address before waits begin */
  pairFree: number;
  /** failures from one address (any account) before waits begin */
  addressFree: number;
  /** failures of one account (any address) before waits begin */
  accountFree: number;
  /** the longest wait for an address or an account from one address */
  maxDelaySeconds: number;
  /** the longest wait for an account tried from everywhere */
  accountMaxDelaySeconds: number;
  /** a counter with no failure for this long starts over */
  forgetMinutes: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  pairFree: 3,
  addressFree: 10,
  accountFree: 10,
  maxDelaySeconds: 15 * 60,
  accountMaxDelaySeconds: 60,
  forgetMinutes: 60,
};

interface Counter {
  failures: number;
  lastFailureMs: number;
  /** no attempt of this key before (epoch ms) */
  blockedUntilMs: number;
}

/** The wait after the n-th failure: none within the allowance, then 1, 2, 4 … seconds, capped. */
export function backoffSeconds(failures: number, free: number, maxSeconds: number): number {
  if (failures <= free) return 0;
  return Math.min(maxSeconds, 2 ** Math.min(30, failures - free - 1));
}

const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  private keys(address: string | null | undefined, account: string): { key: string; free: number; max: number }[] {
    const a = account.trim().toLowerCase();
    const ip = address ?? '-';
    const p = this.policy;
    return [
      { key: `pair\u0001${ip}\u0001${a}`, free: p.pairFree, max: p.maxDelaySeconds },
      { key: `addr\u0001${ip}`, free: p.addressFree, max: p.maxDelaySeconds },
      { key: `acct\u0001${a}`, free: p.accountFree, max: p.accountMaxDelaySeconds },
    ];
  }

  private live(key: string, nowMs: number): Counter | undefined {
    const c = this.counters.get(key);
    if (c && nowMs - c.lastFailureMs > this.policy.forgetMinutes * 60_000 && nowMs >= c.blockedUntilMs) {
      this.counters.delete(key);
      return undefined;
    }
    return c;
  }

  /** Seconds to wait before this attempt may be checked (0: go ahead). */
  wait(address: string | null | undefined, account: string, now: Date): number {
    const nowMs = now.getTime();
    let until = 0;
    for (const k of this.keys(address, account)) until = Math.max(until, this.live(k.key, nowMs)?.blockedUntilMs ?? 0);
    return until > nowMs ? Math.ceil((until - nowMs) / 1000) : 0;
  }

  /** Count a failed attempt (wrong name, password or one-time code). */
  fail(address: string | null | undefined, account: string, now: Date): void {
    const nowMs = now.getTime();
    for (const k of this.keys(address, account)) {
      const c = this.live(k.key, nowMs) ?? { failures: 0, lastFailureMs: nowMs, blockedUntilMs: 0 };
      c.failures++;
      c.lastFailureMs = nowMs;
      c.blockedUntilMs = nowMs + backoffSeconds(c.failures, k.free, k.max) * 1000;
      this.counters.delete(k.key); // re-insert: the map's order is the order of last use
      this.counters.set(k.key, c);
    }
    if (this.counters.size > MAX_KEYS) {
      for (const key of this.counters.keys()) {
        if (this.counters.size <= MAX_KEYS * 0.9) break;
        this.counters.delete(key);
      }
    }
  }

  /**
   * Count an attempt as a failure before it is checked: attempts sent at once would otherwise all pass `wait` while
   * the first is still in its (slow) password check. Returns the undo for an attempt that turns out not to be a
   * failure (a success, or an answer that is not counted): each counter loses the attempt again, and gets its wait
   * back as it was unless other failures came in meanwhile (then the later wait stands).
   */
  reserve(address: string | null | undefined, account: string, now: Date): () => void {
    const nowMs = now.getTime();
    const before = this.keys(address, account).map((k) => {
      const c = this.live(k.key, nowMs);
      return { key: k.key, prev: c ? { ...c } : undefined };
    });
    this.fail(address, account, now);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      for (const { key, prev } of before) {
        const c = this.counters.get(key);
        if (!c) continue;
        c.failures = Math.max(0, c.failures - 1);
        if (c.failures === (prev?.failures ?? 0)) {
          if (prev) Object.assign(c, prev);
          else this.counters.delete(key);
        }
      }
    };
  }

  /** A successful sign-in clears the account's counters (the address keeps its own). */
  succeed(address: string | null | undefined, account: string): void {
    const [pair, , acct] = this.keys(address, account);
    this.counters.delete(pair!.key);
    this.counters.delete(acct!.key);
  }

  /** The security administrator's unlock: every counter of the account, from every address. */
  clearAccount(account: string): void {
    const a = account.trim().toLowerCase();
    for (const key of [...this.counters.keys()]) {
      if (key === `acct\u0001${a}` || (key.startsWith('pair\u0001') && key.endsWith(`\u0001${a}`))) this.counters.delete(key);
    }
  }
}
