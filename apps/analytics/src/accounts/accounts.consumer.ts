import type { AccountStateV1, EventEnvelope } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountStatesService } from './account-states.service';

/**
 * accounts-stream → each account's role and active flag, which analytics' routes check every token against.
 * Each state joins its chunk, written with one upsert once the chunk's last event is dispatched.
 */
@Controller()
export class AccountsConsumer {
  constructor(private readonly states: AccountStatesService) {}

  @EventPattern('AccountCreated')
  created(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext): void {
    this.states.apply(ctx, event.data);
  }

  @EventPattern('AccountUpdated')
  updated(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext): void {
    this.states.apply(ctx, event.data);
  }
}
