/**
 * A loop's idle wait that a notification (or a stop) cuts short. A wake-up that comes while the loop is
 * busy is remembered: the next sleep returns at once, so no notification is missed between a read and
 * the sleep after it.
 */
export class Wakeable {
  private pending = false;
  private stopped = false;
  private resolve: (() => void) | null = null;

  /** Forget earlier wake-ups: called just before the loop reads, which sees everything they announced. */
  clear(): void {
    this.pending = false;
  }

  wake(): void {
    this.pending = true;
    this.resolve?.();
  }

  /** Every sleep from now on returns at once: the loop is stopping. */
  stop(): void {
    this.stopped = true;
    this.resolve?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.resolve = done;
    });
  }
}
