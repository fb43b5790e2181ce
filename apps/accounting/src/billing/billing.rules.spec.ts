import { formatDollars, isOverdue, planPayouts } from './billing.rules';

describe('billing rules (SPEC §3.6)', () => {
  it('pays every positive balance in full and nothing else', () => {
    const plan = planPayouts([
      { accountId: 'rich', balance: 2_500 },
      { accountId: 'zero', balance: 0 },
      { accountId: 'debtor', balance: -1_200 },
      { accountId: 'cent', balance: 1 },
    ]);
    expect(plan.payouts).toEqual([
      { accountId: 'rich', amount: 2_500 },
      { accountId: 'cent', amount: 1 },
    ]);
    expect(plan.totalPaid).toBe(2_501);
  });

  it('carries a negative balance over untouched and leaves a zero balance alone', () => {
    const plan = planPayouts([
      { accountId: 'zero', balance: 0 },
      { accountId: 'debtor', balance: -1_200 },
    ]);
    expect(plan.payouts).toEqual([]);
    expect(plan.totalPaid).toBe(0);
    expect(plan.carried).toEqual([{ accountId: 'debtor', balance: -1_200 }]);
  });

  it('repays a carried debt with the next day’s rewards before anything is paid out', () => {
    // Day 1: two fees ($15 + $12), nothing completed → -$27, carried.
    let balance = -1_500 - 1_200;
    balance -= planPayouts([{ accountId: 'p', balance }]).totalPaid;
    expect(balance).toBe(-2_700);
    // Day 2: one reward of $25 → still -$2, carried again.
    balance += 2_500;
    balance -= planPayouts([{ accountId: 'p', balance }]).totalPaid;
    expect(balance).toBe(-200);
    // Day 3: a reward of $38 → $36 paid out, balance back to zero.
    balance += 3_800;
    const plan = planPayouts([{ accountId: 'p', balance }]);
    expect(plan).toMatchObject({ payouts: [{ accountId: 'p', amount: 3_600 }], totalPaid: 3_600 });
    expect(balance - plan.totalPaid).toBe(0);
  });

  it('closes a cycle only once its business day is over', () => {
    expect(isOverdue('2026-11-24', '2026-11-25')).toBe(true);
    expect(isOverdue('2026-11-25', '2026-11-25')).toBe(false);
    expect(isOverdue('2025-12-31', '2026-01-01')).toBe(true);
  });

  it('formats cents as dollars without floating point', () => {
    expect([0, 1, 99, 100, 2_345, -5, -123_456].map(formatDollars)).toEqual([
      '$0.00',
      '$0.01',
      '$0.99',
      '$1.00',
      '$23.45',
      '-$0.05',
      '-$1234.56',
    ]);
    expect(() => formatDollars(1.5)).toThrow(RangeError);
  });
});
