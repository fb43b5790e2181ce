// My open and done tasks (with Complete), and all tasks filtered by status and assignee, "Show more" to page.
import { api } from '../api.js';
import { dateTime } from '../format.js';
import { busy, field, h, loadInto, show, table } from '../dom.js';
import { expectEntry, waitForEntry } from '../pending.js';

const PAGE = 50;
const taskName = (task) => (task.jiraId ? `[${task.jiraId}] ${task.title}` : task.title);

function completeButton(task, context, out, reload) {
  const button = h('button', { type: 'button' }, 'Complete');
  button.addEventListener('click', () =>
    busy(button, out, async () => {
      await api('POST', `/tasks/${task.id}/complete`);
      expectEntry(task.id, 'completion_reward');
      show(
        out,
        h(
          'p',
          { role: 'status', class: 'pending' },
          `“${task.title}” is done. Your balance is being updated…`,
        ),
      );
      reload();
      const arrived = await waitForEntry(task.id, 'completion_reward', context.config.timezone);
      show(
        out,
        arrived
          ? h(
              'p',
              { role: 'status', class: 'ok' },
              `Reward ${arrived.amount} for “${task.title}” arrived: balance ${arrived.balance}.`,
            )
          : h(
              'p',
              { role: 'status', class: 'pending' },
              'Accounting has not shown the reward yet; see My account shortly.',
            ),
      );
    }),
  );
  return button;
}

export function myTasksSection(context) {
  const out = h('div', { class: 'out' });
  const open = h('div');
  const done = h('div');
  const reload = () =>
    Promise.all([
      loadInto(
        open,
        () => api('GET', '/tasks/mine?status=open&limit=500'),
        (tasks) =>
          tasks.length === 0
            ? h('p', { class: 'muted' }, 'No open tasks.')
            : h(
                'ul',
                { class: 'tasks', 'aria-label': 'My open tasks' },
                tasks.map((task) =>
                  h('li', {}, h('span', {}, taskName(task)), completeButton(task, context, out, reload)),
                ),
              ),
      ),
      loadInto(
        done,
        () => api('GET', '/tasks/mine?status=done&limit=50'),
        (tasks) =>
          tasks.length === 0
            ? h('p', { class: 'muted' }, 'Nothing done yet.')
            : h(
                'ul',
                { class: 'tasks', 'aria-label': 'My done tasks' },
                tasks.map((task) =>
                  h(
                    'li',
                    {},
                    h('span', {}, taskName(task)),
                    h(
                      'span',
                      { class: 'muted' },
                      `done ${dateTime(task.completedAt, context.config.timezone)}`,
                    ),
                  ),
                ),
              ),
      ),
    ]);
  const element = h(
    'section',
    {},
    h('h2', {}, 'My tasks'),
    out,
    h('h3', {}, 'Open'),
    open,
    h('h3', {}, 'Done'),
    done,
  );
  return { element, reload };
}

export function allTasksSection(context, names) {
  const { user, config } = context;
  const who = (id) =>
    id === user.id ? `${user.username} (me)` : (names.get(id) ?? `popug ${id.slice(0, 8)}`);
  const status = h(
    'select',
    { name: 'status' },
    [
      ['', 'Any'],
      ['open', 'Open'],
      ['done', 'Done'],
    ].map(([value, label]) => h('option', { value }, label)),
  );
  const assignee = h(
    'select',
    { name: 'assignee' },
    h('option', { value: '' }, 'Anyone'),
    h('option', { value: user.id }, `${user.username} (me)`),
    [...names].filter(([id]) => id !== user.id).map(([id, name]) => h('option', { value: id }, name)),
  );
  const list = h('div');
  let limit = PAGE;
  const reload = () => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (status.value) query.set('status', status.value);
    if (assignee.value) query.set('assigneeId', assignee.value);
    return loadInto(
      list,
      () => api('GET', `/tasks?${query}`),
      (tasks) => {
        const more = h('button', { type: 'button', class: 'secondary' }, 'Show more');
        more.addEventListener('click', () => {
          limit = Math.min(limit + PAGE, 500);
          void reload();
        });
        return [
          tasks.length === 0
            ? h('p', { class: 'muted' }, 'No tasks match.')
            : table(
                'All tasks',
                ['Task', 'Status', 'Assignee', 'Created'],
                tasks.map((t) => [
                  taskName(t),
                  t.status,
                  who(t.assigneeId),
                  dateTime(t.createdAt, config.timezone),
                ]),
              ),
          tasks.length === limit && limit < 500 ? more : null,
        ];
      },
    );
  };
  for (const control of [status, assignee])
    control.addEventListener('change', () => {
      limit = PAGE;
      void reload();
    });
  const filters = h('div', { class: 'row' }, field('Status', status), field('Assignee', assignee));
  return { element: h('section', {}, h('h2', {}, 'All tasks'), filters, list), reload };
}
