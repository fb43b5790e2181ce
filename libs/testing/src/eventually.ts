/**
 * Polls `probe` until it stops throwing (or returns a truthy value when `truthy` is set), for asynchronous
 * assertions. Never use fixed sleeps in tests.
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
