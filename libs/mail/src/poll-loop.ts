/**
 * Calls `run` over and over, never two at a time: `intervalMs` after a run ends, or at once when the run
 * says more work is waiting. A failed run is reported to `onError` and the loop goes on.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Stops the loop; resolves once a run in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      let next = this.intervalMs;
      this.inFlight = this.run()
        .then((more) => void (more && (next = 0)), this.onError)
        .finally(() => {
          this.inFlight = null;
          this.schedule(next);
        });
    }, delayMs);
  }
}
