import { isMoreExpensive, managementEarnings, mostExpensive, periods } from './figures.rules';

describe('analytics periods', () => {
  it('splits a range into days', () => {
    expect(periods({ from: '2026-02-27', to: '2026-03-01' }, 'day')).toEqual([
      { from: '2026-02-27', to: '2026-02-27' },
      { from: '2026-02-28', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-01' },
    ]);
  });

  it('uses ISO weeks (Monday–Sunday), clipped to the range, across a year end', () => {
    // 2026-12-30 is a Wednesday; ISO week 53 of 2026 runs Mon 2026-12-28 … Sun 2027-01-03.
    expect(periods({ from: '2026-12-30', to: '2027-01-12' }, 'week')).toEqual([
      { from: '2026-12-30', to: '2027-01-03' },
      { from: '2027-01-04', to: '2027-01-10' },
      { from: '2027-01-11', to: '2027-01-12' },
    ]);
    expect(periods({ from: '2026-11-23', to: '2026-11-29' }, 'week')).toEqual([
      { from: '2026-11-23', to: '2026-11-29' },
    ]);
    expect(periods({ from: '2026-11-29', to: '2026-11-30' }, 'week')).toEqual([
      { from: '2026-11-29', to: '2026-11-29' },
      { from: '2026-11-30', to: '2026-11-30' },
    ]);
  });

  it('uses calendar months, leap February included, clipped to the range', () => {
    expect(periods({ from: '2028-01-15', to: '2028-03-02' }, 'month')).toEqual([
      { from: '2028-01-15', to: '2028-01-31' },
      { from: '2028-02-01', to: '2028-02-29' },
      { from: '2028-03-01', to: '2028-03-02' },
    ]);
    expect(periods({ from: '2026-12-01', to: '2027-01-31' }, 'month')).toEqual([
      { from: '2026-12-01', to: '2026-12-31' },
      { from: '2027-01-01', to: '2027-01-31' },
    ]);
  });

  it('gives one period for a single day whatever the granularity', () => {
    for (const g of ['day', 'week', 'month'] as const)
      expect(periods({ from: '2026-11-25', to: '2026-11-25' }, g)).toEqual([
        { from: '2026-11-25', to: '2026-11-25' },
      ]);
  });
});

describe('the most expensive task', () => {
  const t = (taskId: string, reward: number, completedAt: string) => ({ taskId, reward, completedAt });

  it('is the highest reward; ties go to the earliest completion, then the smaller id', () => {
    const a = t('b', 3_800, '2026-11-25T10:00:00.000Z');
    const b = t('a', 3_800, '2026-11-25T09:00:00.000Z');
    const c = t('c', 2_800, '2026-11-25T08:00:00.000Z');
    const d = t('0', 3_800, '2026-11-25T09:00:00.000Z');
    expect(mostExpensive([c, a, b])).toBe(b);
    expect(mostExpensive([a, b, d])).toBe(d);
    expect(isMoreExpensive(b, a)).toBe(true);
    expect(isMoreExpensive(a, b)).toBe(false);
    expect(isMoreExpensive(c, a)).toBe(false);
  });

  it('is null when nothing was completed', () => {
    expect(mostExpensive([])).toBeNull();
  });

  it('compares instants, not strings, whatever the offset they are written in', () => {
    const utc = t('x', 3_000, '2026-11-25T09:30:00.000Z');
    const berlin = t('y', 3_000, '2026-11-25T10:00:00.000+01:00'); // = 09:00Z, earlier
    expect(mostExpensive([utc, berlin])).toBe(berlin);
  });
});

describe('management earnings', () => {
  it('are fees minus rewards and may be negative', () => {
    expect(managementEarnings(4_500, 3_000)).toBe(1_500);
    expect(managementEarnings(1_000, 4_000)).toBe(-3_000);
  });
});
