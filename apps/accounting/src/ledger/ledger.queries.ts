import type { LedgerEntryKind } from '@ates/contracts';
import { col, queryOne, queryRows, rowOf } from '@ates/database';
import { notFound } from '@ates/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeEntry } from './ledger.rules';

export interface BalanceView {
  accountId: string;
  username: string | null;
  balance: number;
  currency: 'USD';
}

export interface EntryView {
  id: string;
  kind: LedgerEntryKind;
  debit: number;
  credit: number;
  taskId: string | null;
  description: string;
  createdAt: string;
  cycleId: string;
}

const KINDS = ['assignment_fee', 'completion_reward', 'payout'] as const satisfies readonly LedgerEntryKind[];

const BALANCE = rowOf<BalanceView>('balance', {
  accountId: col.text,
  username: col.nullable(col.text),
  balance: col.int,
  currency: col.oneOf('USD'),
});
const BALANCE_COLUMNS = `public_id AS "accountId", username, balance, 'USD' AS currency`;

const ENTRY = rowOf('entry', {
  public_id: col.text,
  kind: col.oneOf(...KINDS),
  debit: col.int,
  credit: col.int,
  description: col.text,
  created_at: col.timestamp,
  cycle_public_id: col.text,
  task_public_id: col.nullable(col.text),
  task_title: col.nullable(col.text),
  task_jira_id: col.nullable(col.text),
});

/** Read side of the ledger: balances and per-day audit logs, by index, newest first. */
@Injectable()
export class LedgerQueries {
  constructor(private readonly db: DataSource) {}

  async balance(publicId: string): Promise<BalanceView | null> {
    const row = await queryOne(
      this.db,
      BALANCE,
      `SELECT ${BALANCE_COLUMNS} FROM accounting.accounts WHERE public_id = $1`,
      [publicId],
    );
    return row ?? null;
  }

  async balanceOrFail(publicId: string): Promise<BalanceView> {
    const balance = await this.balance(publicId);
    if (!balance) throw notFound('Account');
    return balance;
  }

  balances(limit: number): Promise<BalanceView[]> {
    return queryRows(
      this.db,
      BALANCE,
      `SELECT ${BALANCE_COLUMNS} FROM accounting.accounts ORDER BY id DESC LIMIT $1`,
      [limit],
    );
  }

  /** The entries of one account on one business day (in `timeZone`), newest first. */
  async entries(publicId: string, date: string, timeZone: string, limit: number): Promise<EntryView[]> {
    const rows = await queryRows(
      this.db,
      ENTRY,
      `SELECT e.public_id, e.kind, e.debit, e.credit, e.description, e.created_at,
              c.public_id AS cycle_public_id, t.public_id AS task_public_id, t.title AS task_title, t.jira_id AS task_jira_id
         FROM accounting.entries e
         JOIN accounting.accounts a ON a.id = e.account_id
         JOIN accounting.billing_cycles c ON c.id = e.cycle_id
         LEFT JOIN accounting.tasks t ON t.id = e.task_id
        WHERE a.public_id = $1
          AND e.created_at >= ($2::date)::timestamp AT TIME ZONE $3
          AND e.created_at <  ($2::date + 1)::timestamp AT TIME ZONE $3
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT $4`,
      [publicId, date, timeZone, limit],
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: ReturnType<typeof ENTRY>): EntryView {
  const task = row.task_public_id
    ? { publicId: row.task_public_id, title: row.task_title, jiraId: row.task_jira_id }
    : null;
  return {
    id: row.public_id,
    kind: row.kind,
    debit: row.debit,
    credit: row.credit,
    taskId: row.task_public_id,
    description: task ? describeEntry(row.kind, task) : row.description,
    createdAt: row.created_at,
    cycleId: row.cycle_public_id,
  };
}
