import { splitJiraTitlesSql } from '@ates/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §6 data migration: titles written before the Jira-id change ("[UBERPOP-42] Paint it green") become
 * jira_id "UBERPOP-42" and title "Paint it green", exactly as `splitJiraTitle` reads v1 events; then no title
 * may hold a bracket again. A no-op on data this code wrote (the CHECK has been there since the first migration),
 * it matters for tasks imported from the v1 system.
 */
export class JiraIds1732700000000 implements MigrationInterface {
  name = 'JiraIds1732700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tasks.tasks DROP CONSTRAINT IF EXISTS tasks_title_check`);
    await db.query(splitJiraTitlesSql('tasks.tasks'));
    // Titles that still hold a bracket ("[unclosed", "a [b] c") need a person: the CHECK then guards new rows
    // only (NOT VALID) until they are fixed and `ALTER TABLE … VALIDATE CONSTRAINT` runs (see the runbook).
    const [{ left }]: { left: number }[] = await db.query(
      `SELECT count(*)::int AS left FROM tasks.tasks WHERE title ~ '[\\[\\]]'`,
    );
    await db.query(
      `ALTER TABLE tasks.tasks ADD CONSTRAINT tasks_title_check CHECK (title !~ '[\\[\\]]')${left > 0 ? ' NOT VALID' : ''}`,
    );
  }

  async down(): Promise<void> {
    // Irreversible on purpose: joining jira_id back into the title would break the v2 contract.
  }
}
