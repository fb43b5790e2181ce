import { addDays, amountOf, businessDay, dateTime, kindName, money } from './format.js';

describe('dashboard formats', () => {
  it('shows cents as dollars, negative balances with a minus', () => {
    expect(money(1500)).toBe('$15.00');
    expect(money(5)).toBe('$0.05');
    expect(money(-350)).toBe('-$3.50');
    expect(money(123456789)).toBe('$1,234,567.89');
    expect(money(0)).toBe('$0.00');
  });

  it('takes the business day in the configured time zone', () => {
    const instant = new Date('2026-12-01T23:30:00Z');
    expect(businessDay(instant, 'UTC')).toBe('2026-12-01');
    expect(businessDay(instant, 'Europe/Moscow')).toBe('2026-12-02');
    expect(businessDay(instant, 'America/New_York')).toBe('2026-12-01');
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-02', -6)).toBe('2026-11-26');
  });

  it('shows times in the business time zone', () => {
    expect(dateTime('2026-12-01T23:30:05Z', 'Europe/Moscow')).toBe('2 Dec 2026, 02:30:05');
    expect(dateTime(null, 'UTC')).toBe('—');
  });

  it('names entry kinds and signs amounts', () => {
    expect(kindName('completion_reward')).toBe('Completion reward');
    expect(kindName('payout')).toBe('Payout');
    expect(amountOf({ debit: 1200, credit: 0 })).toBe(-1200);
    expect(amountOf({ debit: 0, credit: 3300 })).toBe(3300);
  });
});
