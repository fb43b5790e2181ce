import type { EventEnvelope, TransactionCreatedV1 } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BalancesService } from './balances.service';

/**
 * transactions-stream → day earnings and balances (who is in the red, and since when). Each entry joins its
 * chunk, which the inbox writes set-based once the chunk's last event is dispatched.
 */
@Controller()
export class TransactionsConsumer {
  constructor(private readonly balances: BalancesService) {}

  @EventPattern('TransactionCreated')
  created(@Payload() event: EventEnvelope<TransactionCreatedV1>, @Ctx() ctx: InboxContext): void {
    this.balances.record(ctx, event.data);
  }
}
