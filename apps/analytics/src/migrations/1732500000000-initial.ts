import { messagingTablesDown, messagingTablesUp } from '@ates/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732500000000 implements MigrationInterface {
  name = 'Initial1732500000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('analytics')) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('analytics')) await db.query(sql);
  }
}
