import type { AccountRoleChangedV1, AccountStateV1, EventEnvelope } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountReplicaService } from './account-replica.service';

/**
 * accounts-stream and accounts-lifecycle → tasks' replica of who may be assigned. Each change joins its chunk,
 * written set-based once the chunk's last event is dispatched.
 */
@Controller()
export class AccountsConsumer {
  constructor(private readonly replica: AccountReplicaService) {}

  @EventPattern('AccountCreated')
  created(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext): void {
    this.replica.apply(ctx, { state: event.data });
  }

  @EventPattern('AccountUpdated')
  updated(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext): void {
    this.replica.apply(ctx, { state: event.data });
  }

  @EventPattern('AccountRoleChanged')
  roleChanged(@Payload() event: EventEnvelope<AccountRoleChangedV1>, @Ctx() ctx: InboxContext): void {
    this.replica.apply(ctx, { roleChange: event.data });
  }
}
