import { DomainError } from './domain-error';

/** Business days are `YYYY-MM-DD` in ATES_TIMEZONE (SPEC §3.7, API.md). Plain functions, no framework. */
export function businessDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isBusinessDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The calendar date `days` after (or before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface DateRange {
  from: string;
  to: string;
}

/**
 * `?from=&to=` (inclusive) with defaults: the `defaultDays` days ending today, or ending at `to`/starting at
 * `from` when only one is given. Refuses a reversed range or one longer than `maxDays` (a DomainError 400).
 */
export function resolveDateRange(
  query: Partial<DateRange>,
  today: string,
  defaultDays: number,
  maxDays = 366,
): DateRange {
  const to = query.to ?? (query.from ? addDays(query.from, defaultDays - 1) : today);
  const from = query.from ?? addDays(to, -(defaultDays - 1));
  if (from > to) throw new DomainError('invalid', `from (${from}) must not be after to (${to})`);
  if (addDays(from, maxDays - 1) < to)
    throw new DomainError('invalid', `a date range may span at most ${maxDays} days`);
  return { from, to };
}
