import { messagingTablesDown, messagingTablesUp } from '@ates/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732500000000 implements MigrationInterface {
  name = 'Initial1732500000000';

  async up(db: QueryRunner): Promise<void> {
    // Tasks' own copy of the accounts it may assign to, fed by accounts-stream / accounts-lifecycle.
    await db.query(`CREATE TABLE tasks.accounts (
      public_id  uuid        PRIMARY KEY,
      username   text,
      role       text,
      active     boolean     NOT NULL DEFAULT false,
      version    integer     NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(
      `CREATE INDEX accounts_eligible_idx ON tasks.accounts (public_id) WHERE active AND role IN ('worker', 'accountant')`,
    );
    await db.query(`CREATE TABLE tasks.tasks (
      id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      public_id    uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
      title        text        NOT NULL CHECK (title !~ '[\\[\\]]'),
      jira_id      text,
      description  text        NOT NULL DEFAULT '',
      status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
      assignee_id  uuid        NOT NULL,
      created_by   uuid        NOT NULL,
      version      integer     NOT NULL DEFAULT 1,
      created_at   timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      CHECK ((status = 'done') = (completed_at IS NOT NULL))
    )`);
    await db.query(`CREATE INDEX tasks_assignee_idx ON tasks.tasks (assignee_id, status, id DESC)`);
    await db.query(`CREATE INDEX tasks_open_idx ON tasks.tasks (id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX tasks_status_idx ON tasks.tasks (status, id DESC)`);
    for (const sql of messagingTablesUp('tasks')) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('tasks')) await db.query(sql);
    await db.query('DROP TABLE tasks.tasks');
    await db.query('DROP TABLE tasks.accounts');
  }
}
