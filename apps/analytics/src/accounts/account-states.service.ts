import { AccountStateV1, newestStates } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountStatesRepository } from './account-states.repository';

/** Account states → analytics' copy: a chunk's states are folded to the newest per account, one upsert. */
@Injectable()
export class AccountStatesService {
  constructor(private readonly states: AccountStatesRepository) {}

  apply(ctx: InboxContext, state: AccountStateV1): void {
    ctx.work.add(this, state, (states) => this.applyAll(ctx.tx, states));
  }

  private applyAll(tx: EntityManager, states: readonly AccountStateV1[]): Promise<void> {
    return this.states.upsertMany(tx, newestStates(states));
  }
}
