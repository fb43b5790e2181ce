import type { PaymentMadeV1 } from '@ates/contracts';
import { formatDollars } from '../billing/billing.rules';

export interface Recipient {
  email: string;
  fullName: string | null;
}

export interface PayoutMail {
  /** The payment id: one e-mail per payment, also the SMTP Message-ID. */
  messageId: string;
  /** null while accounting doesn't know the address: the e-mail waits for it under `recipientKey`. */
  to: string | null;
  /** The popug's account id. */
  recipientKey: string;
  subject: string;
  text: string;
}

/** The end-of-day e-mail of SPEC §3.6: the amount paid, in dollars, and the business date it closes. */
export function payoutMail(payment: PaymentMadeV1, recipient: Recipient | null): PayoutMail {
  const amount = formatDollars(payment.amount);
  return {
    messageId: payment.payment_id,
    to: recipient?.email ?? null,
    recipientKey: payment.account_id,
    subject: `aTES payout for ${payment.business_date}: ${amount}`,
    text: [
      recipient ? `Hello ${recipient.fullName ?? recipient.email},` : 'Hello,',
      '',
      `Your balance for ${payment.business_date} has been paid out: ${amount}.`,
      `Payment ${payment.payment_id}, made ${payment.paid_at}.`,
      '',
      '— aTES accounting, UberPopug Inc.',
    ].join('\n'),
  };
}
