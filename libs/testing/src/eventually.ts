/**
 * Polls `probe` until it stops throwing, for asynchronous assertions, and returns what it returned; after
 * `timeoutMs` it throws the probe's last error. Never use fixed sleeps in tests.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  { timeoutMs = 15_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
