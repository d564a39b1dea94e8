/**
 * Counts failures per key in a fixed window. Used for sign-in: per account and per client
 * address. In memory: a restart forgets, which is acceptable for throttling guessing; several
 * processes each keep their own count (documented in docs/decisions).
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when the key may try now. */
  retryAfter(key: string): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    const t = this.now();
    if (t >= entry.resetAt) {
      this.failures.delete(key);
      return 0;
    }
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - t) / 1000) : 0;
  }

  fail(key: string): void {
    const t = this.now();
    const entry = this.failures.get(key);
    if (!entry || t >= entry.resetAt) this.failures.set(key, { count: 1, resetAt: t + this.windowMs });
    else entry.count += 1;
    if (this.failures.size > 100_000) this.prune(t);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private prune(t: number): void {
    for (const [key, entry] of this.failures) if (t >= entry.resetAt) this.failures.delete(key);
  }
}
