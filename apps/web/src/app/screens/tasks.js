// Tasks, for everyone: create, my open and done tasks (Complete), all tasks; Shuffle for managers and admins.
import { api } from '../api.js';
import { busy, field, h, show } from '../dom.js';
import { allTasksSection, myTasksSection } from './task-lists.js';

/** Usernames by account id, where the role may list accounts (otherwise ids are shown shortened). */
async function directory(role) {
  const names = new Map();
  const path = role === 'admin' ? '/auth/accounts' : role === 'accountant' ? '/accounting/accounts' : null;
  if (!path) return names;
  const list = await api('GET', path).catch(() => []);
  for (const item of list) names.set(item.id ?? item.accountId, item.username);
  return names;
}

function createForm(onCreated) {
  const title = h('input', { name: 'title', required: true, maxlength: 200 });
  const jiraId = h('input', { name: 'jiraId', maxlength: 64 });
  const description = h('textarea', { name: 'description' });
  const out = h('div', { class: 'out' });
  const submit = h('button', { type: 'submit' }, 'Create task');
  const form = h(
    'form',
    { class: 'stack', novalidate: true, 'aria-labelledby': 'create-heading' },
    field('Title', title),
    field('Jira id', jiraId),
    field('Description', description),
    submit,
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { title: title.value.trim() };
    if (jiraId.value.trim()) body.jiraId = jiraId.value.trim();
    if (description.value.trim()) body.description = description.value.trim();
    void busy(submit, out, async () => {
      const task = await api('POST', '/tasks', body);
      form.reset();
      show(out, h('p', { role: 'status', class: 'ok' }, `Created “${task.title}”.`));
      onCreated();
    });
  });
  return h('section', {}, h('h2', { id: 'create-heading' }, 'New task'), form);
}

function shuffleSection(onShuffled) {
  const out = h('div', { class: 'out' });
  const button = h('button', { type: 'button' }, 'Shuffle');
  button.addEventListener('click', () =>
    busy(button, out, async () => {
      const { reassigned } = await api('POST', '/tasks/shuffle');
      show(
        out,
        h(
          'p',
          { role: 'status', class: 'ok' },
          `Reassigned ${reassigned} open task${reassigned === 1 ? '' : 's'}.`,
        ),
      );
      onShuffled();
    }),
  );
  return h(
    'section',
    {},
    h('h2', {}, 'Reassign'),
    h('p', { class: 'muted' }, 'Give every open task a new random assignee.'),
    h('div', { class: 'row' }, button),
    out,
  );
}

export async function tasksScreen(context) {
  const { user } = context;
  const names = await directory(user.role);
  const mine = myTasksSection(context);
  const all = allTasksSection(context, names);
  const reload = () => {
    void mine.reload();
    void all.reload();
  };
  void mine.reload();
  void all.reload();
  return [
    h('h1', {}, 'Tasks'),
    ['manager', 'admin'].includes(user.role) ? shuffleSection(reload) : null,
    createForm(reload),
    mine.element,
    all.element,
  ];
}
