// My account, for everyone: the balance and the audit log day by day. Right after an action of the popug's it
// says the balance is being updated, and shows the new figure once accounting has it.
import { api } from '../api.js';
import { money } from '../format.js';
import { h, loadInto, show } from '../dom.js';
import { hasPending, waitForPending } from '../pending.js';
import { dayLog } from './ledger-view.js';

const balanceCard = (balance) =>
  h(
    'div',
    { class: 'card' },
    h('p', { class: 'muted' }, 'Balance'),
    h('p', { class: 'figure', 'data-testid': 'balance' }, money(balance.balance)),
  );

export async function accountScreen({ config }) {
  const balance = h('div', { 'aria-live': 'polite' });
  const note = h('div', { 'aria-live': 'polite' });
  const log = dayLog('/accounting/me/transactions', config.timezone, 'My entries');
  const reload = () =>
    Promise.all([loadInto(balance, () => api('GET', '/accounting/me'), balanceCard), log.reload()]);
  void reload().then(async () => {
    if (!hasPending()) return;
    show(note, h('p', { role: 'status', class: 'pending' }, 'Your balance is being updated…'));
    const fresh = await waitForPending(config.timezone);
    show(
      note,
      fresh
        ? h('p', { role: 'status', class: 'ok' }, `Up to date: ${money(fresh.balance)}.`)
        : h(
            'p',
            { role: 'status', class: 'pending' },
            'Accounting is still catching up; refresh in a moment.',
          ),
    );
    await reload();
  });
  return [h('h1', {}, 'My account'), note, balance, h('h2', {}, 'Audit log'), log.element];
}
