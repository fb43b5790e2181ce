import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics' copy of each account's role and whether it is active (from accounts-stream): its routes refuse the
 * token of a deactivated account, or of a changed role, at once (libs/auth AccountStates). Version 0 = not known.
 */
export class AccountStates1732800000000 implements MigrationInterface {
  name = 'AccountStates1732800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE analytics.accounts
      ADD COLUMN role    text,
      ADD COLUMN active  boolean,
      ADD COLUMN version integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE analytics.accounts DROP COLUMN role, DROP COLUMN active, DROP COLUMN version`,
    );
  }
}
