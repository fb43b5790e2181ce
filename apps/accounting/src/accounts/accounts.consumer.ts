import type { AccountStateV1, EventEnvelope } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountBookRepository } from './account-book.repository';

/** accounts-stream → accounting's copy of the popugs. */
@Controller()
export class AccountsConsumer {
  constructor(private readonly accounts: AccountBookRepository) {}

  @EventPattern('AccountCreated')
  created(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.accounts.applyState(ctx.tx, event.data);
  }

  @EventPattern('AccountUpdated')
  updated(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.accounts.applyState(ctx.tx, event.data);
  }
}
