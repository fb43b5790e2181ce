import type { TransactionCreatedV1 } from '@ates/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The red periods of the given accounts (NULL: all), recomputed from their transactions: the running balance in
 * (created_at, public_id) order, each switch below zero opening a period and each switch back closing it. Used
 * when an entry arrives out of order, and to rebuild the read model.
 */
export const recomputeRedPeriodsSql = `
  WITH running AS (
    SELECT account_id, public_id, created_at,
           sum(credit - debit) OVER (PARTITION BY account_id ORDER BY created_at, public_id) < 0 AS red
      FROM analytics.transactions
     WHERE $1::uuid[] IS NULL OR account_id = ANY($1::uuid[])
  ), edges AS (
    SELECT account_id, public_id, created_at, red
      FROM (SELECT *, lag(red, 1, false) OVER (PARTITION BY account_id ORDER BY created_at, public_id) AS was_red
              FROM running) flagged
     WHERE red <> was_red
  ), periods AS (
    SELECT account_id, red, created_at AS start_at,
           lead(created_at) OVER (PARTITION BY account_id ORDER BY created_at, public_id) AS stop_at
      FROM edges
  )
  INSERT INTO analytics.red_periods (account_id, period)
  SELECT account_id, tstzrange(start_at, stop_at, '[)') FROM periods
   WHERE red AND (stop_at IS NULL OR stop_at > start_at)`;

/**
 * Analytics' view of the ledger (transactions-stream): every entry once, each account's balance, and the periods
 * during which it was negative. Entries of one account normally arrive in time order (one key, one partition);
 * one that arrives older than the newest seen makes the account's periods be recomputed from its entries, so the
 * result never depends on arrival order.
 */
@Injectable()
export class BalancesRepository {
  async record(tx: EntityManager, t: TransactionCreatedV1): Promise<void> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO analytics.transactions (public_id, account_id, kind, debit, credit, task_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (public_id) DO NOTHING RETURNING public_id`,
      [t.public_id, t.account_id, t.kind, t.debit, t.credit, t.task_id, t.created_at],
    );
    if (inserted.length === 0) return; // this entry is counted already
    const amount = t.credit - t.debit;
    await tx.query(`INSERT INTO analytics.accounts (public_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      t.account_id,
    ]);
    const [before]: { balance: string; in_order: boolean }[] = await tx.query(
      `SELECT balance, last_entry_at IS NULL OR last_entry_at <= $2 AS in_order
         FROM analytics.accounts WHERE public_id = $1 FOR UPDATE`,
      [t.account_id, t.created_at],
    );
    await tx.query(
      `UPDATE analytics.accounts SET balance = balance + $2, last_entry_at = greatest(last_entry_at, $3::timestamptz)
        WHERE public_id = $1`,
      [t.account_id, amount, t.created_at],
    );
    if (!before.in_order) return this.recompute(tx, [t.account_id]);
    const old = Number(before.balance);
    const now = old + amount;
    if (old >= 0 && now < 0)
      await tx.query(
        `INSERT INTO analytics.red_periods (account_id, period) VALUES ($1, tstzrange($2, NULL, '[)'))`,
        [t.account_id, t.created_at],
      );
    if (old < 0 && now >= 0) await this.closeOpenPeriod(tx, t.account_id, t.created_at);
  }

  async recompute(tx: EntityManager, accountIds: string[] | null): Promise<void> {
    await tx.query(
      `DELETE FROM analytics.red_periods WHERE $1::uuid[] IS NULL OR account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    await tx.query(recomputeRedPeriodsSql, [accountIds]);
  }

  private async closeOpenPeriod(tx: EntityManager, accountId: string, at: string): Promise<void> {
    // A period opened and closed at the same instant was never observable: drop it rather than keep it empty.
    await tx.query(
      `DELETE FROM analytics.red_periods WHERE account_id = $1 AND upper_inf(period) AND lower(period) >= $2`,
      [accountId, at],
    );
    await tx.query(
      `UPDATE analytics.red_periods SET period = tstzrange(lower(period), $2, '[)')
        WHERE account_id = $1 AND upper_inf(period)`,
      [accountId, at],
    );
  }
}
