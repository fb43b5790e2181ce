import { dayStats } from './stats.rules';

describe('management earnings (SPEC §3.5)', () => {
  it('are the fees charged minus the rewards paid that day; payouts are shown but do not count', () => {
    expect(
      dayStats({ date: '2026-11-25', assignmentFees: 4_500, completionRewards: 3_000, payouts: 9_999 }),
    ).toEqual({
      date: '2026-11-25',
      managementEarnings: 1_500,
      assignmentFees: 4_500,
      completionRewards: 3_000,
      payouts: 9_999,
      currency: 'USD',
    });
  });

  it('can be negative', () => {
    const stats = dayStats({
      date: '2026-11-25',
      assignmentFees: 1_000,
      completionRewards: 4_000,
      payouts: 0,
    });
    expect(stats.managementEarnings).toBe(-3_000);
  });
});
