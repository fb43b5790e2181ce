import type { EventEnvelope, PaymentMadeV1 } from '@ates/contracts';
import { MailOutbox } from '@ates/mail';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountBookRepository } from '../accounts/account-book.repository';
import { payoutMail } from './payout-mail.rules';

/**
 * billing-lifecycle PaymentMade → the payout e-mail, queued in the inbox transaction (keyed by payment id,
 * so a redelivered event queues nothing) and sent by the mail dispatcher, which retries while SMTP is down.
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
    // Not acknowledged, so redelivered later: the address arrives with the account's AccountCreated.
    if (!recipient) throw new Error(`no e-mail address known yet for account ${event.data.account_id}`);
    await this.mail.enqueue(ctx.tx, [payoutMail(event.data, recipient)]);
  }
}
