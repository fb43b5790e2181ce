import { AccountRoleChangedV1, AccountStateV1, newestStates } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountReplicaRepository } from './account-replica.repository';

export type ReplicaChange = { state: AccountStateV1 } | { roleChange: AccountRoleChangedV1 };

/**
 * Account events → tasks' replica. A consumer adds each change to its chunk (`apply`); at the chunk's end each
 * run of states is folded to the newest per account and written with one upsert. A role change (rare, and on
 * another topic than the states) is applied where it stands, so the result is the one of applying the chunk's
 * events one by one.
 */
@Injectable()
export class AccountReplicaService {
  constructor(private readonly replica: AccountReplicaRepository) {}

  apply(ctx: InboxContext, change: ReplicaChange): void {
    ctx.work.add(this, change, (changes) => this.applyAll(ctx.tx, changes));
  }

  private async applyAll(tx: EntityManager, changes: readonly ReplicaChange[]): Promise<void> {
    let states: AccountStateV1[] = [];
    for (const change of changes) {
      if ('state' in change) {
        states.push(change.state);
        continue;
      }
      await this.replica.applyStates(tx, newestStates(states));
      states = [];
      await this.replica.applyRoleChange(tx, change.roleChange);
    }
    await this.replica.applyStates(tx, newestStates(states));
  }
}
