import { mailTablesDown, mailTablesUp } from '@ates/mail';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Assignment notices (SPEC §5): where to send them, and the mail outbox they are queued in. */
export class AssignmentNotices1732600000000 implements MigrationInterface {
  name = 'AssignmentNotices1732600000000';

  async up(db: QueryRunner): Promise<void> {
    // Filled by the next AccountCreated/AccountUpdated of each account (replicas hold no address before this).
    await db.query(`ALTER TABLE tasks.accounts ADD COLUMN email text, ADD COLUMN full_name text`);
    for (const sql of mailTablesUp('tasks')) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of mailTablesDown('tasks')) await db.query(sql);
    await db.query(`ALTER TABLE tasks.accounts DROP COLUMN email, DROP COLUMN full_name`);
  }
}
