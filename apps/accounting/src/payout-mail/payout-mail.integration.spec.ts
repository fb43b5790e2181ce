import type { PaymentMadeV1 } from '@ates/contracts';
import { MailDispatcher, SmtpMailTransport } from '@ates/mail';
import { envelope, SmtpTestServer, startSmtpTestServer } from '@ates/testing';
import { randomUUID } from 'node:crypto';
import { formatDollars } from '../billing/billing.rules';
import {
  account,
  AccountingHarness,
  accountingHarness,
  taskAdded,
  taskCompleted,
} from '../testing/accounting-harness';

describe('payout e-mail (integration: real PostgreSQL, real SMTP)', () => {
  let h: AccountingHarness;
  let smtp: SmtpTestServer;
  let dispatcher: MailDispatcher;

  beforeEach(async () => {
    h = await accountingHarness();
    smtp = await startSmtpTestServer();
    const options = { schema: 'accounting', from: 'aTES <no-reply@popug.inc>', autoStart: false };
    dispatcher = new MailDispatcher(h.db, options, new SmtpMailTransport(smtp.url));
  });
  afterEach(async () => {
    await smtp.close();
    await h.database.close();
  });

  /** A popug earns a reward, the day closes, and the close's PaymentMade comes back to accounting. */
  async function payday(known = true) {
    const popug = account('payee');
    const task = randomUUID();
    await h.feed([
      ...(known ? [envelope('AccountCreated', 1, popug)] : []),
      taskAdded(task, 'Earn', popug.public_id),
      taskCompleted(task, popug.public_id),
    ]);
    const closed = await h.billing.closeNow();
    const [payment] = await h.published<PaymentMadeV1>('PaymentMade');
    return { popug, closed, payment };
  }

  it('sends one e-mail stating the amount and date, however often PaymentMade is delivered', async () => {
    const { popug, closed, payment } = await payday();
    await h.feed([payment, payment]);
    await h.feed([payment]); // redelivered later, in another batch
    await h.feed([{ ...payment, event_id: randomUUID() }]); // the same payment re-published under a new event id
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, failed: 0 });
    const dollars = formatDollars(closed.totalPaid);
    expect(smtp.received).toEqual([
      expect.objectContaining({
        messageId: `<${payment.data.payment_id}@ates.popug.inc>`,
        to: popug.email,
        subject: `aTES payout for ${closed.date}: ${dollars}`,
      }),
    ]);
    expect(smtp.received[0].body).toContain(`paid out: ${dollars}`);
  });

  it('lets the e-mail wait for an unknown address without holding up the event, then mails it once', async () => {
    const { popug, payment } = await payday(false);
    await h.feed([payment]); // acknowledged at once
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, failed: 0 });
    await h.feed([envelope('AccountCreated', 1, { ...popug, public_id: payment.data.account_id })]);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.map((m) => [m.to, m.messageId])).toEqual([
      [popug.email, `<${payment.data.payment_id}@ates.popug.inc>`],
    ]);
  });

  it('mails a whole chunk of payments at once: each popug once, one of them once their address is known', async () => {
    const [ann, bob, cid] = [account('ann'), account('bob'), account('cid')];
    const tasks = [randomUUID(), randomUUID(), randomUUID()];
    await h.feed([
      envelope('AccountCreated', 1, ann),
      envelope('AccountCreated', 1, bob),
      ...[ann, bob, cid].flatMap((p, i) => [
        taskAdded(tasks[i], `Earn ${i}`, p.public_id),
        taskCompleted(tasks[i], p.public_id),
      ]),
    ]);
    await h.billing.closeNow();
    const payments = await h.published<PaymentMadeV1>('PaymentMade');
    expect(payments).toHaveLength(3);
    await h.feed([...payments, payments[0]]); // one chunk, with a duplicate inside it
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 2, failed: 0 });
    await h.feed([envelope('AccountCreated', 1, cid)]);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.map((m) => m.to).sort()).toEqual([ann.email, bob.email, cid.email].sort());
  });
});
