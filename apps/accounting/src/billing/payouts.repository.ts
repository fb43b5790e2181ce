import { col, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AccountBalance, Payout } from './billing.rules';

export interface PaidRow {
  payment_id: string;
  account_public_id: string;
  /** cents */
  amount: number;
  entry_id: string;
  paid_at: string;
}

const BALANCE = rowOf<AccountBalance>('account balance', { accountId: col.text, balance: col.int });
const PAID = rowOf<PaidRow>('payout', {
  payment_id: col.text,
  account_public_id: col.text,
  amount: col.int,
  entry_id: col.text,
  paid_at: col.timestamp,
});

/** Payouts of a closing cycle: the payout row, its ledger entry and the balance change, in one statement. */
@Injectable()
export class PayoutsRepository {
  /**
   * The next `limit` accounts after `after` (in id order; null: from the start) whose balance is not zero, with
   * their internal ids; the caller holds the posting gate exclusively, so no balance moves meanwhile.
   */
  nonZeroBalances(tx: EntityManager, after: string | null, limit: number): Promise<AccountBalance[]> {
    return queryRows(
      tx,
      BALANCE,
      `SELECT id AS "accountId", balance FROM accounting.accounts
        WHERE balance <> 0 AND ($1::bigint IS NULL OR id > $1::bigint)
        ORDER BY id LIMIT $2`,
      [after, limit],
    );
  }

  /**
   * Records the payouts of a cycle. `UNIQUE (cycle_id, account_id)` makes a second payout of an account in the
   * same cycle impossible, whatever the caller does: a conflicting row is skipped and returned by no one.
   */
  async pay(tx: EntityManager, cycleId: string, payouts: Payout[], description: string): Promise<PaidRow[]> {
    if (payouts.length === 0) return [];
    return queryRows(
      tx,
      PAID,
      `WITH planned AS (
         SELECT * FROM unnest($2::bigint[], $3::bigint[]) AS p(account_id, amount)
       ), payout AS (
         INSERT INTO accounting.payouts (cycle_id, account_id, amount)
         SELECT $1, account_id, amount FROM planned
         ON CONFLICT (cycle_id, account_id) DO NOTHING
         RETURNING id, public_id, account_id, amount, created_at
       ), entry AS (
         INSERT INTO accounting.entries (account_id, cycle_id, kind, debit, payout_id, description)
         SELECT account_id, $1, 'payout', amount, id, $4 FROM payout
         RETURNING public_id, payout_id, created_at
       ), debited AS (
         UPDATE accounting.accounts a SET balance = a.balance - payout.amount
           FROM payout WHERE a.id = payout.account_id
         RETURNING a.id
       )
       SELECT payout.public_id AS payment_id, a.public_id AS account_public_id, payout.amount,
              entry.public_id AS entry_id, entry.created_at AS paid_at
         FROM payout
         JOIN entry ON entry.payout_id = payout.id
         JOIN accounting.accounts a ON a.id = payout.account_id
        WHERE EXISTS (SELECT 1 FROM debited WHERE debited.id = payout.account_id)
        ORDER BY payout.id`,
      [cycleId, payouts.map((p) => p.accountId), payouts.map((p) => p.amount), description],
    );
  }
}
