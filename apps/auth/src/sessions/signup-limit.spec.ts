import { SignupLimit } from './signup-limit';

describe('SignupLimit', () => {
  it('allows a few signups per address and window, then says how long to wait', () => {
    let now = 1_000_000;
    const limit = new SignupLimit(3, 60_000, () => now);
    expect([limit.take('ip1'), limit.take('ip1'), limit.take('ip1')]).toEqual([0, 0, 0]);
    now += 10_000;
    expect(limit.take('ip1')).toBe(50_000);
    expect(limit.take('ip2')).toBe(0);
    now += 50_001;
    expect(limit.take('ip1')).toBe(0);
  });
});
