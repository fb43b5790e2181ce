import { MigrationInterface, QueryRunner } from 'typeorm';

/** Analytics' read models (ADR 0008), all built from events. */
export class ReadModels1732600000000 implements MigrationInterface {
  name = 'ReadModels1732600000000';

  async up(db: QueryRunner): Promise<void> {
    // Every ledger entry, from transactions-stream: day earnings are index-only range sums over it.
    await db.query(`CREATE TABLE analytics.transactions (
      public_id  uuid        PRIMARY KEY,
      account_id uuid        NOT NULL,
      kind       text        NOT NULL,
      debit      bigint      NOT NULL,
      credit     bigint      NOT NULL,
      task_id    uuid,
      created_at timestamptz NOT NULL
    )`);
    await db.query(
      `CREATE INDEX transactions_time_idx ON analytics.transactions (created_at) INCLUDE (kind, debit, credit)`,
    );
    await db.query(
      `CREATE INDEX transactions_account_idx ON analytics.transactions (account_id, created_at)`,
    );
    // Each account's running balance, and the periods during which it was below zero: "how many popugs were in
    // the red at the end of day D" is a GiST lookup of the periods containing that instant.
    await db.query(`CREATE TABLE analytics.accounts (
      public_id     uuid        PRIMARY KEY,
      balance       bigint      NOT NULL DEFAULT 0,
      last_entry_at timestamptz
    )`);
    await db.query(`CREATE TABLE analytics.red_periods (
      account_id uuid      NOT NULL,
      period     tstzrange NOT NULL CHECK (NOT isempty(period))
    )`);
    await db.query(`CREATE INDEX red_periods_period_idx ON analytics.red_periods USING gist (period)`);
    await db.query(`CREATE INDEX red_periods_account_idx ON analytics.red_periods (account_id)`);
    // Tasks: details from tasks-stream/TaskAdded, reward from TaskPriced, completion from TaskCompleted.
    await db.query(`CREATE TABLE analytics.tasks (
      public_id    uuid        PRIMARY KEY,
      title        text,
      jira_id      text,
      version      integer     NOT NULL DEFAULT 0,
      reward       bigint,
      completed_at timestamptz
    )`);
    // The most expensive task completed on each business day (ATES_TIMEZONE); periods pick among these.
    await db.query(`CREATE TABLE analytics.daily_top_tasks (
      business_date date        PRIMARY KEY,
      task_id       uuid        NOT NULL,
      reward        bigint      NOT NULL,
      completed_at  timestamptz NOT NULL
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['daily_top_tasks', 'tasks', 'red_periods', 'accounts', 'transactions'])
      await db.query(`DROP TABLE analytics.${table}`);
  }
}
