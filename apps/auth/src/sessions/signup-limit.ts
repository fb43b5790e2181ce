import { clientAddressKey } from './client-address';
import { SlidingWindow } from './sliding-window';

/**
 * Signups per address in a sliding window (plain rule, in memory): account creation is cheap to script and each
 * one costs an argon2 hash, so one address may sign up at most `perWindow` times per `windowMs`, attempts that
 * failed (409) included — that also limits probing which usernames exist.
 */
export class SignupLimit {
  private readonly window: SlidingWindow;

  constructor(
    perWindow = 10,
    windowMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.window = new SlidingWindow(perWindow, windowMs);
  }

  /** Records an attempt; returns 0 if it may proceed, else the milliseconds until one is allowed. */
  take(address: string): number {
    return this.window.take(clientAddressKey(address), this.now());
  }
}
