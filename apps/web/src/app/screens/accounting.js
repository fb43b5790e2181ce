// Accounting, for admins and accountants: every account and one account's log, management earnings (today and
// per day over a range, table and chart), the billing cycles; admins can close the day.
import { api } from '../api.js';
import { barChart } from '../chart.js';
import { addDays, businessDay, dateTime, money } from '../format.js';
import { busy, field, h, loadInto, pagedInto, show, table } from '../dom.js';
import { closeDaySection } from './close-day.js';
import { dayLog } from './ledger-view.js';

function accountsSection(timezone) {
  const list = h('div');
  const detail = h('div', { 'aria-live': 'polite' });
  const open = (account) => {
    const log = dayLog(
      `/accounting/accounts/${account.accountId}/transactions`,
      timezone,
      `Entries of ${account.username}`,
    );
    show(
      detail,
      h(
        'h3',
        { id: 'log-heading', tabindex: '-1' },
        `Log of ${account.username} (${money(account.balance)})`,
      ),
      log.element,
    );
    void log.reload();
    detail.querySelector('#log-heading').focus();
  };
  const reload = pagedInto(
    list,
    (limit) => api('GET', `/accounting/accounts?limit=${limit}`),
    (accounts) =>
      table(
        'Every account',
        ['Popug', { num: 'Balance' }, 'Log'],
        accounts.map((a) => {
          const view = h(
            'button',
            { type: 'button', class: 'secondary', 'aria-label': `View log of ${a.username}` },
            'View log',
          );
          view.addEventListener('click', () => open(a));
          return [a.username, { num: money(a.balance) }, view];
        }),
      ),
  );
  return { element: h('section', {}, h('h2', {}, 'Accounts'), list, detail), reload };
}

const statsRows = (days) =>
  days.map((d) => [
    d.date,
    { num: money(d.assignmentFees) },
    { num: money(d.completionRewards) },
    { num: money(d.payouts) },
    { num: money(d.managementEarnings) },
  ]);

function earningsSection(timezone) {
  const today = h('div', { 'aria-live': 'polite' });
  const end = businessDay(new Date(), timezone);
  const from = h('input', { type: 'date', name: 'from', value: addDays(end, -6) });
  const to = h('input', { type: 'date', name: 'to', value: end });
  const range = h('div');
  const loadToday = () =>
    loadInto(
      today,
      () => api('GET', '/accounting/stats/today'),
      (d) =>
        h(
          'div',
          { class: 'card' },
          h('p', { class: 'muted' }, `Management earnings today (${d.date})`),
          h('p', { class: 'figure', 'data-testid': 'earnings-today' }, money(d.managementEarnings)),
        ),
    );
  const loadRange = () =>
    loadInto(
      range,
      () => api('GET', `/accounting/stats/daily?from=${from.value}&to=${to.value}`),
      (days) => [
        barChart(
          `Management earnings per day, ${from.value} to ${to.value}`,
          days.map((d) => ({
            label: d.date,
            value: d.managementEarnings,
            text: money(d.managementEarnings),
          })),
        ),
        table(
          'Earnings per day',
          ['Day', { num: 'Fees' }, { num: 'Rewards' }, { num: 'Payouts' }, { num: 'Earnings' }],
          statsRows(days),
        ),
      ],
    );
  const showRange = h('button', { type: 'button', class: 'secondary' }, 'Show');
  showRange.addEventListener('click', () => busy(showRange, h('div'), loadRange));
  const controls = h('div', { class: 'row' }, field('From', from), field('To', to), showRange);
  const element = h('section', {}, h('h2', {}, 'Management earnings'), today, controls, range);
  return { element, reload: () => Promise.all([loadToday(), loadRange()]) };
}

function cyclesSection(timezone) {
  const list = h('div');
  const reload = pagedInto(
    list,
    (limit) => api('GET', `/accounting/billing-cycles?limit=${limit}`),
    (cycles) =>
      table(
        'Billing cycles',
        ['Day', 'Status', 'Opened', 'Closed', { num: 'Payouts' }, { num: 'Total paid' }],
        cycles.map((c) => [
          c.date,
          c.status,
          dateTime(c.openedAt, timezone),
          dateTime(c.closedAt, timezone),
          { num: c.payouts ?? 0 },
          { num: money(c.totalPaid ?? 0) },
        ]),
      ),
  );
  return { element: h('section', {}, h('h2', {}, 'Billing cycles'), list), reload };
}

export async function accountingScreen({ user, config }) {
  const accounts = accountsSection(config.timezone);
  const earnings = earningsSection(config.timezone);
  const cycles = cyclesSection(config.timezone);
  const reloadAll = () => Promise.all([accounts.reload(), earnings.reload(), cycles.reload()]);
  void reloadAll();
  return [
    h('h1', {}, 'Accounting'),
    user.role === 'admin' ? closeDaySection(reloadAll) : null,
    earnings.element,
    accounts.element,
    cycles.element,
  ];
}
