import type { TransactionCreatedV1 } from '@ates/contracts';
import { InboxContext } from '@ates/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BalanceChange, BalancesRepository } from './balances.repository';
import { planRedPeriods, Posting, RedPeriod } from './red-periods.rules';

/**
 * Entries → balances and red periods. A consumer adds each entry to its chunk (`record`); at the chunk's end
 * they are written set-based (`recordAll`): one insert of the entries (a duplicate is skipped there), one lock
 * and one update of the accounts they touch, and the red periods derived per account as applying the entries
 * one by one would derive them. An account that receives an entry older than one it holds has its periods
 * recomputed from its transactions, so the result never depends on arrival order.
 */
@Injectable()
export class BalancesService {
  constructor(private readonly balances: BalancesRepository) {}

  record(ctx: InboxContext, entry: TransactionCreatedV1): void {
    ctx.work.add(this, entry, (entries) => this.recordAll(ctx.tx, entries));
  }

  private async recordAll(tx: EntityManager, entries: readonly TransactionCreatedV1[]): Promise<void> {
    const fresh = await this.balances.insertNew(tx, unique(entries));
    const postings = new Map<string, Posting[]>(); // per account, in arrival order
    for (const t of entries) {
      if (!fresh.delete(t.public_id.toLowerCase())) continue; // recorded already, or twice in this chunk
      const account = t.account_id.toLowerCase();
      if (!postings.has(account)) postings.set(account, []);
      postings.get(account)?.push({ amount: t.credit - t.debit, at: t.created_at });
    }
    if (postings.size === 0) return;
    const before = await this.balances.lock(tx, [...postings.keys()]);
    const changes = new Map<string, BalanceChange>();
    const closeAt = new Map<string, string>();
    const periods: (RedPeriod & { accountId: string })[] = [];
    const recompute: string[] = [];
    for (const [accountId, list] of postings) {
      changes.set(accountId, { delta: sum(list), lastAt: newest(list) });
      const plan = planRedPeriods(before.get(accountId) ?? { balance: 0, lastEntryAt: null }, list);
      if (plan.recompute) recompute.push(accountId);
      else {
        if (plan.closeAt !== null) closeAt.set(accountId, plan.closeAt);
        periods.push(...plan.periods.map((p) => ({ ...p, accountId })));
      }
    }
    await this.balances.addToBalances(tx, changes);
    await this.balances.closeOpenPeriods(tx, closeAt);
    await this.balances.insertPeriods(tx, periods);
    await this.balances.recompute(tx, recompute);
  }
}

/** The first entry of each public id (a chunk may carry one twice). */
function unique(entries: readonly TransactionCreatedV1[]): TransactionCreatedV1[] {
  const byId = new Map<string, TransactionCreatedV1>();
  for (const t of entries) if (!byId.has(t.public_id.toLowerCase())) byId.set(t.public_id.toLowerCase(), t);
  return [...byId.values()];
}

const sum = (postings: readonly Posting[]) => postings.reduce((total, p) => total + p.amount, 0);

const newest = (postings: readonly Posting[]) =>
  postings.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a)).at;
