import { businessDate, isBusinessDate } from './business-date';

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
});
