const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;

/** Back-off after the `attempts`-th failed attempt: 1 s, 2 s, 4 s, … capped at 5 minutes. */
export function mailRetryDelayMs(attempts: number): number {
  if (!(attempts > 1)) return FIRST_DELAY_MS;
  return Math.min(FIRST_DELAY_MS * 2 ** (Math.floor(attempts) - 1), MAX_DELAY_MS);
}
