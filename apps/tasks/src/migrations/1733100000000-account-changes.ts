import { accountChangesNotifyDown, accountChangesNotifyUp } from '@ates/auth';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** tasks.accounts notifies its changes, so that AccountStates may cache it (ADR 0017). */
export class AccountChanges1733100000000 implements MigrationInterface {
  name = 'AccountChanges1733100000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of accountChangesNotifyUp('tasks')) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of accountChangesNotifyDown('tasks')) await db.query(sql);
  }
}
