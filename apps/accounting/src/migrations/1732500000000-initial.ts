import { messagingTablesDown, messagingTablesUp } from '@ates/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732500000000 implements MigrationInterface {
  name = 'Initial1732500000000';

  async up(db: QueryRunner): Promise<void> {
    // Popugs as accounting knows them (from accounts-stream), with their balance in cents.
    await db.query(`CREATE TABLE accounting.accounts (
      id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id  uuid        NOT NULL UNIQUE,
      username   text,
      email      text,
      full_name  text,
      role       text,
      active     boolean,
      version    integer     NOT NULL DEFAULT 0,
      balance    bigint      NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Tasks as accounting knows them, with their two prices fixed on first sight.
    await db.query(`CREATE TABLE accounting.tasks (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id         uuid        NOT NULL UNIQUE,
      title             text,
      jira_id           text,
      description       text,
      version           integer     NOT NULL DEFAULT 0,
      assignment_fee    bigint      NOT NULL CHECK (assignment_fee BETWEEN 1000 AND 2000),
      completion_reward bigint      NOT NULL CHECK (completion_reward BETWEEN 2000 AND 4000),
      priced_at         timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE TABLE accounting.billing_cycles (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id     uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      business_date date        NOT NULL,
      status        text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      opened_at     timestamptz NOT NULL DEFAULT now(),
      closed_at     timestamptz
    )`);
    await db.query(
      `CREATE UNIQUE INDEX billing_cycles_one_open ON accounting.billing_cycles ((true)) WHERE status = 'open'`,
    );
    await db.query(`INSERT INTO accounting.billing_cycles (business_date) VALUES (current_date)`);
    // The ledger: append-only; a balance is always the sum of its account's entries.
    await db.query(`CREATE TABLE accounting.entries (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id       uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      account_id      bigint      NOT NULL REFERENCES accounting.accounts (id),
      cycle_id        bigint      NOT NULL REFERENCES accounting.billing_cycles (id),
      kind            text        NOT NULL CHECK (kind IN ('assignment_fee', 'completion_reward', 'payout')),
      debit           bigint      NOT NULL DEFAULT 0 CHECK (debit >= 0),
      credit          bigint      NOT NULL DEFAULT 0 CHECK (credit >= 0),
      task_id         bigint      REFERENCES accounting.tasks (id),
      description     text        NOT NULL,
      source_event_id uuid        UNIQUE,
      created_at      timestamptz NOT NULL DEFAULT now(),
      CHECK ((debit > 0) <> (credit > 0)),
      CHECK ((kind = 'payout') = (task_id IS NULL))
    )`);
    await db.query(
      `CREATE UNIQUE INDEX entries_one_reward_per_task ON accounting.entries (task_id) WHERE kind = 'completion_reward'`,
    );
    await db.query(
      `CREATE INDEX entries_account_time_idx ON accounting.entries (account_id, created_at DESC, id DESC)`,
    );
    await db.query(`CREATE INDEX entries_time_idx ON accounting.entries (created_at)`);
    await db.query(`CREATE INDEX entries_cycle_idx ON accounting.entries (cycle_id)`);
    for (const sql of messagingTablesUp('accounting')) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('accounting')) await db.query(sql);
    for (const table of ['entries', 'billing_cycles', 'tasks', 'accounts'])
      await db.query(`DROP TABLE accounting.${table}`);
  }
}
