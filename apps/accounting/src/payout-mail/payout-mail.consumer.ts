import type { EventEnvelope, PaymentMadeV1 } from '@ates/contracts';
import { MailOutbox } from '@ates/mail';
import { DeferredWork, InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { AccountBookRepository } from '../ledger/account-book.repository';
import { payoutMail } from './payout-mail.rules';

/**
 * billing-lifecycle PaymentMade → the payout e-mail, queued in the inbox transaction (keyed by payment id,
 * so a redelivered event queues nothing) and sent by the mail dispatcher, which retries while SMTP is down.
 * If the popug's address isn't known yet, the e-mail waits for it (AccountsConsumer fills it in): the event
 * is acknowledged either way, so one missing address never holds up the partition. A chunk's payments are
 * mailed together when it ends: one read of the addresses, one insert of the e-mails (a close pays thousands).
 */
@Controller()
export class PayoutMailConsumer {
  constructor(
    private readonly accounts: AccountBookRepository,
    private readonly mail: MailOutbox,
  ) {}

  @EventPattern('PaymentMade')
  paid(@Payload() event: EventEnvelope<PaymentMadeV1>, @Ctx() ctx: InboxContext): void {
    ctx.work.part(this, () => new PayoutMails(ctx.tx, this.accounts, this.mail)).add(event.data);
  }
}

/** The payout e-mails of one chunk, queued when it ends. */
class PayoutMails implements DeferredWork {
  private readonly payments: PaymentMadeV1[] = [];

  constructor(
    private readonly tx: EntityManager,
    private readonly accounts: AccountBookRepository,
    private readonly mail: MailOutbox,
  ) {}

  add(payment: PaymentMadeV1): void {
    this.payments.push(payment);
  }

  async flush(): Promise<void> {
    const to = await this.accounts.recipients(
      this.tx,
      this.payments.map((p) => p.account_id),
    );
    await this.mail.enqueue(
      this.tx,
      this.payments.map((p) => payoutMail(p, to.get(p.account_id.toLowerCase()) ?? null)),
    );
  }
}
