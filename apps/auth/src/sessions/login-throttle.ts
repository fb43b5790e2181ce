import { clientAddressKey } from './client-address';
import { bounded, setNewest, SlidingWindow } from './sliding-window';

/**
 * Login throttling (plain rules, in memory, per auth process). Three limits, the longest wait wins:
 * - **username at one address**: after `freeFailures` consecutive failures, blocked for a back-off that doubles
 *   with each further failure, up to `maxBlockMs`. This is what an attacker guessing from one address meets.
 * - **username from every address**: after `usernameFreeFailures` failures in all (a distributed guess), a
 *   back-off capped at the much shorter `usernameMaxBlockMs`. An address the account has logged in from before is
 *   exempt (remembered in memory, per process): from there the owner is never blocked by someone else's guesses;
 *   from a new address an attacker can make them wait at most a minute per attempt.
 * - **address**: at most `addressFailuresPerWindow` failures in a sliding window, so one address cannot spray
 *   many usernames.
 * A success clears the username's failures. Addresses are keyed here by `clientAddressKey` (an IPv6 client by its
 * /64). The maps are bounded (oldest entries dropped).
 */
export interface ThrottleSettings {
  freeFailures: number;
  baseBlockMs: number;
  maxBlockMs: number;
  usernameFreeFailures: number;
  usernameMaxBlockMs: number;
  addressFailuresPerWindow: number;
  addressWindowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  freeFailures: 5,
  baseBlockMs: 1_000,
  maxBlockMs: 15 * 60_000,
  usernameFreeFailures: 20,
  usernameMaxBlockMs: 60_000,
  addressFailuresPerWindow: 100,
  addressWindowMs: 15 * 60_000,
};

interface Streak {
  failures: number;
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly pairs = new Map<string, Streak>();
  private readonly usernames = new Map<string, Streak>();
  private readonly addresses: SlidingWindow;
  /** `username address` pairs that logged in successfully: spared the username-wide block. */
  private readonly known = new Set<string>();

  constructor(
    private readonly settings: ThrottleSettings = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {
    this.addresses = new SlidingWindow(settings.addressFailuresPerWindow, settings.addressWindowMs);
  }

  /** Milliseconds the caller must wait, or 0 when the attempt may proceed. */
  retryAfter(username: string, clientAddress: string): number {
    const address = clientAddressKey(clientAddress);
    const t = this.now();
    const wait = (streak: Streak | undefined) =>
      streak && streak.blockedUntil > t ? streak.blockedUntil - t : 0;
    const pair = pairKey(username, address);
    return Math.max(
      wait(this.pairs.get(pair)),
      this.known.has(pair) ? 0 : wait(this.usernames.get(username)),
      this.addresses.wait(address, t),
    );
  }

  /**
   * Counts an attempt as failed *before* the slow password check, so parallel guesses cannot all slip
   * through; `succeeded` takes it back.
   */
  failed(username: string, clientAddress: string): void {
    const address = clientAddressKey(clientAddress);
    const t = this.now();
    const { freeFailures, maxBlockMs, usernameFreeFailures, usernameMaxBlockMs } = this.settings;
    this.count(this.pairs, pairKey(username, address), t, freeFailures, maxBlockMs);
    this.count(this.usernames, username, t, usernameFreeFailures, Math.min(usernameMaxBlockMs, maxBlockMs));
    this.addresses.add(address, t);
  }

  /** The attempt turned out right: forget the username's failures and give the address its attempt back. */
  succeeded(username: string, clientAddress: string): void {
    const address = clientAddressKey(clientAddress);
    const pair = pairKey(username, address);
    this.pairs.delete(pair);
    this.usernames.delete(username);
    bounded(this.known).add(pair);
    this.addresses.removeLast(address);
  }

  private count(map: Map<string, Streak>, key: string, t: number, free: number, cap: number): void {
    const streak = map.get(key) ?? { failures: 0, blockedUntil: 0 };
    streak.failures += 1;
    const over = streak.failures - free;
    if (over >= 0) streak.blockedUntil = t + Math.min(this.settings.baseBlockMs * 2 ** over, cap);
    setNewest(map, key, streak);
  }
}

const pairKey = (username: string, address: string) => `${username} ${address}`;
