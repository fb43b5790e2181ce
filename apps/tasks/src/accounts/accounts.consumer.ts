import type { AccountRoleChangedV1, AccountStateV1, EventEnvelope } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccountReplicaRepository } from './account-replica.repository';

/** accounts-stream and accounts-lifecycle → tasks' replica of who may be assigned. */
@Controller()
export class AccountsConsumer {
  constructor(private readonly replica: AccountReplicaRepository) {}

  @EventPattern('AccountCreated')
  created(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.replica.applyState(ctx.tx, event.data);
  }

  @EventPattern('AccountUpdated')
  updated(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.replica.applyState(ctx.tx, event.data);
  }

  @EventPattern('AccountRoleChanged')
  roleChanged(@Payload() event: EventEnvelope<AccountRoleChangedV1>, @Ctx() ctx: InboxContext) {
    return this.replica.applyRoleChange(ctx.tx, event.data);
  }
}
