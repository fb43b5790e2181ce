import { eventually } from '@ates/testing';
import { PollLoop } from './poll-loop';

describe('PollLoop', () => {
  it('never overlaps runs, goes on after a failed run, and runs again at once when more is waiting', async () => {
    let calls = 0;
    let active = 0;
    let maxActive = 0;
    const errors: unknown[] = [];
    const loop = new PollLoop(
      async () => {
        calls++;
        maxActive = Math.max(maxActive, ++active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        if (calls === 2) throw new Error('database away');
        return calls < 5;
      },
      10,
      (error) => errors.push(error),
    );
    loop.start();
    await eventually(() => expect(calls).toBeGreaterThanOrEqual(6), { intervalMs: 5 });
    await loop.stop();
    expect(maxActive).toBe(1);
    expect(errors).toEqual([new Error('database away')]);
  });

  it('stops only once the run in progress has finished', async () => {
    let release: (() => void) | undefined;
    const loop = new PollLoop(
      () => new Promise((resolve) => (release = () => resolve(false))),
      10,
      () => undefined,
    );
    loop.start();
    await eventually(() => expect(release).toBeDefined(), { intervalMs: 5 });
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release?.();
    await stopping;
    expect(stopped).toBe(true);
  });
});
