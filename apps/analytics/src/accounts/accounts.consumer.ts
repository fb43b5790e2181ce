import type { AccountStateV1, EventEnvelope } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/**
 * accounts-stream → each account's role and active flag, which analytics' routes check every token against. A
 * newer version wins, so duplicates and reordering converge; the balance columns are never touched here.
 */
@Controller()
export class AccountsConsumer {
  @EventPattern('AccountCreated')
  created(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.apply(event.data, ctx);
  }

  @EventPattern('AccountUpdated')
  updated(@Payload() event: EventEnvelope<AccountStateV1>, @Ctx() ctx: InboxContext) {
    return this.apply(event.data, ctx);
  }

  private async apply(s: AccountStateV1, ctx: InboxContext): Promise<void> {
    await ctx.tx.query(
      `INSERT INTO analytics.accounts AS a (public_id, role, active, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (public_id) DO UPDATE SET role = EXCLUDED.role, active = EXCLUDED.active, version = EXCLUDED.version
       WHERE a.version < EXCLUDED.version`,
      [s.public_id, s.role, s.active, s.version],
    );
  }
}
