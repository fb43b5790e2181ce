import type { AccountStateV1, EventEnvelope } from '@ates/contracts';
import { MailOutbox } from '@ates/mail';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountBookRepository } from '../ledger/account-book.repository';

/** accounts-stream → accounting's copy of the popugs, and the address of payout e-mails waiting for one. */
@Controller()
export class AccountsConsumer {
  constructor(
    private readonly accounts: AccountBookRepository,
    private readonly mail: MailOutbox,
  ) {}

  @EventPattern('AccountCreated')
  created(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.apply(event.data, ctx);
  }

  @EventPattern('AccountUpdated')
  updated(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.apply(event.data, ctx);
  }

  private async apply(state: AccountStateV1, ctx: InboxContext): Promise<void> {
    await this.accounts.applyState(ctx.tx, state);
    await this.mail.address(ctx.tx, state.public_id, state.email);
  }
}
