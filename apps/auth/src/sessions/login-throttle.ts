/**
 * Login throttling (plain rules, in memory). Per username: after `freeFailures` consecutive failures the
 * username is blocked for a back-off that doubles with each further failure, capped — so an attacker can
 * slow a victim's login down but not lock it indefinitely, and a success clears it. Per address: a much
 * higher ceiling of failures in a sliding window, so one address cannot spray many usernames.
 */
export interface ThrottleSettings {
  freeFailures: number;
  baseBlockMs: number;
  maxBlockMs: number;
  addressFailuresPerWindow: number;
  addressWindowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  freeFailures: 5,
  baseBlockMs: 1_000,
  maxBlockMs: 15 * 60_000,
  addressFailuresPerWindow: 100,
  addressWindowMs: 15 * 60_000,
};

interface UserState {
  failures: number;
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly users = new Map<string, UserState>();
  private readonly addresses = new Map<string, number[]>();

  constructor(
    private readonly settings: ThrottleSettings = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the caller must wait, or 0 when the attempt may proceed. */
  retryAfter(username: string, address: string): number {
    const t = this.now();
    const user = this.users.get(username);
    const userWait = user && user.blockedUntil > t ? user.blockedUntil - t : 0;
    const recent = this.recent(address, t);
    const addressWait =
      recent.length >= this.settings.addressFailuresPerWindow
        ? recent[0] + this.settings.addressWindowMs - t
        : 0;
    return Math.max(userWait, addressWait);
  }

  /**
   * Counts an attempt as failed *before* the slow password check, so parallel guesses cannot all slip
   * through; `succeeded` takes it back.
   */
  failed(username: string, address: string): void {
    const t = this.now();
    const user = this.users.get(username) ?? { failures: 0, blockedUntil: 0 };
    user.failures += 1;
    const over = user.failures - this.settings.freeFailures;
    if (over >= 0) {
      user.blockedUntil = t + Math.min(this.settings.baseBlockMs * 2 ** over, this.settings.maxBlockMs);
    }
    this.users.set(username, user);
    this.addresses.set(address, [...this.recent(address, t), t]);
  }

  /** The attempt turned out right: forget the username's failures and give the address its attempt back. */
  succeeded(username: string, address: string): void {
    this.users.delete(username);
    const recent = this.addresses.get(address);
    recent?.pop();
  }

  private recent(address: string, t: number): number[] {
    return (this.addresses.get(address) ?? []).filter((at) => at > t - this.settings.addressWindowMs);
  }
}
