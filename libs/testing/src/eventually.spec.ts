import { eventually } from './eventually';
import { seededRandom } from './seeded-random';

describe('eventually', () => {
  it('retries until the probe passes and returns its value', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'done';
      },
      { intervalMs: 1 },
    );
    expect({ value, calls }).toEqual({ value: 'done', calls: 3 });
  });

  it('rethrows the last failure after the timeout', async () => {
    await expect(
      eventually(() => Promise.reject(new Error('never')), { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toThrow('never');
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, seededRandom(7));
    expect(Array.from({ length: 1000 }, seededRandom(7))).toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
