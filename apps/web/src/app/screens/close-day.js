// Close the day (admin): asks for confirmation in a dialog, then shows the payouts and the total.
import { api } from '../api.js';
import { money } from '../format.js';
import { busy, h, show } from '../dom.js';

export function closeDaySection(onClosed) {
  const out = h('div', { 'aria-live': 'polite' });
  const open = h('button', { type: 'button', class: 'danger' }, 'Close the day');
  const confirm = h('button', { type: 'button', class: 'danger' }, 'Confirm');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'close-title', 'aria-describedby': 'close-text' },
    h('h2', { id: 'close-title' }, 'Close the day?'),
    h(
      'p',
      { id: 'close-text' },
      'The open billing cycle closes now: every positive balance is paid out and e-mailed, debts carry over.',
    ),
    h('div', { class: 'row' }, confirm, cancel),
  );
  open.addEventListener('click', () => dialog.showModal());
  cancel.addEventListener('click', () => dialog.close());
  confirm.addEventListener('click', () => {
    dialog.close();
    void busy(open, out, async () => {
      const result = await api('POST', '/accounting/billing-cycles/close');
      show(
        out,
        h(
          'p',
          { role: 'status', class: 'ok', 'data-testid': 'close-result' },
          `Closed ${result.date}: ${result.payouts} payout${result.payouts === 1 ? '' : 's'}, ${money(result.totalPaid)} in total.`,
        ),
      );
      await onClosed();
    });
  });
  return h('section', {}, h('h2', {}, 'Billing day'), h('div', { class: 'row' }, open), out, dialog);
}
