/**
 * How failures of one key are slowed down: `free` failures cost nothing, then each further one
 * makes the key wait before its next try, from `firstDelayMs` doubling up to `maxDelayMs`.
 * A key is forgotten `forgetMs` after its last failure (longer than the longest wait, so waiting
 * out a delay never starts the count again).
 */
export interface BackoffRule {
  free: number;
  firstDelayMs: number;
  maxDelayMs: number;
  forgetMs: number;
}

/** What one failure did to its key. `started`: this failure is the one that began the waiting. */
export interface FailureOutcome {
  failures: number;
  retryAfter: number;
  started: boolean;
}

const MAX_KEYS = 100_000;

/**
 * Counts failures per key and makes keys that keep failing wait longer each time. In memory: a
 * restart forgets, which is acceptable for throttling guessing; several processes each keep their
 * own count (docs/decisions/082-sign-in-throttling.md).
 */
export class FailureBackoff {
  private readonly entries = new Map<string, { failures: number; lastAt: number; blockedUntil: number }>();

  constructor(
    readonly rule: BackoffRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when the key may try now. */
  retryAfter(key: string): number {
    const entry = this.current(key, this.now());
    return entry ? Math.max(0, Math.ceil((entry.blockedUntil - this.now()) / 1000)) : 0;
  }

  fail(key: string): FailureOutcome {
    const t = this.now();
    const entry = this.current(key, t) ?? { failures: 0, lastAt: t, blockedUntil: 0 };
    entry.failures += 1;
    entry.lastAt = t;
    const over = entry.failures - this.rule.free;
    if (over >= 0) entry.blockedUntil = t + Math.min(this.rule.firstDelayMs * 2 ** over, this.rule.maxDelayMs);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_KEYS) this.prune(t);
    return { failures: entry.failures, retryAfter: over >= 0 ? Math.ceil((entry.blockedUntil - t) / 1000) : 0, started: over === 0 };
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string, t: number) {
    const entry = this.entries.get(key);
    if (entry && t - entry.lastAt >= this.rule.forgetMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(t: number): void {
    for (const [key, entry] of this.entries) if (t - entry.lastAt >= this.rule.forgetMs) this.entries.delete(key);
    // Still full (guessing from very many addresses): forget the keys that failed first, so memory
    // stays bounded; they start their count again.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_KEYS * 0.9) break;
      this.entries.delete(key);
    }
  }
}

/**
 * Sign-in throttling (decision 082): by account and address together, so that failing from one
 * address slows down that address only; by address over all accounts (one address guessing many
 * accounts); and by account over all addresses, with a higher threshold, against guessing spread
 * over many addresses.
 */
export interface SignInThrottle {
  accountAddress: FailureBackoff;
  address: FailureBackoff;
  account: FailureBackoff;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const SIGN_IN_RULES = {
  accountAddress: { free: 5, firstDelayMs: SECOND, maxDelayMs: 15 * MINUTE, forgetMs: 60 * MINUTE },
  address: { free: 30, firstDelayMs: SECOND, maxDelayMs: 15 * MINUTE, forgetMs: 60 * MINUTE },
  account: { free: 100, firstDelayMs: SECOND, maxDelayMs: 15 * MINUTE, forgetMs: 60 * MINUTE },
} as const satisfies Record<keyof SignInThrottle, BackoffRule>;

export function createSignInThrottle(now?: () => number): SignInThrottle {
  return {
    accountAddress: new FailureBackoff(SIGN_IN_RULES.accountAddress, now),
    address: new FailureBackoff(SIGN_IN_RULES.address, now),
    account: new FailureBackoff(SIGN_IN_RULES.account, now),
  };
}
