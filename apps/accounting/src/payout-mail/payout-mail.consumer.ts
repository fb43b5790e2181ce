import type { EventEnvelope, PaymentMadeV1 } from '@ates/contracts';
import { MailOutbox } from '@ates/mail';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountBookRepository } from '../ledger/account-book.repository';
import { payoutMail } from './payout-mail.rules';

/**
 * billing-lifecycle PaymentMade → the payout e-mail, queued in the inbox transaction (keyed by payment id,
 * so a redelivered event queues nothing) and sent by the mail dispatcher, which retries while SMTP is down.
 * If the popug's address isn't known yet, the e-mail waits for it (AccountsConsumer fills it in): the event
 * is acknowledged either way, so one missing address never holds up the partition.
 */
@Controller()
export class PayoutMailConsumer {
  constructor(
    private readonly accounts: AccountBookRepository,
    private readonly mail: MailOutbox,
  ) {}

  @EventPattern('PaymentMade')
  async paid(@Payload() event: EventEnvelope<PaymentMadeV1>, @Ctx() ctx: InboxContext): Promise<void> {
    const recipient = await this.accounts.recipient(ctx.tx, event.data.account_id);
    await this.mail.enqueue(ctx.tx, [payoutMail(event.data, recipient)]);
  }
}
