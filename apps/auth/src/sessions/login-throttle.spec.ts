import { LoginThrottle } from './login-throttle';

const settings = {
  freeFailures: 3,
  baseBlockMs: 1_000,
  maxBlockMs: 8_000,
  usernameFreeFailures: 6,
  usernameMaxBlockMs: 4_000,
  addressFailuresPerWindow: 10,
  addressWindowMs: 60_000,
};

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle(settings, () => now);
  beforeEach(() => (now = 1_000_000));

  it('lets the first failures through, then blocks with a doubling, capped back-off', () => {
    const t = throttle();
    t.failed('kate', 'ip1');
    t.failed('kate', 'ip1');
    expect(t.retryAfter('kate', 'ip1')).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      t.failed('kate', 'ip1');
      waits.push(t.retryAfter('kate', 'ip1'));
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    now += 8_000;
    expect(t.retryAfter('kate', 'ip1')).toBe(0);
  });

  it('blocks one username without blocking others from the same address', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.failed('kate', 'ip1');
    expect(t.retryAfter('kate', 'ip1')).toBeGreaterThan(0);
    expect(t.retryAfter('bob', 'ip1')).toBe(0);
  });

  it('blocks an address spraying many usernames, until the window slides', () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) t.failed(`user${i}`, 'ip1');
    expect(t.retryAfter('fresh', 'ip1')).toBe(60_000);
    expect(t.retryAfter('fresh', 'ip2')).toBe(0);
    now += 60_001;
    expect(t.retryAfter('fresh', 'ip1')).toBe(0);
  });

  it('does not count successful logins against the address', () => {
    const t = throttle();
    for (let i = 0; i < 20; i++) {
      t.failed(`user${i}`, 'ip1');
      t.succeeded(`user${i}`, 'ip1');
    }
    expect(t.retryAfter('fresh', 'ip1')).toBe(0);
  });

  it('forgets a username after a success', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.failed('kate', 'ip1');
    t.succeeded('kate', 'ip1');
    expect(t.retryAfter('kate', 'ip2')).toBe(0);
  });

  it('does not let an attacker at one address block the victim at another', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) t.failed('kate', 'attacker');
    expect(t.retryAfter('kate', 'attacker')).toBe(4_000);
    expect(t.retryAfter('kate', 'home')).toBe(0);
  });

  it('slows a username guessed from many addresses, capped much shorter', () => {
    const t = throttle();
    for (let i = 0; i < 12; i++) t.failed('kate', `bot${i}`);
    expect(t.retryAfter('kate', 'bot99')).toBe(4_000); // 6 over the free 6: capped at 4 s, not 8 s
    now += 4_000;
    expect(t.retryAfter('kate', 'bot99')).toBe(0);
  });

  it('spares an address the account has logged in from before', () => {
    const t = throttle();
    t.failed('kate', 'home');
    t.succeeded('kate', 'home');
    for (let i = 0; i < 12; i++) t.failed('kate', `bot${i}`);
    expect(t.retryAfter('kate', 'bot99')).toBeGreaterThan(0);
    expect(t.retryAfter('kate', 'home')).toBe(0);
  });
});
