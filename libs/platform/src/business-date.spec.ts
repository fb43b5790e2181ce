import { addDays, businessDate, isBusinessDate, resolveDateRange } from './business-date';

describe('business dates', () => {
  it('takes the day in the configured time zone', () => {
    const instant = new Date('2026-03-03T23:30:00Z');
    expect(businessDate(instant, 'UTC')).toBe('2026-03-03');
    expect(businessDate(instant, 'Europe/Moscow')).toBe('2026-03-04');
    expect(businessDate(instant, 'America/New_York')).toBe('2026-03-03');
  });

  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00', false],
  ])('isBusinessDate(%s) = %s', (value, ok) => expect(isBusinessDate(value)).toBe(ok));

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-11-25', -6)).toBe('2026-11-19');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('resolves ?from=&to= with the default span and refuses reversed or too long ranges', () => {
    expect(resolveDateRange({}, '2026-11-25', 7)).toEqual({ from: '2026-11-19', to: '2026-11-25' });
    expect(resolveDateRange({ from: '2026-11-01' }, '2026-11-25', 7)).toEqual({
      from: '2026-11-01',
      to: '2026-11-07',
    });
    expect(resolveDateRange({ to: '2026-11-03' }, '2026-11-25', 7)).toEqual({
      from: '2026-10-28',
      to: '2026-11-03',
    });
    expect(resolveDateRange({ from: '2026-11-25', to: '2026-11-25' }, '2026-11-25', 7)).toEqual({
      from: '2026-11-25',
      to: '2026-11-25',
    });
    expect(() => resolveDateRange({ from: '2026-11-26', to: '2026-11-25' }, '2026-11-25', 7)).toThrow(
      /must not be after/,
    );
    expect(() => resolveDateRange({ from: '2025-01-01', to: '2026-11-25' }, '2026-11-25', 7)).toThrow(
      /at most 366 days/,
    );
    expect(resolveDateRange({ from: '2025-11-26', to: '2026-11-25' }, '2026-11-25', 7).from).toBe(
      '2025-11-26',
    );
  });
});
