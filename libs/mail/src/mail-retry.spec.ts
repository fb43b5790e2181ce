import { mailRetryDelayMs } from './mail-retry';

describe('mailRetryDelayMs', () => {
  it('starts at one second and doubles with each failed attempt', () => {
    expect([1, 2, 3, 4, 5].map(mailRetryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('is capped at five minutes, also for huge attempt counts', () => {
    expect(mailRetryDelayMs(9)).toBe(256_000);
    expect(mailRetryDelayMs(10)).toBe(300_000);
    expect(mailRetryDelayMs(2_000)).toBe(300_000);
  });

  it('treats nonsense counts as the first attempt', () => {
    expect([0, -3, Number.NaN].map(mailRetryDelayMs)).toEqual([1_000, 1_000, 1_000]);
  });
});
