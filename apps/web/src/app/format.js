// Money and business dates, as the dashboards show them. Plain functions (unit-tested in format.spec.ts).

/** Cents → `$15.00`, `-$3.50`. */
export function money(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** The business day (`YYYY-MM-DD`) of an instant in a time zone. */
export function businessDay(instant, timeZone) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** An ISO instant as date and time in the business time zone, e.g. `2 Dec 2026, 14:05:09`. */
export function dateTime(iso, timeZone) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(iso),
  );
}

const KINDS = {
  assignment_fee: 'Assignment fee',
  completion_reward: 'Completion reward',
  payout: 'Payout',
};
export const kindName = (kind) => KINDS[kind] ?? kind;

/** An entry's signed amount in cents: credit − debit. */
export const amountOf = (entry) => entry.credit - entry.debit;
