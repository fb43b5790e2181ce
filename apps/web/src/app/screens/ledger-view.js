// One account's audit log for a day, with a date picker: shared by My account and Accounting.
import { api } from '../api.js';
import { amountOf, businessDay, dateTime, kindName, money } from '../format.js';
import { field, h, pagedInto, table } from '../dom.js';

export function entryRows(entries, timezone) {
  return entries.map((e) => [
    dateTime(e.createdAt, timezone),
    kindName(e.kind),
    { num: money(amountOf(e)) },
    e.description,
  ]);
}

/** A date picker (business days in the time zone) and the day's entries of `path` (…/transactions). */
export function dayLog(path, timezone, caption) {
  const date = h('input', { type: 'date', name: 'date', value: businessDay(new Date(), timezone) });
  const list = h('div');
  const reload = pagedInto(
    list,
    (limit) => api('GET', `${path}?date=${date.value}&limit=${limit}`),
    (entries) =>
      entries.length === 0
        ? h('p', { class: 'muted' }, `No entries on ${date.value}.`)
        : table(
            `${caption} on ${date.value}`,
            ['Time', 'Kind', { num: 'Amount' }, 'Task or payout'],
            entryRows(entries, timezone),
          ),
  );
  date.addEventListener('change', () => date.value && reload());
  const element = h('div', {}, h('div', { class: 'row' }, field('Day', date)), list);
  return { element, reload, date };
}
