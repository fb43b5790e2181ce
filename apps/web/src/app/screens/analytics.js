// Analytics, for admins: a day's management earnings and popugs in the red; the most expensive task per day,
// week or month over a range (table and chart).
import { api } from '../api.js';
import { barChart } from '../chart.js';
import { addDays, businessDay, dateTime, money } from '../format.js';
import { busy, field, h, loadInto, table } from '../dom.js';

function summarySection(timezone) {
  const date = h('input', { type: 'date', name: 'date', value: businessDay(new Date(), timezone) });
  const box = h('div', { 'aria-live': 'polite' });
  const reload = () =>
    loadInto(
      box,
      () => api('GET', `/analytics/summary?date=${date.value}`),
      (s) =>
        h(
          'div',
          { class: 'cards' },
          h(
            'div',
            { class: 'card' },
            h('p', { class: 'muted' }, `Management earnings on ${s.date}`),
            h('p', { class: 'figure', 'data-testid': 'analytics-earnings' }, money(s.managementEarnings)),
          ),
          h(
            'div',
            { class: 'card' },
            h('p', { class: 'muted' }, `Popugs in the red at the end of ${s.date}`),
            h('p', { class: 'figure', 'data-testid': 'analytics-red' }, String(s.negativeBalanceAccounts)),
          ),
        ),
    );
  date.addEventListener('change', () => date.value && reload());
  return {
    element: h(
      'section',
      {},
      h('h2', {}, 'Day summary'),
      h('div', { class: 'row' }, field('Day', date)),
      box,
    ),
    reload,
  };
}

function expensiveSection(timezone) {
  const end = businessDay(new Date(), timezone);
  const from = h('input', { type: 'date', name: 'from', value: addDays(end, -6) });
  const to = h('input', { type: 'date', name: 'to', value: end });
  const granularity = h(
    'select',
    { name: 'granularity' },
    ['day', 'week', 'month'].map((g) => h('option', { value: g }, g)),
  );
  const box = h('div');
  const reload = () =>
    loadInto(
      box,
      () =>
        api(
          'GET',
          `/analytics/most-expensive-tasks?from=${from.value}&to=${to.value}&granularity=${granularity.value}`,
        ),
      (periods) => [
        barChart(
          `Most expensive task per ${granularity.value}, ${from.value} to ${to.value}`,
          periods.map((p) => ({
            label: p.from,
            value: p.task?.reward ?? 0,
            text: p.task ? `${p.task.title} ${money(p.task.reward)}` : 'none',
          })),
        ),
        table(
          'Most expensive tasks',
          ['Period', 'Task', 'Jira id', { num: 'Reward' }, 'Completed'],
          periods.map((p) => [
            p.from === p.to ? p.from : `${p.from} – ${p.to}`,
            p.task ? p.task.title : '—',
            p.task?.jiraId ?? '—',
            { num: p.task ? money(p.task.reward) : '—' },
            p.task ? dateTime(p.task.completedAt, timezone) : '—',
          ]),
        ),
      ],
    );
  const run = h('button', { type: 'button', class: 'secondary' }, 'Show');
  run.addEventListener('click', () => busy(run, h('div'), reload));
  const controls = h(
    'div',
    { class: 'row' },
    field('From', from),
    field('To', to),
    field('Per', granularity),
    run,
  );
  return { element: h('section', {}, h('h2', {}, 'Most expensive task'), controls, box), reload };
}

export async function analyticsScreen({ config }) {
  const summary = summarySection(config.timezone);
  const expensive = expensiveSection(config.timezone);
  void summary.reload();
  void expensive.reload();
  return [h('h1', {}, 'Analytics'), summary.element, expensive.element];
}
