/**
 * Signups per address in a sliding window (plain rule, in memory): account creation is cheap to script and each
 * one costs an argon2 hash, so one address may sign up at most `perWindow` times per `windowMs`, attempts that
 * failed (409) included — that also limits probing which usernames exist.
 */
export class SignupLimit {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly perWindow = 10,
    private readonly windowMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt; returns 0 if it may proceed, else the milliseconds until one is allowed. */
  take(address: string): number {
    const t = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((at) => at > t - this.windowMs);
    if (recent.length >= this.perWindow) return recent[0] + this.windowMs - t;
    this.attempts.delete(address);
    if (this.attempts.size >= 100_000) this.attempts.delete(this.attempts.keys().next().value as string);
    this.attempts.set(address, [...recent, t]);
    return 0;
  }
}
