import { mailTablesDown, mailTablesUp } from '@ates/mail';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Billing cycles that close and pay out (SPEC §3.6), the payout e-mail's outbox, and the day-figure index. */
export class BillingDay1732600000000 implements MigrationInterface {
  name = 'BillingDay1732600000000';

  async up(db: QueryRunner): Promise<void> {
    // Entries, cycles and payouts are stamped when they happen, not when their transaction began: every entry of
    // a cycle then lies between its opened_at and closed_at (the posting gate orders them).
    await db.query(`ALTER TABLE accounting.billing_cycles
      ALTER COLUMN opened_at SET DEFAULT clock_timestamp(),
      ADD COLUMN payouts integer,
      ADD COLUMN total_paid bigint,
      ADD CHECK ((status = 'closed') = (closed_at IS NOT NULL AND payouts IS NOT NULL AND total_paid IS NOT NULL))`);
    await db.query(`CREATE INDEX billing_cycles_date_idx ON accounting.billing_cycles (business_date, id)`);
    // The first migration opened a cycle for the database server's date; the service opens one for today in
    // ATES_TIMEZONE at start instead, so an untouched seeded cycle goes.
    await db.query(`DELETE FROM accounting.billing_cycles c
      WHERE status = 'open' AND NOT EXISTS (SELECT 1 FROM accounting.entries e WHERE e.cycle_id = c.id)`);
    // One payout per account per cycle, enforced by the database (exactly once, whatever the code does).
    await db.query(`CREATE TABLE accounting.payouts (
      id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id  uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      cycle_id   bigint      NOT NULL REFERENCES accounting.billing_cycles (id),
      account_id bigint      NOT NULL REFERENCES accounting.accounts (id),
      amount     bigint      NOT NULL CHECK (amount > 0),
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      UNIQUE (cycle_id, account_id),
      UNIQUE (id, cycle_id, account_id)
    )`);
    // A payout entry belongs to its payout's cycle and account (composite key), and only payouts have one.
    await db.query(`ALTER TABLE accounting.entries
      ALTER COLUMN created_at SET DEFAULT clock_timestamp(),
      ADD COLUMN payout_id bigint UNIQUE,
      ADD FOREIGN KEY (payout_id, cycle_id, account_id) REFERENCES accounting.payouts (id, cycle_id, account_id),
      ADD CHECK ((kind = 'payout') = (payout_id IS NOT NULL))`);
    // No entry ever lands in a closed cycle (the posting gate makes it so; the database checks it).
    await db.query(`CREATE FUNCTION accounting.entry_cycle_is_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM accounting.billing_cycles WHERE id = NEW.cycle_id AND status = 'open') THEN
          RAISE EXCEPTION 'billing cycle % is closed', NEW.cycle_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER entries_into_open_cycle BEFORE INSERT ON accounting.entries
      FOR EACH ROW EXECUTE FUNCTION accounting.entry_cycle_is_open()`);
    // Day figures are sums over a time range: index-only scans.
    await db.query(`DROP INDEX accounting.entries_time_idx`);
    await db.query(
      `CREATE INDEX entries_time_idx ON accounting.entries (created_at) INCLUDE (kind, debit, credit)`,
    );
    for (const sql of mailTablesUp('accounting')) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of mailTablesDown('accounting')) await db.query(sql);
    await db.query(`DROP INDEX accounting.entries_time_idx`);
    await db.query(`CREATE INDEX entries_time_idx ON accounting.entries (created_at)`);
    await db.query(`DROP TRIGGER entries_into_open_cycle ON accounting.entries`);
    await db.query(`DROP FUNCTION accounting.entry_cycle_is_open()`);
    await db.query(
      `ALTER TABLE accounting.entries DROP COLUMN payout_id, ALTER COLUMN created_at SET DEFAULT now()`,
    );
    await db.query(`DROP TABLE accounting.payouts`);
    await db.query(`DROP INDEX accounting.billing_cycles_date_idx`);
    await db.query(`ALTER TABLE accounting.billing_cycles DROP COLUMN payouts, DROP COLUMN total_paid,
      ALTER COLUMN opened_at SET DEFAULT now()`);
  }
}
