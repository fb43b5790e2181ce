import { Wakeable } from './wakeable';

const elapsed = async (work: Promise<void>) => {
  const started = Date.now();
  await work;
  return Date.now() - started;
};

describe('Wakeable (the relay and event-log consumer idle wait)', () => {
  it('sleeps the full time when nothing wakes it, and returns at once when woken meanwhile', async () => {
    const w = new Wakeable();
    expect(await elapsed(w.sleep(60))).toBeGreaterThanOrEqual(55); // a timer never fires early
    const sleeping = w.sleep(5_000);
    setTimeout(() => w.wake(), 10);
    expect(await elapsed(sleeping)).toBeLessThan(2_500);
  });

  // Upper bounds are half the sleep asked for: a loaded machine may be slow, never 2.5 s slow to run a timer.
  it('remembers a wake-up that came while busy, unless cleared before the next read', async () => {
    const w = new Wakeable();
    w.wake(); // a NOTIFY while the loop was reading
    expect(await elapsed(w.sleep(5_000))).toBeLessThan(2_500); // woken, not the 5 s
    w.wake();
    w.clear(); // the read after it saw what it announced
    expect(await elapsed(w.sleep(60))).toBeGreaterThanOrEqual(55);
  });

  it('returns at once from every sleep once stopped', async () => {
    const w = new Wakeable();
    const sleeping = w.sleep(5_000);
    w.stop();
    expect(await elapsed(sleeping)).toBeLessThan(2_500);
    w.clear();
    expect(await elapsed(w.sleep(5_000))).toBeLessThan(2_500); // woken, not the 5 s
  });
});
