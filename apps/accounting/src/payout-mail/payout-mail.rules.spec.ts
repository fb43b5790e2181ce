import { payoutMail } from './payout-mail.rules';

describe('payout e-mail', () => {
  const payment = {
    payment_id: '0b8f3c8e-6f1e-4f7b-9a3e-2a1f7c9d0e11',
    account_id: '5d2f6c1a-3b4e-4c5d-8e9f-0a1b2c3d4e5f',
    cycle_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    business_date: '2026-11-25',
    amount: 4_205,
    currency: 'USD' as const,
    entry_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    paid_at: '2026-11-25T23:00:00.000Z',
  };

  it('states the amount in dollars and the date, addressed to the popug, keyed by the payment', () => {
    const mail = payoutMail(payment, { email: 'bob@popug.inc', fullName: 'Bob Popug' });
    expect(mail.messageId).toBe(payment.payment_id);
    expect(mail.to).toBe('bob@popug.inc');
    expect(mail.subject).toBe('aTES payout for 2026-11-25: $42.05');
    expect(mail.text).toContain('Hello Bob Popug,');
    expect(mail.text).toContain('Your balance for 2026-11-25 has been paid out: $42.05.');
    expect(mail.recipientKey).toBe(payment.account_id);
  });

  it('waits for the address, keyed by the account, when accounting does not know it yet', () => {
    const mail = payoutMail(payment, null);
    expect(mail).toMatchObject({ to: null, recipientKey: payment.account_id, messageId: payment.payment_id });
    expect(mail.text.startsWith('Hello,')).toBe(true);
  });
});
