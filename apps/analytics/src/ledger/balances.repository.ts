import type { TransactionCreatedV1 } from '@ates/contracts';
import { col, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AccountBefore, RedPeriod } from './red-periods.rules';

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

const inserted = rowOf('inserted transaction', { public_id: col.text });
const held = rowOf('account before a chunk', {
  public_id: col.text,
  balance: col.int,
  last_entry_at: col.nullable(col.timestamp),
});

/** A chunk's change to one account: the summed delta (cents) and its newest entry's time. */
export interface BalanceChange {
  delta: number;
  lastAt: string;
}

/**
 * Analytics' view of the ledger (transactions-stream), written set-based per chunk: every entry once, each
 * account's balance, and the periods during which it was negative.
 */
@Injectable()
export class BalancesRepository {
  /** Inserts the entries not recorded yet (one per public id), in one statement; returns their public ids. */
  async insertNew(tx: EntityManager, entries: readonly TransactionCreatedV1[]): Promise<Set<string>> {
    const rows = await queryRows(
      tx,
      inserted,
      `INSERT INTO analytics.transactions (public_id, account_id, kind, debit, credit, task_id, created_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::uuid[], $7::timestamptz[])
       ON CONFLICT (public_id) DO NOTHING RETURNING public_id`,
      [
        entries.map((t) => t.public_id),
        entries.map((t) => t.account_id),
        entries.map((t) => t.kind),
        entries.map((t) => t.debit),
        entries.map((t) => t.credit),
        entries.map((t) => t.task_id),
        entries.map((t) => t.created_at),
      ],
    );
    return new Set(rows.map((row) => row.public_id));
  }

  /**
   * Locks the accounts' rows (opening the ones not heard of yet), in one order for concurrent chunks, and returns
   * what each held before the chunk.
   */
  async lock(tx: EntityManager, accountIds: readonly string[]): Promise<Map<string, AccountBefore>> {
    const rows = await queryRows(
      tx,
      held,
      `INSERT INTO analytics.accounts AS a (public_id) SELECT unnest($1::uuid[]) ORDER BY 1
       ON CONFLICT (public_id) DO UPDATE SET balance = a.balance RETURNING public_id, balance, last_entry_at`,
      [[...accountIds].sort()],
    );
    return new Map(rows.map((r) => [r.public_id, { balance: r.balance, lastEntryAt: r.last_entry_at }]));
  }

  async addToBalances(tx: EntityManager, changes: ReadonlyMap<string, BalanceChange>): Promise<void> {
    const ids = [...changes.keys()].sort();
    await tx.query(
      `UPDATE analytics.accounts a
          SET balance = a.balance + c.delta, last_entry_at = greatest(a.last_entry_at, c.last_at)
         FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS c(public_id, delta, last_at)
        WHERE a.public_id = c.public_id`,
      [ids, ids.map((id) => changes.get(id)?.delta), ids.map((id) => changes.get(id)?.lastAt)],
    );
  }

  /**
   * Closes each account's open period at the given time; one that opened at or after it was never observable
   * and is dropped rather than kept empty.
   */
  async closeOpenPeriods(tx: EntityManager, closeAt: ReadonlyMap<string, string>): Promise<void> {
    if (closeAt.size === 0) return;
    await tx.query(
      `WITH closing AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) AS c(account_id, at)),
       dropped AS (
         DELETE FROM analytics.red_periods r USING closing c
          WHERE r.account_id = c.account_id AND upper_inf(r.period) AND lower(r.period) >= c.at)
       UPDATE analytics.red_periods r SET period = tstzrange(lower(r.period), c.at, '[)') FROM closing c
        WHERE r.account_id = c.account_id AND upper_inf(r.period) AND lower(r.period) < c.at`,
      [[...closeAt.keys()], [...closeAt.values()]],
    );
  }

  async insertPeriods(
    tx: EntityManager,
    periods: readonly (RedPeriod & { accountId: string })[],
  ): Promise<void> {
    if (periods.length === 0) return;
    await tx.query(
      `INSERT INTO analytics.red_periods (account_id, period)
       SELECT account_id, tstzrange(since, until, '[)')
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS p(account_id, since, until)`,
      [periods.map((p) => p.accountId), periods.map((p) => p.from), periods.map((p) => p.to)],
    );
  }

  /** Rebuilds the red periods of the given accounts (null: all) from their transactions. */
  async recompute(tx: EntityManager, accountIds: readonly string[] | null): Promise<void> {
    if (accountIds?.length === 0) return;
    await tx.query(
      `DELETE FROM analytics.red_periods WHERE $1::uuid[] IS NULL OR account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    await tx.query(recomputeRedPeriodsSql, [accountIds]);
  }
}
