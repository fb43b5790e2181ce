// Accounts, for admins: every account; change a role, deactivate or reactivate.
import { api } from '../api.js';
import { busy, h, pagedInto, show, table } from '../dom.js';

const ROLES = ['worker', 'manager', 'accountant', 'admin'];

function roleControl(account, out, reload) {
  const select = h(
    'select',
    { name: `role-${account.username}`, 'aria-label': `Role of ${account.username}` },
    ROLES.map((role) => h('option', { value: role }, role)),
  );
  select.value = account.role;
  select.addEventListener('change', () =>
    busy(select, out, async () => {
      const saved = await api('PATCH', `/auth/accounts/${account.id}`, { role: select.value });
      show(out, h('p', { role: 'status', class: 'ok' }, `${saved.username} is now ${saved.role}.`));
      await reload();
    }).then(() => {
      if (select.isConnected) select.value = account.role; // refused: the role stays what it was
    }),
  );
  return select;
}

function activeControl(account, out, reload) {
  const label = account.active ? 'Deactivate' : 'Activate';
  const button = h(
    'button',
    {
      type: 'button',
      class: account.active ? 'danger' : 'secondary',
      'aria-label': `${label} ${account.username}`,
    },
    label,
  );
  button.addEventListener('click', () =>
    busy(button, out, async () => {
      const saved = await api('PATCH', `/auth/accounts/${account.id}`, { active: !account.active });
      show(
        out,
        h(
          'p',
          { role: 'status', class: 'ok' },
          `${saved.username} is ${saved.active ? 'active' : 'deactivated'}.`,
        ),
      );
      await reload();
    }),
  );
  return button;
}

export async function accountsScreen() {
  const out = h('div', { 'aria-live': 'polite' });
  const list = h('div');
  const reload = pagedInto(
    list,
    (limit) => api('GET', `/auth/accounts?limit=${limit}`),
    (accounts) =>
      table(
        'Accounts',
        ['Username', 'Full name', 'E-mail', 'Role', 'Status', 'Action'],
        accounts.map((a) => [
          a.username,
          a.fullName,
          a.email,
          roleControl(a, out, reload),
          a.active ? 'active' : 'deactivated',
          activeControl(a, out, reload),
        ]),
      ),
  );
  void reload();
  return [h('h1', {}, 'Accounts'), out, list];
}
