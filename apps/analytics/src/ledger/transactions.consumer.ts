import type { EventEnvelope, TransactionCreatedV1 } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BalancesRepository } from './balances.repository';

/** transactions-stream → day earnings and balances (who is in the red, and since when). */
@Controller()
export class TransactionsConsumer {
  constructor(private readonly balances: BalancesRepository) {}

  @EventPattern('TransactionCreated')
  created(@Payload() event: EventEnvelope<TransactionCreatedV1>, @Ctx() ctx: InboxContext) {
    return this.balances.record(ctx.tx, event.data);
  }
}
